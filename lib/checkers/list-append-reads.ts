import { showKey, showValue, type TxnKey, type TxnValue } from "../history/micro-op.ts";
import type { Findings } from "./txn-findings.ts";
import { txnName } from "./txn-findings.ts";
import type { Txn } from "./txn-ops.ts";
import type { WriteIndex } from "./write-index.ts";

/** One ok read of a list-append key. */
export interface ListRead {
  txn: Txn;
  mop: number;
  list: readonly TxnValue[];
}

export interface ListReads {
  /** Every ok read, by key: what the version order is inferred from. */
  byKey: Map<TxnKey, ListRead[]>;
  /** Transactions whose appends some other transaction's ok read observed: committed, whatever their outcome says. */
  observed: Set<Txn>;
}

/**
 * What each ok read shows on its own: duplicate elements, elements nobody appended (garbage
 * read), elements a failed transaction appended (G1a, aborted read), and a last element that
 * was not its writer's last append to the key (G1b, intermediate read: the read saw the list in
 * the middle of another transaction). Reads of the transaction's own appends are its own
 * business (internal checks), not dependencies.
 */
export function listReads(txns: readonly Txn[], appends: WriteIndex, findings: Findings): ListReads {
  const byKey = new Map<TxnKey, ListRead[]>();
  const observed = new Set<Txn>();
  for (const txn of txns) {
    if (txn.outcome !== "ok") continue;
    txn.mops.forEach(([f, key, value], mop) => {
      if (f !== "r") return;
      const list = value as readonly TxnValue[];
      let reads = byKey.get(key);
      if (!reads) {
        reads = [];
        byKey.set(key, reads);
      }
      reads.push({ txn, mop, list });
      const read = () => `${txnName(txn)} read key ${showKey(key)} = ${showValue(list)}`;
      const writes = appends.get(key);
      const twice = duplicates(list);
      if (twice.length > 0)
        findings.add(
          "duplicate-elements",
          [txn],
          () => `${read()}: ${twice.map(showValue).join(", ")} ${twice.length === 1 ? "appears" : "appear"} more than once`,
          key,
        );
      const garbage = list.filter((e) => !writes?.has(e));
      if (garbage.length > 0)
        findings.add("garbage-read", [txn], () => `${read()}: no transaction appended ${garbage.map(showValue).join(", ")}`, key);
      const aborted = new Map<Txn, TxnValue[]>();
      for (const e of list) {
        const w = writes?.get(e);
        if (!w) continue;
        if (w.txn !== txn) observed.add(w.txn);
        if (w.txn.outcome === "fail") aborted.set(w.txn, [...(aborted.get(w.txn) ?? []), e]);
      }
      if (aborted.size > 0) {
        findings.add(
          "G1a",
          [txn, ...aborted.keys()],
          () =>
            `${read()}, which holds ${[...aborted].map(([t, es]) => `${es.map(showValue).join(", ")} appended by ${txnName(t)}, which failed`).join("; ")} (aborted read)`,
          key,
        );
      }
      const last = list.at(-1);
      const lastWrite = last === undefined ? undefined : writes?.get(last);
      if (lastWrite && lastWrite.txn !== txn && !lastWrite.final) {
        findings.add(
          "G1b",
          [txn, lastWrite.txn],
          () =>
            `${read()}, ending at ${showValue(last)}, which ${txnName(lastWrite.txn)} appended but then appended more to key ${showKey(key)} (intermediate read: the list in the middle of ${txnName(lastWrite.txn)})`,
          key,
        );
      }
    });
  }
  return { byKey, observed };
}

function duplicates(list: readonly TxnValue[]): TxnValue[] {
  const seen = new Set<TxnValue>();
  const twice = new Set<TxnValue>();
  for (const e of list) (seen.has(e) ? twice : seen).add(e);
  return [...twice];
}
