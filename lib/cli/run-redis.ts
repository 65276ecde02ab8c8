import { relative } from "node:path";
import { availabilityChecker } from "../checkers/availability.ts";
import { setChecker } from "../checkers/set.ts";
import { clusterClient } from "../clusters/redis/cluster-client.ts";
import { RedisClusterBuilder } from "../clusters/redis/redis-cluster.ts";
import { type RedisTopology, validateRedisTopology } from "../clusters/redis/topology.ts";
import { BadInputError } from "../core/errors.ts";
import type { Logger } from "../core/logger.ts";
import { isolate } from "../mesh/grudge.ts";
import { Nemesis } from "../mesh/nemesis.ts";
import { type FaultAction, runSchedule, scriptedSchedule } from "../mesh/schedule.ts";
import { findingLines } from "../report/findings.ts";
import { writeRunReports } from "../report/run-reports.ts";
import { RunStore } from "../report/store.ts";
import { CATALOG, imageResolver, resolveOptionsFromEnv } from "../runtime/images.ts";
import { formatCidr } from "../runtime/subnets.ts";
import { finalSetRead, runRedisSet } from "../workloads/redis-set.ts";
import { exitCodeOf } from "./check-command.ts";
import { intFlag } from "./options.ts";
import { withRuntime } from "./with-runtime.ts";

export interface RunRedisFlags {
  masters?: string;
  replicas?: string;
  image?: string;
  nodeTimeout?: string;
  readyTimeout?: string;
  duration?: string;
  fault?: string;
  faultMs?: string;
  workers?: string;
}

const REDIS_IMAGES = CATALOG.filter((e) => e.kind === "redis" || e.kind === "valkey").map((e) => e.name);
const FAULTS = ["partition", "kill", "pause", "none"] as const;
type FaultKind = (typeof FAULTS)[number];

/** The fault on one master, as a schedule action; the schedule adds the heal. */
function faultOn(kind: FaultKind, master: string, nodes: string[]): FaultAction | undefined {
  if (kind === "none") return undefined;
  if (kind === "partition") return { kind: "partition", grudge: isolate(nodes, master), mode: "reset" };
  return { kind: "process", fault: kind, nodes: [master] };
}

/**
 * `faultline run redis`: a Redis Cluster with its node links through the mesh, a set workload
 * (SADD of unique elements) for --duration, one fault on the first master from a quarter of
 * the way in for --fault-ms, heal, wait until the cluster is ready again, a final read, and the
 * set checker's verdict. Everything lands in reports/runs/redis/<time>-<run id>/.
 */
