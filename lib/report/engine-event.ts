/**
 * An engine's own event (a Redis node marked FAIL, a Galera node non-Primary, an NDB node
 * failed or an arbitration won) as a run keeps it in `events.jsonl` and the timeline draws it.
 * Each engine turns its log lines into these (lib/clusters/<engine>/engine-events.ts); polling
 * adds the ones no log line shows (Redis PFAIL).
 */
export type EngineEventKind =
  // Redis and Valkey
  | "pfail"
  | "fail"
  | "promoted"
  | "cluster-fail"
  | "cluster-ok"
  // Galera
  | "non-primary"
  | "primary"
  | "synced"
  // NDB
  | "heartbeat-missed"
  | "disconnected"
  | "node-failed"
  | "arbitration-required"
  | "arbitration-won"
  | "arbitration-lost"
  | "no-arbitrator"
  | "forced-shutdown"
  | "started";

export interface EngineEvent {
  /** The node the event is about: the one marked FAIL, promoted, non-Primary, failed. */
  node: string;
  kind: EngineEventKind;
  /** Epoch ms: Docker's stamp of the log line (host clock, sub-millisecond), or when the poll that saw it was made. */
  atMs: number;
  /** Nanoseconds on the history's clock (`time` of history.jsonl), so the event sits on the same axis as the ops. */
  time: number;
  /** `log`: the server's own line; `sampled`: faultline's polling saw it (no line says it). */
  source: "log" | "sampled";
  /** The node whose log holds the line, when it is another node (a peer declaring the FAIL, an NDB president). */
  reporter?: string;
  /** What the event adds to its kind: a primary component's size ("3 members"), the arbitrator. */
  detail?: string;
  /** The log line, or what polling saw. */
  text: string;
}

/** An event before it is put on the history's clock. */
export type UntimedEvent = Omit<EngineEvent, "time">;

/**
 * Events on the history's clock: `originMs` is the epoch time of the history's zero (the
 * recorder's clock read against Date.now() once), so `time` = (atMs - originMs) in ns. Sorted
 * by time, ties by node and kind, so the file reads in order.
 */
export function onHistoryClock(events: readonly UntimedEvent[], originMs: number): EngineEvent[] {
  return events
    .map((e) => ({ ...e, time: Math.round((e.atMs - originMs) * 1e6) }))
    .sort((a, b) => a.time - b.time || a.node.localeCompare(b.node) || a.kind.localeCompare(b.kind));
}

/** events.jsonl: one event a line. */
export function eventsJsonl(events: readonly EngineEvent[]): string {
  return events.map((e) => `${JSON.stringify(e)}\n`).join("");
}

/**
 * events.jsonl read back, for the timeline. A line that is not an event (hand-edited, cut
 * short by a crash) is skipped: the events illustrate the run, the verdict does not rest on them.
 */
export function parseEventsJsonl(text: string): EngineEvent[] {
  return text.split("\n").flatMap((line): EngineEvent[] => {
    if (line.trim() === "") return [];
    try {
      const e = JSON.parse(line) as Partial<EngineEvent>;
      const ok =
        typeof e.node === "string" &&
        typeof e.kind === "string" &&
        typeof e.time === "number" &&
        typeof e.atMs === "number" &&
        (e.source === "log" || e.source === "sampled") &&
        typeof e.text === "string";
      return ok ? [e as EngineEvent] : [];
    } catch {
      return [];
    }
  });
}

/** How the timeline names an event kind. */
export const EVENT_LABELS: Readonly<Record<EngineEventKind, string>> = {
  pfail: "PFAIL",
  fail: "FAIL",
  promoted: "promoted",
  "cluster-fail": "cluster fail",
  "cluster-ok": "cluster ok",
  "non-primary": "non-Primary",
  primary: "Primary",
  synced: "synced",
  "heartbeat-missed": "missed heartbeat",
  disconnected: "disconnected",
  "node-failed": "node failed",
  "arbitration-required": "arbitration required",
  "arbitration-won": "arbitration won",
  "arbitration-lost": "arbitration lost",
  "no-arbitrator": "no arbitrator",
  "forced-shutdown": "forced shutdown",
  started: "started",
};
