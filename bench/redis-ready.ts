/**
 * Time from start to a ready 3-master x 1-replica Redis Cluster: faultline's RedisClusterBuilder
 * (network, Toxiproxy, six sidecars with their DNAT rules, six nodes started while the mesh's
 * links are still being made, the cluster formed by the harness itself the way
 * `redis-cli --cluster create` forms it, its readiness: cluster_state:ok, every slot owned once, replicas linked, one view) against
 * bench/redis-ready-baseline.sh, the same cluster by plain docker commands with no mesh. Both
 * use the same local image, resolved before any timing; they alternate, a bounded number of
 * rounds, so drift on the machine hits both alike. Teardown is not timed. The baseline's ready
 * (cluster_state:ok everywhere, replicas linked) is looser than faultline's, so it also reports
 * when all its nodes first gave one view, the condition faultline adds.
 *
 *   npm run bench:redis-ready     (writes reports/bench/redis-ready.json)
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { RedisClusterBuilder } from "../lib/clusters/redis/redis-cluster.ts";
import { DEFAULT_REDIS_TOPOLOGY } from "../lib/clusters/redis/topology.ts";
import { createLogger } from "../lib/core/logger.ts";
import { projectPath } from "../lib/core/paths.ts";
import { imageResolver } from "../lib/runtime/images.ts";
import { Runtime } from "../lib/runtime/runtime.ts";
import { formatCidr } from "../lib/runtime/subnets.ts";
import { runJsonScript } from "./json-script.ts";
import { median } from "./latency-stats.ts";

const ROUNDS = 3;
/** The baseline's own deadlines are 60 s for nodes up and 60 s for ready; this bounds the whole script. */
const BASELINE_TIMEOUT_MS = 180_000;

/** Milliseconds from start: nodes answering PING, the cluster formed (faultline) or `--cluster create` returned (baseline), ready. */
interface Timing {
  nodesUpMs: number;
  createdMs: number;
  readyMs: number;
}

interface BaselineResult extends Timing {
  runId: string;
  subnet: string;
  /** Not in the baseline's ready: until every node's CLUSTER NODES gives one view, as faultline's readiness also requires; -1 if never. */
  viewsAgreeMs: number;
}

async function runBaseline(imageRef: string): Promise<BaselineResult> {
  return (await runJsonScript(projectPath("bench", "redis-ready-baseline.sh"), [imageRef], BASELINE_TIMEOUT_MS)) as BaselineResult;
}

async function main(): Promise<void> {
  const logger = createLogger("info");
  const runtime = await Runtime.open({ logger });
  try {
    const images = imageResolver(runtime);
    // Resolved (and memoised by the resolver) before any timing: the node image and the mesh's two.
    const [redis, toxiproxy, sidecar] = await Promise.all(["redis-7.0", "toxiproxy", "sidecar"].map((name) => images.resolve(name)));
    if (!redis || !toxiproxy || !sidecar) throw new Error("images did not resolve");
    logger.info(`images: ${redis.ref} (${redis.engineVersion}), ${toxiproxy.ref}, ${sidecar.ref}`);

    const rounds: Array<{ faultline: Timing & { wallMs: number; links: number }; baseline: BaselineResult }> = [];
    for (let r = 0; r < ROUNDS; r++) {
      const scope = runtime.child(`ready-${r + 1}`);
      let faultline: Timing & { wallMs: number; links: number };
      try {
        const started = performance.now();
        const cluster = await new RedisClusterBuilder(DEFAULT_REDIS_TOPOLOGY).start(scope, images);
        const wallMs = performance.now() - started;
        faultline = { ...cluster.timings, wallMs, links: cluster.mesh.links.length };
        logger.info(`round ${r + 1}: faultline ready in ${wallMs.toFixed(0)} ms on ${formatCidr(cluster.network.subnet)}`);
      } finally {
        await scope.close();
      }
      const baseline = await runBaseline(redis.ref);
      logger.info(
        `round ${r + 1}: baseline ready in ${baseline.readyMs} ms, one view at ${baseline.viewsAgreeMs} ms, on ${baseline.subnet} (run ${baseline.runId})`,
      );
      rounds.push({ faultline, baseline });
    }

    const pick = (side: "faultline" | "baseline", key: keyof Timing) => median(rounds.map((r) => r[side][key]));
    const summary = (side: "faultline" | "baseline") => ({
      nodesUpMs: pick(side, "nodesUpMs"),
      createdMs: pick(side, "createdMs"),
      readyMs: pick(side, "readyMs"),
    });
    const result = {
      measuredAt: new Date().toISOString(),
      image: `${redis.ref} (${redis.name} ${redis.engineVersion})`,
      toxiproxy: toxiproxy.ref,
      sidecar: sidecar.ref,
      topology: DEFAULT_REDIS_TOPOLOGY,
      rounds: ROUNDS,
      perRound: rounds,
      faultline: { ...summary("faultline"), wallMs: median(rounds.map((r) => r.faultline.wallMs)) },
      baseline: { ...summary("baseline"), viewsAgreeMs: median(rounds.map((r) => r.baseline.viewsAgreeMs).filter((ms) => ms >= 0)) },
    };
    const ratios = {
      nodesUp: result.faultline.nodesUpMs / result.baseline.nodesUpMs,
      created: result.faultline.createdMs / result.baseline.createdMs,
      ready: result.faultline.readyMs / result.baseline.readyMs,
      readyVsViewsAgree: result.faultline.readyMs / result.baseline.viewsAgreeMs,
    };
    mkdirSync(projectPath("reports", "bench"), { recursive: true });
    writeFileSync(projectPath("reports", "bench", "redis-ready.json"), `${JSON.stringify({ ...result, ratios }, null, 2)}\n`);
    const f = result.faultline;
    const b = result.baseline;
    process.stdout.write(
      [
        "| path | nodes up (ms) | cluster created (ms) | ready (ms) | one view on all nodes (ms) |",
        "| --- | --- | --- | --- | --- |",
        `| baseline (plain docker, no mesh) | ${b.nodesUpMs} | ${b.createdMs} | ${b.readyMs} | ${b.viewsAgreeMs} |`,
        `| faultline (mesh) | ${f.nodesUpMs} | ${f.createdMs} | ${f.readyMs} | (part of ready) |`,
        `| faultline / baseline | ${ratios.nodesUp.toFixed(2)}x | ${ratios.created.toFixed(2)}x | ${ratios.ready.toFixed(2)}x | ${ratios.readyVsViewsAgree.toFixed(2)}x (faultline ready / this) |`,
        "",
      ].join("\n"),
    );
  } finally {
    await runtime.close();
  }
}

await main();
