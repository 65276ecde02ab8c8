import { mergeValidity, type Validity } from "../checkers/verdict.ts";
import { runGaleraScenario } from "../clusters/galera/run-scenario.ts";
import { GALERA_SCENARIOS, galeraScenario } from "../clusters/galera/scenarios/registry.ts";
import type { GaleraScenarioOptions } from "../clusters/galera/scenarios/scenario.ts";
import { type GaleraFlavor, type GaleraTopology, validateGaleraTopology } from "../clusters/galera/topology.ts";
import { BadInputError } from "../core/errors.ts";
import type { Logger } from "../core/logger.ts";
import { buildMatrix, matrixMarkdown } from "../report/matrix.ts";
import { readRun } from "../report/run-summary.ts";
import { CATALOG, imageResolver, resolveOptionsFromEnv } from "../runtime/images.ts";
import { exitCodeOf } from "./check-command.ts";
import { intFlag, list, parsePairs } from "./options.ts";
import { type ScenarioTimingFlags, scenarioSelection, scenarioTiming } from "./scenario-options.ts";
import { withRuntime } from "./with-runtime.ts";

export interface RunGaleraFlags extends ScenarioTimingFlags {
  target?: string;
  flavor?: string;
  nodes?: string;
  scenario?: string;
  set?: string[];
  providerOption?: string[];
  sst?: string;
  bankGating?: boolean;
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
  const targets = list(flags.target, "mariadb-10.11");
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
    ...scenarioTiming(flags, { durationMs: 20_000, faultMs: 8000, workers: 6, marginMs: 3000, readyMs: 180_000, recoveryMs: 30_000 }),
    bankGating: flags.bankGating === true,
  };
  return { topologies, options, scenarioList };
}

/**
 * `faultline run galera`: every chosen scenario (default: all) on every chosen target, one
 * after another, each on a fresh cluster through the mesh with its own run directory; a
 * matrix at the end when there is more than one run.
 */
export async function runGalera(flags: RunGaleraFlags, logger: Logger, print: (text: string) => void): Promise<number> {
  const out = flags.json ? (text: string) => process.stderr.write(`${text}\n`) : print;
  const { topologies, options, scenarioList } = galeraPlan(flags);
  const resolveOptions = resolveOptionsFromEnv();
  return withRuntime(logger, async (runtime) => {
    const images = imageResolver(runtime, resolveOptions);
    const verdicts: Validity[] = [];
    const dirs: string[] = [];
    const runs: Array<Record<string, unknown>> = [];
    for (const topology of topologies) {
      for (const name of scenarioList) {
        const scenario = galeraScenario(name);
        if (!scenario) continue;
        const { results, dir } = await runGaleraScenario(runtime, images, topology, scenario, options, logger, out);
        verdicts.push(results.valid);
        dirs.push(dir);
        runs.push({
          scenario: scenario.name,
          target: topology.image,
          valid: results.valid,
          verdicts: Object.fromEntries(Object.values(results.results).map((r) => [r.checker, r.valid])),
          timings: results.timings ?? {},
          dir,
        });
      }
    }
    const summaries = await Promise.all(dirs.map(readRun));
    if (dirs.length > 1) out(`\n${matrixMarkdown(buildMatrix(summaries))}`);
    const valid = mergeValidity(...verdicts);
    if (flags.json) print(JSON.stringify({ runId: runtime.runId, valid, runs }, null, 2));
    logger.info("tearing down");
    return exitCodeOf(valid);
  });
}
