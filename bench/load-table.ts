/**
 * Every scenario of the Redis and Galera suites on every local target, repeated, while a
 * background CPU load takes one of the two cores (`stress-ng --cpu 1`): verdict flips and
 * unknowns are what the table is for (docs/verified.md, "Under load"). Each suite runs as users
 * run it (`faultline run <suite> --target ... --scenario all --repeat N --json`), one after the
 * other; the load runs for the whole time and is stopped at the end whatever happens.
 *
 *   npm run bench:load-table -- [--repeat 10] [--suites redis,galera] [--targets valkey-8.1,...]
 *                               [--load-first "<command>"]
 *   npm run bench:load-table -- --table      (only prints the table from the kept results)
 *
 * The whole table takes hours, so it is measured in pieces: each suite x target measured is
 * kept as bench/results/load-table/<suite>-<target>.json (replacing an earlier measurement of
 * the same piece), and the table printed is built from every kept piece.
 *
 * `--load-first` makes another one-core job the load while it runs (e.g. an image build pinned
 * to one CPU, `docker build --cpuset-cpus 0 ...`); when it ends, stress-ng --cpu 1 takes over.
 * Each load's span is recorded.
 *
 * Durations: Redis --duration 8000 --fault-ms 5000 and Galera --duration 14000 --fault-ms 6000,
 * the settings of the live suites (suites/redis/all-targets.test.ts, suites/galera/*.test.ts).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { projectPath } from "../lib/core/paths.ts";

interface Job {
  targets: string[];
  args: string[];
}

const SUITES: Record<string, Job> = {
  redis: { targets: ["redis-7.0", "redis-8.0", "valkey-8.1"], args: ["--scenario", "all", "--duration", "8000", "--fault-ms", "5000"] },
  galera: { targets: ["mariadb-10.11", "mariadb-11.8"], args: ["--scenario", "all", "--duration", "14000", "--fault-ms", "6000"] },
};
const KEPT = projectPath("bench", "results", "load-table");

/** One measured piece: one suite on one target, every scenario, repeated, under one-core load. */
interface Piece {
  measuredAt: string;
  suite: string;
  target: string;
  repeat: number;
  wallMs: number;
  loads: Array<{ load: string; fromMs: number; toMs?: number; exit?: number | null }>;
  groups: Group[];
  notTrue: Array<Run & { reason: string }>;
}
/** Timings shown per scenario (the first two present): the figure each scenario's bound is about, then readiness. */
const SHOWN = ["promotedMs", "nonPrimaryMs", "recoveredMs", "switchMs", "refusedMs", "joinedMs", "readyAfterRestartMs", "readyMs"];

interface Run {
  suite: string;
  scenario: string;
  target: string;
  valid: unknown;
  dir?: string;
  error?: string;
}
interface Group {
  suite: string;
  scenario: string;
  target: string;
  verdicts: unknown[];
  flaky: boolean;
  timings: Record<string, { n: number; min: number; median: number; max: number }>;
}

function argOf(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

function runCli(args: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [projectPath("bin", "faultline.js"), ...args], {
      cwd: projectPath(),
      env: { ...process.env, CI: "true" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let stdout = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.on("close", (code) => resolve({ code, stdout }));
  });
}

/** Why a run was not true, from its own results.json (or the error that stopped it). */
function reasonOf(run: Run): string {
  if (run.error) return run.error;
  if (!run.dir) return "no run directory";
  try {
    const r = JSON.parse(readFileSync(join(run.dir, "results.json"), "utf8")) as {
      reason?: string;
      results: Record<
        string,
        { checker?: string; valid: unknown; reason?: string; advisory?: boolean; lost?: unknown[]; acknowledged?: unknown[] }
      >;
    };
    const bad = Object.entries(r.results).filter(([, c]) => c.valid !== true && !c.advisory);
    // The set checker says what it found as counts, not as a reason.
    const why = (c: (typeof bad)[number][1]) =>
      c.reason ?? (Array.isArray(c.lost) ? `${c.lost.length} of ${c.acknowledged?.length ?? "?"} acknowledged writes lost` : "(no reason)");
    return [r.reason, ...bad.map(([name, c]) => `${name} ${String(c.valid)}: ${why(c)}`)].filter(Boolean).join("; ");
  } catch (error) {
    return `results.json unreadable: ${String(error)}`;
  }
}

function keptPieces(): Piece[] {
  if (!existsSync(KEPT)) return [];
  return readdirSync(KEPT)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(KEPT, f), "utf8")) as Piece);
}

