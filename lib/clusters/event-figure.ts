import type { EngineEventKind, UntimedEvent } from "../report/engine-event.ts";

/** An engine event found in a server's log: when (epoch ms, Docker's stamp), on which node, in its words. */
export interface LoggedEvent {
  atMs: number;
  node: string;
  text: string;
}

/** A timing figure (ms from a fault) and where it came from. */
export interface EventFigure {
  ms: number | null;
  /** `server-log`: the server's own line; `sampled`: faultline's polling (no line, or the line disagreed); `none`: neither saw it. */
  source: "server-log" | "sampled" | "none";
  /** What polling saw, the cross-check. */
  sampledMs: number | null;
  /** What the log said, when a line was found. */
  logMs: number | null;
  /** The node and line the figure came from, or why the line was not taken. */
  evidence?: string;
}

/**
 * How far after the sample that saw a state the server's line may come and still be its cause:
 * a sample is stamped when its round of queries starts or ends (per engine), and the round
 * takes up to a few hundred milliseconds on a loaded machine.
 */
export const LOG_AFTER_SAMPLE_TOLERANCE_MS = 500;

/**
 * A figure from the server's own log when the line exists, with polling as the cross-check and
 * the fallback. A line later than the sample that already saw its state (beyond the tolerance)
 * cannot be what the sample saw: the figure then stays the sampled one, and says why.
 */
export function eventFigure(sampledMs: number | null, event: LoggedEvent | undefined, faultAtMs: number): EventFigure {
  if (!event) return { ms: sampledMs, source: sampledMs === null ? "none" : "sampled", sampledMs, logMs: null };
  const logMs = Math.round(event.atMs - faultAtMs);
  const where = `${event.node}: ${event.text.trim()}`;
  if (sampledMs !== null && logMs > sampledMs + LOG_AFTER_SAMPLE_TOLERANCE_MS)
    return {
      ms: sampledMs,
      source: "sampled",
      sampledMs,
      logMs,
      evidence: `the log's line at ${logMs} ms (${where}) comes after polling saw the state at ${sampledMs} ms: not taken`,
    };
  return { ms: logMs, source: "server-log", sampledMs, logMs, evidence: where };
}

/** The figures' sources in one record for results.json (`timingSources`): "server-log (n5: ...)", "sampled". */
export function figureSources(figures: Record<string, EventFigure>): Record<string, string> {
  return Object.fromEntries(Object.entries(figures).map(([name, f]) => [name, f.evidence ? `${f.source} (${f.evidence})` : f.source]));
}

/** The first event at or after `fromMs` (epoch) matching `match`, across every node's events. */
export function firstEvent<E extends LoggedEvent>(events: readonly E[], fromMs: number, match: (e: E) => boolean): E | undefined {
  let first: E | undefined;
  for (const e of events) if (e.atMs >= fromMs && match(e) && (!first || e.atMs < first.atMs)) first = e;
  return first;
}

/**
 * When every node of `nodes` had logged an event matching `match` at or after `fromMs`: the
 * latest of their first such events. Undefined when one of them has none.
 */
export function allNodesEvent<E extends LoggedEvent>(
  events: readonly E[],
  nodes: readonly string[],
  fromMs: number,
  match: (e: E) => boolean,
): E | undefined {
  let last: E | undefined;
  for (const node of nodes) {
    const first = firstEvent(events, fromMs, (e) => e.node === node && match(e));
    if (!first) return undefined;
    if (!last || first.atMs > last.atMs) last = first;
  }
  return last;
}

/**
 * The event behind a figure that polling alone saw (no line, or the line was not taken), for
 * events.jsonl: at the poll's time, marked `sampled`. A figure from the log gives none here:
 * the log's own events are kept from the saved logs.
 */
export function sampledEvent(
  figure: EventFigure,
  faultAtMs: number,
  event: { node: string; kind: EngineEventKind; text: string },
): UntimedEvent[] {
  if (figure.source !== "sampled" || figure.sampledMs === null) return [];
  return [{ ...event, atMs: faultAtMs + figure.sampledMs, source: "sampled" }];
}
