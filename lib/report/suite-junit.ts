import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type JUnitRun, renderJUnit } from "./junit.ts";
import { skippedTestsuite } from "./junit-skipped.ts";
import { junitDir } from "./run-reports.ts";
import type { RunResults } from "./store.ts";

/** A run of the invocation as its suite's JUnit file holds it. */
export interface SuiteJUnitRun {
  scenario: string;
  target: string;
  runId: string;
  durationMs: number;
  /** The judged results; absent when the run failed before judging (then `error` says why). */
  results?: RunResults;
  error?: string;
}

export interface SuiteJUnitSkip {
  scenario: string;
  target: string;
  reason: string;
  howToRun: string;
}

/** The JUnit XML of every run of one suite in an invocation (repeats, targets), skipped scenarios as skipped. */
export function renderSuiteJUnit(suite: string, runs: readonly SuiteJUnitRun[], skipped: readonly SuiteJUnitSkip[]): string {
  const junitRuns: JUnitRun[] = runs.map((r) => ({
    suite,
    scenario: r.scenario,
    target: r.target,
    runId: r.runId,
    durationMs: r.durationMs,
    results: r.results ?? {
      valid: "unknown",
      results: {},
      reason: `the scenario could not be run: ${r.error ?? "no result"}`,
      checkedAt: new Date().toISOString(),
    },
  }));
  const byTarget = new Map<string, SuiteJUnitSkip[]>();
  for (const s of skipped) byTarget.set(s.target, [...(byTarget.get(s.target) ?? []), s]);
  const parts = [...byTarget].map(([target, list]) =>
    skippedTestsuite(
      suite,
      target,
      list.map((s) => s.scenario),
      list[0]?.reason ?? "",
      list[0]?.howToRun ?? "",
    ),
  );
  return renderJUnit(junitRuns, {
    xml: parts.map((p) => p.xml).join("\n"),
    tests: parts.reduce((n, p) => n + p.tests, 0),
    skipped: parts.reduce((n, p) => n + p.skipped, 0),
  });
}

/** Writes reports/junit/faultline-<suite>.xml: every run of the invocation, not only the last. */
export async function writeSuiteJUnit(suite: string, runs: readonly SuiteJUnitRun[], skipped: readonly SuiteJUnitSkip[]): Promise<string> {
  await mkdir(junitDir(), { recursive: true });
  const path = join(junitDir(), `faultline-${suite}.xml`);
  await writeFile(path, renderSuiteJUnit(suite, runs, skipped));
  return path;
}
