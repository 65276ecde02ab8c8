/**
 * Redis latency and throughput through the mesh (host -> Toxiproxy client link -> node)
 * against the same node addressed directly, measured in one run on one cluster, alternating
 * the two paths so drift on the machine hits both alike. Loops are bounded in count.
 *
 *   npm run bench:mesh            (writes reports/bench/mesh-overhead.json)
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { Redis } from "ioredis";
import { RedisClusterBuilder } from "../lib/clusters/redis/redis-cluster.ts";
import { DEFAULT_REDIS_TOPOLOGY } from "../lib/clusters/redis/topology.ts";
import { createLogger } from "../lib/core/logger.ts";
import { projectPath } from "../lib/core/paths.ts";
import { imageResolver } from "../lib/runtime/images.ts";
import { Runtime } from "../lib/runtime/runtime.ts";
import { type LatencySummary, median, summarize } from "./latency-stats.ts";

const SEQUENTIAL_OPS = 4000;
const THROUGHPUT_OPS = 40_000;
const CONCURRENCY = 32;
const ROUNDS = 5;

interface PathResult {
  latency: LatencySummary;
  opsPerSecond: number;
}

async function measure(client: Redis, key: string): Promise<PathResult> {
  const samples: number[] = [];
  for (let i = 0; i < SEQUENTIAL_OPS; i++) {
    const start = process.hrtime.bigint();
    await client.set(key, String(i));
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < THROUGHPUT_OPS) {
        next++;
        await client.get(key);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { latency: summarize(samples), opsPerSecond: THROUGHPUT_OPS / seconds };
}

async function main(): Promise<void> {
  const logger = createLogger("info");
  const runtime = await Runtime.open({ logger });
  try {
    const cluster = await new RedisClusterBuilder(DEFAULT_REDIS_TOPOLOGY).start(runtime, imageResolver(runtime));
    const n1 = cluster.nodes[0] as (typeof cluster.nodes)[number];
    const viaMesh = cluster.mesh.clientAddress(n1.name, n1.port);
    const direct = new Redis({ host: n1.ip, port: n1.port, lazyConnect: true });
    const meshed = new Redis({ host: viaMesh.host, port: viaMesh.port, lazyConnect: true });
    await Promise.all([direct.connect(), meshed.connect()]);
    // A key n1 owns, found by asking Redis itself, so neither path is redirected.
    const [view] = await cluster.snapshot();
    const ranges = view?.nodes.find((n) => n.ip === n1.ip)?.slots ?? [];
    let key = "";
    for (let i = 0; key === "" && i < 1000; i++) {
      const slot = Number(await direct.call("CLUSTER", "KEYSLOT", `bench:${i}`));
      if (ranges.some(([a, b]) => slot >= a && slot <= b)) key = `bench:${i}`;
    }
    if (key === "") throw new Error("no key of n1's slots found in 1000 tries");

    const rounds: Array<{ direct: PathResult; mesh: PathResult }> = [];
    await measure(direct, key); // warm-up of both paths
    await measure(meshed, key);
    for (let r = 0; r < ROUNDS; r++) {
      const d = await measure(direct, key);
      const m = await measure(meshed, key);
      rounds.push({ direct: d, mesh: m });
      logger.info(
        `round ${r + 1}: direct p50 ${d.latency.p50.toFixed(3)} ms, mesh p50 ${m.latency.p50.toFixed(3)} ms; direct ${d.opsPerSecond.toFixed(0)} ops/s, mesh ${m.opsPerSecond.toFixed(0)} ops/s`,
      );
    }
    direct.disconnect();
    meshed.disconnect();

    const pick = (path: "direct" | "mesh", f: (p: PathResult) => number) => median(rounds.map((r) => f(r[path])));
    const result = {
      measuredAt: new Date().toISOString(),
      image: `${cluster.image.name} ${cluster.image.engineVersion}`,
      toxiproxy: cluster.mesh.toxiproxy.version,
      sequentialOps: SEQUENTIAL_OPS,
      throughputOps: THROUGHPUT_OPS,
      concurrency: CONCURRENCY,
      rounds: ROUNDS,
      direct: {
        p50: pick("direct", (p) => p.latency.p50),
        p99: pick("direct", (p) => p.latency.p99),
        opsPerSecond: pick("direct", (p) => p.opsPerSecond),
      },
      mesh: {
        p50: pick("mesh", (p) => p.latency.p50),
        p99: pick("mesh", (p) => p.latency.p99),
        opsPerSecond: pick("mesh", (p) => p.opsPerSecond),
      },
    };
    const ratios = {
      p50: result.mesh.p50 / result.direct.p50,
      p99: result.mesh.p99 / result.direct.p99,
      throughput: result.mesh.opsPerSecond / result.direct.opsPerSecond,
    };
    mkdirSync(projectPath("reports", "bench"), { recursive: true });
    writeFileSync(projectPath("reports", "bench", "mesh-overhead.json"), `${JSON.stringify({ ...result, ratios }, null, 2)}\n`);
    process.stdout.write(
      [
        "| path | p50 SET (ms) | p99 SET (ms) | GET throughput (ops/s) |",
        "| --- | --- | --- | --- |",
        `| direct | ${result.direct.p50.toFixed(3)} | ${result.direct.p99.toFixed(3)} | ${result.direct.opsPerSecond.toFixed(0)} |`,
        `| mesh | ${result.mesh.p50.toFixed(3)} | ${result.mesh.p99.toFixed(3)} | ${result.mesh.opsPerSecond.toFixed(0)} |`,
        `| mesh / direct | ${ratios.p50.toFixed(2)}x | ${ratios.p99.toFixed(2)}x | ${ratios.throughput.toFixed(2)}x |`,
        "",
      ].join("\n"),
    );
  } finally {
    await runtime.close();
  }
}

await main();
