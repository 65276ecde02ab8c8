import { type RedisSetOptions, runRedisSet, setKey } from "../../../workloads/redis-set.ts";
import { ownersOfKeys } from "../slot-owners.ts";
import type { ScenarioContext } from "./scenario.ts";

export const SET_KEYS = 64;

/**
 * The scenarios' background set workload (unique SADDs over SET_KEYS keys for --duration),
 * each op tagged with the master that owned its key's slot at the start, so availability and
 * lost writes can be judged per master (`owners`, which a scenario that moves slots updates).
 * Returned wrapped: awaiting `done` waits for the
 * workload, awaiting this function only for it to start.
 */
export async function startSetWorkload(
  ctx: ScenarioContext,
  overrides: Partial<RedisSetOptions> = {},
): Promise<{ done: Promise<void>; owners: Map<string, string> }> {
  const owners = await ownersOfKeys(
    ctx.cluster,
    Array.from({ length: SET_KEYS }, (_, i) => setKey(i, SET_KEYS)),
  );
  const done = runRedisSet(
    ctx.client,
    ctx.store.recorder,
    {
      workers: ctx.options.workers,
      durationMs: ctx.options.durationMs,
      keys: SET_KEYS,
      pauseMs: 5,
      opTimeoutMs: 2000,
      nodeOfKey: (k) => owners.get(k),
      ...overrides,
    },
    ctx.signal,
  );
  // `owners` stays live: a scenario that moves slots re-tags the keys it moved.
  return { done, owners };
}
