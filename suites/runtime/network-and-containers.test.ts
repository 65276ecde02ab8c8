import Docker from "dockerode";
import { afterEach, describe, expect, it } from "vitest";
import { probe } from "../../lib/clusters/redis/node-client.ts";
import { ContainerBuilder } from "../../lib/runtime/container.ts";
import { imageResolver } from "../../lib/runtime/images.ts";
import { RUN_LABEL } from "../../lib/runtime/labels.ts";
import { Runtime } from "../../lib/runtime/runtime.ts";
import { formatCidr, overlaps } from "../../lib/runtime/subnets.ts";
import { leftoversOf } from "../support/leftovers.ts";

const docker = new Docker();
const opened: Runtime[] = [];
afterEach(async () => {
  await Promise.allSettled(opened.splice(0).map((r) => r.close()));
});

async function openRuntime(): Promise<Runtime> {
  const runtime = await Runtime.open();
  opened.push(runtime);
  return runtime;
}

describe("runtime on a real Docker engine", () => {
  it("creates a labeled internal network and containers from a local image, and removes them all", async () => {
    const runtime = await openRuntime();
    const images = imageResolver(runtime);
    const redis = await images.resolve("redis-7.0");
    const sidecarImage = await images.resolve("sidecar");
    const network = await runtime.createNetwork("net");

    const info = await docker.getNetwork(network.id).inspect();
    expect(info.Internal).toBe(true);
    expect(info.IPAM?.Config?.[0]?.Subnet).toBe(formatCidr(network.subnet));
    expect(info.Labels?.[RUN_LABEL]).toBe(runtime.runId);

    const node = await new ContainerBuilder(redis.ref, "node")
      .withNetwork(network, network.address(11))
      .withCommand(["redis-server", "--port", "6379", "--protected-mode", "no"])
      .start(runtime);
    const sidecar = await new ContainerBuilder(sidecarImage.ref, "sidecar")
      .withRole("sidecar")
      .withNetwork(network, network.address(12))
      .withCapAdd("NET_ADMIN")
      .start(runtime);
    // A second process in the sidecar's namespace: same address, iptables usable there.
    const joined = await new ContainerBuilder(redis.ref, "joined")
      .withNetworkOf(sidecar)
      .withCommand(["redis-server", "--port", "6380", "--protected-mode", "no"])
      .start(runtime);
    expect(joined.ip).toBe(network.address(12));

    const nodeInfo = await docker.getContainer(node.id).inspect();
    expect(nodeInfo.Config.Labels[RUN_LABEL]).toBe(runtime.runId);
    expect(nodeInfo.NetworkSettings.Networks[network.name]?.IPAddress).toBe(network.address(11));

    // The host reaches containers on the internal network directly, and a shared namespace serves both ports.
    await expect(probe(network.address(11), 6379, "PING")).resolves.toBe("PONG");
    const nat = await sidecar.exec(["iptables", "-t", "nat", "-L", "OUTPUT", "-n"]);
    expect(nat.exitCode).toBe(0);
    const fromSidecar = await joined.exec(["redis-cli", "-h", network.address(11), "-p", "6379", "PING"]);
    expect(fromSidecar.stdout.trim()).toBe("PONG");

    expect(await leftoversOf(runtime.runId)).toHaveLength(4);
    await runtime.close();
    expect(await leftoversOf(runtime.runId)).toEqual([]);
  });

  it("gives concurrent runs networks that never overlap", async () => {
    const runtimes = await Promise.all([openRuntime(), openRuntime(), openRuntime(), openRuntime()]);
    const networks = await Promise.all(runtimes.map((r) => r.createNetwork("par")));
    for (const [i, a] of networks.entries()) {
      for (const b of networks.slice(i + 1))
        expect(overlaps(a.subnet, b.subnet), `${formatCidr(a.subnet)} vs ${formatCidr(b.subnet)}`).toBe(false);
    }
    await Promise.all(runtimes.map((r) => r.close()));
    for (const r of runtimes) expect(await leftoversOf(r.runId)).toEqual([]);
  });

  it("removes a container whose creation was still in flight when the run closed", async () => {
    const runtime = await openRuntime();
    const redis = await imageResolver(runtime).resolve("redis-7.0");
    const network = await runtime.createNetwork("inflight");
    const starting = new ContainerBuilder(redis.ref, "late")
      .withNetwork(network, network.address(20))
      .withCommand(["redis-server"])
      .start(runtime);
    const closing = runtime.close();
    await Promise.allSettled([starting]);
    await closing;
    expect(await leftoversOf(runtime.runId)).toEqual([]);
  });
});
