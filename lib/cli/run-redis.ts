import { runRedisScenario } from "../clusters/redis/run-scenario.ts";
import { REDIS_SCENARIOS, redisScenario, scenarioNames } from "../clusters/redis/scenarios/registry.ts";
import type { RedisFault, ScenarioOptions } from "../clusters/redis/scenarios/scenario.ts";
import { binariesFor } from "../clusters/redis/server-args.ts";
import { checkSettingsWithServer } from "../clusters/redis/settings-check.ts";
import { type RedisTopology, validateRedisTopology } from "../clusters/redis/topology.ts";
import { REDIS_TIMING } from "../config/timing-defaults.ts";
import { BadInputError } from "../core/errors.ts";
import { MAX_DEADLINE_MS, MAX_MARGIN_MS } from "../core/time-limits.ts";
import { CATALOG } from "../runtime/images.ts";
import { checkAtMost, givenList, intFlag, parsePairs } from "./options.ts";
import { checkRepeat, runPlans } from "./run-plans.ts";
import type { JobContext, RunSession, SuitePlan } from "./suite-plan.ts";
import { type TxnFlags, txnScenarioOptions } from "./txn-flags.ts";

export interface RunRedisFlags extends TxnFlags {
  masters?: string;
  replicas?: string;
  image?: string;
  target?: string;
  scenario?: string;
  set?: string[];
  nodeTimeout?: string;
  readyTimeout?: string;
  duration?: string;
  fault?: string;
  faultMs?: string;
  workers?: string;
  marginMs?: string;
  repeat?: string;
  json?: boolean;
}

const REDIS_IMAGES = CATALOG.filter((e) => e.kind === "redis" || e.kind === "valkey").map((e) => e.name);
const FAULTS: readonly RedisFault[] = ["partition", "kill", "pause", "none"];

/**
 * Every flag checked and turned into the suite's jobs (target by target, scenario by scenario);
 * bad input throws before anything starts. Settings are checked against the target's own
 * server in `prepare`, before any cluster starts.
 */
export function redisPlan(flags: RunRedisFlags): SuitePlan {
  const targets = givenList(
    flags.target === undefined ? "--image" : "--target",
    flags.target ?? flags.image,
    "redis-7.0",
    "redis-7.0,redis-8.0",
  );
  const scenarios = scenarioNames(givenList("--scenario", flags.scenario, "set", "set,failover")).map((name) => {
    const scenario = redisScenario(name);
    if (!scenario)
      throw new BadInputError(
        "--scenario",
        `"${name}" is not a Redis scenario`,
        `Use one or more of: ${REDIS_SCENARIOS.map((s) => s.name).join(", ")}, or all.`,
      );
    return scenario;
  });
  const base: Partial<RedisTopology> = {
    masters: intFlag("masters", flags.masters, 3),
    replicasPerMaster: intFlag("replicas", flags.replicas, 1),
    nodeTimeoutMs: intFlag("node-timeout", flags.nodeTimeout, 2000),
    settings: parsePairs("--set", flags.set ?? [], "appendfsync=always"),
  };
  const topologies = targets.map((image) => validateRedisTopology({ ...base, image }, REDIS_IMAGES));
  const fault = (flags.fault ?? "partition") as RedisFault;
  if (!FAULTS.includes(fault)) throw new BadInputError("--fault", `"${flags.fault}" is not a fault`, `Use one of: ${FAULTS.join(", ")}.`);
  const options: ScenarioOptions = {
    durationMs: intFlag("duration", flags.duration, REDIS_TIMING.durationMs),
    faultMs: intFlag("fault-ms", flags.faultMs, REDIS_TIMING.faultMs),
    workers: intFlag("workers", flags.workers, REDIS_TIMING.workers),
    // The margin covers what the bound leaves out: gossiping failure reports to a majority (FAIL) and the vote.
    marginMs: intFlag("margin-ms", flags.marginMs, REDIS_TIMING.marginMs),
    readyMs: intFlag("ready-timeout", flags.readyTimeout, REDIS_TIMING.readyMs),
    fault,
    ...txnScenarioOptions(flags, false),
  };
  if (options.durationMs < 1000 || options.durationMs > 3_600_000)
    throw new BadInputError("--duration", `${options.durationMs} ms is out of range`, "Give 1000 to 3600000 ms.");
  if (fault !== "none" && (options.faultMs < 100 || options.durationMs / 4 + options.faultMs > options.durationMs)) {
    throw new BadInputError(
      "--fault-ms",
      `${options.faultMs} ms does not fit: the fault starts at a quarter of --duration (${options.durationMs} ms) and must heal before it ends`,
      "Lower --fault-ms or raise --duration.",
    );
  }
  if (options.workers < 1 || options.workers > 256)
    throw new BadInputError("--workers", `${options.workers} is out of range`, "Use 1 to 256 workers.");
  if (options.marginMs < 0) throw new BadInputError("--margin-ms", `${options.marginMs} is negative`, "Give 0 or more milliseconds.");
  checkAtMost("--margin-ms", options.marginMs, MAX_MARGIN_MS);
  if (options.readyMs < 10_000) throw new BadInputError("--ready-timeout", `${options.readyMs} ms is too short`, "Give 10000 ms or more.");
  checkAtMost("--ready-timeout", options.readyMs, MAX_DEADLINE_MS);
  return {
    suite: "redis",
    jobs: topologies.flatMap((topology) =>
      scenarios.map((scenario) => ({
        scenario: scenario.name === "set" ? `set-${fault}` : scenario.name,
        target: topology.image,
        run: (ctx: JobContext) => runRedisScenario(ctx.runtime, ctx.images, topology, scenario, options, ctx.logger, ctx.out, ctx.phase),
      })),
    ),
    // Unknown or malformed --set settings are bad input too: the target's own server says so, before any cluster starts.
    async prepare({ runtime, images }) {
      for (const topology of topologies) {
        const kind = CATALOG.find((e) => e.name === topology.image)?.kind ?? "redis";
        await checkSettingsWithServer(runtime, await images.resolve(topology.image), binariesFor(kind), topology.settings);
      }
      return undefined;
    },
  };
}

/**
 * `faultline run redis`: every chosen scenario on every chosen target, one after another, each
 * on a fresh cluster through the mesh, each with its own run directory; the matrix at the end.
 * All input is checked before any container starts.
 */
export function runRedis(flags: RunRedisFlags, session: RunSession): Promise<number> {
  return runPlans([redisPlan(flags)], { repeat: checkRepeat(flags.repeat), json: flags.json }, session);
}
