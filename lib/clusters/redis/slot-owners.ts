import { isMaster } from "./cluster-nodes.ts";
import { probe } from "./node-client.ts";
import type { StartedRedisCluster } from "./redis-cluster.ts";

/**
 * Which node serves each of the given keys now: the slot from the server itself
 * (CLUSTER KEYSLOT), the owner from one node's view. Used to tag ops with the master that
 * served them, so availability can be judged for the slots of a lost master.
 */
export async function ownersOfKeys(cluster: StartedRedisCluster, keys: readonly string[]): Promise<Map<string, string>> {
  const asker = cluster.nodes[0];
  if (!asker) return new Map();
  const [view] = await cluster.snapshot();
  const nameOf = (ip: string) => cluster.nodes.find((n) => n.ip === ip)?.name;
  const owners = new Map<string, string>();
  for (const key of keys) {
    const slot = Number(await probe(asker.ip, asker.port, "CLUSTER", "KEYSLOT", key));
    const owner = view?.nodes.find((n) => isMaster(n) && n.slots.some(([a, b]) => slot >= a && slot <= b));
    const name = owner ? nameOf(owner.ip) : undefined;
    if (name) owners.set(key, name);
  }
  return owners;
}
