import type { Op } from "../history/op.ts";
import { clientOperations } from "../history/pairs.ts";
import { explainViolation, type ReportedOp, type Violation } from "./register-explain.ts";
import { type RegisterOp, toRegisterOp, ValueTable } from "./register-model.ts";
import type { Checker, CheckResult, Validity } from "./verdict.ts";
import { mergeValidity } from "./verdict.ts";
import { type SearchResult, searchLinearization } from "./wgl-search.ts";

/**
 * Linearizability of single-key registers (read, write, cas), each key on its own: a
 * history of many registers is linearizable iff each register's is (locality), and
 * searching keys separately keeps the search exponential in one key's concurrency only.
 */

export interface RegisterOptions {
  /** Every register's value before its first write (default null). */
  initial?: unknown;
  /** Most configurations the search may visit per key (default 1,000,000): bounds memory. */
  maxStates?: number;
  /** Wall-clock budget for the whole check, explanations included (default 10,000 ms). */
  timeLimitMs?: number;
  /** Report the order found for each linearizable key (invoke indices); off by default, as it is as long as the history. */
  includeLinearization?: boolean;
}

export const DEFAULT_MAX_STATES = 1_000_000;
export const DEFAULT_TIME_LIMIT_MS = 10_000;
/** The name in `keys` of the one register that ops without a key share. */
export const NO_KEY = "(no key)";

export interface RegisterKeyResult {
  valid: Validity;
  /** Ops the search had to place: those that did not fail, minus reads without a value. */
  opCount: number;
  /** Ops omitted: ended `fail` (no effect), or reads that did not end `ok` (no value). */
  omitted: number;
  /** Configurations (linearized set, register value) the search visited. */
  states: number;
  reason?: string;
  /** Invoke indices in the order found (with `includeLinearization`). */
  linearization?: number[];
  violation?: Violation;
}

export const registerChecker: Checker<RegisterOptions> = {
  name: "register",
  check(history: readonly Op[], options: RegisterOptions): CheckResult {
    const maxStates = options.maxStates ?? DEFAULT_MAX_STATES;
    const timeLimitMs = options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS;
    const budget = { maxStates, deadline: performance.now() + timeLimitMs };
    const values = new ValueTable();
    const initial = values.id(options.initial ?? null);
    const registers = byKey(history, values);

    // Verdicts for every key first, explanations after: a long explanation must not starve another key's verdict.
    const keys: Record<string, RegisterKeyResult> = {};
    const failed: [string, RegisterOp[]][] = [];
    for (const [key, { ops, omitted }] of registers) {
      const result = searchLinearization(ops, initial, budget);
      keys[key] = keyResult(result, ops.length, omitted, { maxStates, timeLimitMs }, options.includeLinearization === true);
      if (result.outcome === "violation") failed.push([key, ops]);
    }
    for (const [key, ops] of failed) {
      const keyResult = keys[key] as RegisterKeyResult;
      keyResult.violation = explainViolation(ops, initial, budget);
      keyResult.reason = describe(keyResult.violation);
    }

    const valid = mergeValidity(...Object.values(keys).map((k) => k.valid));
    const states = Object.values(keys).reduce((sum, k) => sum + k.states, 0);
    const opCount = Object.values(keys).reduce((sum, k) => sum + k.opCount, 0);
    const reasons = Object.entries(keys)
      .filter(([, k]) => k.valid === valid && k.reason)
      .map(([key, k]) => `key ${key}: ${k.reason}`);
    return { checker: "register", valid, ...(valid === true ? {} : { reason: reasons.join("; ") }), keys, opCount, states };
  },
};

/** Each key's ops in invoke order (which keeps the search's memo keys short), keys sorted for stable reports. */
function byKey(history: readonly Op[], values: ValueTable): Map<string, { ops: RegisterOp[]; omitted: number }> {
  const registers = new Map<string, { ops: RegisterOp[]; omitted: number }>();
  for (const operation of clientOperations(history)) {
    const key = operation.key ?? NO_KEY;
    let register = registers.get(key);
    if (!register) {
      register = { ops: [], omitted: 0 };
      registers.set(key, register);
    }
    const op = toRegisterOp(operation, values);
    if (op) register.ops.push(op);
    else register.omitted++;
  }
  return new Map([...registers].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function keyResult(
  result: SearchResult,
  opCount: number,
  omitted: number,
  limits: { maxStates: number; timeLimitMs: number },
  includeLinearization: boolean,
): RegisterKeyResult {
  const base = { opCount, omitted, states: result.states };
  switch (result.outcome) {
    case "linearizable":
      return { valid: true, ...base, ...(includeLinearization ? { linearization: result.order.map((op) => op.index) } : {}) };
    case "violation":
      return { valid: false, ...base };
    case "budget": {
      const spent =
        result.exhausted === "maxStates"
          ? `maxStates budget (${limits.maxStates}) exhausted`
          : `timeLimitMs budget (${limits.timeLimitMs} ms) exhausted`;
      return { valid: "unknown", ...base, reason: `${spent} after ${result.states} states, before the search reached a verdict` };
    }
  }
}

function describe(violation: Violation): string {
  const ops = violation.ops.map(describeOp).join(", ");
  const context =
    violation.indeterminate.length > 0 ? ` (indeterminate ops involved: ${violation.indeterminate.map(describeOp).join(", ")})` : "";
  const shrunk = violation.minimal ? "" : " (budget ran out while shrinking: some of these may be unnecessary)";
  return `no order of these ${violation.ops.length} ops fits their times: ${ops}${context}${shrunk}`;
}

function describeOp(op: ReportedOp): string {
  return `${op.f} ${JSON.stringify(op.value)} by process ${op.process} (index ${op.index})`;
}
