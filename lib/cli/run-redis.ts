import { RedisClusterBuilder } from "../clusters/redis/redis-cluster.ts";
import { type RedisTopology, validateRedisTopology } from "../clusters/redis/topology.ts";
import type { Logger } from "../core/logger.ts";
import { CATALOG, imageResolver, resolveOptionsFromEnv } from "../runtime/images.ts";
import { formatCidr } from "../runtime/subnets.ts";
import { intFlag } from "./options.ts";
import { withRuntime } from "./with-runtime.ts";

export interface RunRedisFlags {
  masters?: string;
  replicas?: string;
  image?: string;
  nodeTimeout?: string;
  readyTimeout?: string;
}

const REDIS_IMAGES = CATALOG.filter((e) => e.kind === "redis" || e.kind === "valkey").map((e) => e.name);

/**
 * `faultline run redis`, for now: start a Redis Cluster, wait until it is ready, print its
 * topology, tear it down. Later issues add workloads, faults and checkers.
 */
export async function runRedis(flags: RunRedisFlags, logger: Logger, out: (text: string) => void): Promise<number> {
  const input: Partial<RedisTopology> = {
    masters: intFlag("masters", flags.masters, 3),
    replicasPerMaster: intFlag("replicas", flags.replicas, 1),
    nodeTimeoutMs: intFlag("node-timeout", flags.nodeTimeout, 5000),
    ...(flags.image ? { image: flags.image } : {}),
  };
  // All input is checked here, before any container starts.
  const topology = validateRedisTopology(input, REDIS_IMAGES);
  const readyMs = intFlag("ready-timeout", flags.readyTimeout, 120_000);
  const resolveOptions = resolveOptionsFromEnv();

  return withRuntime(logger, async (runtime) => {
    logger.info(
      `run ${runtime.runId}: Redis Cluster ${topology.masters} masters x ${topology.replicasPerMaster} replicas on ${topology.image}`,
    );
    const images = imageResolver(runtime, resolveOptions);
    const cluster = await new RedisClusterBuilder(topology).withTimeouts({ readyMs, nodesUpMs: readyMs }).start(runtime, images);
    const [first] = await cluster.snapshot();
    out(`run ${runtime.runId}`);
    out(`image ${cluster.image.ref} (${cluster.image.source}, ${cluster.image.name} ${cluster.image.engineVersion})`);
    out(`network ${cluster.network.name} ${formatCidr(cluster.network.subnet)} (internal)`);
    out(`cluster_state:ok on all ${cluster.nodes.length} nodes; 16384 slots assigned; replicas linked`);
    out(
      `ready in ${(cluster.timings.readyMs / 1000).toFixed(1)} s (nodes up ${(cluster.timings.nodesUpMs / 1000).toFixed(1)} s, created ${(cluster.timings.createdMs / 1000).toFixed(1)} s)`,
    );
    out(cluster.describe(first?.nodes ?? []));
    logger.info("tearing down");
    return 0;
  });
}
