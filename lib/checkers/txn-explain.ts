import type { TxnKey } from "../history/micro-op.ts";
import type { CycleAnomaly } from "./anomalies.ts";
import type { FoundCycle } from "./cycles.ts";
import { type DependencyGraph, EDGE_NAMES, type EdgeName, type EdgeWhy, PROCESS, REALTIME } from "./dependency-graph.ts";
import { describeTxn, summarize, type TxnSummary, txnName } from "./txn-findings.ts";
import type { Txn } from "./txn-ops.ts";

/** Why one data edge holds, in words, by the checker that made it (ww, wr and rw edges only). */
export type DataEdgeExplainer = (type: number, a: Txn, b: Txn, why: EdgeWhy) => { key: TxnKey; text: string };

/** One edge of a reported cycle. */
export interface CycleStep {
  from: string;
  to: string;
  type: EdgeName;
  key?: TxnKey;
  explanation: string;
}

/** A reported cycle: its transactions, each edge with what justifies it, and all of it in lines a DBA can follow. */
export interface CycleCase {
  txns: TxnSummary[];
  steps: CycleStep[];
  simple: boolean;
  explanation: string[];
}

/** Realtime and process edges explain themselves from the transactions' positions. */
function orderStep(type: number, a: Txn, b: Txn): string {
  if (type === PROCESS) return `process ${a.process} ran ${txnName(a)} to completion, then ${txnName(b)} (process order)`;
  return `${txnName(a)} completed (index ${a.completeIndex}) before ${txnName(b)} was invoked (index ${b.index}) (realtime)`;
}

/** A cycle found in the graph, explained: "T3 < T7 because ..., T7 < T3 because ...: T3 would precede itself". */
export function explainCycle(
  name: CycleAnomaly,
  cycle: FoundCycle,
  graph: DependencyGraph,
  nodes: readonly Txn[],
  explainData: DataEdgeExplainer,
): CycleCase {
  const steps: CycleStep[] = cycle.edges.map((e) => {
    const a = nodes[e.from] as Txn;
    const b = nodes[e.to] as Txn;
    const type = EDGE_NAMES[e.type] as EdgeName;
    if (e.type === PROCESS || e.type === REALTIME) return { from: txnName(a), to: txnName(b), type, explanation: orderStep(e.type, a, b) };
    const { key, text } = explainData(e.type, a, b, graph.why(e.edge));
    return { from: txnName(a), to: txnName(b), type, key, explanation: text };
  });
  const members = [...new Map(cycle.edges.map((e) => [e.from, nodes[e.from] as Txn])).values()];
  const first = steps[0]?.from ?? "";
  const lines = [
    `${name}: ${steps.map((s) => `${s.from} -${s.type}->`).join(" ")} ${first}${cycle.simple ? "" : " (a closed walk: a transaction appears twice)"}`,
    ...members.map((t) => `  ${describeTxn(t)}`),
    ...steps.map((s) => `  ${s.from} < ${s.to}: ${s.explanation}`),
    `  so ${first} would have to come before itself.`,
  ];
  return { txns: members.map(summarize), steps, simple: cycle.simple, explanation: lines };
}
