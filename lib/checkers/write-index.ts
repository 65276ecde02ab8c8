import type { TxnKey, TxnValue } from "../history/micro-op.ts";
import type { Txn } from "./txn-ops.ts";

/** One written element or value: who wrote it, where in the transaction, and whether it was the transaction's last write of the key. */
export interface Write {
  txn: Txn;
  mop: number;
  /** False for an intermediate write: the same transaction wrote the key again later. */
  final: boolean;
}

/** key -> value written -> its write. Unique per key: the loader refuses a value written twice. */
export type WriteIndex = Map<TxnKey, Map<TxnValue, Write>>;

/** Every write of the history, whatever its transaction's outcome (a failed write still explains an aborted read). */
export function writeIndex(txns: readonly Txn[], f: "append" | "w"): WriteIndex {
  const index: WriteIndex = new Map();
  for (const txn of txns) {
    const last = new Map<TxnKey, Write>();
    txn.mops.forEach(([mf, key, value], mop) => {
      if (mf !== f) return;
      let byValue = index.get(key);
      if (!byValue) {
        byValue = new Map();
        index.set(key, byValue);
      }
      const write: Write = { txn, mop, final: true };
      const previous = last.get(key);
      if (previous) previous.final = false;
      last.set(key, write);
      byValue.set(value as TxnValue, write);
    });
  }
  return index;
}

/** The transactions known to have committed, numbered 0..n-1: the ok ones, and info ones some read observed. */
export interface Committed {
  nodes: Txn[];
  /** Node number by Txn.id; -1 when not committed (failed, or info and never observed). */
  nodeOf: Int32Array;
}

export function committedTxns(txns: readonly Txn[], observed: ReadonlySet<Txn>): Committed {
  const nodeOf = new Int32Array(txns.length).fill(-1);
  const nodes: Txn[] = [];
  for (const txn of txns) {
    if (txn.outcome === "ok" || (txn.outcome === "info" && observed.has(txn))) {
      nodeOf[txn.id] = nodes.length;
      nodes.push(txn);
    }
  }
  return { nodes, nodeOf };
}
