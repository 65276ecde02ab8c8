import type { Checker, CheckResult } from "../../../checkers/verdict.ts";
import type { Logger } from "../../../core/logger.ts";
import type { Nemesis } from "../../../mesh/nemesis.ts";
import type { RunStore } from "../../../report/store.ts";
import type { Runtime } from "../../../runtime/runtime.ts";
import type { ScenarioTiming } from "../../scenario-timing.ts";
import type { TxnScenarioOptions } from "../../txn-options.ts";
import type { StartedNdbCluster } from "../ndb-cluster.ts";

export type NdbScenarioOptions = ScenarioTiming & TxnScenarioOptions;

export interface NdbScenarioContext {
  cluster: StartedNdbCluster;
  store: RunStore;
  nemesis: Nemesis;
  logger: Logger;
  options: NdbScenarioOptions;
  signal: AbortSignal;
  runtime: Runtime;
}

export interface NdbScenarioOutcome {
  // biome-ignore lint/suspicious/noExplicitAny: each checker has its own options type.
  checks: Array<{ checker: Checker<any>; options: unknown }>;
  probes: CheckResult[];
  timings: Record<string, number>;
  /** Where timings came from (server log or sampling), by timing name. */
  timingSources?: Record<string, string>;
}

export interface NdbScenario {
  name: string;
  description: string;
  /** Left out of `all`: runs only when --scenario (or the config file) names it. */
  onlyByName?: boolean;
  run(ctx: NdbScenarioContext): Promise<NdbScenarioOutcome>;
}

/**
 * NDB declares a data node dead after it missed this many heartbeats in a row (the cluster
 * log's "Node N missed heartbeat 2 ... 4", then "declared dead due to missed heartbeat").
 */
export const MISSED_HEARTBEATS = 4;
