import { describe, expect, it } from "vitest";
import { BadInputError } from "../core/errors.ts";
import { txnScenarioOptions } from "./txn-flags.ts";

const refused = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(BadInputError);
    return (error as Error).message;
  }
  throw new Error("not refused");
};

describe("txnScenarioOptions: --isolation, --model, --seed, --chaos-ms", () => {
  it("defaults: the server's isolation, the engine's claim, a fresh seed per run, 60 s of chaos", () => {
    expect(txnScenarioOptions({}, true)).toEqual({ chaosMs: 60_000 });
  });
  it("takes every level, model and seed as given", () => {
    expect(txnScenarioOptions({ isolation: "read-uncommitted", model: "read-committed", seed: "17", chaosMs: "12000" }, true)).toEqual({
      isolation: "read-uncommitted",
      model: "read-committed",
      seed: 17,
      chaosMs: 12_000,
    });
    expect(txnScenarioOptions({ seed: "0" }, false).seed).toBe(0);
  });
  it("an unknown level or model: the flag, a did-you-mean and every name", () => {
    expect(refused(() => txnScenarioOptions({ isolation: "repeatable-reads" }, true))).toBe(
      '--isolation: "repeatable-reads" is not an isolation level. Did you mean "repeatable-read"? Use one of: read-uncommitted, read-committed, repeatable-read, serializable; or leave --isolation out for the server\'s default.',
    );
    expect(refused(() => txnScenarioOptions({ model: "snapshot" }, true))).toMatch(
      /^--model: "snapshot" is not an isolation model\. .*Use one of: read-uncommitted, .*strict-serializable; or leave --model out for the engine's claimed model\.$/,
    );
    expect(refused(() => txnScenarioOptions({ model: "banana" }, true))).not.toMatch(/Did you mean/);
  });
  it("--isolation on Redis, a seed out of range, a chaos run too short: bad input naming the flag", () => {
    expect(refused(() => txnScenarioOptions({ isolation: "serializable" }, false))).toMatch(/^--isolation: is for SQL suites/);
    expect(refused(() => txnScenarioOptions({ seed: "-1" }, true))).toMatch(/^--seed: -1 is out of range/);
    expect(refused(() => txnScenarioOptions({ seed: "x" }, true))).toMatch(/^--seed: "x" is not a whole number/);
    expect(refused(() => txnScenarioOptions({ chaosMs: "100" }, true))).toMatch(/^--chaos-ms: 100 ms is too short/);
  });
});
