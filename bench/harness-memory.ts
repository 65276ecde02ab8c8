/**
 * Peak memory of the faultline harness process during a real run, against the same process
 * loaded with no cluster (`--help`) in the same bench run.
 *
 * bin/faultline.js runs the CLI in its own process (tsx's loader is registered in-process, its
 * hooks on a worker thread of that process), so the process measured is the `node` this bench
 * spawns. Every poll also lists that process's children, to show it stays so (Docker is reached
 * over its socket; a child appears only for a local image build or debootstrap).
 *
 * Measured: VmHWM (RSS high-water mark) and VmRSS from /proc/<pid>/status, polled every 100 ms,
 * and the same lines read by the process itself in its 'exit' event (bench/vmhwm-at-exit.cjs,
 * preloaded with --require on both sides), which is exact however short the process lived.
 * Peak = the larger of the two VmHWM figures (VmHWM only grows, so it is the at-exit one).
 * Waits for other faultline runs' containers to be gone before each live run.
 *
 *   npm run bench:harness-memory                (baseline x3, Redis `set` x1)
 *   npm run bench:harness-memory -- --galera    (also Galera `replication` x1)
 *
 * Writes reports/bench/harness-memory.json; each run's output goes to reports/bench/harness-memory-<label>.log.
 */
import { execFile, spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { projectPath } from "../lib/core/paths.ts";
import { median } from "./latency-stats.ts";

const POLL_MS = 100;
const BASELINE_ROUNDS = 3;
/** A live run that has not ended by then is sent SIGINT (faultline tears down on it), then SIGKILL 60 s later. */
const RUN_TIMEOUT_MS = 10 * 60_000;
/** How long to wait for another faultline run's containers to be gone. */
const QUIET_TIMEOUT_MS = 20 * 60_000;

const run = promisify(execFile);

interface ProcStatus {
  vmHwmKb: number;
  vmRssKb: number;
  threads: number;
}

interface ChildSeen {
  pid: number;
  comm: string;
  cmdline: string;
}

interface Measurement {
  label: string;
  args: string[];
  exitCode: number | null;
  signal: string | null;
  wallMs: number;
  pid: number;
  /** argv of the measured process, as /proc saw it. */
  cmdline: string;
  polls: number;
  polledPeakHwmKb: number;
  lastPolled: ProcStatus | undefined;
  atExit: ProcStatus | undefined;
  peakHwmKb: number;
  peakRssKb: number;
  maxThreads: number;
  children: ChildSeen[];
}

function readStatus(pid: number): ProcStatus | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/status`, "utf8");
  } catch {
    return undefined;
  }
  const pick = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, "m").exec(text)?.[1] ?? Number.NaN);
  const status = { vmHwmKb: pick("VmHWM"), vmRssKb: pick("VmRSS"), threads: pick("Threads") };
  // A zombie (exited, not yet reaped) has no Vm lines: that is not a sample.
  return Number.isNaN(status.vmHwmKb) ? undefined : status;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/** Direct children of pid, from every thread's children list (Linux >= 3.5 with CONFIG_PROC_CHILDREN). */
function childrenOf(pid: number): number[] {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const pids = new Set<number>();
  for (const tid of tids) {
    for (const c of (readText(`/proc/${pid}/task/${tid}/children`) ?? "").split(/\s+/)) if (c) pids.add(Number(c));
  }
  return [...pids];
}

async function otherRunsContainers(): Promise<string[]> {
  const { stdout } = await run("docker", ["ps", "-q", "--filter", "label=faultline.run"]);
  return stdout.split("\n").filter(Boolean);
}

async function waitForQuiet(label: string): Promise<void> {
  const deadline = Date.now() + QUIET_TIMEOUT_MS;
  let said = false;
  for (;;) {
    const ids = await otherRunsContainers();
    if (ids.length === 0) return;
    if (Date.now() > deadline)
      throw new Error(`${ids.length} containers of another faultline run still up after ${QUIET_TIMEOUT_MS / 60_000} min`);
    if (!said) process.stderr.write(`${label}: waiting for ${ids.length} containers of another faultline run to be gone\n`);
    said = true;
    await new Promise((r) => setTimeout(r, 5000));
  }
}

async function measure(label: string, args: string[]): Promise<Measurement> {
  const exitFile = join(tmpdir(), `faultline-bench-vmhwm-${process.pid}-${label}.json`);
  rmSync(exitFile, { force: true });
  const logPath = projectPath("reports", "bench", `harness-memory-${label}.log`);
  const logFd = openSync(logPath, "w");
  const started = performance.now();
  const child = spawn(
    process.execPath,
    ["--require", projectPath("bench", "vmhwm-at-exit.cjs"), projectPath("bin", "faultline.js"), ...args],
    {
      cwd: projectPath(),
      stdio: ["ignore", logFd, logFd],
      env: { ...process.env, FAULTLINE_BENCH_VMHWM_FILE: exitFile },
    },
  );
  closeSync(logFd);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${label}: spawn failed`);
  let cmdline = "";
  let polls = 0;
  let polledPeakHwmKb = 0;
  let peakRssKb = 0;
  let maxThreads = 0;
  let lastPolled: ProcStatus | undefined;
  const children = new Map<number, ChildSeen>();
  const poll = () => {
    const status = readStatus(pid);
    if (!status) return;
    polls++;
    lastPolled = status;
    polledPeakHwmKb = Math.max(polledPeakHwmKb, status.vmHwmKb);
    peakRssKb = Math.max(peakRssKb, status.vmRssKb);
    maxThreads = Math.max(maxThreads, status.threads);
    if (!cmdline) cmdline = (readText(`/proc/${pid}/cmdline`) ?? "").split("\0").filter(Boolean).join(" ");
    for (const c of childrenOf(pid)) {
      if (children.has(c)) continue;
      const comm = (readText(`/proc/${c}/comm`) ?? "?").trim();
      const argv = (readText(`/proc/${c}/cmdline`) ?? "").split("\0").filter(Boolean).join(" ");
      children.set(c, { pid: c, comm, cmdline: argv.slice(0, 200) });
    }
  };
  poll();
  const timer = setInterval(poll, POLL_MS);
  const killTimer = setTimeout(() => {
    process.stderr.write(`${label}: still running after ${RUN_TIMEOUT_MS / 1000} s, sending SIGINT\n`);
    child.kill("SIGINT");
    setTimeout(() => child.kill("SIGKILL"), 60_000).unref();
  }, RUN_TIMEOUT_MS);
  const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code, sig) => resolve([code, sig]));
  });
  const wallMs = performance.now() - started;
  clearInterval(timer);
  clearTimeout(killTimer);
  let atExit: ProcStatus | undefined;
  const hook = readText(exitFile);
  if (hook) {
    const parsed = JSON.parse(hook) as ProcStatus & { pid: number };
    if (parsed.pid !== pid) throw new Error(`${label}: the exit hook ran in pid ${parsed.pid}, not the spawned ${pid}`);
    atExit = { vmHwmKb: parsed.vmHwmKb, vmRssKb: parsed.vmRssKb, threads: parsed.threads };
  }
  rmSync(exitFile, { force: true });
  const peakHwmKb = Math.max(polledPeakHwmKb, atExit?.vmHwmKb ?? 0);
  return {
    label,
    args,
    exitCode,
    signal,
    wallMs,
    pid,
    cmdline,
    polls,
    polledPeakHwmKb,
    lastPolled,
    atExit,
    peakHwmKb,
    peakRssKb: Math.max(peakRssKb, atExit?.vmRssKb ?? 0),
    maxThreads: Math.max(maxThreads, atExit?.threads ?? 0),
    children: [...children.values()],
  };
}

