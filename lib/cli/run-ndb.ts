import { runNdbScenario } from "../clusters/ndb/run-scenario.ts";
import { NDB_SCENARIOS, ndbScenario } from "../clusters/ndb/scenarios/registry.ts";
import type { NdbScenarioOptions } from "../clusters/ndb/scenarios/scenario.ts";
import { DEFAULT_NDB_TOPOLOGY, type NdbTopology, validateNdbTopology } from "../clusters/ndb/topology.ts";
import { NDB_TIMING } from "../config/timing-defaults.ts";
import { BadInputError, errorMessage, InfrastructureError } from "../core/errors.ts";
import { CATALOG, catalogEntry } from "../runtime/images.ts";
import { intFlag, parsePairs } from "./options.ts";
import { checkRepeat, runPlans } from "./run-plans.ts";
import { type ScenarioTimingFlags, scenarioSelection, scenarioTiming } from "./scenario-options.ts";
import type { JobContext, RunSession, SuitePlan } from "./suite-plan.ts";
import { type TxnFlags, txnScenarioOptions } from "./txn-flags.ts";

export interface RunNdbFlags extends ScenarioTimingFlags, TxnFlags {
  image?: string;
  dataNodes?: string;
  replicas?: string;
  sqlNodes?: string;
  scenario?: string;
  set?: string[];
  heartbeatMs?: string;
  heartbeatDbApi?: string;
  dataMemory?: string;
  arbitration?: string;
  arbitrationTimeout?: string;
  repeat?: string;
  json?: boolean;
}

const NDB_IMAGES = CATALOG.filter((e) => e.kind === "ndb").map((e) => e.name);

/** Each flag's default as the command line would write it: a value equal to it need not be repeated. */
const T = DEFAULT_NDB_TOPOLOGY;
const FLAG_DEFAULTS: Partial<Record<keyof RunNdbFlags, string>> = {
  dataNodes: String(T.dataNodes),
  replicas: String(T.replicas),
  sqlNodes: String(T.sqlNodes),
  heartbeatMs: String(T.heartbeatIntervalDbDbMs),
  heartbeatDbApi: String(T.heartbeatIntervalDbApiMs),
  dataMemory: T.dataMemory,
  arbitration: T.arbitration,
  arbitrationTimeout: String(T.arbitrationTimeoutMs),
  duration: String(NDB_TIMING.durationMs),
  faultMs: String(NDB_TIMING.faultMs),
  workers: String(NDB_TIMING.workers),
  marginMs: String(NDB_TIMING.marginMs),
  readyTimeout: String(NDB_TIMING.readyMs),
  recoveryMs: String(NDB_TIMING.recoveryMs),
};

/** Every flag checked and turned into a topology and options; bad input throws before anything starts. */
export function ndbPlan(flags: RunNdbFlags): { topology: NdbTopology; options: NdbScenarioOptions; scenarioList: string[] } {
  const scenarioList = scenarioSelection(flags.scenario, NDB_SCENARIOS, "an NDB");
  if (flags.image?.includes(","))
    throw new BadInputError(
      "--image",
      `"${flags.image}" names several images; an NDB run takes one`,
      "Run once per image: --image ndb-8.0.",
    );
  const topology = validateNdbTopology(
    {
      image: flags.image,
      dataNodes: flags.dataNodes === undefined ? undefined : intFlag("data-nodes", flags.dataNodes, 2),
      replicas: flags.replicas === undefined ? undefined : intFlag("replicas", flags.replicas, 2),
      sqlNodes: flags.sqlNodes === undefined ? undefined : intFlag("sql-nodes", flags.sqlNodes, 1),
      heartbeatIntervalDbDbMs: flags.heartbeatMs === undefined ? undefined : intFlag("heartbeat-ms", flags.heartbeatMs, 1000),
      heartbeatIntervalDbApiMs: flags.heartbeatDbApi === undefined ? undefined : intFlag("heartbeat-db-api", flags.heartbeatDbApi, 1000),
      dataMemory: flags.dataMemory,
      arbitration: flags.arbitration as NdbTopology["arbitration"] | undefined,
      arbitrationTimeoutMs:
        flags.arbitrationTimeout === undefined ? undefined : intFlag("arbitration-timeout", flags.arbitrationTimeout, 3000),
      settings: parsePairs("--set", flags.set ?? [], "MaxNoOfConcurrentOperations=65536"),
    },
    NDB_IMAGES,
  );
  const options: NdbScenarioOptions = { ...scenarioTiming(flags, NDB_TIMING), ...txnScenarioOptions(flags, true) };
  return { topology, options, scenarioList };
}

