import type { Logger } from "../../core/logger.ts";
import { finishRun } from "../../report/finish-run.ts";
import type { RunResults } from "../../report/store.ts";
import type { ImageResolver } from "../../runtime/images.ts";
import type { Runtime } from "../../runtime/runtime.ts";
import { networkLine, openRun } from "../open-run.ts";
import { clusterClient } from "./cluster-client.ts";
import { redisLogParser } from "./engine-events.ts";
import { RedisClusterBuilder } from "./redis-cluster.ts";
import type { RedisScenario, ScenarioOptions } from "./scenarios/scenario.ts";
import type { RedisTopology } from "./topology.ts";

/**
 * One scenario on one target, in its own scope of the run: a fresh cluster through the mesh,
 * a run directory, the scenario, node logs, the verdict (history checkers and live probes), the
 * reports. The scope's containers are gone when this returns.
 */
export async function runRedisScenario(
  runtime: Runtime,
  images: ImageResolver,
  topology: RedisTopology,
  scenario: RedisScenario,
  options: ScenarioOptions,
  logger: Logger,
  out: (text: string) => void,
  phase: (name: string) => void = () => {},
): Promise<{ results: RunResults; dir: string }> {
  const scope = runtime.child(`${scenario.name}-${topology.image}`.replace(/[^a-z0-9-]/gi, "-"));
  try {
    phase("starting cluster");
    logger.info(`${scenario.name} on ${topology.image}: starting ${topology.masters} masters x ${topology.replicasPerMaster} replicas`);
    const cluster = await new RedisClusterBuilder(topology)
      .withTimeouts({ readyMs: options.readyMs, nodesUpMs: options.readyMs })
      .start(scope, images);
    const [first] = await cluster.snapshot();
    out(`== ${scenario.name} on ${topology.image} (run ${runtime.runId})`);
    out(`image ${cluster.image.ref} (${cluster.image.source}, ${cluster.image.name} ${cluster.image.engineVersion})`);
    out(networkLine(cluster));
    out(`cluster_state:ok on all ${cluster.nodes.length} nodes; 16384 slots assigned; replicas linked`);
    out(
      `ready in ${(cluster.timings.readyMs / 1000).toFixed(1)} s (nodes up ${(cluster.timings.nodesUpMs / 1000).toFixed(1)} s, created ${(cluster.timings.createdMs / 1000).toFixed(1)} s)`,
    );
    out(cluster.describe(first?.nodes ?? []));
    const name = scenario.name === "set" ? `set-${options.fault}` : scenario.name;
    const { store, nemesis } = await openRun("redis", name, runtime.runId, cluster, { topology, options });
    const client = clusterClient(cluster.nodes);
    const started = Date.now();
    try {
      phase("scenario");
      const outcome = await scenario.run({ cluster, store, nemesis, client, logger, options, signal: scope.signal, runtime: scope });
      return await finishRun({
        store,
        outcome,
        logs: [...cluster.nodes, ...cluster.mesh.logSources(cluster.nodes.map((n) => n.name))],
        logEvents: redisLogParser(cluster.nodes, first?.nodes ?? []),
        timings: { readyMs: cluster.timings.readyMs },
        started,
        logger,
        out,
        phase,
      });
    } finally {
      client.disconnect();
    }
  } finally {
    phase("tearing down");
    await scope.close();
  }
}
