import { type GraphBuilder, PROCESS, REALTIME } from "./dependency-graph.ts";
import type { Txn } from "./txn-ops.ts";
import type { Committed } from "./write-index.ts";

/**
 * Orders between transactions that come from when and where they ran, not from what they read:
 * realtime (one completed before the other was invoked) and process order (one process ran one,
 * then the other). Both are given to `link` as a transitive reduction, linear in transactions
 * times concurrency, never all pairs. Only `ok` transactions precede anything: an `info` one may
 * still take effect after its process moved on, or after any later invoke.
 */

/**
 * Realtime precedence (Elle's realtime graph): a frontier of completed transactions that no later
 * completion covers yet. At each invoke, every frontier member is linked to the transaction
 * invoked; when an ok transaction completes, the members it was linked from leave the frontier
 * (it follows them, so linking it alone covers them) and it joins. Order is history index order:
 * the order the recorder saw events in. `txns` must be in invoke order.
 */
export function realtimeOrder(txns: readonly Txn[], link: (before: Txn, after: Txn) => void): void {
  const completions = txns.filter((t) => t.outcome === "ok" && t.completeIndex !== undefined);
  completions.sort((a, b) => (a.completeIndex as number) - (b.completeIndex as number));
  const frontier = new Set<Txn>();
  const linkedFrom = new Map<Txn, Txn[]>();
  let c = 0;
  const completeUpTo = (index: number) => {
    for (; c < completions.length && (completions[c]?.completeIndex as number) < index; c++) {
      const done = completions[c] as Txn;
      for (const covered of linkedFrom.get(done) ?? []) frontier.delete(covered);
      linkedFrom.delete(done);
      frontier.add(done);
    }
  };
  for (const txn of txns) {
    completeUpTo(txn.index);
    if (frontier.size === 0) continue;
    const before = [...frontier];
    for (const b of before) link(b, txn);
    if (txn.outcome === "ok") linkedFrom.set(txn, before);
  }
}

/** Process order: each transaction after the last ok one its process ran before it. `txns` in invoke order. */
export function processOrder(txns: readonly Txn[], link: (before: Txn, after: Txn) => void): void {
  const lastOk = new Map<number, Txn>();
  for (const txn of txns) {
    const before = lastOk.get(txn.process);
    if (before) link(before, txn);
    if (txn.outcome === "ok") lastOk.set(txn.process, txn);
  }
}

/** Adds the process or realtime edges a model needs between committed transactions (nothing for `undefined`). */
export function addOrderEdges(graph: GraphBuilder, committed: Committed, edges: "process" | "realtime" | undefined): void {
  if (edges === undefined) return;
  const type = edges === "realtime" ? REALTIME : PROCESS;
  const link = (a: Txn, b: Txn) => graph.add(committed.nodeOf[a.id] as number, committed.nodeOf[b.id] as number, type);
  (edges === "realtime" ? realtimeOrder : processOrder)(committed.nodes, link);
}
