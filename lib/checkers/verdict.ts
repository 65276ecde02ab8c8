import { errorMessage } from "../core/errors.ts";
import { NEMESIS, type Op } from "../history/op.ts";

/** A verdict (docs/architecture.md, "Verdicts"): true, false, or "unknown" when the evidence cannot decide. */
export type Validity = true | false | "unknown";

/** What every checker returns: a verdict, the checker's name, and its own findings beside them. */
export interface CheckResult {
  checker: string;
  valid: Validity;
  /** Why the verdict is unknown or false, in words, when there is one reason to give. */
  reason?: string;
  [finding: string]: unknown;
}

export interface Checker<O = Record<string, never>> {
  name: string;
  check(history: readonly Op[], options: O): CheckResult;
  /** Throws BadInputError on options that can never work (an unknown model name), before any history is read. */
  validateOptions?(options: O): void;
}

/** false over "unknown" over true. */
export function mergeValidity(...verdicts: Validity[]): Validity {
  if (verdicts.includes(false)) return false;
  if (verdicts.includes("unknown")) return "unknown";
  return true;
}

/** Why a history without a single client operation is judged "unknown". */
export const NO_CLIENT_OPERATION = "the history holds no client operation";

/**
 * Runs a checker; a checker that throws yields "unknown" with the error, never a verdict it did
 * not reach. A history with no client operation (empty, or faults only) yields "unknown" too:
 * a checker finds no violation in nothing, and checking nothing is never a pass.
 */
export function runChecker<O>(checker: Checker<O>, history: readonly Op[], options: O): CheckResult {
  if (!history.some((op) => op.process !== NEMESIS)) return { checker: checker.name, valid: "unknown", reason: NO_CLIENT_OPERATION };
  try {
    return checker.check(history, options);
  } catch (error) {
    return { checker: checker.name, valid: "unknown", reason: `checker crashed: ${errorMessage(error)}` };
  }
}

/**
 * Several results as one: the merged verdict and every result by checker name. A result
 * marked `advisory` is reported but left out of the merged verdict (a finding the user chose
 * not to gate on, such as a bank anomaly on a store that does not promise serializability).
 */
export function composeResults(results: readonly CheckResult[]): { valid: Validity; results: Record<string, CheckResult> } {
  return {
    valid: mergeValidity(...results.filter((r) => r.advisory !== true).map((r) => r.valid)),
    results: Object.fromEntries(results.map((r) => [r.checker, r])),
  };
}

/** The same checker, its results marked advisory (reported, not merged into the verdict). */
export function advisory<O>(checker: Checker<O>): Checker<O> {
  return { name: checker.name, check: (history, options) => ({ ...runChecker(checker, history, options), advisory: true }) };
}
