import type { UntimedEvent } from "../../report/engine-event.ts";
import type { TimedLine } from "../../runtime/timed-lines.ts";
import { type GaleraLogEvent, galeraLogEvents } from "./log-events.ts";

const members = (n: number) => `${n} member${n === 1 ? "" : "s"}`;

/** A Galera node's logged primary-component events as the run keeps them (events.jsonl): each about the node that logged it. */
export function galeraEngineEvents(events: readonly GaleraLogEvent[]): UntimedEvent[] {
  return events.map((e): UntimedEvent => {
    const base = { node: e.node, atMs: e.atMs, source: "log" as const, text: e.text.trim() };
    if (e.kind === "synced") return { ...base, kind: "synced" };
    return { ...base, kind: e.primary ? "primary" : "non-primary", detail: members(e.members) };
  });
}

/** The parser a run hands to finishRun: a cluster node's saved log to its events; other logs (sidecars, Toxiproxy) give none. */
export function galeraLogParser(nodes: readonly string[]): (name: string, lines: readonly TimedLine[]) => UntimedEvent[] {
  const own = new Set(nodes);
  return (name, lines) => (own.has(name) ? galeraEngineEvents(galeraLogEvents(name, lines)) : []);
}