const mib = (kb: number) => kb / 1024;

async function main(): Promise<void> {
  const withGalera = process.argv.includes("--galera");
  mkdirSync(projectPath("reports", "bench"), { recursive: true });

  const baselines: Measurement[] = [];
  for (let r = 0; r < BASELINE_ROUNDS; r++) {
    const m = await measure(`help-${r + 1}`, ["--help"]);
    if (m.exitCode !== 0) throw new Error(`--help exited ${m.exitCode ?? m.signal}`);
    process.stderr.write(`baseline ${r + 1}: VmHWM ${mib(m.peakHwmKb).toFixed(1)} MiB in ${m.wallMs.toFixed(0)} ms (${m.polls} polls)\n`);
    baselines.push(m);
  }
  const live: Array<{ name: string; args: string[] }> = [
    // --fault-ms 5000: the default 8000 ms partition, started at a quarter of a 10 s workload, does not
    // fit in it, and faultline refuses the command (exit 2) before any container starts.
    { name: "redis-set", args: ["run", "redis", "--scenario", "set", "--duration", "10000", "--fault-ms", "5000"] },
  ];
  if (withGalera) live.push({ name: "galera-replication", args: ["run", "galera", "--scenario", "replication"] });
  const runs: Measurement[] = [];
  for (const { name, args } of live) {
    await waitForQuiet(name);
    const m = await measure(name, args);
    process.stderr.write(
      `${name}: exit ${m.exitCode ?? m.signal}, VmHWM ${mib(m.peakHwmKb).toFixed(1)} MiB in ${(m.wallMs / 1000).toFixed(1)} s (${m.polls} polls), children: ${
        m.children.map((c) => c.comm).join(", ") || "none"
      }\n`,
    );
    // 1 is a finished run whose verdict is invalid: still a full run. Anything else (2: bad input or an
    // infrastructure error, a signal) did not run the scenario through, so it is no measure of one.
    if (m.exitCode !== 0 && m.exitCode !== 1) {
      throw new Error(`${name}: exited ${m.exitCode ?? m.signal}, not a completed run (see reports/bench/harness-memory-${name}.log)`);
    }
    if (m.exitCode === 1)
      process.stderr.write(`${name}: verdict invalid (see reports/bench/harness-memory-${name}.log); a full run all the same\n`);
    runs.push(m);
  }

  const baselinePeakKb = median(baselines.map((m) => m.peakHwmKb));
  const baselineLastKb = median(baselines.map((m) => m.atExit?.vmHwmKb ?? m.lastPolled?.vmHwmKb ?? Number.NaN));
  const docker = (await run("docker", ["version", "--format", "{{.Server.Version}}"])).stdout.trim();
  const comparisons = runs.map((m) => ({
    label: m.label,
    peakHwmKb: m.peakHwmKb,
    baselinePeakHwmKb: baselinePeakKb,
    differenceKb: m.peakHwmKb - baselinePeakKb,
    ratio: m.peakHwmKb / baselinePeakKb,
  }));
  const result = {
    measuredAt: new Date().toISOString(),
    node: process.version,
    docker,
    pollMs: POLL_MS,
    baselineRounds: BASELINE_ROUNDS,
    baseline: { peakHwmKb: baselinePeakKb, atExitHwmKb: baselineLastKb, rounds: baselines },
    runs,
    comparisons,
  };
  writeFileSync(projectPath("reports", "bench", "harness-memory.json"), `${JSON.stringify(result, null, 2)}\n`);

  const row = (name: string, m: Measurement) =>
    `| ${name} | ${(m.wallMs / 1000).toFixed(1)} | ${m.polls} | ${mib(m.polledPeakHwmKb).toFixed(1)} | ${m.lastPolled ? mib(m.lastPolled.vmRssKb).toFixed(1) : "-"} | ${
      m.atExit ? mib(m.atExit.vmHwmKb).toFixed(1) : "-"
    } | ${mib(m.peakHwmKb).toFixed(1)} |`;
  const lines = [
    "| process | wall (s) | polls | VmHWM polled max (MiB) | VmRSS last poll (MiB) | VmHWM at exit (MiB) | peak VmHWM (MiB) |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...baselines.map((m, i) => row(`baseline \`--help\` ${i + 1}`, m)),
    ...runs.map((m) => row(`\`${m.args.join(" ")}\``, m)),
    "",
    "| run | peak VmHWM (MiB) | baseline median peak (MiB) | difference (MiB) | run / baseline |",
    "| --- | --- | --- | --- | --- |",
    ...comparisons.map(
      (c) =>
        `| ${c.label} | ${mib(c.peakHwmKb).toFixed(1)} | ${mib(c.baselinePeakHwmKb).toFixed(1)} | ${mib(c.differenceKb).toFixed(1)} | ${c.ratio.toFixed(2)}x |`,
    ),
    "",
  ];
  process.stdout.write(lines.join("\n"));
}

await main();
