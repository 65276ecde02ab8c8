import { pollUntil } from "../../core/deadline.ts";
import { errorMessage, InfrastructureError } from "../../core/errors.ts";
import type { ClusterLayout } from "./cluster-layout.ts";
import { nodeClient } from "./node-client.ts";

interface FormNode {
  name: string;
  ip: string;
  port: number;
}

/**
 * Forms the cluster the way `redis-cli --cluster create` does, without its whole-second waits:
 * every node gets its own config epoch, each master its slots, every node meets every other
 * directly (so no node waits for gossip to learn a peer), and each replica is told to follow
 * its master as soon as it knows it. Readiness (state ok, replicas linked, one view) is
 * waited for by the caller.
 */
export async function formCluster(
  nodes: readonly FormNode[],
  layout: ClusterLayout,
  o: { timeoutMs: number; signal?: AbortSignal },
): Promise<void> {
  const clients = new Map(nodes.map((n) => [n.name, nodeClient(n.ip, n.port)]));
  for (const c of clients.values()) c.on("error", () => {});
  const call = async (name: string, ...args: string[]): Promise<string> => {
    const client = clients.get(name);
    if (!client) throw new RangeError(`no node ${name}`);
    try {
      return String(await client.call(args[0] as string, ...args.slice(1)));
    } catch (error) {
      throw new InfrastructureError(`${name}: ${args.join(" ")} failed: ${errorMessage(error)}`);
    }
  };
  try {
    await Promise.all([...clients.values()].map((c) => c.connect()));
    const ids = new Map(await Promise.all(nodes.map(async (n) => [n.name, await call(n.name, "CLUSTER", "MYID")] as const)));
    // An epoch per node before it knows any other: the config conflicts redis-cli also avoids this way.
    await Promise.all(nodes.map((n, i) => call(n.name, "CLUSTER", "SET-CONFIG-EPOCH", String(i + 1))));
    await Promise.all(layout.masters.map((m) => call(m.name, "CLUSTER", "ADDSLOTSRANGE", String(m.slots[0]), String(m.slots[1]))));
    await Promise.all(nodes.flatMap((a) => nodes.filter((b) => b !== a).map((b) => call(a.name, "CLUSTER", "MEET", b.ip, String(b.port)))));
    await Promise.all(
      layout.replicas.map((r) =>
        pollUntil(
          async () => {
            // "ERR Unknown node" until the handshake with the master is done: then it follows it.
            const reply = await call(r.name, "CLUSTER", "REPLICATE", ids.get(r.of) as string).catch((e: Error) => e.message);
            return reply === "OK" ? { done: true, value: undefined } : { done: false, reason: reply };
          },
          {
            what: `${r.name} to follow ${r.of} (CLUSTER REPLICATE)`,
            timeoutMs: o.timeoutMs,
            intervalMs: 50,
            ...(o.signal ? { signal: o.signal } : {}),
          },
        ),
      ),
    );
  } finally {
    for (const c of clients.values()) c.disconnect();
  }
}
