import { showKey, showValue, type TxnKey } from "../history/micro-op.ts";
import type { Findings } from "./txn-findings.ts";
import { txnName } from "./txn-findings.ts";
import { type Txn, writePositions } from "./txn-ops.ts";

/**
 * What one committed transaction's own micro-ops contradict (as for list-append):
 *   internal: a read after its own write of the key that returns something else, or a read of a
 *     value it writes only later. No isolation level allows either (Adya 1999, 3.1).
 *   non-repeatable-read: two reads of the key, no write of its own between, different values.
 *     Read committed allows it; repeatable read and snapshot isolation do not.
 */
export function registerInternal(txns: readonly Txn[], findings: Findings): void {
  for (const txn of txns) {
    if (txn.outcome !== "ok") continue;
    const writtenAt = writePositions(txn, "w");
    const wrote = new Map<TxnKey, unknown>();
    const read = new Map<TxnKey, unknown>();
    txn.mops.forEach(([f, key, value], mop) => {
      if (f === "w") {
        wrote.set(key, value);
        read.delete(key);
        return;
      }
      const saw = () => `${txnName(txn)} read key ${showKey(key)} = ${showValue(value)}`;
      if ((writtenAt.get(key)?.get(value) ?? -1) > mop) {
        findings.add("internal", [txn], () => `${saw()}, a value ${txnName(txn)} itself writes only later`, key);
      } else if (wrote.has(key) && wrote.get(key) !== value) {
        findings.add(
          "internal",
          [txn],
          () => `${txnName(txn)} wrote key ${showKey(key)} = ${showValue(wrote.get(key))}, then read it = ${showValue(value)}`,
          key,
        );
      } else if (read.has(key) && read.get(key) !== value) {
        findings.add(
          "non-repeatable-read",
          [txn],
          () =>
            `${txnName(txn)} read key ${showKey(key)} = ${showValue(read.get(key))}, then ${showValue(value)}, without writing it in between`,
          key,
        );
      }
      read.set(key, value);
    });
  }
}
