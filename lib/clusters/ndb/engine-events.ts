import type { EngineEventKind, UntimedEvent } from "../../report/engine-event.ts";
import type { TimedLine } from "../../runtime/timed-lines.ts";
import { type ClusterLogEvent, parseClusterLog, parseClusterLogLine } from "./cluster-log.ts";

/**
 * NDB's cluster log events that matter on a timeline, as the run keeps them (events.jsonl):
 * a node missing heartbeats, disconnected, declared dead or failed (about that node, reported
 * by another); arbitration required, won or lost, or impossible for want of an arbitrator, and
 * a forced shutdown (about the reporting node, the one that won, lost or stopped); a node
 * started again. The texts are those of NDB's EventLogger (lib/clusters/ndb/cluster-log.ts);
 * everything else in the log is left out.
 */
export function ndbEngineEvent(atMs: number, e: ClusterLogEvent, nameOf: (nodeId: number) => string): UntimedEvent | undefined {
  const reporter = e.reporter === undefined ? undefined : nameOf(e.reporter);
  const base = { atMs, source: "log" as const, text: e.raw.trim() };
  const about = (node: number, kind: EngineEventKind, detail?: string): UntimedEvent => ({
    ...base,
    node: nameOf(node),
    kind,
    ...(reporter === undefined ? {} : { reporter }),
    ...(detail === undefined ? {} : { detail }),
  });
  const own = (kind: EngineEventKind, detail?: string): UntimedEvent | undefined =>
    reporter === undefined ? undefined : { ...base, node: reporter, kind, ...(detail === undefined ? {} : { detail }) };
  switch (e.kind) {
    case "heartbeat-missed":
      return about(e.node, "heartbeat-missed", `heartbeat ${e.count}`);
    case "node-disconnected":
      return about(e.node, "disconnected");
    case "declared-dead":
      return about(e.node, "node-failed", "declared dead: missed heartbeats");
    case "node-failed":
      return about(e.node, "node-failed", `state at failure ${e.stateAtFailure}`);
    case "arbitration":
      if (e.step === "required") return own("arbitration-required");
      if (e.step === "won" || e.step === "lost")
        return own(
          e.step === "won" ? "arbitration-won" : "arbitration-lost",
          e.arbitrator === undefined ? undefined : `arbitrator ${nameOf(e.arbitrator)}`,
        );
      if (e.step === "no-arbitrator" || e.step === "no-arbitrator-configured")
        return own("no-arbitrator", e.step === "no-arbitrator" ? "none available" : "none configured");
      return undefined;
    case "shutdown-completed":
      return e.forced ? own("forced-shutdown", e.error === undefined ? undefined : `error ${e.error}`) : undefined;
    case "started":
      return own("started");
    default:
      return undefined;
  }
}

/**
 * The events in a management node's container output (ndb_mgmd writing its cluster log to the
 * console), each at Docker's stamp of its line: finer than the log's own whole seconds.
 */
export function ndbEngineEvents(lines: readonly TimedLine[], nameOf: (nodeId: number) => string): UntimedEvent[] {
  return lines.flatMap((l) => {
    const e = parseClusterLogLine(l.text);
    const event = e && ndbEngineEvent(l.atMs, e, nameOf);
    return event ? [event] : [];
  });
}

/** The events of a cluster log file (`ndb_<id>_cluster.log`), each at the log's own stamp (UTC, whole seconds). */
export function ndbClusterLogEvents(text: string, nameOf: (nodeId: number) => string): UntimedEvent[] {
  return parseClusterLog(text).flatMap((e) => {
    const event = ndbEngineEvent(e.timeMs, e, nameOf);
    return event ? [event] : [];
  });
}

/**
 * The parser a run hands to finishRun: a management node's console to its events, node ids
 * named from the plan. It finds events only where the cluster log reaches the console
 * (`LogDestination=CONSOLE`); other logs give none.
 */
export function ndbLogParser(
  nodes: ReadonlyArray<{ name: string; nodeId: number; role: string }>,
): (name: string, lines: readonly TimedLine[]) => UntimedEvent[] {
  const names = new Map(nodes.map((n) => [n.nodeId, n.name]));
  const management = new Set(nodes.filter((n) => n.role === "management").map((n) => n.name));
  const nameOf = (id: number) => names.get(id) ?? `node ${id}`;
  return (name, lines) => (management.has(name) ? ndbEngineEvents(lines, nameOf) : []);
}
