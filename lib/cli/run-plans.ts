import { mergeValidity, type Validity } from "../checkers/verdict.ts";
import { BadInputError, errorMessage } from "../core/errors.ts";
import { printable } from "../core/printable.ts";
import { writeMatrixFiles } from "../report/matrix-files.ts";
import { reportOutputs } from "../report/outputs.ts";
import { type RepeatRecord, repeatGroups } from "../report/repeat-stats.ts";
import { type RunSummary, readRun } from "../report/run-summary.ts";
import type { RunResults } from "../report/store.ts";
import { writeSuiteJUnit } from "../report/suite-junit.ts";
import { imageResolver, resolveOptionsFromEnv } from "../runtime/images.ts";
import { exitCodeOf } from "./check-command.ts";
import type { RunSession, SuitePlan, SuiteSkip } from "./suite-plan.ts";
import { withRuntime } from "./with-runtime.ts";

export interface RunPlansOptions {
  /** How many times every job runs (a whole pass each time). */
  repeat: number;
  /** One JSON document on stdout; lines for people on stderr. */
  json?: boolean;
}

/** One job's run as the end of the invocation reads it. */
export interface JobRecord extends RepeatRecord {
  repeat: number;
  verdicts: Record<string, Validity>;
  dir?: string;
  error?: string;
  results?: RunResults;
}

export function checkRepeat(value: string | number | undefined): number {
  if (value === undefined) return 1;
  // Digits only, as every whole-number flag (1e2, 0x10 and " 3 " are not what anyone types for a count).
  const n = typeof value === "number" ? value : /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > 1000)
    throw new BadInputError("--repeat", `${JSON.stringify(value)} is not a whole number from 1 to 1000`, "Give e.g. --repeat 5.");
  return n;
}

/**
 * Runs every plan's jobs in one run (one runtime, one run id), `repeat` passes one after
 * another. A job that fails to run (a cluster that never became ready) is reported unknown with
 * the reason and the next job goes on; bad input and interruption end the run. At the end: the
 * scenario x target matrix (terminal, reports/matrix.md and .html) with timing distributions
 * and flaky scenarios when repeated, one JUnit file per suite with every run, the JSON summary,
 * and the exit code of the merged verdicts (a flaky scenario is never a pass).
 */
