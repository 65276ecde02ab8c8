import Docker from "dockerode";

/**
 * What Docker still holds for a run, as "kind name" strings. Queried straight from the API,
 * not through lib/runtime/sweep.ts, so a bug in the sweep cannot hide a leak from the tests.
 */
export async function leftoversOf(runId: string): Promise<string[]> {
  const docker = new Docker();
  const filters = { label: [`faultline.run=${runId}`] };
  const [containers, networks, volumes] = await Promise.all([
    docker.listContainers({ all: true, filters }),
    docker.listNetworks({ filters }),
    docker.listVolumes({ filters }),
  ]);
  return [
    ...containers.map((c) => `container ${c.Names[0]?.replace(/^\//, "")}`),
    ...networks.map((n) => `network ${n.Name}`),
    ...(volumes.Volumes ?? []).map((v) => `volume ${v.Name}`),
  ].sort();
}
