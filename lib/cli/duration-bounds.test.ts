import { describe, expect, it } from "vitest";
import { validateConfig } from "../config/load.ts";
import { badInput } from "../core/testing.ts";
import { MAX_DEADLINE_MS, MAX_DETECTION_MS, MAX_MARGIN_MS, MAX_TIMER_MS } from "../core/time-limits.ts";
import { resolveOptionsFromEnv } from "../runtime/images/resolve.ts";
import { galeraPlan } from "./run-galera.ts";
import { ndbPlan } from "./run-ndb.ts";
import { redisPlan } from "./run-redis.ts";

// Node's setTimeout fires after 1 ms for any delay above 2^31-1 ms: a deadline of 99999999999 ms expired at once.
const HUGE = "99999999999";

describe("every duration has an upper bound, refused with the flag and the bound (exit 2)", () => {
  it("the bounds themselves stay below Node's timer range, with room for the bounds made of them", () => {
    expect(MAX_DEADLINE_MS).toBe(86_400_000);
    expect(MAX_MARGIN_MS).toBe(3_600_000);
    expect(MAX_DETECTION_MS).toBe(600_000);
    // The longest wait faultline builds: NDB's 3 missed heartbeats + arbitration + margin; a deadline + margin.
    expect(3 * MAX_DETECTION_MS + MAX_DETECTION_MS + MAX_MARGIN_MS).toBeLessThan(MAX_TIMER_MS);
    expect(MAX_DEADLINE_MS + MAX_MARGIN_MS).toBeLessThan(MAX_TIMER_MS);
  });

  it.each([
    ["redis", "readyTimeout", "--ready-timeout", "86400000 ms, 24 h"],
    ["redis", "marginMs", "--margin-ms", "3600000 ms, 1 h"],
    ["redis", "nodeTimeout", "node-timeout", "from 100 to 600000"],
    ["redis", "duration", "--duration", "Give 1000 to 3600000 ms"],
    ["galera", "readyTimeout", "--ready-timeout", "86400000 ms, 24 h"],
    ["galera", "recoveryMs", "--recovery-ms", "86400000 ms, 24 h"],
    ["galera", "marginMs", "--margin-ms", "3600000 ms, 1 h"],
    ["galera", "duration", "--duration", "Give 4000 to 3600000 ms"],
    ["ndb", "readyTimeout", "--ready-timeout", "86400000 ms, 24 h"],
    ["ndb", "recoveryMs", "--recovery-ms", "86400000 ms, 24 h"],
    ["ndb", "marginMs", "--margin-ms", "3600000 ms, 1 h"],
    ["ndb", "heartbeatMs", "heartbeat-ms", "from 10 to 600000"],
    ["ndb", "heartbeatDbApi", "heartbeat-db-api", "from 100 to 600000"],
    ["ndb", "arbitrationTimeout", "arbitration-timeout", "from 10 to 600000"],
  ])("%s --%s 99999999999: refused naming %s", (suite, key, field, bound) => {
    const flags = { [key]: HUGE };
    const plan = suite === "redis" ? () => redisPlan(flags) : suite === "galera" ? () => galeraPlan(flags) : () => ndbPlan(flags);
    const error = badInput(plan);
    expect(error.field).toBe(field);
    expect(error.message).toContain(HUGE);
    expect(error.message).toContain(bound);
  });

  it("the bounds themselves are accepted", () => {
    expect(() => redisPlan({ readyTimeout: "86400000", marginMs: "3600000", nodeTimeout: "600000" })).not.toThrow();
    expect(() => galeraPlan({ readyTimeout: "86400000", recoveryMs: "86400000", marginMs: "3600000" })).not.toThrow();
    expect(() =>
      ndbPlan({
        readyTimeout: "86400000",
        recoveryMs: "86400000",
        heartbeatMs: "600000",
        heartbeatDbApi: "600000",
        arbitrationTimeout: "600000",
      }),
    ).not.toThrow();
  });

  it("a Galera provider option's duration above PT24H", () => {
    const error = badInput(() => galeraPlan({ providerOption: ["evs.inactive_timeout=PT100000H"] }));
    expect(error.field).toBe("provider-options.evs.inactive_timeout");
    expect(error.message).toContain("PT100000H is longer than faultline takes for a provider option's duration (at most PT24H");
    expect(() => galeraPlan({ providerOption: ["pc.wait_prim_timeout=PT24H"] })).not.toThrow();
  });

  it.each<[Record<string, unknown>, string]>([
    [{ redis: { readyMs: 99_999_999_999 } }, "config.suites.redis.readyMs"],
    [{ galera: { recoveryMs: 99_999_999_999 } }, "config.suites.galera.recoveryMs"],
    [{ ndb: { heartbeatMs: 99_999_999_999 } }, "config.suites.ndb.heartbeatMs"],
  ])("in a config file: %j refused naming %s", (suites, path) => {
    const error = badInput(() => validateConfig({ suites }, "faultline.config.json"));
    expect(error.message).toContain(`${path}: `);
    expect(error.message).toContain("99999999999");
  });

  it.each(["1e12", "99999999999", "86400001", "0", "-5", " "])("FAULTLINE_PULL_TIMEOUT_MS=%j is refused with the bound", (value) => {
    const error = badInput(() => resolveOptionsFromEnv({ FAULTLINE_PULL_TIMEOUT_MS: value }));
    expect(error.field).toBe("FAULTLINE_PULL_TIMEOUT_MS");
    expect(error.message).toContain("is not a whole number of milliseconds from 1 to 86400000 (24 h)");
  });

  it("FAULTLINE_PULL_TIMEOUT_MS at the bound is accepted", () => {
    expect(resolveOptionsFromEnv({ FAULTLINE_PULL_TIMEOUT_MS: "86400000" }).pullTimeoutMs).toBe(86_400_000);
  });
});
