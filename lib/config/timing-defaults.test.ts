import { describe, expect, it } from "vitest";
import { galeraPlan } from "../cli/run-galera.ts";
import { ndbPlan } from "../cli/run-ndb.ts";
import { galeraSchema, ndbSchema, redisSchema } from "./schema.ts";
import { GALERA_TIMING, NDB_TIMING, REDIS_TIMING } from "./timing-defaults.ts";

describe("timing defaults: one set per suite, the config file's and the command line's", () => {
  it("a config file that names no timing gets the suite's defaults", () => {
    expect(redisSchema.parse({})).toMatchObject(REDIS_TIMING);
    expect(galeraSchema.parse({})).toMatchObject(GALERA_TIMING);
    expect(ndbSchema.parse({})).toMatchObject(NDB_TIMING);
  });

  it("a command line that gives no timing flag gets the same", () => {
    expect(galeraPlan({}).options).toMatchObject(GALERA_TIMING);
    expect(ndbPlan({}).options).toMatchObject(NDB_TIMING);
  });

  it("the defaults are what the suites have always run with", () => {
    // Changing one changes every user's bounds and run length: it is a decision, not a refactor.
    expect(REDIS_TIMING).toEqual({ durationMs: 20_000, faultMs: 8000, workers: 8, marginMs: 3000, readyMs: 120_000 });
    expect(GALERA_TIMING).toEqual({ durationMs: 20_000, faultMs: 8000, workers: 6, marginMs: 3000, readyMs: 180_000, recoveryMs: 30_000 });
    expect(NDB_TIMING).toEqual({ durationMs: 30_000, faultMs: 10_000, workers: 4, marginMs: 3000, readyMs: 300_000, recoveryMs: 120_000 });
  });
});
