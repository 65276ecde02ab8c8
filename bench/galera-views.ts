/**
 * faultline's measured Galera view times against the victim's own log: the isolate-one
 * scenario, a bounded number of times, each on a fresh cluster; for each, faultline's
 * nonPrimaryMs (taken from the logs, with what polling alone saw beside it; from the partition's
 * taking effect) and recoveredMs (from the heal to every node Primary and Synced) next to the
 * moments the victim logged them, counted from the wall time of the partition's and the heal's
 * nemesis `info` in the history. MariaDB 10.11 stamps its error log to the whole second, so
 * its word gives each difference as an interval one second wide; the Docker timestamp of the
 * captured line (when the daemon read it) gives a point inside that second.
 *
 *   npm run bench:galera-views    (writes reports/bench/galera-views.json)
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { galeraPlan } from "../lib/cli/run-galera.ts";
import { runGaleraScenario } from "../lib/clusters/galera/run-scenario.ts";
import { galeraScenario } from "../lib/clusters/galera/scenarios/registry.ts";
import { createLogger, type Logger } from "../lib/core/logger.ts";
import { projectPath } from "../lib/core/paths.ts";
import { loadHistory } from "../lib/history/loader.ts";
import { NEMESIS, type Op } from "../lib/history/op.ts";
import { type ImageResolver, imageResolver } from "../lib/runtime/images.ts";
import { Runtime } from "../lib/runtime/runtime.ts";
import { median } from "./latency-stats.ts";

const RUNS = 3;
/** The CLI's defaults (`faultline run galera --target <each> --scenario isolate-one`). */
const TARGETS = ["mariadb-10.11", "mariadb-11.8"];
const planOf = (target: string) => galeraPlan({ target, scenario: "isolate-one" });
const PLAN = planOf("mariadb-10.11");
/** A Primary component of `n` members, on any node (the majority after the cut; everyone after the heal). */
const primaryOf = (n: number) => new RegExp(`New COMPONENT: primary = yes, bootstrap = no, my_idx = \\d+, memb_num = ${n}\\b`);
/**
 * What MariaDB 10.11 / Galera 4.23 logs when the cut-off node's component turns non-Primary:
 * the provider's "Received NON-PRIMARY." then, in the same microseconds, its state leaving
 * SYNCED (wsrep_local_state_comment and wsrep_cluster_status change with it).
 */
const NON_PRIMARY_LINES = ["WSREP: Received NON-PRIMARY.", "WSREP: Shifting SYNCED -> OPEN"];
/** After the heal: the victim back in the primary component, then synced after its state transfer (IST). */
const PRIMARY_AGAIN_LINE = "WSREP: Shifting OPEN -> PRIMARY";
const SYNCED_LINE = "WSREP: Shifting JOINED -> SYNCED";
/** Every member's return to SYNCED as the victim sees it (the donor's too): all Synced is the last of these. */
const MEMBER_SYNCED = /WSREP: Member \S+ \((\w+)\) synced with group\./;
/** Its server's own word that it is ready (wsrep_ready ON) again. */
const SERVER_READY_LINE = "WSREP: Synchronized with group, ready for connections";

/** 2026-11-27T15:37:02.868442397Z -> epoch milliseconds with the sub-millisecond digits kept. */
function dockerTimestampMs(stamp: string): number {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/.exec(stamp);
  if (!match) throw new Error(`not a Docker log timestamp: ${stamp}`);
  return Date.parse(`${match[1]}Z`) + Number(`0.${match[2] ?? "0"}`) * 1000;
}

/** MariaDB's own stamp, `2026-11-27 14:52:58 0 [Note] ...`, in the container's zone (UTC) -> epoch ms of the second's start. */
function mariadbSecondMs(text: string): number | undefined {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) /.exec(text);
  return m ? Date.parse(`${m[1]}T${m[2]}Z`) : undefined;
}

interface LogLine {
  text: string;
  dockerMs: number;
  /** Start of the second MariaDB stamped; the line was written within [this, this + 1000). */
  mariadbMs: number;
}

function readLog(path: string): LogLine[] {
  const lines: LogLine[] = [];
  for (const raw of readFileSync(path, "utf8").split("\n")) {
    const space = raw.indexOf(" ");
    if (space <= 0) continue;
    const text = raw.slice(space + 1);
    const mariadbMs = mariadbSecondMs(text);
    // Continuation lines of a multi-line message carry no stamp of MariaDB's own.
    if (mariadbMs !== undefined) lines.push({ text, dockerMs: dockerTimestampMs(raw.slice(0, space)), mariadbMs });
  }
  return lines;
}

