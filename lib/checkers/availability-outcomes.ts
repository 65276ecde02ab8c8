import type { Op } from "../history/op.ts";
import { clientOperations } from "../history/pairs.ts";

/** A client operation reduced to what the availability measures need. */
export interface TimedOutcome {
  /** The node the client talked to (invoke's, else completion's); undefined when the history does not say. */
  node: string | undefined;
  outcome: "ok" | "fail" | "info";
  invoked: number;
  /**
   * When the outcome became known. An op the history ended without completing was still unanswered at
   * the history's last time, so that is its end: it counts as indeterminate up to there, never beyond.
   */
  completed: number;
  /** Tie-break among equal `completed`: the completion's index; unanswered ops sort after every completion. */
  order: number;
}

/** Monotonic nanoseconds to milliseconds, rounded to microseconds so reports stay readable. */
export const nsToMs = (ns: number): number => Math.round(ns / 1_000) / 1_000;

/** Client operations in the order their outcomes became known (completion time), which is how "consecutive" is read. */
export function timedOutcomes(history: readonly Op[]): TimedOutcome[] {
  const historyEnd = history.reduce((latest, op) => Math.max(latest, op.time), 0);
  return clientOperations(history)
    .map((operation) => ({
      node: operation.invoke.node ?? operation.completion?.node,
      outcome: operation.outcome,
      invoked: operation.invoke.time,
      completed: operation.completion?.time ?? historyEnd,
      order: operation.completion?.index ?? Number.POSITIVE_INFINITY,
    }))
    .sort((a, b) => a.completed - b.completed || a.order - b.order);
}

/** Nodes named by client operations, sorted, so per-node reports list every node even where it has nothing to show. */
export function nodesOf(outcomes: readonly TimedOutcome[]): string[] {
  return [...new Set(outcomes.flatMap((o) => (o.node === undefined ? [] : [o.node])))].sort();
}
