import type { Logger } from "../../core/logger.ts";
import { finishRun } from "../../report/finish-run.ts";
import type { RunResults } from "../../report/store.ts";
import type { ImageResolver } from "../../runtime/images.ts";
import type { Runtime } from "../../runtime/runtime.ts";
import { networkLine, openRun } from "../open-run.ts";
import { ndbLogParser } from "./engine-events.ts";
import { NdbClusterBuilder } from "./ndb-cluster.ts";
import type { NdbScenario, NdbScenarioOptions } from "./scenarios/scenario.ts";
import type { NdbTopology } from "./topology.ts";

/**
 * One NDB scenario in its own scope of the run: a fresh cluster (management node direct, data
 * and SQL nodes through the mesh), a run directory, the scenario, node logs (the management
 * node's holds the cluster log), the verdict and reports.
 */
export async function runNdbScenario(
  runtime: Runtime,
  images: ImageResolver,
  topology: NdbTopology,
  scenario: NdbScenario,
  options: NdbScenarioOptions,
  logger: Logger,
  out: (text: string) => void,
  phase: (name: string) => void = () => {},
): Promise<{ results: RunResults; dir: string }> {
  const scope = runtime.child(`${scenario.name}-ndb`);
  try {
    phase("starting cluster");
    logger.info(
      `${scenario.name} on ${topology.image}: ${topology.managementNodes} management, ${topology.dataNodes} data, ${topology.sqlNodes} SQL nodes`,
    );
    const cluster = await new NdbClusterBuilder(topology).withTimeout(options.readyMs).start(scope, images);
    try {
      out(`== ${scenario.name} on ${topology.image} (run ${runtime.runId})`);
      out(`image ${cluster.image.ref} (${cluster.image.source}, ${cluster.image.engineVersion})`);
      out(networkLine(cluster));
      out(`every node connected and started; ready in ${(cluster.readyMs / 1000).toFixed(1)} s`);
      const { store, nemesis } = await openRun("ndb", scenario.name, runtime.runId, cluster, { topology, options });
      const started = Date.now();
      phase("scenario");
      const outcome = await scenario.run({ cluster, store, nemesis, logger, options, signal: scope.signal, runtime: scope });
      return await finishRun({
        store,
        outcome,
        logs: [...cluster.nodes, ...cluster.mesh.logSources([...cluster.plan.data, ...cluster.plan.sql].map((n) => n.name))],
        logEvents: ndbLogParser(cluster.plan.nodes),
        timings: { readyMs: cluster.readyMs },
        started,
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
