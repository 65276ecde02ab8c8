/**
 * Time and peak memory of the transactional checkers (list-append, rw-register) on generated
 * histories of 10,000 and 100,000 transactions, in the same run, so the figure that matters is
 * the ratio: ten times the history should cost at most twelve times the time.
 *
 * Each history: the seeded serial store (lib/checkers/txn-gen.ts: 10 processes, up to 4
 * micro-ops per transaction, 5% failed, 5% info) with every hand-worked anomaly plant placed in
 * it (lib/checkers/txn-gen-plants.ts), written as JSONL. Each measurement is a fresh process
 * (bench/txn-checker-child.ts) that loads the file as `faultline check` does and checks it under
 * strict-serializable (the most work: realtime edges, and for registers every version-order
 * inference); its peak memory is its VmHWM at exit (bench/vmhwm-at-exit.cjs). The check must
 * find exactly the plants' anomalies, or the bench fails. Baseline: the same process on a
 * history of 10 transactions. Sizes alternate within each round; medians over the rounds.
 *
 *   npm run bench:txn-checker                 (3 rounds)
 *   npm run bench:txn-checker -- --rounds 5
 *
 * Writes reports/bench/txn-checker.json.
 */
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { AnomalyName } from "../lib/checkers/anomalies.ts";
import { generateTxns } from "../lib/checkers/txn-gen.ts";
import { plants, withPlants } from "../lib/checkers/txn-gen-plants.ts";
import { toJsonl, txnHistory } from "../lib/checkers/txn-history.ts";
import { projectPath } from "../lib/core/paths.ts";
import type { TxnKind } from "../lib/history/micro-op.ts";
import { median } from "./latency-stats.ts";

const run = promisify(execFile);
const KINDS: readonly TxnKind[] = ["list-append", "rw-register"];
const SIZES = [10, 10_000, 100_000] as const;
const MODEL = "strict-serializable";

interface Sample {
  loadMs: number;
  checkMs: number;
  wallMs: number;
  vmHwmMiB: number;
  ops: number;
  anomalies: Record<string, number>;
  stats: { edges: Record<string, number>; committed: number };
}

/** The plants' anomalies under realtime edges, summed: what every check must find. */
function expectedAnomalies(kind: TxnKind): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of plants(kind)) for (const name of Object.keys(p.expected.realtime) as AnomalyName[]) out[name] = (out[name] ?? 0) + 1;
  return out;
}

function writeHistory(kind: TxnKind, txns: number): string {
  const base = generateTxns({ seed: 2026, kind, store: "serial", txns });
  const specs = txns >= 1000 ? withPlants(base, plants(kind)).specs : base;
  const path = join(tmpdir(), `faultline-bench-${kind}-${txns}.jsonl`);
  writeFileSync(path, toJsonl(txnHistory(specs)));
  return path;
}

async function measure(path: string, kind: TxnKind): Promise<Sample> {
  const exitFile = join(tmpdir(), `faultline-bench-txn-vmhwm-${process.pid}.json`);
  rmSync(exitFile, { force: true });
  const started = performance.now();
  const { stdout } = await run(
    process.execPath,
    [
      "--require",
      projectPath("bench", "vmhwm-at-exit.cjs"),
      "--import",
      "tsx",
      projectPath("bench", "txn-checker-child.ts"),
      path,
      kind,
      MODEL,
    ],
    { cwd: projectPath(), env: { ...process.env, FAULTLINE_BENCH_VMHWM_FILE: exitFile }, maxBuffer: 64 * 2 ** 20 },
  );
  const wallMs = performance.now() - started;
  const child = JSON.parse(stdout.trim().split("\n").at(-1) as string) as Omit<Sample, "wallMs" | "vmHwmMiB">;
  const atExit = JSON.parse(readFileSync(exitFile, "utf8")) as { vmHwmKb: number };
  rmSync(exitFile, { force: true });
  return { ...child, wallMs, vmHwmMiB: atExit.vmHwmKb / 1024 };
}

async function main(): Promise<void> {
  const at = process.argv.indexOf("--rounds");
  const rounds = at >= 0 ? Number(process.argv[at + 1]) : 3;
  mkdirSync(projectPath("reports", "bench"), { recursive: true });
  const report: Record<string, unknown> = { model: MODEL, rounds, node: process.version };
  for (const kind of KINDS) {
    const files = new Map(SIZES.map((n) => [n, writeHistory(kind, n)]));
    const samples = new Map<number, Sample[]>(SIZES.map((n) => [n, []]));
    for (let r = 0; r < rounds; r++) {
      for (const n of SIZES) {
        const s = await measure(files.get(n) as string, kind);
        const sorted = (o: Record<string, number>) => JSON.stringify(Object.entries(o).sort());
        const planted = n >= 1000 ? expectedAnomalies(kind) : {};
        if (sorted(s.anomalies) !== sorted(planted))
          throw new Error(`${kind} ${n}: found ${sorted(s.anomalies)}, planted ${sorted(planted)}`);
        samples.get(n)?.push(s);
        process.stderr.write(
          `${kind} ${n} round ${r + 1}: load ${s.loadMs.toFixed(0)} ms, check ${s.checkMs.toFixed(0)} ms, wall ${s.wallMs.toFixed(0)} ms, VmHWM ${s.vmHwmMiB.toFixed(0)} MiB\n`,
        );
      }
    }
    const summary = Object.fromEntries(
      SIZES.map((n) => {
        const list = samples.get(n) ?? [];
        const m = (f: (s: Sample) => number) => median(list.map(f));
        return [
          n,
          {
            ops: list[0]?.ops,
            committed: list[0]?.stats.committed,
            edges: list[0]?.stats.edges,
            anomalies: list[0]?.anomalies,
            loadMs: m((s) => s.loadMs),
            checkMs: m((s) => s.checkMs),
            loadAndCheckMs: m((s) => s.loadMs + s.checkMs),
            wallMs: m((s) => s.wallMs),
            vmHwmMiB: m((s) => s.vmHwmMiB),
            samples: list.map(({ loadMs, checkMs, wallMs, vmHwmMiB }) => ({ loadMs, checkMs, wallMs, vmHwmMiB })),
          },
        ];
      }),
    ) as Record<number, { checkMs: number; loadAndCheckMs: number; wallMs: number; vmHwmMiB: number }>;
    const small = summary[10_000] as (typeof summary)[number];
    const large = summary[100_000] as (typeof summary)[number];
    report[kind] = {
      sizes: summary,
      ratio100kTo10k: {
        checkMs: large.checkMs / small.checkMs,
        loadAndCheckMs: large.loadAndCheckMs / small.loadAndCheckMs,
        wallMs: large.wallMs / small.wallMs,
      },
    };
    for (const path of files.values()) rmSync(path, { force: true });
  }
  const out = projectPath("reports", "bench", "txn-checker.json");
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(report, null, 2)}\nwritten to ${out}\n`);
}

await main();
