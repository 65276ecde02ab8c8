import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisClusterBuilder, type StartedRedisCluster } from "../../lib/clusters/redis/redis-cluster.ts";
import { DEFAULT_REDIS_TOPOLOGY } from "../../lib/clusters/redis/topology.ts";
import { DeadlineError } from "../../lib/core/errors.ts";
import { imageResolver } from "../../lib/runtime/images.ts";
import { Runtime } from "../../lib/runtime/runtime.ts";

/**
 * The readiness check must refuse a cluster that violates it. A real cluster is made ready,
 * then broken two ways; each time the wait must expire naming the node and the condition.
 */
describe("Redis Cluster readiness on a violated cluster", () => {
  let runtime: Runtime;
  let cluster: StartedRedisCluster;

  beforeAll(async () => {
    runtime = await Runtime.open();
    cluster = await new RedisClusterBuilder({ ...DEFAULT_REDIS_TOPOLOGY, nodeTimeoutMs: 2000 }).start(runtime, imageResolver(runtime));
  });
  afterAll(async () => {
    await runtime?.close();
  });

  it("is ready to begin with", async () => {
    await expect(cluster.waitForReady(10_000)).resolves.toHaveLength(6);
  });

  it("rejects a cluster where a master dropped a slot: uncovered slot and diverging views", async () => {
    const [view] = await cluster.snapshot();
    const owner = view?.nodes.find((n) => n.slots.some(([from]) => from === 0));
    const node = cluster.nodes.find((n) => n.ip === owner?.ip);
    expect(node).toBeDefined();
    const del = await node?.container.exec(["redis-cli", "CLUSTER", "DELSLOTS", "0"]);
    expect(del?.stdout.trim()).toBe("OK");

    const error = await cluster.waitForReady(3000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeadlineError);
    const message = (error as Error).message;
    expect(message).toContain(`${node?.name}: 16383 of 16384 slots assigned`);
    expect(message).toContain(`${node?.name}: 1 slots have no master`);
    expect(message).toContain("slot ownership views differ");

    const add = await node?.container.exec(["redis-cli", "CLUSTER", "ADDSLOTS", "0"]);
    expect(add?.stdout.trim()).toBe("OK");
    await expect(cluster.waitForReady(20_000)).resolves.toHaveLength(6);
  });

  it("rejects a cluster with a node that does not answer, naming it", async () => {
    const replica = cluster.nodes[5];
    await runtime.docker.getContainer(replica?.container.id as string).pause();
    try {
      // Longer than one probe's 2 s command timeout, so the wait sees the node's own error.
      const error = await cluster.waitForReady(8000).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DeadlineError);
      expect((error as Error).message).toContain(`${replica?.name} (${replica?.ip}:6379) does not answer`);
    } finally {
      await runtime.docker.getContainer(replica?.container.id as string).unpause();
    }
  });
});
