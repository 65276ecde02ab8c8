import { describe, expect, it } from "vitest";
import { manualFailover, manualFailoverScenario } from "../../lib/clusters/redis/scenarios/manual-failover.ts";
import { reshardingScenario, reshardingUnderLoad } from "../../lib/clusters/redis/scenarios/resharding-under-load.ts";
import type { RedisScenario, ScenarioOptions } from "../../lib/clusters/redis/scenarios/scenario.ts";
import type { RunResults } from "../../lib/report/store.ts";
import { findingList, resultOf, useScenarioRuntime } from "../support/scenario-runtime.ts";

const OPTIONS: ScenarioOptions = {
  durationMs: 8000,
  fault: "none",
  faultMs: 2000,
  workers: 6,
  marginMs: 3000,
  readyMs: 120_000,
  seed: 1,
  chaosMs: 60_000,
};

/**
 * Cluster operations under a running set workload, each on a fresh cluster: a manual failover
 * (CLUSTER FAILOVER on a replica) and an online resharding (slots with their keys moved between
 * masters while the client follows ASK and MOVED). Neither may lose an acknowledged write. Each
 * has a broken twin showing the checks fail when they should.
 */
describe("Redis cluster operations under load", () => {
  const scenarios = useScenarioRuntime();

  async function run(scenario: RedisScenario): Promise<{ results: RunResults; lines: string[] }> {
    const { results, lines } = await scenarios.run(scenario, OPTIONS);
    const set = resultOf(results, "set");
    const availability = resultOf(results, "availability");
    console.log(
      [
        ...lines,
        `set: attempted ${findingList(set, "attempted").length}, acknowledged ${findingList(set, "acknowledged").length}, read ${set.read}, lost ${findingList(set, "lost").length}, recovered ${findingList(set, "recovered").length}`,
        `availability: ${JSON.stringify(availability.phases ?? availability)}`,
        `timings: ${JSON.stringify(results.timings)}`,
      ].join("\n"),
    );
    return { results, lines };
  }

  it("manual-failover: the replica takes over within the bound and no acknowledged write is lost", async () => {
    const { results } = await run(manualFailover);
    const probe = results.results["manual-failover"];
    expect(probe, JSON.stringify(probe)).toMatchObject({ valid: true, master: "n1", reply: "OK", error: null });
    // The replica of n1 is whichever node redis-cli made it.
    const replica = probe?.replica as string;
    expect(probe?.sentTo).toBe(replica);
    expect(probe?.rolesBefore).toEqual({ n1: expect.stringMatching(/^master \(\d+ slots\)$/), [replica]: "replica of n1" });
    expect(probe?.rolesAfter).toEqual({ n1: `replica of ${replica}`, [replica]: expect.stringMatching(/^master \(\d+ slots\)$/) });
    expect(probe?.switchMs).toBeLessThanOrEqual(probe?.boundMs as number);
    expect(results.results.set).toMatchObject({ valid: true, lost: [], unexpected: [], duplicated: [], failedPresent: [] });
    expect(findingList(resultOf(results, "set"), "acknowledged").length).toBeGreaterThan(100);
    expect(results.valid).toBe(true);
  });

  it("manual-failover sent to a master: refused, and the probe says so", async () => {
    const { results } = await run(manualFailoverScenario("master"));
    const probe = results.results["manual-failover"];
    expect(probe).toMatchObject({ valid: false, sentTo: "n1", reply: null, switchMs: null });
    expect(probe?.error).toContain("ERR You should send CLUSTER FAILOVER to a replica");
    expect(probe?.reason).toContain("ERR You should send CLUSTER FAILOVER to a replica");
    expect(probe?.rolesAfter).toEqual(probe?.rolesBefore);
    // Nothing happened to the data: the set checker still passes; the verdict fails on the probe.
    expect(results.results.set).toMatchObject({ valid: true, lost: [] });
    expect(results.valid).toBe(false);
  });

  it("resharding-under-load: slots and keys on the target, the client follows ASK and MOVED, nothing lost", async () => {
    const { results } = await run(reshardingUnderLoad);
    const probe = results.results.resharding;
    expect(probe, JSON.stringify(probe)).toMatchObject({
      valid: true,
      from: "n1",
      to: "n2",
      slotsMoved: 8,
      errors: [],
      wrongOwner: [],
      missingOnTarget: [],
      unmigrated: [],
      leftBehind: [],
      openSlots: [],
    });
    expect(probe?.keysMigrated).toBeGreaterThanOrEqual(8);
    const keysOnTarget = (probe?.keysOnTarget ?? {}) as Record<string, number>;
    for (const slot of findingList(resultOf(results, "resharding"), "slots")) expect(keysOnTarget[String(slot)]).toBeGreaterThan(0);
    expect(results.results.set).toMatchObject({ valid: true, lost: [], unexpected: [], duplicated: [], failedPresent: [] });
    expect(findingList(resultOf(results, "set"), "acknowledged").length).toBeGreaterThan(100);
    expect(results.valid).toBe(true);
  });

  it("resharding without MIGRATE: the keys stranded on the source are lost, and the set checker says so", async () => {
    const { results } = await run(reshardingScenario({ moveKeys: false }));
    const set = results.results.set;
    expect(set?.valid).toBe(false);
    expect(findingList(resultOf(results, "set"), "lost").length).toBeGreaterThan(0);
    // The probe is not fooled by the key that later writes created afresh on the target.
    const resharding = resultOf(results, "resharding");
    expect(resharding).toMatchObject({ valid: false, keysMigrated: 0 });
    expect(findingList(resharding, "unmigrated").length).toBeGreaterThan(0);
    expect(results.valid).toBe(false);
  });
});
