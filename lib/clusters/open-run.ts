import type { StartedMesh } from "../mesh/mesh.ts";
import { Nemesis } from "../mesh/nemesis.ts";
import { RunStore } from "../report/store.ts";
import type { StartedContainer } from "../runtime/container.ts";
import type { ResolvedImage } from "../runtime/images/resolve.ts";
import type { RunNetwork } from "../runtime/network.ts";
import { formatCidr } from "../runtime/subnets.ts";

/** What every suite's started cluster has in common. */
export interface RunnableCluster {
  image: ResolvedImage;
  network: RunNetwork;
  mesh: StartedMesh;
  nodes: ReadonlyArray<{ name: string; container: StartedContainer }>;
}

/** The line that says where a cluster runs: its internal network and the mesh's links. */
export function networkLine(cluster: RunnableCluster): string {
  return `network ${cluster.network.name} ${formatCidr(cluster.network.subnet)} (internal); ${cluster.mesh.links.length} links through Toxiproxy ${cluster.mesh.toxiproxy.version}`;
}

/** A scenario's run directory (named for the suite, scenario and image) and the nemesis that records its faults there. */
export async function openRun(
  suite: string,
  scenario: string,
  runId: string,
  cluster: RunnableCluster,
  config: unknown,
): Promise<{ store: RunStore; nemesis: Nemesis }> {
  const { image } = cluster;
  const store = await RunStore.open({
    suite,
    scenario,
    runId,
    target: image.name,
    images: [{ name: image.name, ref: image.ref, source: image.source, engineVersion: image.engineVersion }],
    config,
  });
  const nemesis = new Nemesis(cluster.mesh, new Map(cluster.nodes.map((n) => [n.name, n.container])), store.recorder);
  return { store, nemesis };
}
