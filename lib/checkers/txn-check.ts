import { ALL_ANOMALIES, type AnomalyName, type CycleAnomaly, isCycleAnomaly, type Variant } from "./anomalies.ts";
import { searchCycles } from "./cycles.ts";
import type { DependencyGraph } from "./dependency-graph.ts";
import { type Assumption, cycleMask, MODEL_NAMES, type ModelName } from "./models.ts";
import { stronglyConnected } from "./scc.ts";
import { type CycleCase, type DataEdgeExplainer, explainCycle } from "./txn-explain.ts";
import type { DirectCase, Findings } from "./txn-findings.ts";
import type { TxnHistory } from "./txn-ops.ts";
import type { TxnSettings } from "./txn-options.ts";
import { type Evidence, type Found, judgeModel, type ModelVerdict } from "./txn-verdict.ts";
import type { CheckResult } from "./verdict.ts";
import type { Committed } from "./write-index.ts";

/** What a transactional checker hands over once its own inferences are made: the graph and the direct findings. */
export interface TxnAnalysis {
  checker: "list-append" | "rw-register";
  settings: TxnSettings;
  history: TxnHistory;
  committed: Committed;
  graph: DependencyGraph;
  findings: Findings;
  edges: "process" | "realtime" | undefined;
  explainData: DataEdgeExplainer;
  /** ok reads: without any, no version was observed and nothing can be judged. */
  okReads: number;
  /** Assumptions an edge rests on (rw-register's inferred version orders); none when absent. */
  edgeNeeds?: (edge: number) => readonly Assumption[];
  /** Figures of the checker's own, added to the stats. */
  stats: Record<string, unknown>;
}

export interface AnomalyReport {
  count: number;
  /** Whether the model checked against forbids it. */
  forbidden: boolean;
  cases: (DirectCase | CycleCase)[];
}

/**
 * Searches the graph for cycles, joins them with the direct findings, and judges the claimed
 * model and, advisory, every other model from the same evidence.
 */
export function judgeTransactions(a: TxnAnalysis): CheckResult {
  const { settings, graph, committed } = a;
  const variants: Variant[] = [
    "",
    ...(a.edges === "process" ? (["-process"] as const) : a.edges === "realtime" ? (["-realtime"] as const) : []),
  ];
  const started = performance.now();
  const searched = searchCycles(graph, variants, {
    maxCycles: settings.maxCases,
    deadline: started + settings.timeLimitMs,
    maxSteps: settings.maxSteps,
  });
  const searchMs = Math.round(performance.now() - started);

  const found = new Map<AnomalyName, Found>();
  const cases = new Map<AnomalyName, (DirectCase | CycleCase)[]>();
  for (const name of a.findings.names()) {
    const f = a.findings.get(name);
    if (!f) continue;
    found.set(name, { count: f.count, needs: f.needs, exact: true });
    cases.set(name, f.cases);
  }
  const undecided = new Set<CycleAnomaly>();
  for (const [name, result] of searched) {
    if (result.undecided > 0) undecided.add(name);
    if (result.components === 0) continue;
    const needs = result.cycles.map((c) => ({ needs: [...new Set(c.edges.flatMap((e) => a.edgeNeeds?.(e.edge) ?? []))], count: 1 }));
    found.set(name, { count: result.components, needs, exact: false });
    cases.set(
      name,
      result.cycles.map((c) => explainCycle(name, c, graph, committed.nodes, a.explainData)),
    );
  }

  const largest = new Map<number, number>();
  const evidence: Evidence = {
    found,
    undecided,
    edges: a.edges,
    nothingToJudge: nothingToJudge(a),
    cycleAmong(model) {
      const mask = cycleMask(model);
      if (mask === undefined) return 0;
      let size = largest.get(mask);
      if (size === undefined) {
        size = Math.max(0, ...stronglyConnected(graph, mask).sizes.filter((s) => s > 1));
        largest.set(mask, size);
      }
      return size;
    },
  };
  const verdict = judgeModel(settings.model, evidence);
  const models = Object.fromEntries(MODEL_NAMES.map((m) => [m, m === settings.model ? verdict : judgeModel(m, evidence)])) as Record<
    ModelName,
    ModelVerdict
  >;
  const forbidden = new Set(Object.keys(verdict.anomalies));
  const names = ALL_ANOMALIES.filter((n) => found.has(n));
  const anomalies = Object.fromEntries(
    names.map((n): [AnomalyName, AnomalyReport] => [
      n,
      { count: found.get(n)?.count ?? 0, forbidden: forbidden.has(n), cases: cases.get(n) ?? [] },
    ]),
  );
  const txns = a.history.txns;
  const outcomes = (o: string) => txns.filter((t) => t.outcome === o).length;
  return {
    checker: a.checker,
    valid: verdict.valid === "not judged" ? "unknown" : verdict.valid,
    ...(verdict.reason ? { reason: verdict.reason } : {}),
    model: settings.model,
    anomalyTypes: names,
    anomalies,
    ...(undecided.size > 0 ? { undecided: [...undecided] } : {}),
    models,
    ...(a.checker === "rw-register" ? { assumptions: settings.assumptions } : {}),
    stats: {
      transactions: txns.length,
      ok: outcomes("ok"),
      info: outcomes("info"),
      fail: outcomes("fail"),
      committed: committed.nodes.length,
      okReads: a.okReads,
      ...a.stats,
      edges: graph.counts,
      otherOps: a.history.otherOps,
      searchMs,
    },
    explanation: explanation(settings.model, names, anomalies, models),
  };
}

