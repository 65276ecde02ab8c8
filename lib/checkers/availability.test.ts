import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Op } from "../history/op.ts";
import { type AvailabilityOptions, availabilityChecker } from "./availability.ts";
import { NO_CLIENT_OPERATION, runChecker } from "./verdict.ts";

// Expected numbers are worked out by hand in fixtures/histories/availability/README.md.
const history = (name: string): Op[] =>
  readFileSync(new URL(`../../fixtures/histories/availability/${name}`, import.meta.url), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Op);
const check = (name: string, options: AvailabilityOptions = {}) => runChecker(availabilityChecker, history(name), options);

const run = (count: number, durationMs: number, startMs: number, endMs: number) => ({ count, durationMs, startMs, endMs });
const phase = (kind: string, faults: string[], startMs: number, endMs: number | null, ok: number, fail: number, info: number) => {
  const total = ok + fail + info;
  return { kind, faults, startMs, endMs, ok, fail, info, total, rate: total === 0 ? null : ok / total };
};

describe("availability checker: partition-heal.jsonl", () => {
  const grudge = { n1: ["n3"], n2: ["n3"], n3: ["n1", "n2"] };

  it("measures recovery, runs and phases; no bounds → valid", () => {
    expect(check("partition-heal.jsonl")).toEqual({
      checker: "availability",
      valid: true,
      operations: { total: 12, ok: 9, fail: 2, info: 1 },
      recovery: [{ f: "partition", value: grudge, startMs: 32, endMs: 102, recoveryMs: 13, perNode: { n1: 13, n2: 28, n3: 78 } }],
      longestUnavailable: { overall: run(2, 59, 36, 95), perNode: { n1: null, n2: run(1, 10, 40, 50), n3: run(2, 59, 36, 95) } },
      phases: [
        phase("before", [], 0, 32, 3, 0, 0),
        phase("fault", ["partition"], 32, 102, 3, 2, 1),
        phase("after", [], 102, null, 3, 0, 0),
      ],
      violations: [],
    });
  });

  it("bounds equal to the measured values pass (inclusive)", () => {
    const result = check("partition-heal.jsonl", {
      maxUnavailableMs: 59,
      maxRecoveryMs: 13,
      minSuccessRate: { before: 1, fault: 0.5, after: 1 },
    });
    expect(result.valid).toBe(true);
    expect(result.violations).toEqual([]);
  });

  it.each([
    [{ maxUnavailableMs: 50 }, "maxUnavailableMs: longest failed/indeterminate run lasted 59 ms (2 ops, 36-95 ms), limit 50 ms"],
    [{ maxRecoveryMs: 10 }, "maxRecoveryMs: partition at 32 ms: first ok after 13 ms, limit 10 ms"],
    [{ minSuccessRate: { fault: 0.6 } }, "minSuccessRate.fault: fault phase 32 ms to 102 ms: success rate 0.5 (3/6), limit 0.6"],
  ])("%j alone exceeded → false naming bound, value and limit", (options, violation) => {
    const result = check("partition-heal.jsonl", options);
    expect(result.valid).toBe(false);
    expect(result.violations).toEqual([violation]);
    expect(result.reason).toBe(violation);
  });
});

describe("availability checker: no-ok-after-fault.jsonl", () => {
  it("a fault never followed by an ok has null recovery; an unanswered op runs to the history's end", () => {
    expect(check("no-ok-after-fault.jsonl")).toEqual({
      checker: "availability",
      valid: true,
      operations: { total: 6, ok: 2, fail: 2, info: 2 },
      recovery: [{ f: "kill", value: ["n1", "n2"], startMs: 25, endMs: null, recoveryMs: null, perNode: { n1: null, n2: null } }],
      longestUnavailable: { overall: run(4, 65, 30, 95), perNode: { n1: run(2, 65, 30, 95), n2: run(2, 63, 32, 95) } },
      phases: [phase("before", [], 0, 25, 2, 0, 0), phase("fault", ["kill"], 25, null, 0, 2, 2)],
      violations: [],
    });
  });

  it("with maxRecoveryMs set, no ok after the fault exceeds it", () => {
    const result = check("no-ok-after-fault.jsonl", { maxRecoveryMs: 1000 });
    expect(result.valid).toBe(false);
    expect(result.violations).toEqual(["maxRecoveryMs: kill at 25 ms: no ok operation completed after it, limit 1000 ms"]);
  });
});

