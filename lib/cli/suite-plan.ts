import type { Logger } from "../core/logger.ts";
import type { RunResults } from "../report/store.ts";
import type { ImageResolver } from "../runtime/images.ts";
import type { ContainerLogSink } from "../runtime/log-stream.ts";
import type { Runtime } from "../runtime/runtime.ts";
import type { Progress } from "./progress.ts";

export type SuiteName = "redis" | "galera" | "ndb";

/** What a scenario job gets: the run's runtime and images, where to log, print and report its phase. */
export interface JobContext {
  runtime: Runtime;
  images: ImageResolver;
  logger: Logger;
  out: (text: string) => void;
  phase: (name: string) => void;
}

/** One scenario on one target: a fresh cluster, judged. */
export interface ScenarioJob {
  scenario: string;
  target: string;
  run(ctx: JobContext): Promise<{ results: RunResults; dir: string }>;
}

/** Why a whole suite could not run here, and the command that runs it where it can. */
export interface SuiteSkip {
  reason: string;
  howToRun: string;
}

/**
 * A suite's part of a `run`: its jobs in order (target by target, scenario by scenario), every
 * flag already checked. `prepare` does the checks that need Docker (settings against the
 * target's own server, the image being there) before any cluster starts: it throws on bad
 * input, or says why the suite is skipped.
 */
export interface SuitePlan {
  suite: SuiteName;
  jobs: ScenarioJob[];
  prepare?(ctx: { runtime: Runtime; images: ImageResolver; logger: Logger }): Promise<SuiteSkip | undefined>;
}

/** Where a run's output goes: the logger (stderr), the result lines (stdout), progress, and --verbose container logs. */
export interface RunSession {
  logger: Logger;
  print: (text: string) => void;
  progress: Progress;
  containerLogs?: ContainerLogSink;
}
