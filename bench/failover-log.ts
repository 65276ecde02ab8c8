/**
 * faultline's reported failover time against Redis's own word for it: the failover-kill
 * scenario, a bounded number of times per target (redis-7.0, redis-8.0, valkey-8.1), each on a
 * fresh cluster; for each, the promotedMs faultline reported (from the fault's taking effect;
 * taken from the log since the log-sourced timings) and the one its polling measured, next to
 * the promotion time this bench reads itself from the promoted replica's captured log (its
 * "Failover election won" line, by the Docker timestamp) minus the wall time of the kill's
 * nemesis `info` in the history.
 *
 *   npm run bench:failover-log    (writes reports/bench/failover-log.json)
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { runRedisScenario } from "../lib/clusters/redis/run-scenario.ts";
import { redisScenario } from "../lib/clusters/redis/scenarios/registry.ts";
import type { ScenarioOptions } from "../lib/clusters/redis/scenarios/scenario.ts";
import { DEFAULT_REDIS_TOPOLOGY, type RedisTopology } from "../lib/clusters/redis/topology.ts";
import { createLogger, type Logger } from "../lib/core/logger.ts";
import { projectPath } from "../lib/core/paths.ts";
import { loadHistory } from "../lib/history/loader.ts";
import { NEMESIS } from "../lib/history/op.ts";
import { type ImageResolver, imageResolver } from "../lib/runtime/images.ts";
import { Runtime } from "../lib/runtime/runtime.ts";
import { median } from "./latency-stats.ts";

const RUNS = 3;
const TARGETS = ["redis-7.0", "redis-8.0", "valkey-8.1"];
/** What Redis 7.0.15 logs (NOTICE) the moment the replica wins the vote; it turns master in the same event-loop turn. */
const PROMOTION_LINE = "Failover election won";
/** The suite's settings (suites/redis/failover.test.ts, the CLI's defaults): node-timeout 2000 ms, bound 6000 ms. */
const TOPOLOGY: RedisTopology = { ...DEFAULT_REDIS_TOPOLOGY, nodeTimeoutMs: 2000 };
const topologyOf = (image: string): RedisTopology => ({ ...TOPOLOGY, image });
const OPTIONS: ScenarioOptions = {
  durationMs: 8000,
  faultMs: 5000,
  workers: 8,
  marginMs: 3000,
  readyMs: 120_000,
  fault: "kill",
  seed: 1,
  chaosMs: 60_000,
};
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** 2026-11-27T15:37:02.868442397Z -> epoch milliseconds with the sub-millisecond digits kept. */
function dockerTimestampMs(stamp: string): number {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/.exec(stamp);
  if (!match) throw new Error(`not a Docker log timestamp: ${stamp}`);
  return Date.parse(`${match[1]}Z`) + Number(`0.${match[2] ?? "0"}`) * 1000;
}

/** Redis's own stamp, `1:S 27 Nov 2026 15:37:02.868 # ...`, in the container's zone (UTC here) -> epoch ms. */
function redisTimestampMs(text: string): number | undefined {
  const m = /^\d+:[A-Z] (\d{1,2}) (\w{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2})\.(\d{3}) /.exec(text);
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[2] as string);
  return Date.UTC(Number(m[3]), month, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]), Number(m[7]));
}

interface LogPromotion {
  line: string;
  dockerMs: number;
  redisMs: number | undefined;
}

function promotionInLog(path: string): LogPromotion {
  for (const raw of readFileSync(path, "utf8").split("\n")) {
    const space = raw.indexOf(" ");
    const text = raw.slice(space + 1);
    if (space > 0 && text.includes(PROMOTION_LINE)) {
      return { line: text, dockerMs: dockerTimestampMs(raw.slice(0, space)), redisMs: redisTimestampMs(text) };
    }
  }
  throw new Error(`no "${PROMOTION_LINE}" line in ${path}`);
}

interface RunRow {
  target: string;
  dir: string;
  victim: string;
  promoted: string;
  /** faultline's reported figure (from the promotion's log line, or polling when the line is missing), from the kill's return. */
  promotedMs: number;
  /** What polling measured (first poll, 100 ms apart, that saw the replica a master owning slots). */
  sampledPromotedMs: number | null;
  /** Where faultline's figure came from (results.json timingSources). */
  source: string;
  /** The kill's nemesis invoke and info, by wall clock (ISO, whole milliseconds). */
  faultInvokeWall: string;
  faultInfoWall: string;
  logLine: string;
  /** The log's promotion minus the info's wall time, by the Docker timestamp and by Redis's own. */
  logPromotedMs: number;
  logPromotedRedisMs: number | null;
  /** faultline minus the log: positive when faultline saw the promotion after Redis logged it. */
  differenceMs: number;
  /** Polling minus the log. */
  sampledDifferenceMs: number | null;
}

