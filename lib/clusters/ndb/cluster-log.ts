/**
 * Parses the NDB cluster log (`ndb_<mgm id>_cluster.log`, or ndb_mgmd's stdout with
 * `LogDestination=CONSOLE`). Each line is
 *
 *   2026-11-27 14:00:00 [MgmtSrvr] INFO     -- Node 2: Start phase 1 completed (initial start)
 *
 * the timestamp in the management server's local time (UTC in the containers), the
 * severity padded to 8, then `Node N: ` naming the reporting node and the event text.
 * The texts are those of NDB's EventLogger, listed in the manual's table of cluster log
 * messages.
 */

export type ArbitrationStep =
  /** `President restarts arbitration thread [state=S]` */
  | "thread-restart"
  /** `Prepare arbitrator node X [ticket=T]` */
  | "prepare"
  /** `Receive arbitrator node X [ticket=T]` */
  | "receive"
  /** `Started arbitrator node X [ticket=T]` */
  | "started"
  /** `Lost arbitrator node X - process failure|process exit|<error> [state=S]` */
  | "lost-arbitrator"
  /** `Arbitration check won - all node groups and more than 1/2 nodes left` or `- node group majority` */
  | "check-won"
  /** `Arbitration check lost - less than 1/2 nodes left` or `- missing node group` */
  | "check-lost"
  /** `Network partitioning - arbitration required` */
  | "required"
  /** `Arbitration won - positive reply from node X` */
  | "won"
  /** `Arbitration lost - negative reply from node X` */
  | "lost"
  /** `Network partitioning - no arbitrator available` */
  | "no-arbitrator"
  /** `Network partitioning - no arbitrator configured` */
  | "no-arbitrator-configured"
  /** `Arbitration failure - <error> [state=S]` */
  | "failure";

export type ClusterLogDetail =
  /** `Node N missed heartbeat C`: node N (the subject) missed heartbeat number C, seen by the reporter. */
  | { kind: "heartbeat-missed"; node: number; count: number }
  /** `Node N declared dead due to missed heartbeat` */
  | { kind: "declared-dead"; node: number }
  | { kind: "arbitration"; step: ArbitrationStep; arbitrator?: number; ticket?: string; state?: number; reason?: string }
  /** `Node N Connected` (to the reporting management node) */
  | { kind: "node-connected"; node: number }
  /** `Node N Disconnected` (from the reporting management node) */
  | { kind: "node-disconnected"; node: number }
  /** `Communication to Node N opened` */
  | { kind: "communication-opened"; node: number }
  /** `Communication to Node N closed` */
  | { kind: "communication-closed"; node: number }
  /** `Node N has failed. The Node state at failure was S` */
  | { kind: "node-failed"; node: number; stateAtFailure: number }
  /**
   * Node failure handling done: `All nodes completed failure of Node N` (by "all"),
   * `Node M completed failure of Node N` (by M), `Node failure of N DBTC completed` (block).
   */
  | { kind: "node-failure-completed"; node: number; by?: number | "all"; block?: string }
  /** `Start initiated (mysql-8.0.41 ndb-8.0.41)` */
  | { kind: "start-initiated"; version: string }
  /** `Start phase P completed (initial start|system restart|node restart|initial node restart)` */
  | { kind: "start-phase"; phase: number; startType?: string }
  /** `Started (mysql-8.0.41 ndb-8.0.41)` */
  | { kind: "started"; version: string }
  /** `Cluster shutdown initiated` / `Node shutdown initiated` */
  | { kind: "shutdown-initiated"; scope: "cluster" | "node" }
  /** `Node shutdown completed[, restarting].` / `Forced node shutdown completed. ... Caused by error E: '...'.` */
  | { kind: "shutdown-completed"; forced: boolean; restarting: boolean; error?: number; detail: string }
  /** `Node N: API mysql-8.0.41 ndb-8.0.41` (older: `API version 8.0.41`) */
  | { kind: "api-connected"; node: number; version: string }
  | { kind: "other" };

export interface ClusterLogLine {
  /** 1-based line number in the text given. */
  lineNo: number;
  /** The timestamp as printed, `YYYY-MM-DD HH:MM:SS`. */
  at: string;
  /** The timestamp read as UTC, in epoch milliseconds. */
  timeMs: number;
  /** `MgmtSrvr` in the cluster log; `ndbd` in a data node's own log. */
  source: string;
  severity: string;
  /** The `Node N:` the event comes from; absent on lines without one. */
  reporter?: number;
  /** The event text after `Node N: `. */
  text: string;
  raw: string;
}