function printTable(pieces: readonly Piece[]): void {
  const fmt = (g: Group) =>
    SHOWN.filter((k) => g.timings[k])
      .slice(0, 2)
      .map((k) => {
        const d = g.timings[k] as Group["timings"][string];
        return `${k} ${d.min}/${d.median}/${d.max}`;
      })
      .join("; ");
  const tally = (g: Group) => {
    const counts = new Map<string, number>();
    for (const v of g.verdicts) counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
    return [...counts].map(([v, n]) => `${v === "true" ? "pass" : v === "false" ? "FAIL" : v} x${n}`).join(", ");
  };
  const groups = pieces.flatMap((p) => p.groups);
  process.stdout.write(
    [
      ...pieces.map(
        (p) =>
          `- ${p.suite} on ${p.target}: measured ${p.measuredAt.slice(0, 10)}, --repeat ${p.repeat}, ${Math.round(p.wallMs / 60_000)} min under ${p.loads.map((l) => l.load).join(", then ")}`,
      ),
      "",
      "| suite | scenario | target | verdicts | flips | timings ms (min/median/max) |",
      "| --- | --- | --- | --- | --- | --- |",
      ...groups.map((g) => `| ${g.suite} | ${g.scenario} | ${g.target} | ${tally(g)} | ${g.flaky ? "yes" : "0"} | ${fmt(g)} |`),
      "",
      ...pieces.flatMap((p) => p.notTrue).map((r) => `- ${r.suite}/${r.scenario} on ${r.target}: ${String(r.valid)}: ${r.reason}`),
      "",
    ].join("\n"),
  );
}

async function main(): Promise<void> {
  if (process.argv.includes("--table")) {
    printTable(keptPieces());
    return;
  }
  const repeat = argOf("--repeat", "10");
  const suites = argOf("--suites", "redis,galera").split(",");
  const only = argOf("--targets", "");
  const first = argOf("--load-first", "");
  const phases: Piece["loads"] = [];
  const t0 = Date.now();
  let current: ChildProcess | undefined;
  let stopping = false;
  const startLoad = (load: string, argv: string[]) => {
    const phase: (typeof phases)[number] = { load, fromMs: Date.now() - t0 };
    phases.push(phase);
    const child = spawn(argv[0] as string, argv.slice(1), { stdio: "ignore" });
    child.on("error", (e) => {
      process.stderr.write(`load "${load}" could not start (${e.message}); stress-ng: apt-get install stress-ng\n`);
      process.exit(2);
    });
    child.on("exit", (code) => {
      phase.toMs = Date.now() - t0;
      phase.exit = code;
      // The one-core job is done: the rest of the table runs under stress-ng.
      if (!stopping && load !== "stress-ng --cpu 1") startLoad("stress-ng --cpu 1", ["stress-ng", "--cpu", "1", "--quiet"]);
    });
    current = child;
  };
  if (first) startLoad(first, ["bash", "-c", first]);
  else startLoad("stress-ng --cpu 1", ["stress-ng", "--cpu", "1", "--quiet"]);
  const stop = () => {
    stopping = true;
    current?.kill("SIGTERM");
  };
  process.on("exit", stop);
  mkdirSync(KEPT, { recursive: true });
  try {
    for (const name of suites) {
      const job = SUITES[name];
      if (!job) throw new Error(`unknown suite ${name}`);
      const targets = only ? job.targets.filter((t) => only.split(",").includes(t)) : job.targets;
      for (const target of targets) {
        const started = Date.now();
        const loadsFrom = phases.length - 1;
        const { code, stdout } = await runCli(["run", name, "--target", target, ...job.args, "--repeat", repeat, "--json"]);
        const summary = JSON.parse(stdout) as { runs: Run[]; repeats: Group[] };
        process.stderr.write(`${name} ${target}: exit ${code}\n`);
        const piece: Piece = {
          measuredAt: new Date().toISOString(),
          suite: name,
          target,
          repeat: Number(repeat),
          wallMs: Date.now() - started,
          loads: phases.slice(loadsFrom).map((l) => ({ ...l })),
          groups: summary.repeats,
          notTrue: summary.runs.filter((r) => r.valid !== true).map((r) => ({ ...r, reason: reasonOf(r) })),
        };
        writeFileSync(join(KEPT, `${name}-${target}.json`), `${JSON.stringify(piece, null, 2)}\n`);
      }
    }
  } finally {
    stop();
  }
  printTable(keptPieces());
}

await main();
