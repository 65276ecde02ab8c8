import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckResult } from "../../lib/checkers/verdict.ts";
import { runRedisScenario } from "../../lib/clusters/redis/run-scenario.ts";
import { manualFailover, manualFailoverScenario } from "../../lib/clusters/redis/scenarios/manual-failover.ts";
import { reshardingScenario, reshardingUnderLoad } from "../../lib/clusters/redis/scenarios/resharding-under-load.ts";
import type { RedisScenario, ScenarioOptions } from "../../lib/clusters/redis/scenarios/scenario.ts";
import { validateRedisTopology } from "../../lib/clusters/redis/topology.ts";
import { silentLogger } from "../../lib/core/logger.ts";
import type { RunResults } from "../../lib/report/store.ts";
import { type ImageResolver, imageResolver } from "../../lib/runtime/images.ts";
import { Runtime } from "../../lib/runtime/runtime.ts";

/** One result by checker name; a missing one fails the test here, by name. */
function resultOf(results: RunResults, checker: string): CheckResult {
  const r = results.results[checker];
  if (!r) throw new Error(`no ${checker} result in ${Object.keys(results.results).join(", ")}`);
  return r;
}
const list = (r: CheckResult, finding: string) => (Array.isArray(r[finding]) ? (r[finding] as unknown[]) : []);

const OPTIONS: ScenarioOptions = { durationMs: 8000, fault: "none", faultMs: 2000, workers: 6, marginMs: 3000, readyMs: 120_000 };

/**
 * Cluster operations under a running set workload, each on a fresh cluster: a manual failover
 * (CLUSTER FAILOVER on a replica) and an online resharding (slots with their keys moved between
 * masters while the client follows ASK and MOVED). Neither may lose an acknowledged write. Each
 * has a broken twin showing the checks fail when they should.
 */
describe("Redis cluster operations under load", () => {
  let runtime: Runtime;
  let images: ImageResolver;

  beforeAll(async () => {
    runtime = await Runtime.open();
    images = imageResolver(runtime);
  });
  afterAll(async () => {
    await runtime?.close();
  });

  async function run(scenario: RedisScenario): Promise<{ results: RunResults; lines: string[] }> {
    const lines: string[] = [];
    const topology = validateRedisTopology({ nodeTimeoutMs: 2000 }, ["redis-7.0"]);
    const { results } = await runRedisScenario(runtime, images, topology, scenario, OPTIONS, silentLogger, (l) => lines.push(l));
    const set = resultOf(results, "set");
    const availability = resultOf(results, "availability");
    console.log(
      [
        ...lines,
        `set: attempted ${list(set, "attempted").length}, acknowledged ${list(set, "acknowledged").length}, read ${set.read}, lost ${list(set, "lost").length}, recovered ${list(set, "recovered").length}`,
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
    expect(list(resultOf(results, "set"), "acknowledged").length).toBeGreaterThan(100);
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
    for (const slot of list(resultOf(results, "resharding"), "slots")) expect(keysOnTarget[String(slot)]).toBeGreaterThan(0);
    expect(results.results.set).toMatchObject({ valid: true, lost: [], unexpected: [], duplicated: [], failedPresent: [] });
    expect(list(resultOf(results, "set"), "acknowledged").length).toBeGreaterThan(100);
    expect(results.valid).toBe(true);
  });

  it("resharding without MIGRATE: the keys stranded on the source are lost, and the set checker says so", async () => {
    const { results } = await run(reshardingScenario({ moveKeys: false }));
    const set = results.results.set;
    expect(set?.valid).toBe(false);
    expect(list(resultOf(results, "set"), "lost").length).toBeGreaterThan(0);
    // The probe is not fooled by the key that later writes created afresh on the target.
    const resharding = resultOf(results, "resharding");
    expect(resharding).toMatchObject({ valid: false, keysMigrated: 0 });
    expect(list(resharding, "unmigrated").length).toBeGreaterThan(0);
    expect(results.valid).toBe(false);
  });
});
