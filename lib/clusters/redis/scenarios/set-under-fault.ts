import { availabilityChecker } from "../../../checkers/availability.ts";
import { setChecker } from "../../../checkers/set.ts";
import { isolate } from "../../../mesh/grudge.ts";
import { type FaultAction, runSchedule, scriptedSchedule } from "../../../mesh/schedule.ts";
import { finalSetRead, runRedisSet } from "../../../workloads/redis-set.ts";
import type { RedisFault, RedisScenario } from "./scenario.ts";
import { SET_KEYS } from "./set-workload.ts";

export { SET_KEYS };

/** The fault on one master, as a schedule action; the schedule adds the heal. */
export function faultOn(kind: RedisFault, master: string, nodes: string[]): FaultAction | undefined {
  if (kind === "none") return undefined;
  if (kind === "partition") return { kind: "partition", grudge: isolate(nodes, master), mode: "reset" };
  return { kind: "process", fault: kind, nodes: [master] };
}

/**
 * `set`: unique SADDs for --duration; --fault on the first master a quarter of the way in for
 * --fault-ms; heal, ready again, a final read; the set checker says whether any acknowledged
 * write was lost, the availability checker what clients saw.
 */
export const setUnderFault: RedisScenario = {
  name: "set",
  description: "set workload with a fault on a master: every acknowledged write must be read back",
  async run({ cluster, store, nemesis, client, logger, options, signal }) {
    const names = cluster.nodes.map((n) => n.name);
    const [master] = await cluster.primaries();
    const action = faultOn(options.fault, master ?? "n1", names);
    const at = options.durationMs / 4;
    const schedule = scriptedSchedule(
      action
        ? [
            { atMs: at, action },
            { atMs: at + options.faultMs, action: { kind: "heal" } },
          ]
        : [],
    );
    logger.info(
      `set workload: ${options.workers} workers for ${options.durationMs / 1000} s; ${options.fault === "none" ? "no fault" : `${options.fault} of ${master} at ${at / 1000} s for ${options.faultMs / 1000} s`}`,
    );
    const started = Date.now();
    await Promise.all([
      runRedisSet(
        client,
        store.recorder,
        { workers: options.workers, durationMs: options.durationMs, keys: SET_KEYS, pauseMs: 5, opTimeoutMs: 2000 },
        signal,
      ),
      runSchedule(nemesis, schedule, signal),
    ]);
    const healed = Date.now();
    logger.info("waiting for the cluster to recover");
    await cluster.waitForReady(options.readyMs);
    const recoveryMs = Date.now() - healed;
    await finalSetRead(client, store.recorder, SET_KEYS, options.workers);
    return {
      checks: [
        { checker: setChecker, options: {} },
        { checker: availabilityChecker, options: {} },
      ],
      probes: [],
      timings: { workloadMs: healed - started, recoveryMs },
    };
  },
};
