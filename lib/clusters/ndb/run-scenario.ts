import type { Logger } from "../../core/logger.ts";
import { Nemesis } from "../../mesh/nemesis.ts";
import { finishRun } from "../../report/finish-run.ts";
import { type RunResults, RunStore } from "../../report/store.ts";
import type { ImageResolver } from "../../runtime/images.ts";
import type { Runtime } from "../../runtime/runtime.ts";
import { formatCidr } from "../../runtime/subnets.ts";
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
      out(
        `network ${cluster.network.name} ${formatCidr(cluster.network.subnet)} (internal); ${cluster.mesh.links.length} links through Toxiproxy ${cluster.mesh.toxiproxy.version}`,
      );
      out(`every node connected and started; ready in ${(cluster.readyMs / 1000).toFixed(1)} s`);
      const store = await RunStore.open({
        suite: "ndb",
        scenario: scenario.name,
        runId: runtime.runId,
        target: cluster.image.name,
        images: [
          { name: cluster.image.name, ref: cluster.image.ref, source: cluster.image.source, engineVersion: cluster.image.engineVersion },
        ],
        config: { topology, options },
      });
      const nemesis = new Nemesis(cluster.mesh, new Map(cluster.nodes.map((n) => [n.name, n.container])), store.recorder);
      const started = Date.now();
      phase("scenario");
      const outcome = await scenario.run({ cluster, store, nemesis, logger, options, signal: scope.signal, runtime: scope });
      return await finishRun({
        store,
        outcome,
        logs: [
          ...cluster.nodes,
          ...[...cluster.plan.data, ...cluster.plan.sql].map((n) => ({ name: `${n.name}-net`, container: cluster.mesh.sidecarOf(n.name) })),
          { name: "toxiproxy", container: cluster.mesh.toxiproxy.container },
        ],
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
