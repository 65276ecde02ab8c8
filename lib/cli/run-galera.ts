import { runGaleraScenario } from "../clusters/galera/run-scenario.ts";
import { GALERA_SCENARIOS, galeraScenario } from "../clusters/galera/scenarios/registry.ts";
import type { GaleraScenarioOptions } from "../clusters/galera/scenarios/scenario.ts";
import { type GaleraFlavor, type GaleraTopology, validateGaleraTopology } from "../clusters/galera/topology.ts";
import { GALERA_TIMING } from "../config/timing-defaults.ts";
import { BadInputError } from "../core/errors.ts";
import { CATALOG } from "../runtime/images.ts";
import { givenList, intFlag, parsePairs } from "./options.ts";
import { checkRepeat, runPlans } from "./run-plans.ts";
import { type ScenarioTimingFlags, scenarioSelection, scenarioTiming } from "./scenario-options.ts";
import type { JobContext, RunSession, SuitePlan } from "./suite-plan.ts";
import { type TxnFlags, txnScenarioOptions } from "./txn-flags.ts";

export interface RunGaleraFlags extends ScenarioTimingFlags, TxnFlags {
  target?: string;
  flavor?: string;
  nodes?: string;
  scenario?: string;
  set?: string[];
  providerOption?: string[];
  sst?: string;
  bankGating?: boolean;
  repeat?: string;
  json?: boolean;
}

/** The catalog's Galera images and their flavor. */
export const GALERA_IMAGES: Record<string, GaleraFlavor> = Object.fromEntries(
  CATALOG.filter((e) => e.kind === "mariadb" || e.kind === "pxc").map((e) => [e.name, e.kind as GaleraFlavor]),
);

/** Short target names (`mariadb-10.11`) for the catalog's images (`mariadb-galera-10.11`). */
export function galeraImageOf(target: string): string {
  const long = `mariadb-galera-${target.replace(/^mariadb-/, "")}`;
  return target.startsWith("mariadb-") && GALERA_IMAGES[long] ? long : target;
}

const FLAVORS: readonly GaleraFlavor[] = ["mariadb", "pxc"];

/** Every flag checked and turned into topologies and options; bad input throws before anything starts. */
export function galeraPlan(flags: RunGaleraFlags): {
  topologies: GaleraTopology[];
  options: GaleraScenarioOptions;
  scenarioList: string[];
} {
  const scenarioList = scenarioSelection(flags.scenario, GALERA_SCENARIOS, "a Galera");
  if (flags.flavor !== undefined && !FLAVORS.includes(flags.flavor as GaleraFlavor))
    throw new BadInputError("--flavor", `"${flags.flavor}" is not a Galera flavor`, `Use one of: ${FLAVORS.join(", ")}.`);
  const targets = givenList("--target", flags.target, "mariadb-10.11", "mariadb-10.11,mariadb-11.8");
  if (flags.sst !== undefined && flags.sst.trim() === "")
    throw new BadInputError("--sst", "is empty", "Leave --sst out for the flavor's default, or give a method such as --sst mariabackup.");
  const topologies = targets.map((target) => {
    const image = galeraImageOf(target);
    // An image reference outside the catalog: the flavor as given, else guessed from its name.
    const flavor = (flags.flavor as GaleraFlavor | undefined) ?? (/percona|pxc/i.test(image) ? "pxc" : "mariadb");
    return validateGaleraTopology(
      {
        image,
        flavor,
        nodes: intFlag("nodes", flags.nodes, 3),
        ...(flags.sst ? { sstMethod: flags.sst } : {}),
        providerOptions: parsePairs("--provider-option", flags.providerOption ?? [], "evs.suspect_timeout=PT3S"),
        settings: parsePairs("--set", flags.set ?? [], "innodb_flush_log_at_trx_commit=2"),
      },
      GALERA_IMAGES,
    );
  });
  const options: GaleraScenarioOptions = {
    // The margin covers what the bound leaves out: the view change after suspicion (install, consensus) and sampling.
    ...scenarioTiming(flags, GALERA_TIMING),
    ...txnScenarioOptions(flags, true),
    bankGating: flags.bankGating === true,
  };
  return { topologies, options, scenarioList };
}

/** The suite's jobs: every chosen scenario on every chosen target, each on a fresh cluster. */
export function galeraSuitePlan(flags: RunGaleraFlags): SuitePlan {
  const { topologies, options, scenarioList } = galeraPlan(flags);
  return {
    suite: "galera",
    jobs: topologies.flatMap((topology) =>
      scenarioList.flatMap((name) => {
        const scenario = galeraScenario(name);
        if (!scenario) return [];
        return [
          {
            scenario: name,
            target: topology.image,
            run: (ctx: JobContext) =>
              runGaleraScenario(ctx.runtime, ctx.images, topology, scenario, options, ctx.logger, ctx.out, ctx.phase),
          },
        ];
      }),
    ),
  };
}

/**
 * `faultline run galera`: every chosen scenario (default: all) on every chosen target, one
 * after another, each on a fresh cluster through the mesh with its own run directory; the
 * matrix at the end.
 */
export function runGalera(flags: RunGaleraFlags, session: RunSession): Promise<number> {
  return runPlans([galeraSuitePlan(flags)], { repeat: checkRepeat(flags.repeat), json: flags.json }, session);
}
