import { pollUntil } from "../../core/deadline.ts";
import { errorMessage } from "../../core/errors.ts";
import { type StartedMesh, startMesh } from "../../mesh/mesh.ts";
import { ContainerBuilder, type StartedContainer } from "../../runtime/container.ts";
import { catalogEntry, type ImageResolver, type ResolvedImage } from "../../runtime/images.ts";
import type { RunNetwork } from "../../runtime/network.ts";
import type { Runtime } from "../../runtime/runtime.ts";
import { formCluster } from "./cluster-form.ts";
import { clusterLayout } from "./cluster-layout.ts";
import { type ClusterNode, isMaster, parseClusterNodes, slotCount } from "./cluster-nodes.ts";
import { parseInfo } from "./info.ts";
import { probe } from "./node-client.ts";
import { type NodeSnapshot, unmetConditions } from "./readiness.ts";
import { binariesFor, serverCommand } from "./server-args.ts";
import { nodeCount, type RedisTopology } from "./topology.ts";

/** First node address on the run network: .1 is the gateway, low numbers are kept for Toxiproxy and tools. */
const FIRST_NODE_HOST = 11;

export interface RedisClusterTimeouts {
  nodesUpMs: number;
  readyMs: number;
}

export interface RedisNode {
  name: string;
  ip: string;
  port: number;
  container: StartedContainer;
}

/** Builder of a Redis Cluster run (testcontainers' split: configure here, use the started handle). */
export class RedisClusterBuilder {
  readonly #topology: RedisTopology;
  #timeouts: RedisClusterTimeouts = { nodesUpMs: 60_000, readyMs: 60_000 };

  constructor(topology: RedisTopology) {
    this.#topology = topology;
  }

  withTimeouts(timeouts: Partial<RedisClusterTimeouts>): this {
    this.#timeouts = { ...this.#timeouts, ...timeouts };
    return this;
  }

