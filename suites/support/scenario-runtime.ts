import { afterAll, beforeAll, expect } from "vitest";
import type { CheckResult } from "../../lib/checkers/verdict.ts";
import { runRedisScenario } from "../../lib/clusters/redis/run-scenario.ts";
import type { RedisScenario, ScenarioOptions } from "../../lib/clusters/redis/scenarios/scenario.ts";
import { type RedisTopology, validateRedisTopology } from "../../lib/clusters/redis/topology.ts";
import { silentLogger } from "../../lib/core/logger.ts";
import type { RunResults } from "../../lib/report/store.ts";
import { type ImageResolver, imageResolver } from "../../lib/runtime/images.ts";
import { Runtime } from "../../lib/runtime/runtime.ts";
import { leftoversOf } from "./leftovers.ts";

export const DEFAULT_TOPOLOGY: RedisTopology = validateRedisTopology({ nodeTimeoutMs: 2000 }, ["redis-7.0"]);

/**
 * For a describe block of Redis scenario tests: one runtime for the block, closed afterwards
 * and checked to have left nothing behind, and `run` to play a scenario on a fresh cluster.
 */
export function useScenarioRuntime() {
  let runtime: Runtime;
  let images: ImageResolver;
  beforeAll(async () => {
    runtime = await Runtime.open();
    images = imageResolver(runtime);
  });
  afterAll(async () => {
    const runId = runtime?.runId;
    await runtime?.close();
    if (runId) expect(await leftoversOf(runId)).toEqual([]);
  });
  return {
    async run(scenario: RedisScenario, options: ScenarioOptions, topology: RedisTopology = DEFAULT_TOPOLOGY) {
      const lines: string[] = [];
      const { results, dir } = await runRedisScenario(runtime, images, topology, scenario, options, silentLogger, (l) => lines.push(l));
      return { results, dir, lines, out: lines.join("\n") };
    },
  };
}

/** One result by checker name; a missing one fails the test here, by name. */
export function resultOf(results: RunResults, checker: string): CheckResult {
  const r = results.results[checker];
  if (!r) throw new Error(`no ${checker} result in ${Object.keys(results.results).join(", ")}`);
  return r;
}

/** A finding that is a list, or [] (so a length assertion reads plainly). */
export const findingList = (r: CheckResult, finding: string) => (Array.isArray(r[finding]) ? (r[finding] as unknown[]) : []);
