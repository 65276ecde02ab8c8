import type { Op } from "../history/op.ts";
import { faultWindows } from "../history/pairs.ts";
import { nodesOf, nsToMs, type TimedOutcome } from "./availability-outcomes.ts";

/** How long after a fault took effect clients saw an ok again. */
export interface FaultRecovery {
  f: string;
  value: unknown;
  /** When the fault took effect (its nemesis `info`). */
  startMs: number;
  /** When the heal that ended it took effect; null when the history ends with the fault in place. */
  endMs: number | null;
  /** Fault start to the first ok completion after it, from any node; null when none follows. */
  recoveryMs: number | null;
  /** The same per node, for every node that appears in client ops. */
  perNode: Record<string, number | null>;
}

/**
 * Counts only completions strictly after the fault's `info`, and any ok after it, during the fault
 * or after the heal: an op that completed at the very moment the fault took effect proves nothing
 * about the cluster under the fault.
 */
export function faultRecoveries(history: readonly Op[], outcomes: readonly TimedOutcome[]): FaultRecovery[] {
  const nodes = nodesOf(outcomes);
  return faultWindows(history).map((w) => {
    const firstOk = (node?: string): number | null => {
      const ok = outcomes.find((o) => o.outcome === "ok" && o.completed > w.start && (node === undefined || o.node === node));
      return ok ? nsToMs(ok.completed - w.start) : null;
    };
    return {
      f: w.f,
      value: w.value,
      startMs: nsToMs(w.start),
      endMs: w.end === undefined ? null : nsToMs(w.end),
      recoveryMs: firstOk(),
      perNode: Object.fromEntries(nodes.map((node) => [node, firstOk(node)])),
    };
  });
}
