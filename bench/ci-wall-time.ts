/**
 * Where the wall time of a test run goes, from the JSON reports vitest.config.ts has each vitest
 * process write (reports/vitest-results-<part>.json: `npm test` runs the unit part, then the
 * live and live-galera lanes side by side, scripts/run-tests.ts). Several reports are read as
 * one run: the earliest report start is the run's start.
 *
 *   npm run bench:ci-wall-time [-- report.json ...]   (default: every reports/vitest-results-*.json;
 *                                                     writes reports/bench/ci-wall-time.json)
 *
 * What vitest 4's JSON reporter records (node_modules/vitest, class JsonReporter):
 * - `startTime` of the report: Date.now() when the reporter was initialised, before any global
 *   setup (the live project's image preparation) and before any file is collected.
 * - per file (`testResults[]`, `name` its absolute path): `startTime` = the earliest start of any
 *   of its tests, `endTime` = the latest start + duration of any of its tests (Date.now() based).
 *   A test's duration includes its beforeEach/afterEach hooks but not the file's import, nor
 *   beforeAll/afterAll (where the live suites start and stop clusters). A file none of whose tests
 *   ran (all skipped, or it failed to load) gets startTime = endTime = the report's start.
 * So: total wall time = latest file end - report start (everything up to the last test's end:
 * global setup, imports, hooks, idle; not the last file's afterAll, nor vitest's shutdown);
 * a file's duration = its test span; "outside any test span" = wall time when no file was
 * inside its test span (global setup, imports, beforeAll/afterAll, gaps between files).
 * The project of a file is taken from its path, as vitest.config.ts's include globs assign it:
 * lib/** and scripts/** are "unit", suites/** is "live".
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import { projectPath } from "../lib/core/paths.ts";

interface JsonAssertion {
  status: string;
  duration?: number | null;
}

interface JsonFile {
  name: string;
  status: string;
  startTime: number;
  endTime: number;
  assertionResults: JsonAssertion[];
}

interface JsonReport {
  startTime: number;
  success: boolean;
  numTotalTests: number;
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: JsonFile[];
}

type Project = "unit" | "live" | "live-galera" | "other";

interface FileFigure {
  file: string;
  project: Project;
  status: string;
  tests: number;
  /** False when none of its tests ran: vitest then puts both times at the report's start. */
  timed: boolean;
  startMs: number;
  endMs: number;
  durationMs: number;
}

function parseReport(path: string): JsonReport {
  let data: Partial<JsonReport>;
  try {
    data = JSON.parse(readFileSync(path, "utf8")) as Partial<JsonReport>;
  } catch (error) {
    // Every vitest run in this checkout rewrites the default file, a one-file run too.
    throw new Error(`${path} is not readable JSON (${error instanceof Error ? error.message : error}); was a vitest run writing it?`);
  }
  if (typeof data.startTime !== "number" || !Array.isArray(data.testResults)) {
    throw new Error(`${path} is not a vitest JSON report (no startTime or testResults)`);
  }
  for (const f of data.testResults) {
    if (typeof f.name !== "string" || typeof f.startTime !== "number" || typeof f.endTime !== "number") {
      throw new Error(`${path}: a testResults entry lacks name, startTime or endTime`);
    }
  }
  return data as JsonReport;
}

function projectOf(file: string): Project {
  if (file.startsWith("suites/galera/")) return "live-galera";
  if (file.startsWith("suites/")) return "live";
  if (file.startsWith("lib/") || file.startsWith("scripts/")) return "unit";
  return "other";
}

/** Total length of the union of [start, end) intervals. */
function unionMs(intervals: Array<[number, number]>): number {
  const sorted = intervals.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  let total = 0;
  let curStart = Number.NEGATIVE_INFINITY;
  let curEnd = Number.NEGATIVE_INFINITY;
  for (const [a, b] of sorted) {
    if (a > curEnd) {
      if (curEnd > curStart) total += curEnd - curStart;
      curStart = a;
      curEnd = b;
    } else curEnd = Math.max(curEnd, b);
  }
  if (curEnd > curStart) total += curEnd - curStart;
  return total;
}

/** The deepest directory holding every path (the project root when the report covers lib/ and suites/). */
function commonDirectory(paths: readonly string[]): string {
  if (paths.length === 0) return projectPath();
  const parts = paths.map((p) => p.split("/").slice(0, -1));
  const first = parts[0] as string[];
  let n = 0;
  while (n < first.length && parts.every((p) => p[n] === first[n])) n++;
  return first.slice(0, n).join("/") || "/";
}

const seconds = (ms: number) => (ms / 1000).toFixed(2);
const percent = (part: number, whole: number) => (whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : "-");