export type ClusterLogEvent = ClusterLogLine & ClusterLogDetail;

const LINE = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) \[([^\]]+)\] (\w+)\s+-- (.*)$/;

/** Epoch ms of a cluster log timestamp (`2026-11-27 14:00:00`), read as UTC. */
export function clusterLogTime(at: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(at.trim());
  if (!m) return Number.NaN;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

/** Parses one cluster log line; undefined for anything else (blank lines, continuation lines, other output). */
export function parseClusterLogLine(raw: string, lineNo = 0): ClusterLogEvent | undefined {
  const m = LINE.exec(raw.trimEnd());
  if (!m) return undefined;
  const at = `${m[1]} ${m[2]}`;
  let text = m[5] as string;
  let reporter: number | undefined;
  const node = /^Node (\d+): (.*)$/.exec(text);
  if (node) {
    reporter = Number(node[1]);
    text = node[2] as string;
  }
  const line: ClusterLogLine = { lineNo, at, timeMs: clusterLogTime(at), source: m[3] as string, severity: m[4] as string, text, raw };
  if (reporter !== undefined) line.reporter = reporter;
  return { ...line, ...classify(text) };
}

/** Every cluster log line in the text, in order, with its event classified. */
export function parseClusterLog(text: string): ClusterLogEvent[] {
  const out: ClusterLogEvent[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const e = parseClusterLogLine(raw, i + 1);
    if (e) out.push(e);
  });
  return out;
}

const num = (s: string | undefined) => Number(s);

type Rule = [RegExp, (m: RegExpExecArray) => ClusterLogDetail];

const ARBITRATION_STEP = { Prepare: "prepare", Receive: "receive", Started: "started" } as const;

const RULES: Rule[] = [
  [/^Node (\d+) missed heartbeat (\d+)$/, (m) => ({ kind: "heartbeat-missed", node: num(m[1]), count: num(m[2]) })],
  [/^Node (\d+) declared dead due to missed heartbeat$/, (m) => ({ kind: "declared-dead", node: num(m[1]) })],
  [/^Node (\d+) Connected$/, (m) => ({ kind: "node-connected", node: num(m[1]) })],
  [/^Node (\d+) Disconnected$/, (m) => ({ kind: "node-disconnected", node: num(m[1]) })],
  [
    /^Communication to Node (\d+) (opened|closed)$/,
    (m) => ({ kind: m[2] === "opened" ? "communication-opened" : "communication-closed", node: num(m[1]) }),
  ],
  [
    /^Node (\d+) has failed\. The Node state at failure was (\d+)$/,
    (m) => ({ kind: "node-failed", node: num(m[1]), stateAtFailure: num(m[2]) }),
  ],
  [/^All nodes completed failure of Node (\d+)$/, (m) => ({ kind: "node-failure-completed", node: num(m[1]), by: "all" })],
  [/^Node (\d+) completed failure of Node (\d+)$/, (m) => ({ kind: "node-failure-completed", node: num(m[2]), by: num(m[1]) })],
  [
    /^Node failure of (\d+) (\w*) ?completed$/,
    (m) => (m[2] ? { kind: "node-failure-completed", node: num(m[1]), block: m[2] } : { kind: "node-failure-completed", node: num(m[1]) }),
  ],
  [/^Start initiated \((.*)\)$/, (m) => ({ kind: "start-initiated", version: (m[1] as string).replace(/^version /, "") })],
  [
    /^Start phase (\d+) completed(?: \((.*)\))?/,
    (m) => (m[2] ? { kind: "start-phase", phase: num(m[1]), startType: m[2] } : { kind: "start-phase", phase: num(m[1]) }),
  ],
  [/^Started \((.*)\)$/, (m) => ({ kind: "started", version: (m[1] as string).replace(/^version /, "") })],
  [/^(Cluster|Node) shutdown initiated$/, (m) => ({ kind: "shutdown-initiated", scope: m[1] === "Cluster" ? "cluster" : "node" })],
  [
    /^(Forced node|Node) shutdown completed(.*)$/,
    (m) => {
      const rest = m[2] as string;
      const error = /Caused by error (\d+)/.exec(rest);
      return {
        kind: "shutdown-completed",
        forced: m[1] === "Forced node",
        restarting: rest.startsWith(", restarting"),
        ...(error ? { error: num(error[1]) } : {}),
        detail: rest.replace(/^\.\s*/, "").trim(),
      };
    },
  ],
  [/^Node (\d+): API (?:version )?(.+)$/, (m) => ({ kind: "api-connected", node: num(m[1]), version: m[2] as string })],
  // Arbitration: the ArbitState and ArbitResult events.
  [/^President restarts arbitration thread \[state=(\d+)\]$/, (m) => ({ kind: "arbitration", step: "thread-restart", state: num(m[1]) })],
  [
    /^(Prepare|Receive|Started) arbitrator node (\d+) \[ticket=([^\]]*)\]$/,
    (m) => ({
      kind: "arbitration",
      step: ARBITRATION_STEP[m[1] as keyof typeof ARBITRATION_STEP],
      arbitrator: num(m[2]),
      ticket: m[3] as string,
    }),
  ],
  [
    /^Lost arbitrator node (\d+) - (.*) \[state=(\d+)\]$/,
    (m) => ({ kind: "arbitration", step: "lost-arbitrator", arbitrator: num(m[1]), reason: m[2] as string, state: num(m[3]) }),
  ],
  [
    /^Arbitration check (won|lost) - (.*)$/,
    (m) => ({ kind: "arbitration", step: m[1] === "won" ? "check-won" : "check-lost", reason: m[2] as string }),
  ],
  [/^Network partitioning - arbitration required$/, () => ({ kind: "arbitration", step: "required" })],
  [
    /^Arbitration (won|lost) - (?:positive|negative) reply from node (\d+)$/,
    (m) => ({ kind: "arbitration", step: m[1] === "won" ? "won" : "lost", arbitrator: num(m[2]) }),
  ],
  [/^Network partitioning - no arbitrator available$/, () => ({ kind: "arbitration", step: "no-arbitrator" })],
  [/^Network partitioning - no arbitrator configured$/, () => ({ kind: "arbitration", step: "no-arbitrator-configured" })],
  [
    /^Arbitration failure - (.*) \[state=(\d+)\]$/,
    (m) => ({ kind: "arbitration", step: "failure", reason: m[1] as string, state: num(m[2]) }),
  ],
];

