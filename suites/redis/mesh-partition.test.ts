import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isMaster } from "../../lib/clusters/redis/cluster-nodes.ts";
import { RedisClusterBuilder, type StartedRedisCluster } from "../../lib/clusters/redis/redis-cluster.ts";
import { DEFAULT_REDIS_TOPOLOGY } from "../../lib/clusters/redis/topology.ts";
import { pollUntil } from "../../lib/core/deadline.ts";
import { HistoryRecorder } from "../../lib/history/recorder.ts";
import { isolate } from "../../lib/mesh/grudge.ts";
import { Nemesis } from "../../lib/mesh/nemesis.ts";
import { imageResolver } from "../../lib/runtime/images.ts";
import { Runtime } from "../../lib/runtime/runtime.ts";

/**
 * The cluster bus and replication run through the mesh: cutting one master off by the mesh
 * alone (no process fault) must make its replica take over, and the heal must bring it back
 * as a replica. If node-to-node traffic bypassed the proxies, nothing would fail over.
 */
describe("Redis Cluster through the link mesh", () => {
  let runtime: Runtime;
  let cluster: StartedRedisCluster;
  let nemesis: Nemesis;
  const history = new HistoryRecorder();

  beforeAll(async () => {
    runtime = await Runtime.open();
    cluster = await new RedisClusterBuilder({ ...DEFAULT_REDIS_TOPOLOGY, nodeTimeoutMs: 2000 }).start(runtime, imageResolver(runtime));
    nemesis = new Nemesis(cluster.mesh, new Map(cluster.nodes.map((n) => [n.name, n.container])), history);
  });
  afterAll(async () => {
    await runtime?.close();
  });

  it("forms with every node-to-node link proxied (data port and bus port, both directions)", async () => {
    expect(await cluster.primaries()).toEqual(["n1", "n2", "n3"]);
    const proxies = Object.keys(await cluster.mesh.api.getAll());
    expect(proxies.filter((p) => !p.startsWith("client_"))).toHaveLength(6 * 5 * 2);
    expect(proxies).toContain("n1_to_n2_16379");
    expect(proxies).toContain("n6_to_n1_6379");
  });

  it("a master isolated by the mesh loses its slots to its replica; after heal it rejoins as a replica", async () => {
    const names = cluster.nodes.map((n) => n.name);
    const [before] = await cluster.snapshot();
    const ipOf = (name: string) => cluster.nodes.find((n) => n.name === name)?.ip;
    const victim = before?.nodes.find((n) => n.ip === ipOf("n1")) as NonNullable<typeof before>["nodes"][number];
    expect(isMaster(victim)).toBe(true);
    const replica = before?.nodes.find((n) => n.masterId === victim.id);
    expect(replica).toBeDefined();

    await nemesis.partition(isolate(names, "n1"), "reset");
    // Seen from the majority side (the replica itself): it has become a master owning n1's slots.
    const replicaNode = cluster.nodes.find((n) => n.ip === replica?.ip);
    await pollUntil(
      async () => {
        const snapshots = await cluster.snapshot();
        const view = snapshots.find((s) => s.name === replicaNode?.name);
        const self = view?.nodes.find((n) => n.ip === replica?.ip);
        const promoted = self !== undefined && isMaster(self) && self.slots.length > 0;
        const okOnMajority = snapshots.filter((s) => s.name !== "n1").every((s) => s.clusterInfo.cluster_state === "ok");
        return promoted && okOnMajority
          ? { done: true, value: true }
          : { done: false, reason: `promoted=${promoted} okOnMajority=${okOnMajority}` };
      },
      { what: `n1's replica ${replicaNode?.name} to be promoted while n1 is cut off`, timeoutMs: 30_000, intervalMs: 250 },
    );
    const cutOff = (await cluster.snapshot()).find((s) => s.name === "n1");
    expect(cutOff?.clusterInfo.cluster_state).toBe("fail");

    await nemesis.heal();
    const after = await cluster.waitForReady(30_000);
    // The promoted replica is now one of the primaries a process fault on "primaries" would hit; n1 no longer is.
    const primaries = await cluster.primaries();
    expect(primaries).toHaveLength(3);
    expect(primaries).toContain(replicaNode?.name);
    expect(primaries).not.toContain("n1");
    const n1 = after[0]?.nodes.find((n) => n.ip === ipOf("n1"));
    expect(n1 && isMaster(n1)).toBe(false);
    expect(n1?.masterId).toBe(replica?.id);
    expect(history.ops().map((o) => `${o.type} ${o.f}`)).toEqual(["invoke partition", "info partition", "invoke heal", "info heal"]);
  });
});
