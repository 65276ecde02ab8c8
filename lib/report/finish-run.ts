import { relative } from "node:path";
import { advisory, type Checker, type CheckResult } from "../checkers/verdict.ts";
import { errorMessage } from "../core/errors.ts";
import type { Logger } from "../core/logger.ts";
import type { StartedContainer } from "../runtime/container.ts";
import { parseTimedLines, type TimedLine } from "../runtime/timed-lines.ts";
import { onHistoryClock, type UntimedEvent } from "./engine-event.ts";
import { findingLines } from "./findings.ts";
import { writeRunReports } from "./run-reports.ts";
import type { RunResults, RunStore } from "./store.ts";

/** What a scenario hands back to be judged (every suite's outcome has this shape). */
export interface JudgedOutcome {
  // biome-ignore lint/suspicious/noExplicitAny: each checker has its own options type.
  checks: ReadonlyArray<{ checker: Checker<any>; options: unknown }>;
  probes: readonly CheckResult[];
  timings: Record<string, number>;
  /** Where the scenario's timings came from (server log or sampling), by timing name. */
  timingSources?: Record<string, string>;
  /** Engine events only polling saw (no log line says them, e.g. Redis PFAIL), for events.jsonl. */
  events?: readonly UntimedEvent[];
}

export interface FinishOptions {
  store: RunStore;
  outcome: JudgedOutcome;
  /** Containers whose whole logs go in the run directory before teardown. */
  logs: ReadonlyArray<{ name: string; container: StartedContainer }>;
  /**
   * The engine's events in one saved log (the suite's parser over a container's timed lines);
   * every saved log is offered, so a parser ignores what is not its node's.
   */
  logEvents?: (name: string, lines: readonly TimedLine[]) => UntimedEvent[];
  /** Timings every run reports beside the scenario's own (e.g. readyMs). */
  timings: Record<string, number>;
  /** When the scenario started (epoch ms), for the JUnit duration. */
  started: number;
  /** Every result reported but kept out of the verdict (an advisory scenario). */
  advisory?: boolean;
  logger: Logger;
  out: (text: string) => void;
  phase?: (name: string) => void;
}

/**
 * The end of every scenario, whatever the suite: node logs saved, the history judged with the
 * live probes, run.json closed, the reports written, and the verdict printed with its findings.
 */
export async function finishRun(o: FinishOptions): Promise<{ results: RunResults; dir: string }> {
  const { store, outcome, out } = o;
  o.phase?.("saving logs");
  const texts = await store.captureLogs(o.logs);
  await saveEvents(o, texts);
  o.phase?.("judging");
  const checks = o.advisory ? outcome.checks.map((c) => ({ ...c, checker: advisory(c.checker) })) : outcome.checks;
  const probes = o.advisory ? outcome.probes.map((p) => ({ ...p, advisory: true })) : outcome.probes;
  const results = await store.judge(checks, { ...o.timings, ...outcome.timings }, probes, outcome.timingSources);
  await store.finish({ valid: results.valid });
  o.phase?.("writing reports");
  await writeRunReports(store, results, Date.now() - o.started, o.logger);
  out(`history ${relative(process.cwd(), store.historyPath)}: ${store.recorder.ops().length} ops`);
  for (const r of Object.values(results.results)) {
    out(`${r.checker}: ${String(r.valid)}${r.advisory ? " (advisory)" : ""}${r.reason ? ` (${r.reason})` : ""}`);
    for (const line of findingLines(r)) out(`  ${line}`);
  }
  out(`verdict: ${String(results.valid)}`);
  out(`run directory ${relative(process.cwd(), store.dir)} (results.json, junit.xml, timeline.html, history.jsonl, events.jsonl, logs/)`);
  return { results, dir: store.dir };
}

/**
 * events.jsonl: the events the suite's parser finds in the saved logs and those polling saw, on
 * the history's clock. A failure here is logged and the run goes on: the events illustrate the
 * run, no verdict rests on them.
 */
async function saveEvents(o: FinishOptions, texts: ReadonlyMap<string, string>): Promise<void> {
  try {
    const logged = o.logEvents ? [...texts].flatMap(([name, text]) => o.logEvents?.(name, parseTimedLines(text)) ?? []) : [];
    await o.store.saveEvents(onHistoryClock([...(o.outcome.events ?? []), ...logged], o.store.historyOriginMs()));
  } catch (error) {
    o.logger.warn(`engine events not saved: ${errorMessage(error)}`);
  }
}
