import type { NdbShow } from "../mgm-show.ts";

/** Data node ids by the state SHOW gives them. */
export function dataStates(show: NdbShow): Record<string, number[]> {
  const by: Record<string, number[]> = {};
  for (const d of show.dataNodes) by[d.state] = [...(by[d.state] ?? []), d.id];
  return by;
}

/** Started data node ids; more than one node of a node group started while its partner is cut off is two live halves. */
export const startedDataNodes = (show: NdbShow): number[] => show.dataNodes.filter((d) => d.state === "started").map((d) => d.id);

/** The first ok completion of an add after `fromNs` (history time), in ms after it; null when none. */
export function firstOkAfter(history: ReadonlyArray<{ type: string; f: string; time: number }>, fromNs: number): number | null {
  const op = history.find((o) => o.type === "ok" && o.f === "add" && o.time >= fromNs);
  return op ? Math.round((op.time - fromNs) / 1e6) : null;
}
