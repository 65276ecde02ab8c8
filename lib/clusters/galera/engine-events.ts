import type { UntimedEvent } from "../../report/engine-event.ts";
import type { GaleraLogEvent } from "./log-events.ts";

const members = (n: number) => `${n} member${n === 1 ? "" : "s"}`;

/** A Galera node's logged primary-component events as the run keeps them (events.jsonl): each about the node that logged it. */
export function galeraEngineEvents(events: readonly GaleraLogEvent[]): UntimedEvent[] {
  return events.map((e): UntimedEvent => {
    const base = { node: e.node, atMs: e.atMs, source: "log" as const, text: e.text.trim() };
    if (e.kind === "synced") return { ...base, kind: "synced" };
    return { ...base, kind: e.primary ? "primary" : "non-primary", detail: members(e.members) };
  });
}