describe("availability checker: two-faults.jsonl", () => {
  const result = () => check("two-faults.jsonl");

  it("recovery per fault, overall and per node", () => {
    expect(result().recovery).toEqual([
      { f: "partition", value: { n1: ["n2"], n2: ["n1"] }, startMs: 22, endMs: 62, recoveryMs: 8, perNode: { n1: 8, n2: 46 } },
      { f: "pause", value: ["n2"], startMs: 42, endMs: 62, recoveryMs: 26, perNode: { n1: 68, n2: 26 } },
      { f: "kill", value: ["n1"], startMs: 82, endMs: 102, recoveryMs: 12, perNode: { n1: 28, n2: 12 } },
    ]);
  });

  it("longest runs differ per node", () => {
    expect(result().operations).toEqual({ total: 10, ok: 6, fail: 3, info: 1 });
    expect(result().longestUnavailable).toEqual({
      overall: run(2, 24, 26, 50),
      perNode: { n1: run(2, 18, 70, 88), n2: run(2, 24, 26, 50) },
    });
  });

  it("phases in time order: stacked faults split, healed stretches between faults are 'after'", () => {
    expect(result().phases).toEqual([
      phase("before", [], 0, 22, 1, 0, 0),
      phase("fault", ["partition"], 22, 42, 1, 1, 0),
      phase("fault", ["partition", "pause"], 42, 62, 0, 0, 1),
      phase("after", [], 62, 82, 1, 1, 0),
      phase("fault", ["kill"], 82, 102, 1, 1, 0),
      phase("after", [], 102, null, 2, 0, 0),
    ]);
  });

  it.each([
    [{ after: 0.6 }, "minSuccessRate.after: after phase 62 ms to 82 ms: success rate 0.5 (1/2), limit 0.6"],
    [{ fault: 0.5 }, "minSuccessRate.fault: fault phase 42 ms to 62 ms: success rate 0 (0/1), limit 0.5"],
  ])("minSuccessRate %j is checked against every phase of that kind", (minSuccessRate, violation) => {
    const checked = check("two-faults.jsonl", { minSuccessRate });
    expect(checked.valid).toBe(false);
    expect(checked.violations).toEqual([violation]);
  });
});

describe("availability checker: edge cases", () => {
  it("no client operation → unknown, even with bounds", () => {
    // runChecker says so for every checker; the checker itself says so too, when called directly.
    expect(check("no-client-ops.jsonl", { maxRecoveryMs: 1 })).toEqual({
      checker: "availability",
      valid: "unknown",
      reason: NO_CLIENT_OPERATION,
    });
    expect(availabilityChecker.check(history("no-client-ops.jsonl"), { maxRecoveryMs: 1 })).toEqual({
      checker: "availability",
      valid: "unknown",
      reason: "the history has no client operation: nothing to measure availability by",
    });
  });

  it("reports milliseconds to 3 decimals; ops without a node count overall only", () => {
    const ops: Op[] = [
      { index: 0, process: 0, type: "invoke", f: "read", time: 1_000_400 },
      { index: 1, process: 0, type: "fail", f: "read", time: 3_345_678 },
      { index: 2, process: 0, type: "invoke", f: "read", time: 4_000_000 },
      { index: 3, process: 0, type: "ok", f: "read", value: 1, time: 5_000_000 },
    ];
    const result = runChecker(availabilityChecker, ops, {});
    expect(result.longestUnavailable).toEqual({ overall: run(1, 2.345, 1, 3.346), perNode: {} });
    expect(result.phases).toEqual([phase("before", [], 0, null, 1, 1, 0)]);
  });
});
