import { describe, expect, it } from "vitest";
import type { Op } from "../history/op.ts";
import { advisory, type Checker, type CheckResult, composeResults, NO_CLIENT_OPERATION, runChecker } from "./verdict.ts";

const result = (checker: string, valid: CheckResult["valid"], extra: Record<string, unknown> = {}): CheckResult => ({
  checker,
  valid,
  ...extra,
});

const HISTORY: Op[] = [
  { index: 0, process: 0, type: "invoke", f: "add", value: 1, time: 1 },
  { index: 1, process: 0, type: "ok", f: "add", value: 1, time: 2 },
];

describe("composeResults with advisory results", () => {
  it("leaves an advisory false out of the verdict but reports it", () => {
    const bank = result("bank", false, { advisory: true, anomalies: ["negative total"] });
    const c = composeResults([result("set", true), bank]);
    expect(c.valid).toBe(true);
    expect(c.results.bank).toBe(bank);
    expect(c.results.set).toEqual({ checker: "set", valid: true });
  });

  it("leaves an advisory unknown out too", () => {
    expect(composeResults([result("set", true), result("bank", "unknown", { advisory: true })]).valid).toBe(true);
  });

  it("still merges every non-advisory result: false over unknown over true", () => {
    expect(composeResults([result("set", false), result("bank", true, { advisory: true })]).valid).toBe(false);
    expect(composeResults([result("set", "unknown"), result("bank", false, { advisory: true })]).valid).toBe("unknown");
    expect(composeResults([result("set", true), result("register", false), result("bank", false, { advisory: true })]).valid).toBe(false);
  });

  it("only advisory: true counts as advisory", () => {
    expect(composeResults([result("bank", false, { advisory: false })]).valid).toBe(false);
    expect(composeResults([result("bank", false, { advisory: "yes" })]).valid).toBe(false);
    expect(composeResults([result("bank", false, { advisory: undefined })]).valid).toBe(false);
  });

  it("with only advisory results (or none) the verdict is true", () => {
    expect(composeResults([result("bank", false, { advisory: true })]).valid).toBe(true);
    expect(composeResults([]).valid).toBe(true);
    expect(composeResults([]).results).toEqual({});
  });
});

describe("advisory(checker)", () => {
  it("keeps the name and the findings, passes history and options through, and marks the result", () => {
    const seen: Array<{ history: readonly Op[]; options: { minimum: number } }> = [];
    const inner: Checker<{ minimum: number }> = {
      name: "bank",
      check: (history, options) => {
        seen.push({ history, options });
        return { checker: "bank", valid: false, reason: "total changed", totals: [100, 90] };
      },
    };
    const wrapped = advisory(inner);
    expect(wrapped.name).toBe("bank");
    const r = wrapped.check(HISTORY, { minimum: 3 });
    expect(r).toEqual({ checker: "bank", valid: false, reason: "total changed", totals: [100, 90], advisory: true });
    expect(seen).toEqual([{ history: HISTORY, options: { minimum: 3 } }]);
    expect(seen[0]?.history).toBe(HISTORY);
  });

  it("a checker that throws gives unknown, advisory, with the error", () => {
    const crashing: Checker = {
      name: "bank",
      check: () => {
        throw new Error("boom");
      },
    };
    const r = advisory(crashing).check(HISTORY, {});
    expect(r).toEqual({ checker: "bank", valid: "unknown", reason: "checker crashed: boom", advisory: true });
    // Also through runChecker, as the run does it.
    expect(runChecker(advisory(crashing), HISTORY, {})).toEqual(r);
  });

  it("a checker that throws a non-Error still gives unknown with the thrown value", () => {
    const r = advisory({
      name: "bank",
      check: () => {
        throw "plain string";
      },
    }).check(HISTORY, {});
    expect(r.valid).toBe("unknown");
    expect(r.reason).toBe("checker crashed: plain string");
    expect(r.advisory).toBe(true);
  });

  it("its results leave the merged verdict alone, whatever they are", () => {
    const failing: Checker = { name: "bank", check: () => ({ checker: "bank", valid: false }) };
    const crashing: Checker = {
      name: "elle",
      check: () => {
        throw new Error("out of memory");
      },
    };
    const passing: Checker = { name: "set", check: () => ({ checker: "set", valid: true }) };
    const results = [
      runChecker(passing, HISTORY, {}),
      runChecker(advisory(failing), HISTORY, {}),
      runChecker(advisory(crashing), HISTORY, {}),
    ];
    const c = composeResults(results);
    expect(c.valid).toBe(true);
    expect(Object.keys(c.results).sort()).toEqual(["bank", "elle", "set"]);
    expect(c.results.bank).toEqual({ checker: "bank", valid: false, advisory: true });
    expect(c.results.elle?.valid).toBe("unknown");
    // The same checkers without the wrapper decide the verdict.
    expect(composeResults([runChecker(passing, HISTORY, {}), runChecker(failing, HISTORY, {})]).valid).toBe(false);
    expect(composeResults([runChecker(passing, HISTORY, {}), runChecker(crashing, HISTORY, {})]).valid).toBe("unknown");
  });

  it("overrides an explicit advisory: false from the checker", () => {
    const r = advisory({ name: "bank", check: () => ({ checker: "bank", valid: false, advisory: false }) }).check(HISTORY, {});
    expect(r.advisory).toBe(true);
  });
});

describe("runChecker on a history with no client operation", () => {
  it("is unknown for any checker, even one that would find nothing wrong in nothing", () => {
    const alwaysTrue: Checker = { name: "lenient", check: () => ({ checker: "lenient", valid: true }) };
    const nemesisOnly: Op[] = [{ index: 0, process: "nemesis", type: "invoke", f: "partition", time: 1 }];
    for (const history of [[], nemesisOnly]) {
      expect(runChecker(alwaysTrue, history, {})).toEqual({ checker: "lenient", valid: "unknown", reason: NO_CLIENT_OPERATION });
    }
  });
});
