import type { UntimedEvent } from "../../report/engine-event.ts";
import type { TimedLine } from "../../runtime/timed-lines.ts";
import { type RedisLogEvent, redisLogEvents } from "./log-events.ts";

/**
 * A Redis or Valkey node's logged cluster events as the run keeps them (events.jsonl). A FAIL
 * is about the node marked failing, not the node whose log says so: `nameOf` turns the 40-hex
 * node id of the line into the node's name (the id's first 8 characters when it is not known,
 * e.g. the node was replaced).
 */
export function redisEngineEvents(events: readonly RedisLogEvent[], nameOf: (id: string) => string | undefined): UntimedEvent[] {
  return events.map((e): UntimedEvent => {
    const base = { atMs: e.atMs, source: "log" as const, text: e.text.trim() };
    if (e.kind === "promoted") return { ...base, node: e.node, kind: "promoted" };
    if (e.kind === "state") return { ...base, node: e.node, kind: e.ok ? "cluster-ok" : "cluster-fail" };
    return { ...base, node: nameOf(e.about) ?? e.about.slice(0, 8), kind: "fail", reporter: e.node };
  });
}

/**
 * The parser a run hands to finishRun: a cluster node's saved log to its events, node ids named
 * from a view of the cluster (CLUSTER NODES: id, ip, port) taken while every node was known.
 */
export function redisLogParser(
  nodes: ReadonlyArray<{ name: string; ip: string; port: number }>,
  view: ReadonlyArray<{ id: string; ip: string; port: number }>,
): (name: string, lines: readonly TimedLine[]) => UntimedEvent[] {
  const names = new Map(
    view.flatMap((v) => {
      const node = nodes.find((n) => n.ip === v.ip && n.port === v.port);
      return node ? [[v.id, node.name] as const] : [];
    }),
  );
  const own = new Set(nodes.map((n) => n.name));
  return (name, lines) => (own.has(name) ? redisEngineEvents(redisLogEvents(name, lines), (id) => names.get(id)) : []);
}
