import { showKey, showValue, type TxnKey, type TxnValue } from "../history/micro-op.ts";
import type { Findings } from "./txn-findings.ts";
import { txnName } from "./txn-findings.ts";
import { type Txn, writePositions } from "./txn-ops.ts";

interface KeyState {
  /** The transaction's last read of the key, if any. */
  read: readonly TxnValue[] | undefined;
  /** Its appends to the key since that read. */
  since: TxnValue[];
  /** All its appends to the key so far. */
  own: TxnValue[];
}

/**
 * What one committed transaction's own micro-ops contradict (Elle's internal consistency, split
 * by what a model allows):
 *   internal: a read that misses the transaction's own earlier appends (they must end the list,
 *     in order), or holds an element the transaction appends only later. No isolation level
 *     allows either: a transaction observes its own last update (Adya 1999, 3.1).
 *   non-repeatable-read: a read that differs from the transaction's earlier read of the key plus
 *     its own appends since: another transaction's write became visible in between. Read
 *     committed allows that; repeatable read and snapshot isolation do not.
 */
export function listInternal(txns: readonly Txn[], findings: Findings): void {
  for (const txn of txns) {
    if (txn.outcome !== "ok") continue;
    const appendedAt = writePositions(txn, "append");
    const states = new Map<TxnKey, KeyState>();
    txn.mops.forEach(([f, key, value], mop) => {
      let s = states.get(key);
      if (!s) {
        s = { read: undefined, since: [], own: [] };
        states.set(key, s);
      }
      if (f === "append") {
        s.since.push(value as TxnValue);
        s.own.push(value as TxnValue);
        return;
      }
      const list = value as readonly TxnValue[];
      const read = () => `${txnName(txn)} read key ${showKey(key)} = ${showValue(list)}`;
      const future = list.filter((e) => (appendedAt.get(key)?.get(e) ?? -1) > mop);
      if (future.length > 0) {
        findings.add(
          "internal",
          [txn],
          () => `${read()}, holding ${future.map(showValue).join(", ")}, which ${txnName(txn)} itself appends only later`,
          key,
        );
      } else if (s.own.length > 0 && !endsWith(list, s.own)) {
        findings.add(
          "internal",
          [txn],
          () =>
            `${txnName(txn)} appended ${s.own.map(showValue).join(", ")} to key ${showKey(key)}, then read it = ${showValue(list)}, which does not end with its own appends`,
          key,
        );
      } else if (s.read !== undefined && !equal(list, [...s.read, ...s.since])) {
        const expected = [...s.read, ...s.since];
        const own = s.since.length > 0 ? ` and its own appends ${s.since.map(showValue).join(", ")}` : "";
        findings.add(
          "non-repeatable-read",
          [txn],
          () =>
            `${txnName(txn)} read key ${showKey(key)} = ${showValue(s.read)}, then ${showValue(list)}; from its own view it should have read ${showValue(expected)} (the earlier read${own})`,
          key,
        );
      }
      s.read = list;
      s.since = [];
    });
  }
}

function endsWith(list: readonly TxnValue[], suffix: readonly TxnValue[]): boolean {
  if (suffix.length > list.length) return false;
  const offset = list.length - suffix.length;
  return suffix.every((e, i) => list[offset + i] === e);
}

function equal(a: readonly TxnValue[], b: readonly TxnValue[]): boolean {
  return a.length === b.length && a.every((e, i) => b[i] === e);
}
