import { showKey, showValue, type TxnKey, type TxnValue } from "../history/micro-op.ts";
import { type GraphBuilder, RW, WR, WW } from "./dependency-graph.ts";
import type { ListRead } from "./list-append-reads.ts";
import type { Findings } from "./txn-findings.ts";
import { txnName } from "./txn-findings.ts";
import type { Txn } from "./txn-ops.ts";
import type { ListOrder } from "./version-order-list.ts";
import type { Committed, Write, WriteIndex } from "./write-index.ts";

/** Edge note: the append was never read, so it is only known to come after every element read. */
export const NOTE_UNOBSERVED = 1;

/**
 * The ww, wr and rw edges of list-append keys (Elle's inferred dependencies):
 *   wr: a read's last element was appended by another committed transaction;
 *   ww: consecutive elements of a key's order, appended by different committed transactions;
 *   rw: a read's list ends at an element (or is empty), and another transaction appended the
 *       next element of the order.
 * Elements of failed transactions, and elements nobody appended, are no versions: orders skip
 * them, so a committed append right after an aborted one follows the committed one before it.
 * Only reads made before the transaction's own append to the key give rw edges, and only of
 * clean versions (neither aborted nor intermediate: those reads are G1a and G1b findings, and an
 * anti-dependency on a version that was never installed would be a guess). A committed append
 * nobody read comes after every element read of its key: ww from the last one's writer, rw from
 * the reads that ended there.
 */
export function listEdges(
  committed: Committed,
  appends: WriteIndex,
  readsByKey: ReadonlyMap<TxnKey, readonly ListRead[]>,
  orders: ReadonlyMap<TxnKey, ListOrder>,
  graph: GraphBuilder,
): void {
  const node = (txn: Txn) => committed.nodeOf[txn.id] as number;
  const committedWrite = (w: Write | undefined) => (w && node(w.txn) >= 0 ? w : undefined);
  for (const [key, reads] of readsByKey) {
    const writes = appends.get(key);
    for (const read of reads) {
      const last = read.list.at(-1);
      const w = committedWrite(last === undefined ? undefined : writes?.get(last));
      if (w && w.txn !== read.txn) graph.add(node(w.txn), node(read.txn), WR, w.mop, read.mop);
    }
  }
  for (const [key, order] of orders) {
    const writes = appends.get(key) ?? new Map<TxnValue, Write>();
    const chain = order.elements.map((e) => committedWrite(writes.get(e)));
    let previous: Write | undefined;
    for (const w of chain) {
      if (!w) continue;
      if (previous && previous.txn !== w.txn) graph.add(node(previous.txn), node(w.txn), WW, previous.mop, w.mop);
      previous = w;
    }
    const unobserved = [...writes].filter(([e, w]) => !order.position.has(e) && node(w.txn) >= 0).map(([, w]) => w);
    for (const u of unobserved) {
      if (previous && previous.txn !== u.txn) graph.add(node(previous.txn), node(u.txn), WW, previous.mop, u.mop, NOTE_UNOBSERVED);
    }
    // next[i]: the first committed write after position i (next[0] is after the empty list).
    const next: (Write | undefined)[] = new Array(chain.length + 1);
    for (let i = chain.length; i >= 0; i--) next[i] = i === chain.length ? undefined : (chain[i] ?? next[i + 1]);
    for (const read of readsByKey.get(key) ?? []) {
      if (!readsExternally(read)) continue;
      const last = read.list.at(-1);
      let after = 0;
      if (last !== undefined) {
        const w = committedWrite(writes.get(last));
        if (!w?.final || w.txn === read.txn) continue;
        after = (order.position.get(last) as number) + 1;
      }
      const n = next[after];
      if (n) {
        if (n.txn !== read.txn) graph.add(node(read.txn), node(n.txn), RW, read.mop, n.mop);
        continue;
      }
      for (const u of unobserved) if (u.txn !== read.txn) graph.add(node(read.txn), node(u.txn), RW, read.mop, u.mop, NOTE_UNOBSERVED);
    }
  }
}

/** True when the transaction had not appended to the key before this read. */
function readsExternally(read: ListRead): boolean {
  const key = read.txn.mops[read.mop]?.[1];
  for (let i = 0; i < read.mop; i++) {
    const [f, k] = read.txn.mops[i] ?? [];
    if (f === "append" && k === key) return false;
  }
  return true;
}

/**
 * Dirty update (Elle 4.1.5): in a key's order, elements of a failed transaction followed by one
 * of a committed transaction: the committed append was made on top of aborted state.
 */
export function listDirtyUpdates(
  committed: Committed,
  appends: WriteIndex,
  orders: ReadonlyMap<TxnKey, ListOrder>,
  findings: Findings,
): void {
  for (const [key, order] of orders) {
    const writes = appends.get(key);
    let aborted: Write[] = [];
    for (const e of order.elements) {
      const w = writes?.get(e);
      if (!w) continue;
      if (w.txn.outcome === "fail") {
        aborted.push(w);
        continue;
      }
      if (aborted.length === 0 || (committed.nodeOf[w.txn.id] as number) < 0) continue;
      const dirty = aborted;
      findings.add(
        "dirty-update",
        [...new Set(dirty.map((d) => d.txn)), w.txn],
        () =>
          `key ${showKey(key)}: ${dirty.map((d) => `${showValue(d.txn.mops[d.mop]?.[2])} (appended by ${txnName(d.txn)}, which failed)`).join(", ")} then ${showValue(e)} appended by committed ${txnName(w.txn)}: a committed append on top of aborted state (dirty update)`,
        key,
      );
      aborted = [];
    }
  }
}