  async start(runtime: Runtime, images: ImageResolver): Promise<StartedRedisCluster> {
    const t = this.#topology;
    const image = await images.resolve(t.image);
    // Timings start once the image is there: building it is not the cluster's start time.
    const started = Date.now();
    const binaries = binariesFor(catalogEntry(t.image)?.kind ?? "redis");
    const network = await runtime.createNetwork("redis");
    const meshNodes = Array.from({ length: nodeCount(t) }, (_, i) => ({ name: `n${i + 1}`, ip: network.address(FIRST_NODE_HOST + i) }));
    // Node-to-node traffic, the cluster bus and replication alike, goes through the mesh. Its
    // proxies and routes are set up while the nodes start: they meet only once it is ready.
    const mesh = await startMesh(
      runtime,
      network,
      images,
      { nodes: meshNodes, peerPorts: [t.port, t.port + 10000], clientPorts: [t.port] },
      { early: true },
    );
    const nodes = await Promise.all(
      meshNodes.map(async ({ name, ip }) => {
        const container = await new ContainerBuilder(image.ref, `redis-${name}`)
          .withRole("redis")
          .withNetworkOf(mesh.sidecarOf(name))
          .withCommand(serverCommand(binaries, t, ip))
          .start(runtime);
        return { name, ip, port: t.port, container };
      }),
    );
    const cluster = new StartedRedisCluster(t, image, network, mesh, nodes, runtime.signal);
    await Promise.all([cluster.waitForNodes(this.#timeouts.nodesUpMs), mesh.linksReady]);
    const nodesUp = Date.now();
    await formCluster(
      nodes,
      clusterLayout(
        nodes.map((n) => n.name),
        t.masters,
      ),
      {
        timeoutMs: this.#timeouts.readyMs,
        signal: runtime.signal,
      },
    );
    const created = Date.now();
    await cluster.waitForReady(this.#timeouts.readyMs);
    cluster.timings = { nodesUpMs: nodesUp - started, createdMs: created - started, readyMs: Date.now() - started };
    return cluster;
  }
}

export class StartedRedisCluster implements AsyncDisposable {
  readonly topology: RedisTopology;
  readonly image: ResolvedImage;
  readonly network: RunNetwork;
  readonly mesh: StartedMesh;
  readonly nodes: readonly RedisNode[];
  readonly #signal: AbortSignal;
  timings: { nodesUpMs: number; createdMs: number; readyMs: number } = { nodesUpMs: 0, createdMs: 0, readyMs: 0 };

  constructor(
    topology: RedisTopology,
    image: ResolvedImage,
    network: RunNetwork,
    mesh: StartedMesh,
    nodes: RedisNode[],
    signal: AbortSignal,
  ) {
    this.topology = topology;
    this.image = image;
    this.network = network;
    this.mesh = mesh;
    this.nodes = nodes;
    this.#signal = signal;
  }

  async waitForNodes(timeoutMs: number): Promise<void> {
    await pollUntil(
      async () => {
        const replies = await Promise.all(
          this.nodes.map((n) => probe(n.ip, n.port, "PING").catch((e: Error) => `${n.name}: ${e.message}`)),
        );
        const silent = replies.filter((r) => r !== "PONG");
        return silent.length === 0 ? { done: true, value: undefined } : { done: false, reason: silent.join("; ") };
      },
      { what: `all ${this.nodes.length} Redis nodes to answer PING`, timeoutMs, intervalMs: 100, signal: this.#signal },
    );
  }

  /** Each node's view, now; a node that does not answer fails the whole snapshot, named. */
  async snapshot(): Promise<NodeSnapshot[]> {
    return Promise.all(
      this.nodes.map(async (n) => {
        try {
          const [info, nodes, replication] = await Promise.all([
            probe(n.ip, n.port, "CLUSTER", "INFO"),
            probe(n.ip, n.port, "CLUSTER", "NODES"),
            probe(n.ip, n.port, "INFO", "replication"),
          ]);
          return { name: n.name, clusterInfo: parseInfo(info), nodes: parseClusterNodes(nodes), replication: parseInfo(replication) };
        } catch (error) {
          throw new Error(`${n.name} (${n.ip}:${n.port}) does not answer: ${errorMessage(error)}`);
        }
      }),
    );
  }

  async waitForReady(timeoutMs: number): Promise<NodeSnapshot[]> {
    const expected = { masters: this.topology.masters, nodes: this.nodes.length };
    return pollUntil(
      async () => {
        const snapshots = await this.snapshot();
        const unmet = unmetConditions(snapshots, expected);
        return unmet.length === 0 ? { done: true, value: snapshots } : { done: false, reason: unmet.join("; ") };
      },
      {
        what: "the Redis Cluster to be ready (cluster_state:ok, 16384 slots each owned once, replicas linked, one view)",
        timeoutMs,
        intervalMs: 100,
        signal: this.#signal,
      },
    );
  }

  /** The current masters, by node name, as one answering node sees them: the "primaries" process faults can target. */
  async primaries(): Promise<string[]> {
    const snapshots = await this.snapshot();
    const view = snapshots[0]?.nodes ?? [];
    return view
      .filter((n) => isMaster(n) && slotCount(n) > 0 && !n.flags.includes("fail"))
      .map((n) => this.nodes.find((node) => node.ip === n.ip && node.port === n.port)?.name)
      .filter((name): name is string => name !== undefined)
      .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  }

  /** The topology as a table, from one node's view, with node names instead of ids. */
  describe(view: readonly ClusterNode[]): string {
    const nameOf = (ip: string, port: number) => this.nodes.find((n) => n.ip === ip && n.port === port)?.name ?? `${ip}:${port}`;
    const byId = new Map(view.map((n) => [n.id, n]));
    const rows = [...view]
      .sort((a, b) => nameOf(a.ip, a.port).localeCompare(nameOf(b.ip, b.port), undefined, { numeric: true }))
      .map((n) => {
        const master = n.masterId ? byId.get(n.masterId) : undefined;
        const role = isMaster(n) ? "master" : `replica of ${master ? nameOf(master.ip, master.port) : n.masterId}`;
        const slots = isMaster(n) ? `${n.slots.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(",")} (${slotCount(n)} slots)` : "";
        return `  ${nameOf(n.ip, n.port).padEnd(4)} ${`${n.ip}:${n.port}`.padEnd(20)} ${n.id.slice(0, 8)}  ${role.padEnd(16)} ${slots}`;
      });
    return rows.join("\n");
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.container.remove()));
  }
}
