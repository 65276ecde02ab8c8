import { setTimeout as sleep } from "node:timers/promises";
import { errorMessage } from "../../core/errors.ts";
import { isMaster } from "./cluster-nodes.ts";
import { probe } from "./node-client.ts";
import type { RedisNode, StartedRedisCluster } from "./redis-cluster.ts";

/** A key in `node`'s slots (asked of the server), for writing to that node directly. */
export async function keyOwnedBy(cluster: StartedRedisCluster, node: RedisNode, prefix: string): Promise<string> {
  const [view] = await cluster.snapshot();
  const ranges = view?.nodes.find((n) => n.ip === node.ip && n.port === node.port && isMaster(n))?.slots ?? [];
  for (let i = 0; i < 10_000; i++) {
    const key = `${prefix}${i}`;
    const slot = Number(await probe(node.ip, node.port, "CLUSTER", "KEYSLOT", key));
    if (ranges.some(([a, b]) => slot >= a && slot <= b)) return key;
  }
  throw new Error(`no key of ${node.name}'s slots found`);
}

/**
 * Writes to `node` directly, every `everyMs`, until it refuses with CLUSTERDOWN (it has noticed
 * it lost the majority) or `untilMs` passes; returns when it first refused, in ms after `since`,
 * or null. Other errors (timeouts) do not count as refusing.
 */
export async function timeUntilRefusesWrites(
  node: RedisNode,
  key: string,
  since: number,
  untilMs: number,
  signal: AbortSignal,
  everyMs = 50,
): Promise<{ refusedMs: number | null; lastAcceptedMs: number | null; reply: string }> {
  let lastAcceptedMs: number | null = null;
  let reply = "";
  while (Date.now() - since < untilMs) {
    try {
      reply = await probe(node.ip, node.port, "SET", key, String(Date.now()));
      lastAcceptedMs = Date.now() - since;
    } catch (error) {
      reply = errorMessage(error);
      if (/^CLUSTERDOWN/.test(reply)) return { refusedMs: Date.now() - since, lastAcceptedMs, reply };
    }
    await sleep(everyMs, undefined, { signal });
  }
  return { refusedMs: null, lastAcceptedMs, reply };
}