export async function runRedis(flags: RunRedisFlags, logger: Logger, out: (text: string) => void): Promise<number> {
  const input: Partial<RedisTopology> = {
    masters: intFlag("masters", flags.masters, 3),
    replicasPerMaster: intFlag("replicas", flags.replicas, 1),
    nodeTimeoutMs: intFlag("node-timeout", flags.nodeTimeout, 2000),
    ...(flags.image ? { image: flags.image } : {}),
  };
  // All input is checked here, before any container starts.
  const topology = validateRedisTopology(input, REDIS_IMAGES);
  const readyMs = intFlag("ready-timeout", flags.readyTimeout, 120_000);
  const durationMs = intFlag("duration", flags.duration, 20_000);
  const faultMs = intFlag("fault-ms", flags.faultMs, 8000);
  const workers = intFlag("workers", flags.workers, 8);
  const fault = (flags.fault ?? "partition") as FaultKind;
  if (!FAULTS.includes(fault)) throw new BadInputError("--fault", `"${flags.fault}" is not a fault`, `Use one of: ${FAULTS.join(", ")}.`);
  if (durationMs < 1000 || durationMs > 3_600_000)
    throw new BadInputError("--duration", `${durationMs} ms is out of range`, "Give 1000 to 3600000 ms.");
  if (fault !== "none" && (faultMs < 100 || durationMs / 4 + faultMs > durationMs)) {
    throw new BadInputError(
      "--fault-ms",
      `${faultMs} ms does not fit: the fault starts at a quarter of --duration (${durationMs} ms) and must heal before it ends`,
      "Lower --fault-ms or raise --duration.",
    );
  }
  if (workers < 1 || workers > 256) throw new BadInputError("--workers", `${workers} is out of range`, "Use 1 to 256 workers.");
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
    out(
      `network ${cluster.network.name} ${formatCidr(cluster.network.subnet)} (internal); ${cluster.mesh.links.length} links through Toxiproxy ${cluster.mesh.toxiproxy.version}`,
    );
    out(`cluster_state:ok on all ${cluster.nodes.length} nodes; 16384 slots assigned; replicas linked`);
    out(
      `ready in ${(cluster.timings.readyMs / 1000).toFixed(1)} s (nodes up ${(cluster.timings.nodesUpMs / 1000).toFixed(1)} s, created ${(cluster.timings.createdMs / 1000).toFixed(1)} s)`,
    );
    out(cluster.describe(first?.nodes ?? []));

    const store = await RunStore.open({
      suite: "redis",
      scenario: `set-${fault}`,
      runId: runtime.runId,
      target: cluster.image.name,
      images: [cluster.image].map((i) => ({ name: i.name, ref: i.ref, source: i.source, engineVersion: i.engineVersion })),
      config: { topology, durationMs, fault, faultMs, workers },
    });
    const names = cluster.nodes.map((n) => n.name);
    const [master] = await cluster.primaries();
    const nemesis = new Nemesis(cluster.mesh, new Map(cluster.nodes.map((n) => [n.name, n.container])), store.recorder);
    const action = faultOn(fault, master ?? "n1", names);
    const schedule = scriptedSchedule(
      action
        ? [
            { atMs: durationMs / 4, action },
            { atMs: durationMs / 4 + faultMs, action: { kind: "heal" } },
          ]
        : [],
    );
    const client = clusterClient(cluster.nodes);
    try {
      logger.info(
        `set workload: ${workers} workers for ${durationMs / 1000} s; ${fault === "none" ? "no fault" : `${fault} of ${master} at ${durationMs / 4000} s for ${faultMs / 1000} s`}`,
      );
      const workloadStart = Date.now();
      await Promise.all([
        runRedisSet(client, store.recorder, { workers, durationMs, keys: 64, pauseMs: 5, opTimeoutMs: 2000 }, runtime.signal),
        runSchedule(nemesis, schedule, runtime.signal),
      ]);
      const healed = Date.now();
      logger.info("waiting for the cluster to recover");
      await cluster.waitForReady(readyMs);
      const recoveredMs = Date.now() - healed;
      await finalSetRead(client, store.recorder, 64, workers);
      await store.captureLogs([
        ...cluster.nodes,
        ...names.map((n) => ({ name: `${n}-net`, container: cluster.mesh.sidecarOf(n) })),
        { name: "toxiproxy", container: cluster.mesh.toxiproxy.container },
      ]);
      const results = await store.judge(
        [
          { checker: setChecker, options: {} },
          // No bounds yet (the Redis suite sets them): reports recovery time and success per phase.
          { checker: availabilityChecker, options: {} },
        ],
        {
          readyMs: cluster.timings.readyMs,
          workloadMs: healed - workloadStart,
          recoveryMs: recoveredMs,
        },
      );
      await store.finish({ valid: results.valid });
      await writeRunReports(store, results, Date.now() - workloadStart, logger);
      out(`history ${relative(process.cwd(), store.historyPath)}: ${store.recorder.ops().length} ops`);
      for (const r of Object.values(results.results)) {
        out(`${r.checker}: ${String(r.valid)}${r.reason ? ` (${r.reason})` : ""}`);
        for (const line of findingLines(r)) out(`  ${line}`);
      }
      out(`verdict: ${String(results.valid)}`);
      out(`run directory ${relative(process.cwd(), store.dir)} (results.json, junit.xml, timeline.html, history.jsonl, logs/)`);
      logger.info("tearing down");
      return exitCodeOf(results.valid);
    } finally {
      client.disconnect();
    }
  });
}
