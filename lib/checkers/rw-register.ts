import { showKey, showValue, type TxnKey } from "../history/micro-op.ts";
import type { Op } from "../history/op.ts";
import { GraphBuilder, RW, WR, WW } from "./dependency-graph.ts";
import { lostUpdates } from "./lost-update.ts";
import { type Assumption, edgesNeeded } from "./models.ts";
import { addOrderEdges } from "./order-edges.ts";
import { registerEdges } from "./rw-register-edges.ts";
import { registerInternal } from "./rw-register-internal.ts";
import { type RegisterReads, registerReads } from "./rw-register-reads.ts";
import { judgeTransactions } from "./txn-check.ts";
import type { DataEdgeExplainer } from "./txn-explain.ts";
import { Findings, txnName } from "./txn-findings.ts";
import { transactions, wrongKind } from "./txn-ops.ts";
import { type TxnCheckerOptions, txnSettings } from "./txn-options.ts";
import type { Checker, CheckResult } from "./verdict.ts";
import { describeVersionEdge, type RegisterOrders, registerVersionOrders } from "./version-order-register.ts";
import { type Committed, committedTxns, type WriteIndex, writeIndex } from "./write-index.ts";

/**
 * Elle's rw-register checker: transactions write unique values to registers and read them back.
 * A read names the write it saw (wr); the version orders that ww and rw edges need are partial,
 * inferred from the initial state and from what the claimed model lets us assume
 * (version-order-register.ts), each edge marked with the assumption it rests on.
 */
export const rwRegisterChecker: Checker<TxnCheckerOptions> = {
  name: "rw-register",
  validateOptions: (options) => {
    txnSettings(options);
  },
  check(history: readonly Op[], options: TxnCheckerOptions): CheckResult {
    const settings = txnSettings(options);
    const txnHistory = transactions(history);
    const mismatch = wrongKind(txnHistory, "rw-register");
    if (mismatch) return { checker: "rw-register", valid: "unknown", reason: mismatch };
    const { txns } = txnHistory;
    const findings = new Findings(settings.maxCases);
    const writes = writeIndex(txns, "w");
    const reads = registerReads(txns, writes, findings);
    registerInternal(txns, findings);
    lostUpdates(txns, "rw-register", findings);
    const committed = committedTxns(txns, reads.observed);
    registerDirtyUpdates(committed, reads, writes, findings);
    const orders = registerVersionOrders(committed.nodes, reads.views, settings.assumptions, findings);

    const builder = new GraphBuilder(committed.nodes.length);
    registerEdges(committed, writes, reads.views, orders, builder);
    const edges = edgesNeeded(settings.model);
    addOrderEdges(builder, committed, edges);
    const graph = builder.build();
    const needs = (id: number): readonly Assumption[] => {
      const source = orders.edges[id]?.source;
      return source === undefined || source === "initial" ? [] : [source];
    };

    return judgeTransactions({
      checker: "rw-register",
      settings,
      history: txnHistory,
      committed,
      graph,
      findings,
      edges,
      explainData: registerEdgeExplainer(orders),
      okReads: reads.okReads,
      edgeNeeds: (edge) => {
        const why = graph.why(edge);
        return why.note >= 0 ? needs(why.note) : [];
      },
      stats: { keys: writes.size, versionOrderFacts: orders.edges.length },
    });
  },
};

/**
 * Dirty update for registers: a committed transaction read a value a failed transaction wrote,
 * then wrote the key itself, carrying aborted state into a committed version.
 */
function registerDirtyUpdates(committed: Committed, reads: RegisterReads, writes: WriteIndex, findings: Findings): void {
  for (const txn of committed.nodes) {
    if (txn.outcome !== "ok") continue;
    for (const [key, view] of reads.views.get(txn) ?? []) {
      const last = view.reads.at(-1);
      if (!view.write || !last || last.value === null) continue;
      const w = writes.get(key)?.get(last.value);
      if (w?.txn.outcome !== "fail") continue;
      const written = view.write.value;
      findings.add(
        "dirty-update",
        [w.txn, txn],
        () =>
          `key ${showKey(key)}: ${txnName(txn)} read ${showValue(last.value)}, which failed ${txnName(w.txn)} wrote, then wrote ${showValue(written)} (dirty update)`,
        key,
      );
    }
  }
}

/** An rw-register ww, wr or rw edge in words; ww and rw name the version-order fact they rest on. */
function registerEdgeExplainer(orders: RegisterOrders): DataEdgeExplainer {
  return (type, a, b, why) => {
    const [, key, va] = a.mops[why.aMop] ?? [];
    const [, , vb] = b.mops[why.bMop] ?? [];
    const k = key as TxnKey;
    const A = txnName(a);
    const B = txnName(b);
    if (type === WR) return { key: k, text: `${B} read key ${showKey(k)} = ${showValue(vb)}, which ${A} wrote (wr)` };
    const fact = orders.edges[why.note];
    const because = fact ? describeVersionEdge(fact) : "version order";
    if (type === WW)
      return {
        key: k,
        text: `${A} wrote key ${showKey(k)} = ${showValue(va)} and ${B} wrote ${showValue(vb)}, a later version (ww: ${because})`,
      };
    if (type !== RW) throw new Error(`rw-register: no explanation for edge type ${type}`);
    const saw = va === null ? "the initial null" : showValue(va);
    return { key: k, text: `${A} read key ${showKey(k)} = ${saw} and ${B} wrote ${showValue(vb)}, a later version (rw: ${because})` };
  };
}
