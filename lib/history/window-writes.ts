import type { Op } from "./op.ts";
import { clientOperations } from "./pairs.ts";

/** Writes (`add`) sent to one of `nodes` that were invoked after `fromNs` and acknowledged before `toNs`. */
export function okWritesBetween(history: readonly Op[], nodes: readonly string[], fromNs: number, toNs: number): Op[] {
  return clientOperations(history)
    .filter(
      (o) =>
        o.f === "add" &&
        o.outcome === "ok" &&
        nodes.includes(o.invoke.node ?? "") &&
        o.invoke.time >= fromNs &&
        o.completion !== undefined &&
        o.completion.time <= toNs,
    )
    .map((o) => o.completion as Op);
}
