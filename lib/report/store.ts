import { mkdir, readFile, rename, symlink, unlink, writeFile } from "node:fs/promises";
import { cpus, hostname, totalmem } from "node:os";
import { join, relative } from "node:path";
import { type Checker, type CheckResult, composeResults, runChecker, type Validity } from "../checkers/verdict.ts";
import { errorMessage } from "../core/errors.ts";
import { redactSecrets } from "../core/redact.ts";
import { loadHistory } from "../history/loader.ts";
import { HistoryRecorder } from "../history/recorder.ts";
import type { StartedContainer } from "../runtime/container.ts";
import { type EngineEvent, eventsJsonl } from "./engine-event.ts";
import { reportsPath } from "./outputs.ts";

export interface RunMeta {
  suite: string;
  scenario: string;
  runId: string;
  target: string;
  images: Array<{ name: string; ref: string; source: string; engineVersion: string }>;
  config: unknown;
}

export interface RunResults {
  valid: Validity;
  results: Record<string, CheckResult>;
  checkedAt: string;
  /** Why the verdict is unknown when the history itself could not be judged. */
  reason?: string;
  timings?: Record<string, number>;
  /** Where each timing came from when a scenario says: "server-log (n5: ...)" or "sampled". */
  timingSources?: Record<string, string>;
}

/** Where run directories go: <reports>/runs/<suite>/. */
export const runsRoot = (): string => reportsPath("runs");

/** 2026-11-27T14:05:09.123Z -> 20261127-140509: directory names sort by start time. */
export function stamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
}

/**
 * One run's directory, `reports/runs/<suite>/<time>-<run id>/`: `run.json` at start,
 * `history.jsonl` appended as the run goes (each op written at once, so a crash keeps it),
 * `logs/<node>.log` before teardown and `events.jsonl` from them, `results.json` after checking. `latest` in the suite's
 * folder points at the newest run.
 */
export class RunStore {
  readonly dir: string;
  readonly historyPath: string;
  readonly recorder: HistoryRecorder;
  readonly #meta: RunMeta & { startedAt: string; host: Record<string, unknown> };

  private constructor(dir: string, meta: RunMeta & { startedAt: string; host: Record<string, unknown> }) {
    this.dir = dir;
    this.historyPath = join(dir, "history.jsonl");
    this.recorder = new HistoryRecorder({ path: this.historyPath });
    this.#meta = meta;
  }

  static async open(meta: RunMeta, root = runsRoot(), now = new Date()): Promise<RunStore> {
    const suiteDir = join(root, meta.suite);
    const dir = join(suiteDir, `${stamp(now)}-${meta.runId}`);
    await mkdir(join(dir, "logs"), { recursive: true });
    const full = {
      ...meta,
      startedAt: now.toISOString(),
      host: {
        hostname: hostname(),
        platform: process.platform,
        arch: process.arch,
        cpus: cpus().length,
        memoryBytes: totalmem(),
        node: process.version,
      },
    };
    // Secrets (a --set requirepass, a wsrep_sst_auth) never reach run.json, nor the reports made from the meta.
    const store = new RunStore(dir, redactSecrets(full));
    await writeFile(join(dir, "run.json"), `${JSON.stringify(store.#meta, null, 2)}\n`);
    await writeFile(store.historyPath, "");
    await pointLatest(suiteDir, dir);
    return store;
  }

  get meta(): Readonly<RunMeta & { startedAt: string }> {
    return this.#meta;
  }

  /**
   * Every container's whole log (with Docker's timestamps), before teardown removes it; a log
   * that cannot be read says why in its file. The texts are handed back, by container name, for
   * the engine events read from them.
   */
  async captureLogs(containers: ReadonlyArray<{ name: string; container: StartedContainer }>): Promise<Map<string, string>> {
    const texts = await Promise.all(
      containers.map(async ({ name, container }): Promise<[string, string]> => {
        const text = await container.logs("all");
        await writeFile(join(this.dir, "logs", `${name}.log`), text);
        return [name, text];
      }),
    );
    return new Map(texts);
  }

  /** The epoch time (ms) of the history's zero: the recorder's monotonic clock read against the wall clock, now. */
  historyOriginMs(): number {
    return Date.now() - this.recorder.clock.nowNs() / 1e6;
  }

  /** `events.jsonl`: the engine's own events (docs/reports.md, "Engine events"). */
  async saveEvents(events: readonly EngineEvent[]): Promise<void> {
    await writeFile(join(this.dir, "events.jsonl"), eventsJsonl(events));
  }

  /**
   * Judges the history as saved on disk (not the recorder's memory: what is judged is what can
   * be re-judged later). A history that cannot be loaded, or a checker that throws, gives
   * "unknown"; the history file is never touched.
   */
  async judge(
    // biome-ignore lint/suspicious/noExplicitAny: checkers carry their own option types.
    checks: ReadonlyArray<{ checker: Checker<any>; options: unknown }>,
    timings?: Record<string, number>,
    probes: readonly CheckResult[] = [],
    timingSources?: Record<string, string>,
  ): Promise<RunResults> {
    let results: RunResults;
    try {
      const history = await loadHistory(this.historyPath);
      // Engine probes (failover timing, slot coverage, ...) were judged live; they merge like any checker.
      const composed = composeResults([...checks.map(({ checker, options }) => runChecker(checker, history, options)), ...probes]);
      results = { ...composed, checkedAt: new Date().toISOString() };
    } catch (error) {
      results = {
        valid: "unknown",
        results: {},
        reason: `the history could not be judged: ${errorMessage(error)}`,
        checkedAt: new Date().toISOString(),
      };
    }
    if (timings) results.timings = timings;
    if (timingSources && Object.keys(timingSources).length > 0) results.timingSources = timingSources;
    // Findings can quote what the history holds; whatever is named as a secret goes no further than here.
    const redacted = redactSecrets(results);
    await writeFile(join(this.dir, "results.json"), `${JSON.stringify(redacted, null, 2)}\n`);
    return redacted;
  }

  async finish(extra: Record<string, unknown>): Promise<void> {
    const path = join(this.dir, "run.json");
    const current = JSON.parse(await readFile(path, "utf8")) as Record<string, unknown>;
    await writeFile(path, `${JSON.stringify(redactSecrets({ ...current, ...extra, endedAt: new Date().toISOString() }), null, 2)}\n`);
  }
}

/** Replaces `latest` atomically (symlink beside it, then rename over it). */
async function pointLatest(suiteDir: string, runDir: string): Promise<void> {
  const temp = join(suiteDir, `.latest-${process.pid}`);
  await unlink(temp).catch(() => {});
  await symlink(relative(suiteDir, runDir), temp);
  await rename(temp, join(suiteDir, "latest"));
}