export async function runPlans(plans: readonly SuitePlan[], options: RunPlansOptions, session: RunSession): Promise<number> {
  const { logger, print, progress } = session;
  const out = options.json ? (text: string) => progress.write(text, "err") : print;
  const resolveOptions = resolveOptionsFromEnv();
  return withRuntime(
    logger,
    async (runtime) => {
      const images = imageResolver(runtime, resolveOptions);
      const skips = new Map<SuitePlan, SuiteSkip>();
      for (const plan of plans) {
        const skip = await plan.prepare?.({ runtime, images, logger });
        if (skip) skips.set(plan, skip);
      }
      const active = plans.filter((p) => !skips.has(p));
      const total = active.reduce((n, p) => n + p.jobs.length, 0) * options.repeat;
      // Nothing selected verifies nothing: never a pass (each suite refuses an empty selection; this is the last guard).
      if (total === 0 && skips.size === 0)
        throw new BadInputError("--scenario", "selects no scenario on any target", "Give at least one scenario and one target.");
      const records: JobRecord[] = [];
      for (let repeat = 1; repeat <= options.repeat; repeat++) {
        for (const plan of active) {
          for (const job of plan.jobs) {
            const position = { suite: plan.suite, scenario: job.scenario, target: job.target, index: records.length + 1, total };
            progress.scenario({ ...position, repeat: { n: repeat, of: options.repeat } });
            const started = Date.now();
            const base = { suite: plan.suite, scenario: job.scenario, target: job.target, repeat };
            try {
              const { results, dir } = await job.run({ runtime, images, logger, out, phase: (name) => progress.phase(name) });
              records.push({
                ...base,
                valid: results.valid,
                verdicts: Object.fromEntries(Object.values(results.results).map((r) => [r.checker, r.valid])),
                timings: { ...(results.timings ?? {}), wallMs: Date.now() - started },
                dir,
                results,
              });
            } catch (error) {
              // Bad input and an interrupted run end everything; a cluster that failed is this job's unknown.
              if (error instanceof BadInputError || runtime.signal.aborted) throw error;
              progress.write(`faultline: ${printable(errorMessage(error))}`, "err");
              out(`verdict: unknown (${job.scenario} on ${job.target} could not be run)`);
              records.push({
                ...base,
                valid: "unknown",
                verdicts: {},
                timings: { wallMs: Date.now() - started },
                error: errorMessage(error),
              });
            }
          }
        }
      }
      progress.runPhase("writing the matrix and reports");
      for (const [plan, skip] of skips) {
        for (const job of plan.jobs) out(`${job.scenario}: skipped (${skip.reason})`);
        out(`to run it: ${skip.howToRun}`);
        out(`verdict: unknown (nothing was verified: the ${plan.suite} suite was skipped)`);
      }
      const summaries = await Promise.all(records.map(summaryOf));
      const groups = repeatGroups(records);
      const skipped = [...skips].flatMap(([plan, skip]) =>
        plan.jobs.map((j) => ({ suite: plan.suite, scenario: j.scenario, target: j.target, ...skip })),
      );
      const files = await writeMatrixFiles(summaries, options.repeat > 1 ? groups : [], skipped);
      out(`\n${files.markdown}`);
      out(`matrix ${files.mdPath}${files.htmlPath ? ` and ${files.htmlPath}` : ""}`);
      // One file per suite, even where a suite came as several plans (one per NDB image).
      for (const suite of reportOutputs().junit ? new Set(plans.map((p) => p.suite)) : []) {
        const runs = records
          .filter((r) => r.suite === suite)
          .map((r) => ({ ...r, runId: runtime.runId, durationMs: r.timings.wallMs ?? 0 }));
        await writeSuiteJUnit(
          suite,
          runs,
          skipped.filter((s) => s.suite === suite),
        );
      }
      // Flaky groups merge to false or unknown, never true; skipped suites verified nothing.
      const valid = mergeValidity(...groups.map((g) => g.valid), ...(skips.size > 0 ? ["unknown" as const] : []));
      if (options.json) {
        const first = [...skips.values()][0];
        const allSkipped = records.length === 0 && first !== undefined;
        print(
          JSON.stringify(
            {
              runId: runtime.runId,
              valid,
              ...(allSkipped ? { skipped: true, reason: first.reason, howToRun: first.howToRun } : {}),
              runs: [
                ...records.map(({ results: _, ...r }) => r),
                ...skipped.map((s) => ({
                  suite: s.suite,
                  scenario: s.scenario,
                  target: s.target,
                  valid: "unknown",
                  skipped: true,
                  reason: s.reason,
                })),
              ],
              ...(options.repeat > 1
                ? { repeats: groups, flaky: groups.filter((g) => g.flaky).map((g) => `${g.suite}/${g.scenario} on ${g.target}`) }
                : {}),
              matrix: { markdown: files.mdPath, html: files.htmlPath },
            },
            null,
            2,
          ),
        );
      }
      progress.runPhase("tearing down");
      return exitCodeOf(valid);
    },
    session.containerLogs,
  );
}

/** A record as the matrix reads it: its run directory's summary, or what is known of a run that failed. */
async function summaryOf(r: JobRecord): Promise<RunSummary> {
  if (r.dir) return readRun(r.dir);
  return {
    dir: "",
    runId: "",
    suite: r.suite,
    scenario: r.scenario,
    target: r.target,
    engineVersion: "",
    valid: r.valid,
    verdicts: {},
    metrics: {},
  };
}