/**
 * The flags of a run as command-line arguments (to repeat it elsewhere), in a stable order;
 * values equal to the defaults are left out (the config file fills every flag in).
 */
export function ndbArgs(flags: RunNdbFlags): string[] {
  const args: string[] = [];
  const names: Array<[keyof RunNdbFlags, string]> = [
    ["dataNodes", "--data-nodes"],
    ["replicas", "--replicas"],
    ["sqlNodes", "--sql-nodes"],
    ["heartbeatMs", "--heartbeat-ms"],
    ["heartbeatDbApi", "--heartbeat-db-api"],
    ["dataMemory", "--data-memory"],
    ["arbitration", "--arbitration"],
    ["arbitrationTimeout", "--arbitration-timeout"],
    ["duration", "--duration"],
    ["faultMs", "--fault-ms"],
    ["workers", "--workers"],
    ["marginMs", "--margin-ms"],
    ["readyTimeout", "--ready-timeout"],
    ["recoveryMs", "--recovery-ms"],
  ];
  for (const [key, flag] of names) {
    const value = flags[key];
    if (value !== undefined && String(value) !== FLAG_DEFAULTS[key]) args.push(flag, String(value));
  }
  for (const pair of flags.set ?? []) args.push("--set", pair);
  return args;
}

/** The command that runs the same selection (and the same flags) where the image can be pulled. */
export function ndbHowToRun(topology: NdbTopology, scenarios: readonly string[], extra: readonly string[] = []): string {
  const ref = catalogEntry(topology.image)?.official?.refs[0] ?? topology.image;
  const image = topology.image === "ndb-8.0" ? "" : ` --image ${topology.image}`;
  const defaults = NDB_SCENARIOS.filter((s) => !s.onlyByName).map((s) => s.name);
  const all = scenarios.length === defaults.length && defaults.every((s, i) => scenarios[i] === s);
  const only = all ? "" : ` --scenario ${scenarios.join(",")}`;
  const rest = extra.length > 0 ? ` ${extra.join(" ")}` : "";
  return `on a machine that can pull ${ref}: docker pull ${ref} && npx faultline run ndb${image}${only}${rest}`;
}

/**
 * The suite's jobs on a fresh NDB cluster from the official image. Where that image cannot be
 * had, `prepare` says why and the command to run it elsewhere: every scenario is reported
 * skipped and the verdict is unknown (nothing was verified), never a pass.
 */
export function ndbSuitePlan(flags: RunNdbFlags): SuitePlan {
  const { topology, options, scenarioList } = ndbPlan(flags);
  return {
    suite: "ndb",
    jobs: scenarioList.flatMap((name) => {
      const scenario = ndbScenario(name);
      if (!scenario) return [];
      return [
        {
          scenario: name,
          target: topology.image,
          run: (ctx: JobContext) => runNdbScenario(ctx.runtime, ctx.images, topology, scenario, options, ctx.logger, ctx.out, ctx.phase),
        },
      ];
    }),
    async prepare({ images }) {
      try {
        if (catalogEntry(topology.image)) await images.resolve(topology.image);
        else await images.resolveReference(topology.image, "ndb-8.0");
        return undefined;
      } catch (error) {
        if (!(error instanceof InfrastructureError)) throw error;
        return { reason: errorMessage(error), howToRun: ndbHowToRun(topology, scenarioList, ndbArgs(flags)) };
      }
    },
  };
}

/** `faultline run ndb`: every chosen scenario, each on a fresh cluster; skipped (exit 2) where the image cannot be had. */
export function runNdb(flags: RunNdbFlags, session: RunSession): Promise<number> {
  return runPlans([ndbSuitePlan(flags)], { repeat: checkRepeat(flags.repeat), json: flags.json }, session);
}
