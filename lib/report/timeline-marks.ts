/**
 * What the timeline marks on its lanes, read from the checkers' results: the transactions of
 * every reported anomaly case (list-append, rw-register), and the acknowledged writes that were
 * lost (set, loss-window). Results are findings as results.json holds them, so every shape is
 * checked, never assumed: a result without them marks nothing.
 */
import type { CheckResult } from "../checkers/verdict.ts";
import type { Op } from "../history/op.ts";
import { clientOperations } from "../history/pairs.ts";

/** A transaction in a reported anomaly: its invoke's history index and the anomalies naming it. */
export interface AnomalousTxn {
  index: number;
  name: string;
  anomalies: string[];
}

/** An acknowledged add missing from the final read: the add's invoke index and the element. */
export interface LostWrite {
  index: number;
  element: unknown;
  /** Inside the window a loss-window check allows (asynchronous replication), so not a violation. */
  allowed: boolean;
}

/** One step of a reported cycle, as the transactional checkers write it (lib/checkers/txn-explain.ts). */
export interface CycleStepView {
  from: string;
  to: string;
  type: string;
  key?: unknown;
  explanation: string;
}

/** A transaction of a reported case: name, invoke index, where it ran and what it did. */
export interface TxnView {
  name: string;
  index: number;
  process: number;
  node?: string;
  outcome: string;
  ops: ReadonlyArray<readonly unknown[]>;
}

/** A reported case of an anomaly: a cycle (with steps) or a direct finding (with its explanation). */
export interface AnomalyCaseView {
  checker: string;
  anomaly: string;
  /** The model the check judged against, when it says. */
  model?: string;
  forbidden: boolean;
  /** How many the checker counted (the cases shown are the first few). */
  count: number;
  txns: TxnView[];
  steps?: CycleStepView[];
  simple?: boolean;
  explanation: string[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function txnView(t: unknown): TxnView | undefined {
  if (!isObject(t) || typeof t.name !== "string" || typeof t.index !== "number") return undefined;
  return {
    name: t.name,
    index: t.index,
    process: typeof t.process === "number" ? t.process : -1,
    ...(typeof t.node === "string" ? { node: t.node } : {}),
    outcome: typeof t.outcome === "string" ? t.outcome : "ok",
    ops: Array.isArray(t.ops) ? t.ops.filter((m): m is unknown[] => Array.isArray(m)) : [],
  };
}

function stepView(s: unknown): CycleStepView | undefined {
  if (!isObject(s) || typeof s.from !== "string" || typeof s.to !== "string" || typeof s.type !== "string") return undefined;
  return {
    from: s.from,
    to: s.to,
    type: s.type,
    ...(s.key === undefined ? {} : { key: s.key }),
    explanation: typeof s.explanation === "string" ? s.explanation : "",
  };
}

/** Every case the transactional checkers reported, anomaly by anomaly, in their order. */
export function anomalyCases(results: Record<string, CheckResult>): AnomalyCaseView[] {
  return Object.values(results).flatMap((r) => {
    if (!isObject(r.anomalies)) return [];
    return Object.entries(r.anomalies).flatMap(([anomaly, report]) => {
      if (!isObject(report) || !Array.isArray(report.cases)) return [];
      return report.cases.flatMap((c): AnomalyCaseView[] => {
        if (!isObject(c) || !Array.isArray(c.txns)) return [];
        const steps = Array.isArray(c.steps) ? c.steps.map(stepView) : undefined;
        const explanation = Array.isArray(c.explanation)
          ? c.explanation.filter((l): l is string => typeof l === "string")
          : typeof c.explanation === "string"
            ? [c.explanation]
            : [];
        return [
          {
            checker: r.checker,
            anomaly,
            ...(typeof r.model === "string" ? { model: r.model } : {}),
            forbidden: report.forbidden === true,
            count: typeof report.count === "number" ? report.count : c.txns.length,
            txns: c.txns.map(txnView).filter((t): t is TxnView => t !== undefined),
            ...(steps?.every((s) => s !== undefined) ? { steps: steps as CycleStepView[], simple: c.simple !== false } : {}),
            explanation,
          },
        ];
      });
    });
  });
}

/** The transactions of every reported case, by invoke index, with the anomalies that name them. */
export function anomalousTxns(cases: readonly AnomalyCaseView[]): AnomalousTxn[] {
  const byIndex = new Map<number, AnomalousTxn>();
  for (const c of cases)
    for (const t of c.txns) {
      const entry = byIndex.get(t.index) ?? { index: t.index, name: t.name, anomalies: [] };
      if (!entry.anomalies.includes(c.anomaly)) entry.anomalies.push(c.anomaly);
      byIndex.set(t.index, entry);
    }
  return [...byIndex.values()].sort((a, b) => a.index - b.index);
}

/**
 * The ops a register check found no linearization for (per key, the ops that cannot be ordered
 * together, each needed), named by their invoke index and marked like a transaction's anomaly.
 */
export function nonLinearizableOps(results: Record<string, CheckResult>): AnomalousTxn[] {
  const marked = new Map<number, AnomalousTxn>();
  for (const r of Object.values(results)) {
    if (!isObject(r.keys)) continue;
    for (const [key, k] of Object.entries(r.keys)) {
      if (!isObject(k) || !isObject(k.violation) || !Array.isArray(k.violation.ops)) continue;
      for (const op of k.violation.ops)
        if (isObject(op) && typeof op.index === "number" && !marked.has(op.index))
          marked.set(op.index, {
            index: op.index,
            name: `${String(op.f)} ${JSON.stringify(op.value)}`,
            anomalies: [`not linearizable (key ${key})`],
          });
    }
  }
  return [...marked.values()].sort((a, b) => a.index - b.index);
}

/**
 * The acknowledged adds that a set-like check found lost (`lost`: the elements), each found
 * again in the history by its element; a loss-window check's `lostInWindow` marks those it allows.
 */
export function lostWrites(results: Record<string, CheckResult>, history: readonly Op[]): LostWrite[] {
  const key = (v: unknown) => JSON.stringify(v);
  const lost = new Set<string>();
  const allowed = new Set<string>();
  for (const r of Object.values(results)) {
    if (Array.isArray(r.lost)) for (const v of r.lost) lost.add(key(v));
    if (Array.isArray(r.lostInWindow)) for (const v of r.lostInWindow) if (isObject(v)) allowed.add(key(v.element));
    if (Array.isArray(r.lostOutsideWindow)) for (const v of r.lostOutsideWindow) if (isObject(v)) lost.add(key(v.element));
  }
  for (const v of allowed) lost.add(v);
  if (lost.size === 0) return [];
  return clientOperations(history)
    .filter((o) => o.f === "add" && o.outcome === "ok" && lost.has(key(o.invoke.value)))
    .map((o) => ({ index: o.invoke.index, element: o.invoke.value, allowed: allowed.has(key(o.invoke.value)) }));
}
