import type { Op } from "../history/op.ts";
import { timedOutcomes } from "./availability-outcomes.ts";
import { type Phase, type PhaseKind, phases } from "./availability-phases.ts";
import { type FaultRecovery, faultRecoveries } from "./availability-recovery.ts";
import { longestRuns, type UnavailableRun } from "./availability-runs.ts";
import type { Checker, CheckResult } from "./verdict.ts";

/** Bounds, all optional; without any the checker only measures (valid true). */
export interface AvailabilityOptions {
  /** The longest run of failed/indeterminate client ops overall may last at most this long. */
  maxUnavailableMs?: number;
  /** Every fault must see an ok completion within this long after it took effect (none at all exceeds it). */
  maxRecoveryMs?: number;
  /** Lowest acceptable ok / total per phase kind, each from 0 to 1. */
  minSuccessRate?: Partial<Record<PhaseKind, number>>;
}

const at = (ms: number | null) => (ms === null ? "end of history" : `${ms} ms`);

function unavailableViolation(run: UnavailableRun | null, limit: number | undefined): string[] {
  if (limit === undefined || run === null || run.durationMs <= limit) return [];
  return [
    `maxUnavailableMs: longest failed/indeterminate run lasted ${run.durationMs} ms (${run.count} ops, ${run.startMs}-${run.endMs} ms), limit ${limit} ms`,
  ];
}

function recoveryViolations(recoveries: readonly FaultRecovery[], limit: number | undefined): string[] {
  if (limit === undefined) return [];
  return recoveries.flatMap((r) => {
    if (r.recoveryMs === null) return [`maxRecoveryMs: ${r.f} at ${r.startMs} ms: no ok operation completed after it, limit ${limit} ms`];
    if (r.recoveryMs > limit) return [`maxRecoveryMs: ${r.f} at ${r.startMs} ms: first ok after ${r.recoveryMs} ms, limit ${limit} ms`];
    return [];
  });
}

/** A phase where nothing completed has no rate and breaks no bound: there is no evidence about it. */
function rateViolations(all: readonly Phase[], limits: AvailabilityOptions["minSuccessRate"]): string[] {
  return all.flatMap((p) => {
    const limit = limits?.[p.kind];
    if (limit === undefined || p.rate === null || p.rate >= limit) return [];
    const rate = Math.round(p.rate * 10_000) / 10_000;
    return [
      `minSuccessRate.${p.kind}: ${p.kind} phase ${p.startMs} ms to ${at(p.endMs)}: success rate ${rate} (${p.ok}/${p.total}), limit ${limit}`,
    ];
  });
}

/**
 * Availability under faults: time to the first ok after each fault, the longest stretch of
 * failed/indeterminate ops, and success rate per phase, each checked against optional bounds.
 */
export const availabilityChecker: Checker<AvailabilityOptions> = {
  name: "availability",
  check(history: readonly Op[], options: AvailabilityOptions): CheckResult {
    const outcomes = timedOutcomes(history);
    if (outcomes.length === 0) {
      return {
        checker: "availability",
        valid: "unknown",
        reason: "the history has no client operation: nothing to measure availability by",
      };
    }
    const count = (outcome: string) => outcomes.filter((o) => o.outcome === outcome).length;
    const recovery = faultRecoveries(history, outcomes);
    const longestUnavailable = longestRuns(outcomes);
    const phaseList = phases(history, outcomes);
    const violations = [
      ...unavailableViolation(longestUnavailable.overall, options.maxUnavailableMs),
      ...recoveryViolations(recovery, options.maxRecoveryMs),
      ...rateViolations(phaseList, options.minSuccessRate),
    ];
    return {
      checker: "availability",
      valid: violations.length === 0,
      ...(violations.length > 0 ? { reason: violations.join("; ") } : {}),
      operations: { total: outcomes.length, ok: count("ok"), fail: count("fail"), info: count("info") },
      recovery,
      longestUnavailable,
      phases: phaseList,
      violations,
    };
  },
};
