import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "../core/logger.ts";
import { projectPath } from "../core/paths.ts";
import { loadHistory } from "../history/loader.ts";
import { renderJUnit } from "./junit.ts";
import { runReporters } from "./multiplexer.ts";
import type { RunResults, RunStore } from "./store.ts";
import { renderTimeline } from "./timeline.ts";

export const JUNIT_DIR = projectPath("reports", "junit");

/**
 * A judged run's reports, each isolated (a failing one never changes the verdict):
 * `junit.xml` in the run directory and at `reports/junit/faultline-<suite>.xml` (a predictable
 * path for CI), and `timeline.html` in the run directory.
 */
export async function writeRunReports(store: RunStore, results: RunResults, durationMs: number, logger: Logger) {
  const { suite, scenario, target, runId } = store.meta;
  return runReporters(
    [
      {
        name: "junit",
        write: async () => {
          const xml = renderJUnit({ suite, scenario, target, runId, durationMs, results });
          await writeFile(join(store.dir, "junit.xml"), xml);
          await mkdir(JUNIT_DIR, { recursive: true });
          await writeFile(join(JUNIT_DIR, `faultline-${suite}.xml`), xml);
        },
      },
      {
        name: "timeline",
        write: async () => {
          const history = await loadHistory(store.historyPath);
          const html = renderTimeline({
            title: `${suite} / ${scenario} on ${target}`,
            subtitle: `run ${runId}, started ${store.meta.startedAt}, ${history.length} ops`,
            history,
            valid: results.valid,
            results: results.results,
          });
          await writeFile(join(store.dir, "timeline.html"), html);
        },
      },
    ],
    logger,
  );
}
