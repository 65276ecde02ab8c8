/**
 * Time from start to a ready 3-node MariaDB 10.11 Galera cluster: faultline's
 * GaleraClusterBuilder (network, Toxiproxy with a proxy per node-to-node and client link,
 * three sidecars with their DNAT rules, the founder, the client user, the joiners one at a
 * time, its readiness: every node Primary, Synced, ready, of the full size, one state uuid and
 * configuration) against bench/galera-ready-baseline.sh, the same cluster by plain docker
 * commands with no mesh. Both use the same local image, resolved before any timing; they
 * alternate, a bounded number of rounds, so drift on the machine hits both alike. Ready times
 * exclude teardown; the wall time through teardown is reported beside them.
 *
 *   npm run bench:galera-ready    (writes reports/bench/galera-ready.json)
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { GALERA_IMAGES } from "../lib/cli/run-galera.ts";
import { GaleraClusterBuilder, type GaleraTimings } from "../lib/clusters/galera/galera-cluster.ts";
import { validateGaleraTopology } from "../lib/clusters/galera/topology.ts";
import { createLogger } from "../lib/core/logger.ts";
import { projectPath } from "../lib/core/paths.ts";
import { imageResolver } from "../lib/runtime/images.ts";
import { Runtime } from "../lib/runtime/runtime.ts";
import { formatCidr } from "../lib/runtime/subnets.ts";
import { runJsonScript } from "./json-script.ts";
import { median } from "./latency-stats.ts";

const ROUNDS = 3;
/** faultline's default ready deadline, as the CLI's --ready-timeout. */
const READY_TIMEOUT_MS = 180_000;
/** The baseline waits at most 180 s for each of its three steps; this bounds the whole script. */
const BASELINE_TIMEOUT_MS = 600_000;

interface FaultlineResult extends GaleraTimings {
  /** Start to ready, by this process's clock (the builder's readyMs, plus the call's own edges). */
  wallMs: number;
  /** Start to the scope closed: ready plus teardown (nodes, sidecars, Toxiproxy, network). */
  wallWithTeardownMs: number;
  subnet: string;
  links: number;
}

/** Milliseconds from the script's start: the founder Primary and Synced, its client user created, all three ready. */
interface BaselineResult {
  runId: string;
  subnet: string;
  founderMs: number;
  userMs: number;
  readyMs: number;
  perNodeMs: number[];
  /** From spawning the script to its exit: bash's start, the cluster, and the trap's teardown. */
  wallWithTeardownMs: number;
}

async function runBaseline(imageRef: string, runtime: Runtime): Promise<BaselineResult> {
  const started = performance.now();
  // The Runtime's run id and this process as the owner: its final sweep and `faultline clean` cover the script's leftovers.
  const args = [imageRef, runtime.runId, String(runtime.owner.pid), runtime.owner.startTicks];
  const result = (await runJsonScript(projectPath("bench", "galera-ready-baseline.sh"), args, BASELINE_TIMEOUT_MS)) as Omit<
    BaselineResult,
    "wallWithTeardownMs"
  >;
  return { ...result, wallWithTeardownMs: Math.round(performance.now() - started) };
}

async function main(): Promise<void> {
  const logger = createLogger("info");
  const runtime = await Runtime.open({ logger });
  try {
    const topology = validateGaleraTopology({ image: "mariadb-galera-10.11" }, GALERA_IMAGES);
    const images = imageResolver(runtime);
    // Resolved (and memoised by the resolver) before any timing: the node image and the mesh's two.
    const [galera, toxiproxy, sidecar] = await Promise.all([topology.image, "toxiproxy", "sidecar"].map((name) => images.resolve(name)));
    if (!galera || !toxiproxy || !sidecar) throw new Error("images did not resolve");
    logger.info(`images: ${galera.ref} (${galera.engineVersion}), ${toxiproxy.ref}, ${sidecar.ref}`);

    const rounds: Array<{ faultline: FaultlineResult; baseline: BaselineResult }> = [];
    for (let r = 0; r < ROUNDS; r++) {
      const scope = runtime.child(`ready-${r + 1}`);
      const started = performance.now();
      let ready: Omit<FaultlineResult, "wallWithTeardownMs"> | undefined;
      try {
        const cluster = await new GaleraClusterBuilder(topology).withTimeout(READY_TIMEOUT_MS).start(scope, images);
        const wallMs = Math.round(performance.now() - started);
        ready = { ...cluster.timings, wallMs, subnet: formatCidr(cluster.network.subnet), links: cluster.mesh.links.length };
        await cluster.closePools();
      } finally {
        await scope.close();
      }
      const faultline: FaultlineResult = { ...ready, wallWithTeardownMs: Math.round(performance.now() - started) };
      logger.info(
        `round ${r + 1}: faultline ready in ${faultline.readyMs} ms (founder ${faultline.founderMs} ms), ${faultline.wallWithTeardownMs} ms with teardown, on ${faultline.subnet}`,
      );
      const baseline = await runBaseline(galera.ref, runtime);
      logger.info(
        `round ${r + 1}: baseline ready in ${baseline.readyMs} ms (founder ${baseline.founderMs} ms), ${baseline.wallWithTeardownMs} ms with teardown, on ${baseline.subnet}`,
      );
      rounds.push({ faultline, baseline });
    }

    const pick = (side: "faultline" | "baseline", key: "founderMs" | "readyMs" | "wallWithTeardownMs") =>
      median(rounds.map((r) => r[side][key]));
    const result = {
      measuredAt: new Date().toISOString(),
      image: `${galera.ref} (${galera.name} ${galera.engineVersion})`,
      toxiproxy: toxiproxy.ref,
      sidecar: sidecar.ref,
      topology,
      rounds: ROUNDS,
      perRound: rounds,
      faultline: {
        meshMs: median(rounds.map((r) => r.faultline.meshMs)),
        founderMs: pick("faultline", "founderMs"),
        readyMs: pick("faultline", "readyMs"),
        wallMs: median(rounds.map((r) => r.faultline.wallMs)),
        wallWithTeardownMs: pick("faultline", "wallWithTeardownMs"),
      },
      baseline: {
        founderMs: pick("baseline", "founderMs"),
        readyMs: pick("baseline", "readyMs"),
        wallWithTeardownMs: pick("baseline", "wallWithTeardownMs"),
      },
    };
    const ratios = {
      founder: result.faultline.founderMs / result.baseline.founderMs,
      ready: result.faultline.readyMs / result.baseline.readyMs,
      wallWithTeardown: result.faultline.wallWithTeardownMs / result.baseline.wallWithTeardownMs,
    };
    mkdirSync(projectPath("reports", "bench"), { recursive: true });
    writeFileSync(projectPath("reports", "bench", "galera-ready.json"), `${JSON.stringify({ ...result, ratios }, null, 2)}\n`);
    const f = result.faultline;
    const b = result.baseline;
    process.stdout.write(
      [
        "| path | founder Primary + Synced (ms) | ready (ms) | start to torn down (ms) |",
        "| --- | --- | --- | --- |",
        `| baseline (plain docker, no mesh) | ${b.founderMs} | ${b.readyMs} | ${b.wallWithTeardownMs} |`,
        `| faultline (mesh) | ${f.founderMs} | ${f.readyMs} | ${f.wallWithTeardownMs} |`,
        `| faultline / baseline | ${ratios.founder.toFixed(2)}x | ${ratios.ready.toFixed(2)}x | ${ratios.wallWithTeardown.toFixed(2)}x |`,
        "",
      ].join("\n"),
    );
  } finally {
    await runtime.close();
  }
}

await main();
