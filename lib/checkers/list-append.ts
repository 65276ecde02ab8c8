import { showKey, showValue, type TxnValue } from "../history/micro-op.ts";
import type { Op } from "../history/op.ts";
import { GraphBuilder, RW, WR, WW } from "./dependency-graph.ts";
import { listDirtyUpdates, listEdges, NOTE_UNOBSERVED } from "./list-append-edges.ts";
import { listInternal } from "./list-append-internal.ts";
import { listReads } from "./list-append-reads.ts";
import { lostUpdates } from "./lost-update.ts";
import { edgesNeeded } from "./models.ts";
import { addOrderEdges } from "./order-edges.ts";
import { judgeTransactions } from "./txn-check.ts";
import type { DataEdgeExplainer } from "./txn-explain.ts";
import { Findings, txnName } from "./txn-findings.ts";
import { transactions, wrongKind } from "./txn-ops.ts";
import { type TxnCheckerOptions, txnSettings } from "./txn-options.ts";
import type { Checker, CheckResult } from "./verdict.ts";
import { listVersionOrders } from "./version-order-list.ts";
import { committedTxns, writeIndex } from "./write-index.ts";

/**
 * Elle's list-append checker: transactions append unique elements to lists and read whole
 * lists, so every read reveals the order of the appends before it. From those orders come the
 * ww, wr and rw dependencies between committed transactions; cycles among them, and what single
 * reads and transactions show directly, are the anomalies, judged against the claimed model
 * (docs/isolation.md).
 */
export const listAppendChecker: Checker<TxnCheckerOptions> = {
  name: "list-append",
  validateOptions: (options) => {
    txnSettings(options);
  },
  check(history: readonly Op[], options: TxnCheckerOptions): CheckResult {
    const settings = txnSettings(options);
    const txnHistory = transactions(history);
    const mismatch = wrongKind(txnHistory, "list-append");
    if (mismatch) return { checker: "list-append", valid: "unknown", reason: mismatch };
    const { txns } = txnHistory;
    const findings = new Findings(settings.maxCases);
    const appends = writeIndex(txns, "append");
    const reads = listReads(txns, appends, findings);
    const orders = listVersionOrders(reads.byKey, findings);
    listInternal(txns, findings);
    lostUpdates(txns, "list-append", findings);
    const committed = committedTxns(txns, reads.observed);
    listDirtyUpdates(committed, appends, orders, findings);

    const builder = new GraphBuilder(committed.nodes.length);
    listEdges(committed, appends, reads.byKey, orders, builder);
    const edges = edgesNeeded(settings.model);
    addOrderEdges(builder, committed, edges);

    return judgeTransactions({
      checker: "list-append",
      settings,
      history: txnHistory,
      committed,
      graph: builder.build(),
      findings,
      edges,
      explainData: explainListEdge,
      okReads: [...reads.byKey.values()].reduce((n, r) => n + r.length, 0),
      stats: { keys: appends.size, orderedKeys: orders.size },
    });
  },
};

/** A list-append ww, wr or rw edge in words, from the micro-ops on either side. */
const explainListEdge: DataEdgeExplainer = (type, a, b, why) => {
  const [, key, va] = a.mops[why.aMop] ?? [];
  const [, , vb] = b.mops[why.bMop] ?? [];
  const k = key as string;
  const A = txnName(a);
  const B = txnName(b);
  const unobserved = why.note === NOTE_UNOBSERVED;
  if (type === WW) {
    return unobserved
      ? {
          key: k,
          text: `${B} appended ${showValue(vb)} to key ${showKey(k)}, which no read shows, so after ${showValue(va)}, the last element read, which ${A} appended (ww)`,
        }
      : {
          key: k,
          text: `${B} appended ${showValue(vb)} to key ${showKey(k)} after ${A} appended ${showValue(va)} (ww: ${showValue(va)} precedes ${showValue(vb)} in every read of key ${showKey(k)} that holds ${showValue(vb)})`,
        };
  }
  if (type === WR) {
    const list = vb as TxnValue[];
    return { key: k, text: `${B} read key ${showKey(k)} = ${showValue(list)}, whose last element ${showValue(va)} ${A} appended (wr)` };
  }
  if (type !== RW) throw new Error(`list-append: no explanation for edge type ${type}`);
  const list = va as TxnValue[];
  const seen = list.length === 0 ? `read key ${showKey(k)} empty` : `read key ${showKey(k)} = ${showValue(list)}`;
  return unobserved
    ? { key: k, text: `${A} ${seen}; ${B} appended ${showValue(vb)}, which no read shows, so after what ${A} saw (rw)` }
    : { key: k, text: `${A} ${seen} and did not see ${showValue(vb)}, which ${B} appended ${list.length === 0 ? "first" : "next"} (rw)` };
};
