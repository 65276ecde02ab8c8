import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { describeRunInAllure } from "../support/allure-run.ts";
import { type CliProcess, exitOf, startCli } from "../support/cli-process.ts";

export interface GaleraRun {
  scenario: string;
  target: string;
  valid: unknown;
  dir: string;
}

// biome-ignore lint/suspicious/noExplicitAny: results.json is read as the JSON it is.
export type Results = { valid: unknown; results: Record<string, any>; timings: Record<string, number> };

export const resultsOf = (dir: string): Results => JSON.parse(readFileSync(join(dir, "results.json"), "utf8"));

/**
 * `faultline run galera --json <args>` as a user runs it: waits for the exit, and gives the
 * exit code, each run's summary and results by scenario, and the CLI for its output.
 */
export async function runGaleraCli(
  args: string[],
  timeoutMs: number,
): Promise<{ code: number | null; runs: GaleraRun[]; results: Record<string, Results>; cli: CliProcess }> {
  const cli = startCli(["run", "galera", "--json", ...args]);
  const exit = await exitOf(cli, timeoutMs);
  let runs: GaleraRun[] = [];
  try {
    runs = (JSON.parse(cli.stdout()) as { runs: GaleraRun[] }).runs;
  } catch {
    expect.fail(`no JSON summary on stdout (exit ${exit.code}); stderr: ${cli.stderr().slice(-3000)}`);
  }
  const results = Object.fromEntries(runs.map((r) => [r.scenario, resultsOf(r.dir)]));
  for (const r of runs) await describeRunInAllure(r.dir, { engine: `galera ${r.target}`, scenario: r.scenario, fault: r.scenario });
  return { code: exit.code, runs, results, cli };
}

/** The append scenarios' names, as each suite's `all` runs them. */
export const APPEND_SCENARIOS = ["append", "append-partition", "append-crash", "append-chaos"];

/**
 * The append scenarios' list-append verdict is a finding about the store, not about faultline:
 * true or false, never unknown, on a history with committed transactions that read something,
 * judged against Galera's claim. Returns the scenarios whose claim did not hold.
 */
export function expectTxnJudged(results: Record<string, Results>): string[] {
  const violated: string[] = [];
  for (const scenario of APPEND_SCENARIOS) {
    const la = results[scenario]?.results["list-append"];
    expect(la, `${scenario}: no list-append result`).toBeDefined();
    expect([true, false], `${scenario}: ${la.reason ?? ""}`).toContain(la.valid);
    expect(la.model).toBe("snapshot-isolation");
    expect(la.claim.model).toBe("snapshot-isolation");
    expect(la.stats.committed, scenario).toBeGreaterThan(50);
    expect(la.stats.okReads, scenario).toBeGreaterThan(50);
    if (la.valid === false) violated.push(scenario);
  }
  return violated;
}
