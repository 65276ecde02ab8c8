import { describe, expect, it } from "vitest";
import { nodeJoinLeaveScenario } from "../../lib/clusters/redis/scenarios/node-join-leave.ts";
import type { RedisScenario, ScenarioOptions } from "../../lib/clusters/redis/scenarios/scenario.ts";
import type { RunResults } from "../../lib/report/store.ts";
import { findingList, resultOf, useScenarioRuntime } from "../support/scenario-runtime.ts";

const OPTIONS: ScenarioOptions = {
  durationMs: 10_000,
  fault: "none",
  faultMs: 2000,
  workers: 6,
  marginMs: 3000,
  readyMs: 120_000,
  seed: 1,
  chaosMs: 60_000,
};

/**
 * A new master joins a running cluster under the set workload (CLUSTER MEET), takes slots of
 * workload keys, gives them back and is forgotten by every node (CLUSTER FORGET), then removed:
 * no acknowledged write may be lost, and every view must follow. The broken twin leaves one node
 * out of the FORGET; the probe must name it.
 */
describe("Redis node join and leave under load", () => {
  const scenarios = useScenarioRuntime();
  // The joining node is started in the scenario's own scope of the run (ScenarioContext.runtime).
  const scenario = (skipForget: string[] = []): RedisScenario => nodeJoinLeaveScenario({ skipForget });

  async function run(s: RedisScenario): Promise<RunResults> {
    const { results, lines } = await scenarios.run(s, OPTIONS);
    const set = resultOf(results, "set");
    const probe = resultOf(results, "node-join-leave");
    console.log(
      [
        ...lines,
        `set: attempted ${findingList(set, "attempted").length}, acknowledged ${findingList(set, "acknowledged").length}, lost ${findingList(set, "lost").length}`,
        `node-join-leave: ${JSON.stringify(probe)}`,
        `availability: ${JSON.stringify(resultOf(results, "availability").phases)}`,
        `timings: ${JSON.stringify(results.timings)}`,
      ].join("\n"),
    );
    return results;
  }

  it("node-join-leave: n7 joins, holds 4 slots, gives them back, is forgotten everywhere; nothing lost", async () => {
    const results = await run(scenario());
    const probe = resultOf(results, "node-join-leave");
    expect(probe, JSON.stringify(probe)).toMatchObject({
      valid: true,
      node: "n7",
      from: "n1",
      meetVia: "n1",
      meetReply: "OK",
      slotsToNode: 4,
      slotsBack: 4,
      slotsOnNodeProblems: [],
      slotsBackProblems: [],
      errors: [],
      stillListing: [],
      listedAfterReady: [],
      forgetSentTo: ["n1", "n2", "n3", "n4", "n5", "n6"],
    });
    expect(probe.keysMigratedTo).toBeGreaterThan(0);
    expect(probe.keysMigratedBack).toBeGreaterThan(0);
    expect(results.timings?.joinConvergedMs).toBeGreaterThan(0);
    expect(results.timings?.leaveConvergedMs).toBeGreaterThanOrEqual(0);
    expect(results.timings?.forgetSpreadMs).toBeLessThan(60_000);
    expect(results.results.set).toMatchObject({ valid: true, lost: [], unexpected: [], duplicated: [], failedPresent: [] });
    expect(findingList(resultOf(results, "set"), "acknowledged").length).toBeGreaterThan(100);
    expect(results.valid).toBe(true);
  });

  it("FORGET sent to all nodes but n6: n6 still lists n7 and the probe says so", async () => {
    const results = await run(scenario(["n6"]));
    const probe = resultOf(results, "node-join-leave");
    expect(probe, JSON.stringify(probe)).toMatchObject({
      valid: false,
      slotsToNode: 4,
      slotsBack: 4,
      stillListing: ["n6"],
      leaveConvergedMs: null,
      forgetSkipped: ["n6"],
      repairedOn: ["n6"],
      listedAfterReady: [],
    });
    expect(probe.reason).toBe("n6 still lists n7 after CLUSTER FORGET");
    // The data is untouched: the set checker passes; the verdict fails on the probe.
    expect(results.results.set).toMatchObject({ valid: true, lost: [] });
    expect(results.valid).toBe(false);
  });
});
