import type { TxnKey } from "../history/micro-op.ts";
import { type GraphBuilder, RW, WR, WW } from "./dependency-graph.ts";
import type { KeyView, Version } from "./rw-register-reads.ts";
import type { Txn } from "./txn-ops.ts";
import type { RegisterOrders } from "./version-order-register.ts";
import type { Committed, Write, WriteIndex } from "./write-index.ts";

/**
 * The ww, wr and rw edges of rw-register keys (Elle 4.3.2 on inferred version orders):
 *   wr: a read returned a value another committed transaction wrote last in its transaction;
 *   ww: u < v in the key's version order, both written (finally) by committed transactions;
 *   rw: u < v, a committed transaction read u before writing the key, another wrote v.
 * Each ww and rw edge carries its version-order fact's id as its note, for the explanation and
 * for the assumption it rests on. Reads of aborted, intermediate or garbage values give no rw
 * edge (they are G1a, G1b and garbage-read findings). Where v has a predecessor u a committed
 * transaction wrote, null < v adds no edge: the readers of null precede u's writer, who precedes v's.
 */
export function registerEdges(
  committed: Committed,
  writes: WriteIndex,
  views: ReadonlyMap<Txn, ReadonlyMap<TxnKey, KeyView>>,
  orders: RegisterOrders,
  graph: GraphBuilder,
): void {
  const node = (txn: Txn) => committed.nodeOf[txn.id] as number;
  /** The committed transaction that installed v (its final write of the key), if any. */
  const installer = (key: TxnKey, v: Version): Write | undefined => {
    if (v === null) return undefined;
    const w = writes.get(key)?.get(v);
    return w?.final && node(w.txn) >= 0 ? w : undefined;
  };
  const readers = new Map<TxnKey, Map<Version, { txn: Txn; mop: number }[]>>();
  for (const txn of committed.nodes) {
    for (const [key, view] of views.get(txn) ?? []) {
      for (const read of view.reads) {
        const w = read.value === null ? undefined : writes.get(key)?.get(read.value);
        if (w && w.txn !== txn && node(w.txn) >= 0) graph.add(node(w.txn), node(txn), WR, w.mop, read.mop);
        if (read.value !== null && !installer(key, read.value)) continue;
        const byValue = readers.get(key) ?? new Map<Version, { txn: Txn; mop: number }[]>();
        readers.set(key, byValue);
        const list = byValue.get(read.value);
        if (list) list.push(read);
        else byValue.set(read.value, [read]);
      }
    }
  }
  for (const [key, graphOfKey] of orders.byKey) {
    const afterCommitted = new Set<Version>();
    for (const [u, out] of graphOfKey) if (installer(key, u)) for (const v of out.keys()) afterCommitted.add(v);
    for (const [u, out] of graphOfKey) {
      const from = installer(key, u);
      for (const [v, id] of out) {
        const to = installer(key, v);
        if (!to || (u === null && afterCommitted.has(v))) continue;
        if (from && from.txn !== to.txn) graph.add(node(from.txn), node(to.txn), WW, from.mop, to.mop, id);
        for (const r of readers.get(key)?.get(u) ?? []) if (r.txn !== to.txn) graph.add(node(r.txn), node(to.txn), RW, r.mop, to.mop, id);
      }
    }
  }
}
