import type { Logger } from "../../core/logger.ts";
import { finishRun } from "../../report/finish-run.ts";
import type { RunResults } from "../../report/store.ts";
import type { ImageResolver } from "../../runtime/images.ts";
import type { Runtime } from "../../runtime/runtime.ts";
import { networkLine, openRun } from "../open-run.ts";
import { galeraLogParser } from "./engine-events.ts";
import { GaleraClusterBuilder } from "./galera-cluster.ts";
import type { GaleraScenario, GaleraScenarioOptions } from "./scenarios/scenario.ts";
import type { GaleraTopology } from "./topology.ts";

/**
 * One scenario on one target, in its own scope of the run: a fresh cluster through the mesh,
 * a run directory, the scenario, node logs, the verdict (history checkers and live probes),
 * the reports. An advisory scenario's results are all marked advisory: reported, not gating.
 * The scope's containers are gone when this returns.
 */
export async function runGaleraScenario(
  runtime: Runtime,
  images: ImageResolver,
  userTopology: GaleraTopology,
  scenario: GaleraScenario,
  options: GaleraScenarioOptions,
  logger: Logger,
  out: (text: string) => void,
  phase: (name: string) => void = () => {},
): Promise<{ results: RunResults; dir: string }> {
  const topology = scenario.topology ? scenario.topology(userTopology) : userTopology;
  const isAdvisory = scenario.advisory === true && !(scenario.name === "bank" && options.bankGating);
  const scope = runtime.child(`${scenario.name}-${topology.image}`.replace(/[^a-z0-9-]/gi, "-"));
  try {
    phase("starting cluster");
    logger.info(`${scenario.name} on ${topology.image}: starting ${topology.nodes} ${topology.flavor} nodes`);
    const cluster = await new GaleraClusterBuilder(topology)
      .withTimeout(options.readyMs)
      .withSpares(scenario.spares ?? 0)
      .start(scope, images);
    try {
      out(`== ${scenario.name} on ${topology.image} (run ${runtime.runId})`);
      out(
        `image ${cluster.image.ref} (${cluster.image.source}, ${cluster.image.name} ${cluster.image.engineVersion}), flavor ${topology.flavor}, SST ${topology.sstMethod}`,
      );
      out(networkLine(cluster));
      out(
        `${cluster.nodes.length} nodes Primary and Synced in one view; ready in ${(cluster.timings.readyMs / 1000).toFixed(1)} s (founder ${(cluster.timings.founderMs / 1000).toFixed(1)} s)`,
      );
      const { store, nemesis } = await openRun("galera", scenario.name, runtime.runId, cluster, {
        topology,
        options,
        advisory: isAdvisory,
        // What the servers actually ran with (e.g. PXC's image sets innodb_flush_log_at_trx_commit=2): compare shows it.
        effectiveSettings: cluster.effectiveSettings,
      });
      const started = Date.now();
      phase("scenario");
      const outcome = await scenario.run({ cluster, store, nemesis, logger, options, signal: scope.signal, runtime: scope });
      return await finishRun({
        store,
        outcome,
        logs: [...cluster.nodes, ...cluster.mesh.logSources(cluster.nodes.map((n) => n.name))],
        logEvents: galeraLogParser(cluster.nodes.map((n) => n.name)),
        timings: { readyMs: cluster.timings.readyMs },
        started,
        advisory: isAdvisory,
        logger,
        out,
        phase,
      });
    } finally {
      await cluster.closePools();
    }
  } finally {
    phase("tearing down");
    await scope.close();
  }
}