/** Classifies an event text (the part after `Node N: `); `other` for texts not listed above. */
export function classify(text: string): ClusterLogDetail {
  for (const [re, make] of RULES) {
    const m = re.exec(text);
    if (m) return make(m);
  }
  return { kind: "other" };
}

type Kind = ClusterLogEvent["kind"];
export type EventOf<K extends Kind> = Extract<ClusterLogEvent, { kind: K }>;

/** A type guard for one kind, to pass to `firstEvent` or `filter`. */
export function ofKind<K extends Kind>(kind: K, where?: (e: EventOf<K>) => boolean): (e: ClusterLogEvent) => e is EventOf<K> {
  return (e): e is EventOf<K> => e.kind === kind && (where === undefined || where(e as EventOf<K>));
}

/** The first event matching, optionally only at or after `fromMs`. */
export function firstEvent<E extends ClusterLogEvent>(
  events: readonly ClusterLogEvent[],
  predicate: (e: ClusterLogEvent) => e is E,
  fromMs?: number,
): E | undefined;
export function firstEvent(
  events: readonly ClusterLogEvent[],
  predicate: (e: ClusterLogEvent) => boolean,
  fromMs?: number,
): ClusterLogEvent | undefined;
export function firstEvent(events: readonly ClusterLogEvent[], predicate: (e: ClusterLogEvent) => boolean, fromMs?: number) {
  return events.find((e) => (fromMs === undefined || e.timeMs >= fromMs) && predicate(e));
}

/** The last event matching. */
export function lastEvent<E extends ClusterLogEvent>(
  events: readonly ClusterLogEvent[],
  predicate: (e: ClusterLogEvent) => e is E,
): E | undefined;
export function lastEvent(events: readonly ClusterLogEvent[], predicate: (e: ClusterLogEvent) => boolean): ClusterLogEvent | undefined;
export function lastEvent(events: readonly ClusterLogEvent[], predicate: (e: ClusterLogEvent) => boolean) {
  for (let i = events.length - 1; i >= 0; i--) if (predicate(events[i] as ClusterLogEvent)) return events[i];
  return undefined;
}

/** Milliseconds from one event to another (the log's resolution is one second). */
export function elapsedMs(from: ClusterLogEvent, to: ClusterLogEvent): number {
  return to.timeMs - from.timeMs;
}
