import { showKey, showValue, type TxnKey, type TxnValue } from "../history/micro-op.ts";
import type { Findings } from "./txn-findings.ts";
import { txnName } from "./txn-findings.ts";
import type { Txn } from "./txn-ops.ts";
import type { WriteIndex } from "./write-index.ts";

/** A register value as a version: null is the key's initial, unwritten state. */
export type Version = TxnValue | null;

/** A read made before the transaction wrote the key: a version it observed of others. */
export interface ExternalRead {
  txn: Txn;
  mop: number;
  value: Version;
}

/** What one transaction did to one key, as version orders see it. */
export interface KeyView {
  /** The first version it touched: its first read (before writing), or its write. */
  first: Version;
  /** The last version it touched: its last write, or its last read. */
  final: Version;
  /** Its final write of the key, if any (only final writes install versions). */
  write?: { mop: number; value: TxnValue };
  /** Its reads before any write of the key (ok transactions only: an info one's reads are unknown). */
  reads: ExternalRead[];
}

export interface RegisterReads {
  /** Each transaction's view of each key it touched (ok: reads and writes; info and fail: writes). */
  views: Map<Txn, Map<TxnKey, KeyView>>;
  /** Transactions whose writes another transaction's ok read observed: committed, whatever their outcome says. */
  observed: Set<Txn>;
  okReads: number;
}

/**
 * What each ok read shows on its own: a value nobody wrote (garbage read), a value a failed
 * transaction wrote (G1a), or one its writer overwrote before committing (G1b); and each
 * transaction's view of its keys, for the version orders and the edges.
 */
export function registerReads(txns: readonly Txn[], writes: WriteIndex, findings: Findings): RegisterReads {
  const views = new Map<Txn, Map<TxnKey, KeyView>>();
  const observed = new Set<Txn>();
  let okReads = 0;
  for (const txn of txns) {
    const byKey = new Map<TxnKey, KeyView>();
    txn.mops.forEach(([f, key, value], mop) => {
      let view = byKey.get(key);
      if (f === "w") {
        const v = value as TxnValue;
        if (view) {
          view.final = v;
          view.write = { mop, value: v };
        } else byKey.set(key, { first: v, final: v, write: { mop, value: v }, reads: [] });
        return;
      }
      if (txn.outcome !== "ok") return;
      okReads++;
      const v = value as Version;
      if (!view) {
        view = { first: v, final: v, reads: [] };
        byKey.set(key, view);
      }
      if (!view.write) {
        view.reads.push({ txn, mop, value: v });
        view.final = v;
      }
      if (v === null) return;
      const w = writes.get(key)?.get(v);
      const read = () => `${txnName(txn)} read key ${showKey(key)} = ${showValue(v)}`;
      if (!w) {
        findings.add("garbage-read", [txn], () => `${read()}, which no transaction wrote`, key);
        return;
      }
      if (w.txn === txn) return;
      observed.add(w.txn);
      if (w.txn.outcome === "fail")
        findings.add("G1a", [txn, w.txn], () => `${read()}, which ${txnName(w.txn)} wrote and then failed (aborted read)`, key);
      else if (!w.final)
        findings.add(
          "G1b",
          [txn, w.txn],
          () => `${read()}, which ${txnName(w.txn)} wrote and then overwrote in the same transaction (intermediate read)`,
          key,
        );
    });
    if (byKey.size > 0) views.set(txn, byKey);
  }
  return { views, observed, okReads };
}
