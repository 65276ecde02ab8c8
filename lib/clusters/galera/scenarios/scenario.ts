import type { Checker, CheckResult } from "../../../checkers/verdict.ts";
import type { Logger } from "../../../core/logger.ts";
import type { Nemesis } from "../../../mesh/nemesis.ts";
import type { UntimedEvent } from "../../../report/engine-event.ts";
import type { RunStore } from "../../../report/store.ts";
import type { Runtime } from "../../../runtime/runtime.ts";
import type { ScenarioTiming } from "../../scenario-timing.ts";
import type { TxnScenarioOptions } from "../../txn-options.ts";
import type { StartedGaleraCluster } from "../galera-cluster.ts";
import type { GaleraTopology } from "../topology.ts";

export interface GaleraScenarioOptions extends ScenarioTiming, TxnScenarioOptions {
  /** The bank scenario's anomalies fail the run instead of being reported as advisory. */
  bankGating: boolean;
}

/** What a scenario gets: a ready cluster, its run store (history), a nemesis. */
export interface GaleraScenarioContext {
  cluster: StartedGaleraCluster;
  store: RunStore;
  nemesis: Nemesis;
  logger: Logger;
  options: GaleraScenarioOptions;
  signal: AbortSignal;
  runtime: Runtime;
}

export interface GaleraScenarioOutcome {
  // biome-ignore lint/suspicious/noExplicitAny: each checker has its own options type.
  checks: Array<{ checker: Checker<any>; options: unknown }>;
  /** Live probes already judged (primary view, timing), merged with the checkers. */
  probes: CheckResult[];
  timings: Record<string, number>;
  /** Where timings came from (server log or sampling), by timing name. */
  timingSources?: Record<string, string>;
  /** Engine events only polling saw (no log line says them), kept in events.jsonl. */
  events?: UntimedEvent[];
}

export interface GaleraScenario {
  name: string;
  description: string;
  /** Left out of `all`: runs only when --scenario (or the config file) names it. */
  onlyByName?: boolean;
  /** Reported only, never gating, unless a flag says otherwise (forced-bootstrap, bank). */
  advisory?: boolean;
  /** The topology this scenario needs from the user's (e.g. an even node count). */
  topology?(t: GaleraTopology): GaleraTopology;
  /** Planned nodes that start only during the scenario. */
  spares?: number;
  run(ctx: GaleraScenarioContext): Promise<GaleraScenarioOutcome>;
}
