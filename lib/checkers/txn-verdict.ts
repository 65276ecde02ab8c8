import { type AnomalyName, CYCLE_BASES, type CycleAnomaly } from "./anomalies.ts";
import { type Assumption, edgesNeeded, forbiddenBy, grants, type ModelName } from "./models.ts";
import type { Validity } from "./verdict.ts";

/**
 * An anomaly's occurrences by the assumptions they rest on ([] for none). Exact when every
 * occurrence is counted under its own assumptions (direct anomalies); otherwise (cycles) the
 * assumption sets are those of the cycles kept for the report, a sample of the occurrences.
 */
export interface Found {
  count: number;
  needs: readonly { needs: readonly Assumption[]; count: number }[];
  exact: boolean;
}

/** What the analysis found, as every model is judged from it. */
export interface Evidence {
  /** Each anomaly found: how many, and on what assumptions. */
  found: ReadonlyMap<AnomalyName, Found>;
  /** Cycle classes whose search ran out of budget somewhere before deciding. */
  undecided: ReadonlySet<CycleAnomaly>;
  /** The extra edges the graph has. */
  edges: "process" | "realtime" | undefined;
  /** Why nothing can be judged at all (no committed transaction, no read), if so. */
  nothingToJudge: string | undefined;
  /** For a model whose forbidden cycles are all cycles of some edge types: the size of a component of those edges, 0 if none. */
  cycleAmong(model: ModelName): number;
}

/** Why a model was not judged: the same words for every model it applies to, so a report can group them. */
export const NO_REALTIME = "needs realtime edges, which this check did not build (check with that model)";
export const NO_PROCESS = "needs process-order edges, which this check did not build (check with that model)";

export interface ModelVerdict {
  valid: Validity | "not judged";
  /** Forbidden anomalies found, with counts. */
  anomalies: Partial<Record<AnomalyName, number>>;
  reason?: string;
}

/**
 * One model's verdict: false when an anomaly it forbids was found (resting only on assumptions
 * it grants); "not judged" when its anomalies need edges this graph does not have; "unknown"
 * when something it forbids was found only under assumptions it does not grant, or a search it
 * needs ran out of budget; otherwise true. Checking nothing is never a pass.
 */
export function judgeModel(model: ModelName, evidence: Evidence): ModelVerdict {
  if (evidence.nothingToJudge) return { valid: "unknown", anomalies: {}, reason: evidence.nothingToJudge };
  const forbidden = forbiddenBy(model);
  const granted = new Set(grants(model));
  const anomalies: Partial<Record<AnomalyName, number>> = {};
  const ungranted: AnomalyName[] = [];
  for (const [name, { count, needs, exact }] of evidence.found) {
    if (!forbidden.has(name)) continue;
    const grantedNeeds = needs.filter((n) => n.needs.every((a) => granted.has(a)));
    // Occurrences resting on what the model does not promise say nothing about it; when only a
    // sample of them is known (cycles), the rest may or may not rest on the same.
    if (exact) {
      const grantedCount = grantedNeeds.reduce((sum, n) => sum + n.count, 0);
      if (grantedCount > 0) anomalies[name] = grantedCount;
    } else if (grantedNeeds.length > 0) anomalies[name] = count;
    else ungranted.push(name);
  }
  const names = Object.entries(anomalies).map(([name, count]) => `${name} x${count}`);
  if (names.length > 0) return { valid: false, anomalies, reason: `${model} forbids ${names.join(", ")}` };
  const needed = edgesNeeded(model);
  if (needed === "realtime" && evidence.edges !== "realtime") {
    return {
      valid: "not judged",
      anomalies,
      reason: NO_REALTIME,
    };
  }
  if (needed === "process" && evidence.edges === undefined) {
    return {
      valid: "not judged",
      anomalies,
      reason: NO_PROCESS,
    };
  }
  if (needed === "process" && evidence.edges === "realtime") {
    // Process order is realtime order, so a process cycle would have been found as a realtime one.
    const realtime = CYCLE_BASES.filter((b) => forbidden.has(`${b}-process`) && evidence.found.has(`${b}-realtime`));
    if (realtime.length > 0) {
      return {
        valid: "unknown",
        anomalies,
        reason: `${realtime.map((b) => `${b}-realtime`).join(", ")} found; whether one closes through a process's own order alone was not searched: check with --option model=${model}`,
      };
    }
  }
  if (ungranted.length > 0) {
    return {
      valid: "unknown",
      anomalies,
      reason: `${ungranted.join(", ")} found only by assuming what ${model} does not promise (${[...granted].join(", ") || "no assumption"} granted)`,
    };
  }
  const undecided = [...evidence.undecided].filter((name) => forbidden.has(name));
  if (undecided.length > 0) {
    const size = evidence.cycleAmong(model);
    if (size > 0) {
      return {
        valid: false,
        anomalies,
        reason: `a cycle ${model} forbids exists among ${size} transactions; the search for ${undecided.join(", ")} ran out of budget before naming it`,
      };
    }
    return { valid: "unknown", anomalies, reason: `the cycle search for ${undecided.join(", ")} ran out of budget before deciding` };
  }
  return { valid: true, anomalies };
}
