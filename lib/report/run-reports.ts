import { randomUUID } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import type { Logger } from "../core/logger.ts";
import { loadHistory } from "../history/loader.ts";
import { allureResults, writeAllureResults } from "./allure-results.ts";
import { type EngineEvent, parseEventsJsonl } from "./engine-event.ts";
import { renderJUnit } from "./junit.ts";
import { runReporters } from "./multiplexer.ts";
import { reportOutputs, reportsPath } from "./outputs.ts";
import type { RunResults, RunStore } from "./store.ts";
import { renderTimeline } from "./timeline.ts";

/** JUnit XML at a predictable path for CI: <reports>/junit/faultline-<suite>.xml. */
export const junitDir = (): string => reportsPath("junit");

/**
 * A judged run's reports, each isolated (a failing one never changes the verdict), as the
 * config's `reports` chooses: `junit.xml` and `timeline.html` in the run directory. The suite's
 * JUnit file with every run of the invocation (<reports>/junit/faultline-<suite>.xml) is written
 * at the end of the run (lib/report/suite-junit.ts).
 */
export async function writeRunReports(store: RunStore, results: RunResults, durationMs: number, logger: Logger) {
  const { suite, scenario, target, runId } = store.meta;
  const outputs = reportOutputs();
  return runReporters(
    [
      ...(outputs.junit
        ? [
            {
              name: "junit",
              write: async () => {
                await writeFile(join(store.dir, "junit.xml"), renderJUnit({ suite, scenario, target, runId, durationMs, results }));
              },
            },
          ]
        : []),
      ...(outputs.allure
        ? [
            {
              name: "allure",
              write: async () => {
                const startMs = Date.parse(store.meta.startedAt);
                const run = {
                  suite,
                  scenario,
                  target,
                  engineVersion: store.meta.images[0]?.engineVersion,
                  runId,
                  startMs,
                  stopMs: startMs + durationMs,
                  results,
                  runDir: relative(process.cwd(), store.dir),
                };
                await writeAllureResults(reportsPath("allure-results"), allureResults(run, randomUUID));
              },
            },
          ]
        : []),
      ...(outputs.html
        ? [
            {
              name: "timeline",
              write: async () => {
                const history = await loadHistory(store.historyPath);
                const events = await readEvents(join(store.dir, "events.jsonl"));
                const html = renderTimeline({
                  events,
                  title: `${suite} / ${scenario} on ${target}`,
                  subtitle: `run ${runId}, started ${store.meta.startedAt}, ${history.length} ops`,
                  history,
                  valid: results.valid,
                  results: results.results,
                });
                await writeFile(join(store.dir, "timeline.html"), html);
              },
            },
          ]
        : []),
    ],
    logger,
  );
}

/** A run's events.jsonl, or none when the run kept none (made before it existed, or its writing failed). */
async function readEvents(path: string): Promise<EngineEvent[]> {
  try {
    return parseEventsJsonl(await readFile(path, "utf8"));
  } catch {
    return [];
  }
}
