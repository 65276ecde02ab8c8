import { nodesOf, nsToMs, type TimedOutcome } from "./availability-outcomes.ts";

/** A run of consecutive failed or indeterminate client operations (no ok completed in between). */
export interface UnavailableRun {
  count: number;
  durationMs: number;
  /** Earliest invoke among the run's ops: from then on, some client was waiting in vain. */
  startMs: number;
  /** Completion of the run's last op. */
  endMs: number;
}

interface RawRun {
  count: number;
  start: number;
  end: number;
}

const longer = (a: RawRun, b: RawRun | undefined): boolean =>
  b === undefined || a.end - a.start > b.end - b.start || (a.end - a.start === b.end - b.start && a.count > b.count);

/**
 * The longest run by duration (ties: more ops, then the earlier one). Outcomes must be in completion
 * order; an ok ends a run. With concurrent clients a run may begin before an ok that completed
 * inside it (its first op was invoked earlier and waited): the duration is what that client lived.
 */
export function longestRun(outcomes: readonly TimedOutcome[]): UnavailableRun | null {
  let best: RawRun | undefined;
  let current: RawRun | undefined;
  for (const o of outcomes) {
    if (o.outcome === "ok") {
      current = undefined;
      continue;
    }
    current = current
      ? { count: current.count + 1, start: Math.min(current.start, o.invoked), end: o.completed }
      : { count: 1, start: o.invoked, end: o.completed };
    if (longer(current, best)) best = current;
  }
  if (!best) return null;
  return { count: best.count, durationMs: nsToMs(best.end - best.start), startMs: nsToMs(best.start), endMs: nsToMs(best.end) };
}

/** Overall (an ok from any node ends the run) and per node (only that node's ops). */
export function longestRuns(outcomes: readonly TimedOutcome[]): {
  overall: UnavailableRun | null;
  perNode: Record<string, UnavailableRun | null>;
} {
  const perNode = Object.fromEntries(nodesOf(outcomes).map((node) => [node, longestRun(outcomes.filter((o) => o.node === node))]));
  return { overall: longestRun(outcomes), perNode };
}