function nothingToJudge(a: TxnAnalysis): string | undefined {
  if (a.history.txns.length === 0) return 'the history has no transaction (f "txn"): nothing to judge';
  if (a.committed.nodes.length === 0) return "no transaction committed (none ended ok): nothing to judge";
  if (a.okReads === 0) return "no committed transaction read anything, so no version was observed: nothing to judge";
  return undefined;
}

/** The report in lines: each anomaly with its cases, then every model's verdict (advisory). */
function explanation(
  model: ModelName,
  names: readonly AnomalyName[],
  anomalies: Record<string, AnomalyReport>,
  models: Record<ModelName, ModelVerdict>,
): string[] {
  const lines: string[] = [];
  for (const name of names) {
    const r = anomalies[name] as AnomalyReport;
    lines.push(
      `${name} x${r.count} (${r.forbidden ? "forbidden" : "allowed"} by ${model})${r.cases.length < r.count ? `, ${r.cases.length} shown` : ""}:`,
    );
    for (const c of r.cases) {
      if (isCycleAnomaly(name)) for (const line of (c as CycleCase).explanation) lines.push(`  ${line}`);
      else lines.push(`  ${(c as DirectCase).explanation}`);
    }
  }
  const by = (valid: ModelVerdict["valid"]) => MODEL_NAMES.filter((m) => models[m].valid === valid);
  const valid = by(true);
  if (valid.length > 0) lines.push(`valid under: ${valid.join(", ")}`);
  const invalid = by(false);
  if (invalid.length > 0) {
    const counts = (m: ModelName) =>
      Object.entries(models[m].anomalies)
        .map(([n, c]) => `${n} x${c}`)
        .join(", ");
    lines.push(`invalid under: ${invalid.map((m) => `${m} (${counts(m) || models[m].reason})`).join("; ")}`);
  }
  for (const m of by("unknown")) lines.push(`unknown under ${m}: ${models[m].reason}`);
  const notJudged = new Map<string, ModelName[]>();
  for (const m of by("not judged")) notJudged.set(models[m].reason ?? "", [...(notJudged.get(models[m].reason ?? "") ?? []), m]);
  for (const [reason, group] of notJudged) lines.push(`not judged: ${group.join(", ")} (${reason})`);
  return lines;
}