function firstAfter(lines: readonly LogLine[], fromMs: number, test: (text: string) => boolean, what: string, path: string): LogLine {
  const line = lines.find((l) => l.dockerMs >= fromMs && test(l.text));
  if (!line) throw new Error(`no "${what}" line in ${path} after ${new Date(fromMs).toISOString()}`);
  return line;
}

/** One moment from the log against faultline's figure, both counted from a nemesis `info`'s wall time. */
interface Comparison {
  logLine: string;
  faultlineMs: number;
  /** The log's moment after the fault by MariaDB's stamp: within [lowMs, lowMs + 1000). */
  logSecondFromMs: number;
  /** The log's moment after the fault by the Docker timestamp (sub-millisecond). */
  logDockerMs: number;
  /** faultline minus the log by MariaDB's stamp: within (lowMs, highMs]; positive when faultline saw it later. */
  differenceByStampMs: [number, number];
  differenceByDockerMs: number;
  /** The Docker timestamp fell inside the second MariaDB stamped (clocks and zone agree). */
  dockerInsideStamp: boolean;
}

function compare(faultlineMs: number, line: LogLine, fromWallMs: number): Comparison {
  const second = line.mariadbMs - fromWallMs;
  const docker = line.dockerMs - fromWallMs;
  return {
    logLine: line.text,
    faultlineMs,
    logSecondFromMs: second,
    logDockerMs: Math.round(docker * 1000) / 1000,
    differenceByStampMs: [faultlineMs - second - 1000, faultlineMs - second],
    differenceByDockerMs: Math.round((faultlineMs - docker) * 1000) / 1000,
    dockerInsideStamp: line.dockerMs >= line.mariadbMs && line.dockerMs < line.mariadbMs + 1000,
  };
}

function nemesisWalls(history: readonly Op[], f: string, dir: string): { invoke: string; info: string } {
  const ops = history.filter((op) => op.process === NEMESIS && op.f === f);
  const invoke = ops.find((op) => op.type === "invoke");
  const info = ops.find((op) => op.type === "info");
  if (!invoke?.wall || !info?.wall || info.error) throw new Error(`no completed ${f} in the history of ${dir}`);
  return { invoke: invoke.wall, info: info.wall };
}

interface RunRow {
  target: string;
  dir: string;
  victim: string;
  /** Where faultline's non-Primary figure came from, and what its polling measured. */
  nonPrimarySource: string;
  sampledNonPrimaryMs: number | null;
  /** The two others Primary with 2 members, and all 3 Primary after the heal: faultline against the latest node's own line. */
  majorityView: Comparison;
  primaryAgain: Comparison;
  partition: { invoke: string; info: string };
  heal: { invoke: string; info: string };
  nonPrimary: Comparison;
  /** "Shifting SYNCED -> OPEN" after "Received NON-PRIMARY.", by the Docker timestamps (ms). */
  stateLeftSyncedAfterMs: number;
  recovered: Comparison;
  /** Log moments after the heal's info (Docker timestamps, ms): the victim Primary again, each member's return to SYNCED, the victim's server ready. */
  primaryAgainMs: number;
  membersSyncedMs: Record<string, number>;
  serverReadyMs: number;
  stateTransfer: string;
}

/** The latest of each node's first line matching `re` from `fromMs`: when all of them had logged it. */
function lastOfFirsts(dir: string, nodes: readonly string[], fromMs: number, re: RegExp): LogLine {
  const firsts = nodes.map((n) => {
    const path = join(dir, "logs", `${n}.log`);
    return firstAfter(readLog(path), fromMs, (t) => re.test(t), String(re), path);
  });
  return firsts.reduce((a, b) => (b.dockerMs > a.dockerMs ? b : a));
}

