/**
 * The test command's runner (`npm test` after the type check and lint): the unit tests while
 * the live images are prepared, then the two live lanes side by side, each its own vitest
 * process running its files one at a time: `live-galera` (suites/galera) and `live` (the
 * rest). One vitest process cannot do this: a project that runs its files one at a time makes
 * the whole run one at a time. Each process writes its own JUnit and JSON report
 * (reports/junit/vitest-<part>.xml, reports/vitest-results-<part>.json; Allure results share
 * reports/allure-results), and this prints the one closing line CI reads:
 * `tests: N passed, N failed, N skipped`. Exit 1 when any part failed.
 *
 *   npm test                      (everything)
 *   tsx scripts/run-tests.ts unit (one part: unit, live, live-galera)
 */
import { spawn } from "node:child_process";
import { prepareLiveImages } from "../suites/global-setup.ts";

interface PartResult {
  part: string;
  code: number;
  counts: { passed: number; failed: number; skipped: number } | undefined;
}

const PARTS = ["unit", "live", "live-galera"] as const;

/** One vitest process for one project; its summary line is read from its output as it passes through. */
function runPart(part: string): Promise<PartResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["node_modules/vitest/vitest.mjs", "run", "--project", part], {
      env: { ...process.env, FAULTLINE_TEST_PART: part },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let tail = "";
    child.stdout.on("data", (chunk: Buffer) => {
      const text = chunk.toString();
      // Each line prefixed with its part, so two lanes' output can be told apart.
      process.stdout.write(text.replace(/^(?=.)/gm, `[${part}] `));
      tail = (tail + text).slice(-2000);
    });
    child.on("close", (code) => {
      const m = /tests: (\d+) passed, (\d+) failed, (\d+) skipped/.exec(tail);
      resolve({
        part,
        code: code ?? 1,
        counts: m ? { passed: Number(m[1]), failed: Number(m[2]), skipped: Number(m[3]) } : undefined,
      });
    });
  });
}

async function main(): Promise<number> {
  const only = process.argv[2];
  if (only !== undefined && !PARTS.includes(only as (typeof PARTS)[number])) {
    process.stderr.write(`run-tests: "${only}" is not a part; use one of ${PARTS.join(", ")}\n`);
    return 2;
  }
  const wanted = only ? [only] : [...PARTS];
  const results: PartResult[] = [];
  const live = wanted.filter((p) => p !== "unit");
  // Images once, before the lanes (two lanes preparing them at once would build each twice).
  const images = live.length > 0 ? prepareLiveImages() : Promise.resolve();
  if (wanted.includes("unit")) results.push(await runPart("unit"));
  await images;
  results.push(...(await Promise.all(live.map(runPart))));
  const sum = { passed: 0, failed: 0, skipped: 0 };
  for (const r of results) {
    // A part that ended without its summary (crashed, killed) counts as a failure.
    if (!r.counts) sum.failed++;
    else for (const k of ["passed", "failed", "skipped"] as const) sum[k] += r.counts[k];
  }
  const parts = results.map((r) => `${r.part} exit ${r.code}`).join(", ");
  process.stdout.write(`\n${parts}\ntests: ${sum.passed} passed, ${sum.failed} failed, ${sum.skipped} skipped\n`);
  return results.every((r) => r.code === 0 && r.counts) ? 0 : 1;
}

process.exitCode = await main();