async function measureOnce(runtime: Runtime, images: ImageResolver, logger: Logger, target: string): Promise<RunRow> {
  const scenario = redisScenario("failover-kill");
  if (!scenario) throw new Error("no failover-kill scenario");
  const { results, dir } = await runRedisScenario(runtime, images, topologyOf(target), scenario, OPTIONS, logger, (text) =>
    logger.verbose(text),
  );
  const failover = results.results.failover;
  if (!failover || typeof failover.promotedMs !== "number" || typeof failover.promoted !== "string") {
    throw new Error(`no promotion measured in ${dir}: ${JSON.stringify(failover)}`);
  }
  const history = await loadHistory(join(dir, "history.jsonl"));
  const kill = history.filter((op) => op.process === NEMESIS && op.f === "kill");
  const invoke = kill.find((op) => op.type === "invoke");
  const info = kill.find((op) => op.type === "info");
  if (!invoke?.wall || !info?.wall || info.error) throw new Error(`no completed kill in the history of ${dir}`);
  const faultMs = Date.parse(info.wall);
  const log = promotionInLog(join(dir, "logs", `${failover.promoted}.log`));
  const logPromotedMs = log.dockerMs - faultMs;
  const sampled = (failover.sampled as { promotedMs?: number | null } | undefined)?.promotedMs ?? null;
  const round = (ms: number) => Math.round(ms * 1000) / 1000;
  const row: RunRow = {
    target,
    dir: relative(process.cwd(), dir),
    victim: String(failover.victim),
    promoted: failover.promoted,
    promotedMs: failover.promotedMs,
    sampledPromotedMs: sampled,
    source: String((failover.timingSources as Record<string, string> | undefined)?.promotedMs ?? "sampled"),
    faultInvokeWall: invoke.wall,
    faultInfoWall: info.wall,
    logLine: log.line,
    logPromotedMs: Math.round(logPromotedMs * 1000) / 1000,
    logPromotedRedisMs: log.redisMs === undefined ? null : log.redisMs - faultMs,
    differenceMs: round(failover.promotedMs - logPromotedMs),
    sampledDifferenceMs: sampled === null ? null : round(sampled - logPromotedMs),
  };
  return row;
}

async function main(): Promise<void> {
  const logger = createLogger("info");
  const runtime = await Runtime.open({ logger });
  try {
    const images = imageResolver(runtime);
    await Promise.all([...TARGETS, "toxiproxy", "sidecar"].map((name) => images.resolve(name)));
    const rows: RunRow[] = [];
    for (const target of TARGETS) {
      for (let i = 0; i < RUNS; i++) {
        const row = await measureOnce(runtime, images, logger, target);
        logger.info(
          `${target} run ${i + 1}: ${row.promoted} promoted, faultline ${row.promotedMs} ms (polling ${row.sampledPromotedMs}), log ${row.logPromotedMs.toFixed(1)} ms, difference ${row.differenceMs.toFixed(1)} ms`,
        );
        rows.push(row);
      }
    }
    const abs = (xs: Array<number | null>) => xs.filter((x): x is number => x !== null).map(Math.abs);
    const result = {
      measuredAt: new Date().toISOString(),
      scenario: "failover-kill",
      targets: TARGETS,
      topology: TOPOLOGY,
      options: OPTIONS,
      promotionLine: PROMOTION_LINE,
      runs: rows,
      medianAbsDifferenceMs: median(abs(rows.map((r) => r.differenceMs))),
      medianAbsSampledDifferenceMs: median(abs(rows.map((r) => r.sampledDifferenceMs))),
      fromServerLog: rows.filter((r) => r.source.startsWith("server-log")).length,
    };
    mkdirSync(projectPath("reports", "bench"), { recursive: true });
    writeFileSync(projectPath("reports", "bench", "failover-log.json"), `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(
      [
        "| target | run | promoted | faultline promotedMs (source) | polling (ms) | log promotion after the fault (ms) | faultline - log (ms) | polling - log (ms) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
        ...rows.map(
          (r, i) =>
            `| ${r.target} | ${(i % RUNS) + 1} | ${r.victim} -> ${r.promoted} | ${r.promotedMs} (${r.source.split(" ")[0]}) | ${r.sampledPromotedMs ?? "-"} | ${r.logPromotedMs.toFixed(1)} | ${r.differenceMs.toFixed(1)} | ${r.sampledDifferenceMs?.toFixed(1) ?? "-"} |`,
        ),
        `| median of absolute differences | | | | | | ${result.medianAbsDifferenceMs.toFixed(1)} | ${result.medianAbsSampledDifferenceMs.toFixed(1)} |`,
        "",
      ].join("\n"),
    );
  } finally {
    await runtime.close();
  }
}

await main();