async function measureOnce(runtime: Runtime, images: ImageResolver, logger: Logger, target: string): Promise<RunRow> {
  const scenario = galeraScenario("isolate-one");
  const plan = planOf(target);
  const topology = plan.topologies[0];
  if (!scenario || !topology) throw new Error("no isolate-one scenario or topology");
  const { results, dir } = await runGaleraScenario(runtime, images, topology, scenario, plan.options, logger, (text) =>
    logger.verbose(text),
  );
  const probe = results.results["primary-view"];
  const nonPrimaryMs = results.timings?.nonPrimaryMs;
  const recoveredMs = results.timings?.recoveredMs;
  if (!probe || typeof probe.victim !== "string" || nonPrimaryMs === undefined || recoveredMs === undefined) {
    throw new Error(`no non-Primary or recovery measured in ${dir}: ${JSON.stringify(results.timings)}`);
  }
  const victim = probe.victim;
  const history = await loadHistory(join(dir, "history.jsonl"));
  const partition = nemesisWalls(history, "partition", dir);
  const heal = nemesisWalls(history, "heal", dir);
  const partitionMs = Date.parse(partition.info);
  const healMs = Date.parse(heal.info);
  const path = join(dir, "logs", `${victim}.log`);
  const lines = readLog(path);
  // Nothing of the fault can be logged before its invoke; the comparison counts from its info.
  const has = (needle: string) => (text: string) => text.includes(needle);
  const [received, leftSynced] = NON_PRIMARY_LINES.map((needle) =>
    firstAfter(lines, Date.parse(partition.invoke), has(needle), needle, path),
  ) as [LogLine, LogLine];
  const healFrom = Date.parse(heal.invoke);
  const primaryAgain = firstAfter(lines, healFrom, has(PRIMARY_AGAIN_LINE), PRIMARY_AGAIN_LINE, path);
  const synced = firstAfter(lines, healFrom, has(SYNCED_LINE), SYNCED_LINE, path);
  const serverReady = firstAfter(lines, healFrom, has(SERVER_READY_LINE), SERVER_READY_LINE, path);
  const membersSynced: Record<string, LogLine> = {};
  for (const l of lines) {
    const m = l.dockerMs >= healFrom ? MEMBER_SYNCED.exec(l.text) : null;
    if (m?.[1] && !membersSynced[m[1]]) membersSynced[m[1]] = l;
  }
  // Every node Primary and Synced: the last of the victim's own SYNCED and every member's return as it saw them.
  const allSynced = [synced, ...Object.values(membersSynced)].reduce((a, b) => (b.dockerMs > a.dockerMs ? b : a));
  const round = (ms: number) => Math.round(ms * 1000) / 1000;
  const others = ["n1", "n2", "n3"].filter((n) => n !== victim);
  const majorityMs = results.timings?.majorityViewMs ?? -1;
  const againMs = results.timings?.primaryAgainMs ?? -1;
  return {
    target,
    dir: relative(process.cwd(), dir),
    victim,
    nonPrimarySource: String(results.timingSources?.nonPrimaryMs ?? "sampled"),
    sampledNonPrimaryMs: ((probe.sampled as { nonPrimaryMs?: number | null } | undefined)?.nonPrimaryMs ?? null) as number | null,
    majorityView: compare(majorityMs, lastOfFirsts(dir, others, Date.parse(partition.invoke), primaryOf(2)), partitionMs),
    primaryAgain: compare(againMs, lastOfFirsts(dir, ["n1", "n2", "n3"], healFrom, primaryOf(3)), healMs),
    partition,
    heal,
    nonPrimary: compare(nonPrimaryMs, received, partitionMs),
    stateLeftSyncedAfterMs: round(leftSynced.dockerMs - received.dockerMs),
    recovered: compare(recoveredMs, allSynced, healMs),
    primaryAgainMs: round(primaryAgain.dockerMs - healMs),
    membersSyncedMs: Object.fromEntries(Object.entries(membersSynced).map(([n, l]) => [n, round(l.dockerMs - healMs)])),
    serverReadyMs: round(serverReady.dockerMs - healMs),
    stateTransfer: String(probe.stateTransfer ?? "unknown"),
  };
}

const interval = ([low, high]: [number, number]) => `(${low}, ${high}]`;

