import { type MicroOp, TXN_F, type TxnKey, type TxnKind } from "../history/micro-op.ts";
import type { Op } from "../history/op.ts";
import { clientOperations } from "../history/pairs.ts";

/** One transaction of the history: its invoke and completion paired, its micro-ops as far as they are known. */
export interface Txn {
  /** Position among the history's transactions, in invoke order (0, 1, ...). */
  id: number;
  /** The invoke's history index: how reports name the transaction (T<index>). */
  index: number;
  /** The completion's history index; undefined when the history ended first. */
  completeIndex: number | undefined;
  process: number;
  node: string | undefined;
  /** ok: committed; fail: certainly not committed; info: unknown (also when the history ended first). */
  outcome: "ok" | "fail" | "info";
  /** The ok's micro-ops (reads with their values); otherwise the invoke's (reads unknown). */
  mops: readonly MicroOp[];
}

export interface TxnHistory {
  txns: Txn[];
  /** The history's kind, from its micro-ops; undefined when no micro-op tells (only reads, none ok). */
  kind: TxnKind | undefined;
  /** Client operations that are not transactions: reported, not judged. */
  otherOps: number;
}

/**
 * The history's transactions in invoke order. Assumes a history the loader validated, so the
 * micro-op lists are well formed and an ok repeats its invoke's micro-ops with the reads filled in.
 */
export function transactions(history: readonly Op[]): TxnHistory {
  const txns: Txn[] = [];
  let otherOps = 0;
  let kind: TxnKind | undefined;
  for (const operation of clientOperations(history)) {
    if (operation.f !== TXN_F) {
      otherOps++;
      continue;
    }
    const { invoke, completion, outcome } = operation;
    const mops = (outcome === "ok" ? completion?.value : invoke.value) as readonly MicroOp[];
    kind ??= kindOf(mops, outcome);
    txns.push({
      id: txns.length,
      index: invoke.index,
      completeIndex: completion?.index,
      process: operation.process,
      node: invoke.node ?? completion?.node,
      outcome,
      mops,
    });
  }
  return { txns, kind, otherOps };
}

function kindOf(mops: readonly MicroOp[], outcome: Txn["outcome"]): TxnKind | undefined {
  for (const [f, , value] of mops) {
    if (f === "append") return "list-append";
    if (f === "w") return "rw-register";
    if (outcome === "ok") return Array.isArray(value) ? "list-append" : "rw-register";
  }
  return undefined;
}

/**
 * Why a checker of one kind cannot judge this history, when it is of the other kind (a history
 * whose micro-ops tell no kind, only reads none of which ended ok, is left to the checker).
 */
export function wrongKind(history: TxnHistory, expected: TxnKind): string | undefined {
  if (history.kind === undefined || history.kind === expected) return undefined;
  return history.kind === "rw-register"
    ? "this is an rw-register history (its transactions write with w): check it with --checker rw-register"
    : "this is a list-append history (its transactions append): check it with --checker list-append";
}

/** Each written value's micro-op position in one transaction, by key: to tell a read of a value the transaction writes only later. */
export function writePositions(txn: Txn, f: "append" | "w"): Map<TxnKey, Map<unknown, number>> {
  const at = new Map<TxnKey, Map<unknown, number>>();
  txn.mops.forEach(([mf, key, value], mop) => {
    if (mf !== f) return;
    const byValue = at.get(key) ?? new Map<unknown, number>();
    byValue.set(value, mop);
    at.set(key, byValue);
  });
  return at;
}
