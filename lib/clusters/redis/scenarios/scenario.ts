import type { Cluster } from "ioredis";
import type { Checker, CheckResult } from "../../../checkers/verdict.ts";
import type { Logger } from "../../../core/logger.ts";
import type { Nemesis } from "../../../mesh/nemesis.ts";
import type { UntimedEvent } from "../../../report/engine-event.ts";
import type { RunStore } from "../../../report/store.ts";
import type { Runtime } from "../../../runtime/runtime.ts";
import type { TxnScenarioOptions } from "../../txn-options.ts";
import type { StartedRedisCluster } from "../redis-cluster.ts";

export type RedisFault = "partition" | "kill" | "pause" | "none";

export interface ScenarioOptions extends Omit<TxnScenarioOptions, "isolation"> {
  durationMs: number;
  fault: RedisFault;
  faultMs: number;
  workers: number;
  /** Added to timing bounds (failover within node-timeout + election delay + margin). */
  marginMs: number;
  readyMs: number;
}

/** What a scenario gets: a ready cluster, its run store (history), a nemesis and a client. */
export interface ScenarioContext {
  cluster: StartedRedisCluster;
  store: RunStore;
  nemesis: Nemesis;
  client: Cluster;
  logger: Logger;
  options: ScenarioOptions;
  signal: AbortSignal;
  /** The scenario's scope of the run: containers a scenario starts itself go here, so teardown covers them. */
  runtime: Runtime;
}

export interface ScenarioOutcome {
  /** History checkers to run once the history is saved. */
  // biome-ignore lint/suspicious/noExplicitAny: each checker has its own options type.
  checks: Array<{ checker: Checker<any>; options: unknown }>;
  /** Live probes already judged (failover timing, slot coverage), merged with the checkers. */
  probes: CheckResult[];
  timings: Record<string, number>;
  /** Where timings came from (server log or sampling), by timing name. */
  timingSources?: Record<string, string>;
  /** Engine events only polling saw (no log line says them), kept in events.jsonl. */
  events?: UntimedEvent[];
}

export interface RedisScenario {
  name: string;
  description: string;
  run(ctx: ScenarioContext): Promise<ScenarioOutcome>;
}