async function main(): Promise<void> {
  const logger = createLogger("info");
  const runtime = await Runtime.open({ logger });
  try {
    const images = imageResolver(runtime);
    await Promise.all(
      [...TARGETS.map((t) => planOf(t).topologies[0]?.image ?? ""), "toxiproxy", "sidecar"].map((name) => images.resolve(name)),
    );
    const rows: RunRow[] = [];
    for (const target of TARGETS) {
      for (let i = 0; i < RUNS; i++) {
        const row = await measureOnce(runtime, images, logger, target);
        logger.info(
          `${target} run ${i + 1}: ${row.victim} non-Primary: faultline ${row.nonPrimary.faultlineMs} ms (polling ${row.sampledNonPrimaryMs}), log ${row.nonPrimary.logDockerMs.toFixed(1)} ms; ` +
            `majority ${row.majorityView.differenceByDockerMs.toFixed(1)} ms off its log; all Primary again ${row.primaryAgain.differenceByDockerMs.toFixed(1)} ms off; ` +
            `recovered: faultline ${row.recovered.faultlineMs} ms, log ${row.recovered.logDockerMs.toFixed(1)} ms (${row.stateTransfer})`,
        );
        rows.push(row);
      }
    }
    const medianOf = (pick: (r: RunRow) => number) => median(rows.map(pick));
    const summary = (key: "nonPrimary" | "majorityView" | "primaryAgain" | "recovered") => ({
      faultlineMs: medianOf((r) => r[key].faultlineMs),
      logDockerMs: medianOf((r) => r[key].logDockerMs),
      differenceByDockerMs: medianOf((r) => r[key].differenceByDockerMs),
      differenceByStampMs: [medianOf((r) => r[key].differenceByStampMs[0]), medianOf((r) => r[key].differenceByStampMs[1])] as [
        number,
        number,
      ],
      dockerInsideStampEverywhere: rows.every((r) => r[key].dockerInsideStamp),
    });
    const result = {
      measuredAt: new Date().toISOString(),
      scenario: "isolate-one",
      topology: PLAN.topologies[0],
      options: PLAN.options,
      lines: { nonPrimary: NON_PRIMARY_LINES, primaryAgain: PRIMARY_AGAIN_LINE, synced: SYNCED_LINE, serverReady: SERVER_READY_LINE },
      logResolution: "MariaDB 10.11 stamps its error log to the second: each log moment lies in [stamp, stamp + 1 s)",
      runs: rows,
      nonPrimary: summary("nonPrimary"),
      majorityView: summary("majorityView"),
      primaryAgain: summary("primaryAgain"),
      recovered: summary("recovered"),
      medianAbsDifferenceMs: {
        nonPrimary: median(rows.map((r) => Math.abs(r.nonPrimary.differenceByDockerMs))),
        majorityView: median(rows.map((r) => Math.abs(r.majorityView.differenceByDockerMs))),
        primaryAgain: median(rows.map((r) => Math.abs(r.primaryAgain.differenceByDockerMs))),
        pollingNonPrimary: median(
          rows.flatMap((r) => (r.sampledNonPrimaryMs === null ? [] : [Math.abs(r.sampledNonPrimaryMs - r.nonPrimary.logDockerMs)])),
        ),
      },
    };
    mkdirSync(projectPath("reports", "bench"), { recursive: true });
    writeFileSync(projectPath("reports", "bench", "galera-views.json"), `${JSON.stringify(result, null, 2)}\n`);
    const row = (label: string, c: Comparison) =>
      `| ${label} | ${c.faultlineMs} | [${c.logSecondFromMs}, ${c.logSecondFromMs + 1000}) | ${c.logDockerMs.toFixed(1)} | ${interval(c.differenceByStampMs)} | ${c.differenceByDockerMs.toFixed(1)} |`;
    const medianRow = (label: string, s: ReturnType<typeof summary>) =>
      `| ${label} | ${s.faultlineMs} | | ${s.logDockerMs.toFixed(1)} | ${interval(s.differenceByStampMs)} | ${s.differenceByDockerMs.toFixed(1)} |`;
    process.stdout.write(
      [
        "| run, measure | faultline (ms) | log, MariaDB's stamp (ms) | log, Docker's stamp (ms) | difference by MariaDB's stamp (ms) | difference by Docker's stamp (ms) |",
        "| --- | --- | --- | --- | --- | --- |",
        ...rows.map((r, i) => row(`${r.target} ${(i % RUNS) + 1}, non-Primary (polling ${r.sampledNonPrimaryMs})`, r.nonPrimary)),
        medianRow("median, non-Primary", result.nonPrimary),
        ...rows.map((r, i) => row(`${r.target} ${(i % RUNS) + 1}, majority Primary of 2`, r.majorityView)),
        medianRow("median, majority Primary", result.majorityView),
        ...rows.map((r, i) => row(`${r.target} ${(i % RUNS) + 1}, all Primary again`, r.primaryAgain)),
        medianRow("median, all Primary again", result.primaryAgain),
        ...rows.map((r, i) => row(`${r.target} ${(i % RUNS) + 1}, recovered`, r.recovered)),
        medianRow("median, recovered", result.recovered),
        "",
      ].join("\n"),
    );
  } finally {
    await runtime.close();
  }
}

await main();