function main(): void {
  const args = process.argv.slice(2).filter((a) => !a.startsWith("-"));
  const paths =
    args.length > 0
      ? args.map((a) => resolve(a))
      : readdirSync(projectPath("reports"))
          .filter((n) => /^vitest-results-.+\.json$/.test(n))
          .map((n) => projectPath("reports", n));
  if (paths.length === 0) throw new Error("no reports/vitest-results-*.json: run npm test (or a vitest run) first");
  const reports = paths.map(parseReport);
  const path = paths.join(", ");
  const start = Math.min(...reports.map((r) => r.startTime));
  // One report of all files; a file none of whose tests ran carries its own report's start as both times.
  const entries = reports.flatMap((r) => r.testResults.map((f) => ({ f, reportStart: r.startTime })));
  const report: JsonReport = {
    startTime: start,
    success: reports.every((r) => r.success),
    numTotalTests: reports.reduce((n, r) => n + r.numTotalTests, 0),
    numPassedTests: reports.reduce((n, r) => n + r.numPassedTests, 0),
    numFailedTests: reports.reduce((n, r) => n + r.numFailedTests, 0),
    numPendingTests: reports.reduce((n, r) => n + r.numPendingTests, 0),
    numTodoTests: reports.reduce((n, r) => n + r.numTodoTests, 0),
    testResults: entries.map((e) => e.f),
  };

  // Paths relative to the tree the report was made in (a CI clone elsewhere too): the files' common directory.
  const root = commonDirectory(report.testResults.map((f) => f.name));
  const files: FileFigure[] = entries.map(({ f, reportStart }) => {
    const file = relative(root, f.name).split("\\").join("/");
    const timed = !(f.startTime === reportStart && f.endTime === reportStart);
    return {
      file,
      project: projectOf(file),
      status: f.status,
      tests: f.assertionResults.length,
      timed,
      startMs: f.startTime - start,
      endMs: f.endTime - start,
      durationMs: f.endTime - f.startTime,
    };
  });
  if (files.length === 0) throw new Error(`${path}: no test file in the report`);
  const wallMs = Math.max(...files.map((f) => f.endMs));
  const sumMs = files.reduce((s, f) => s + f.durationMs, 0);
  const insideMs = unionMs(files.map((f) => [f.startMs, f.endMs]));

  const projects = (["unit", "live", "live-galera", "other"] as const)
    .map((project) => {
      const own = files.filter((f) => f.project === project);
      const timed = own.filter((f) => f.timed && f.durationMs > 0);
      return {
        project,
        files: own.length,
        filesWithoutTimedTests: own.length - timed.length,
        tests: own.reduce((s, f) => s + f.tests, 0),
        sumMs: own.reduce((s, f) => s + f.durationMs, 0),
        // First test start to last test end of the project's files, and the time any of them was in its test span.
        firstStartMs: timed.length ? Math.min(...timed.map((f) => f.startMs)) : null,
        lastEndMs: timed.length ? Math.max(...timed.map((f) => f.endMs)) : null,
        insideMs: unionMs(timed.map((f) => [f.startMs, f.endMs])),
      };
    })
    .filter((p) => p.files > 0 || p.project !== "other");
  const slowest = [...files]
    .sort((a, b) => b.durationMs - a.durationMs)
    .slice(0, 10)
    .map((f) => ({ ...f, shareOfWall: f.durationMs / wallMs, shareOfSum: sumMs > 0 ? f.durationMs / sumMs : 0 }));

  const result = {
    measuredAt: new Date().toISOString(),
    source: path,
    reportStartedAt: new Date(start).toISOString(),
    success: report.success,
    tests: {
      total: report.numTotalTests,
      passed: report.numPassedTests,
      failed: report.numFailedTests,
      skipped: report.numPendingTests,
      todo: report.numTodoTests,
    },
    files: files.length,
    wallMs,
    sumOfFileDurationsMs: sumMs,
    insideAnyTestSpanMs: insideMs,
    outsideAnyTestSpanMs: wallMs - insideMs,
    projects,
    slowest,
  };
  mkdirSync(projectPath("reports", "bench"), { recursive: true });
  writeFileSync(projectPath("reports", "bench", "ci-wall-time.json"), `${JSON.stringify(result, null, 2)}\n`);

  const t = result.tests;
  const lines = [
    `${path}: started ${result.reportStartedAt}, ${files.length} files, tests ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped${t.todo ? `, ${t.todo} todo` : ""}`,
    "",
    "| measure | s | share of wall time |",
    "| --- | --- | --- |",
    `| total wall time (report start to last test end) | ${seconds(wallMs)} | 100% |`,
    `| sum of per-file durations (first test start to last test end, per file) | ${seconds(sumMs)} | ${percent(sumMs, wallMs)} |`,
    `| inside some file's test span | ${seconds(insideMs)} | ${percent(insideMs, wallMs)} |`,
    `| outside every file's test span (global setup, imports, beforeAll/afterAll, gaps) | ${seconds(wallMs - insideMs)} | ${percent(wallMs - insideMs, wallMs)} |`,
    "",
    "| project | files | tests | sum of file durations (s) | share of the sum | first test start to last test end (s) | inside a test span (s) |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...projects.map(
      (p) =>
        `| ${p.project} | ${p.files} | ${p.tests} | ${seconds(p.sumMs)} | ${percent(p.sumMs, sumMs)} | ${
          p.firstStartMs === null || p.lastEndMs === null ? "-" : `${seconds(p.firstStartMs)} to ${seconds(p.lastEndMs)}`
        } | ${seconds(p.insideMs)} |`,
    ),
    "",
    "| slowest files | project | tests | duration (s) | share of wall time | share of the sum |",
    "| --- | --- | --- | --- | --- | --- |",
    ...slowest.map(
      (f) =>
        `| ${f.file} | ${f.project} | ${f.tests} | ${seconds(f.durationMs)} | ${percent(f.durationMs, wallMs)} | ${percent(f.durationMs, sumMs)} |`,
    ),
    "",
  ];
  process.stdout.write(lines.join("\n"));
}

main();
