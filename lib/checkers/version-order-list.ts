import { showKey, showValue, type TxnKey, type TxnValue } from "../history/micro-op.ts";
import type { ListRead } from "./list-append-reads.ts";
import type { Findings } from "./txn-findings.ts";
import { txnName } from "./txn-findings.ts";

/** A key's version order: its elements in the order they were appended, and each element's position. */
export interface ListOrder {
  elements: readonly TxnValue[];
  position: ReadonlyMap<TxnValue, number>;
}

/**
 * Version orders of list-append keys, from the reads alone (Elle, 4.3.1). Appends only extend a
 * list, so every read of a key is a prefix of the key's final list and the longest read gives
 * the order of every element it holds. Sorted by length, each read must be a prefix of the next;
 * when two are not, no single order explains them (incompatible-order) and the key gets no
 * order at all: its ww and rw edges would rest on a guess. Elements appear once in the order
 * even if a read repeated one (that read is a duplicate-elements finding).
 */
export function listVersionOrders(readsByKey: ReadonlyMap<TxnKey, readonly ListRead[]>, findings: Findings): Map<TxnKey, ListOrder> {
  const orders = new Map<TxnKey, ListOrder>();
  for (const [key, reads] of readsByKey) {
    const sorted = [...reads].sort((a, b) => a.list.length - b.list.length);
    let conflict: [ListRead, ListRead] | undefined;
    for (let i = 1; i < sorted.length && !conflict; i++) {
      const shorter = sorted[i - 1] as ListRead;
      const longer = sorted[i] as ListRead;
      if (!isPrefix(shorter.list, longer.list)) conflict = [shorter, longer];
    }
    if (conflict) {
      const [a, b] = conflict;
      findings.add(
        "incompatible-order",
        [a.txn, b.txn],
        () =>
          `key ${showKey(key)}: ${txnName(a.txn)} read ${showValue(a.list)} and ${txnName(b.txn)} read ${showValue(b.list)}; neither is a prefix of the other, so no single order of appends explains both`,
        key,
      );
      continue;
    }
    const longest = sorted.at(-1)?.list ?? [];
    const elements = [...new Set(longest)];
    orders.set(key, { elements, position: new Map(elements.map((e, i) => [e, i])) });
  }
  return orders;
}

function isPrefix(a: readonly TxnValue[], b: readonly TxnValue[]): boolean {
  if (a.length > b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
