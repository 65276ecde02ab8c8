import { pollUntil } from "../../core/deadline.ts";
import { DeadlineError } from "../../core/errors.ts";
import { type StartedMesh, startMesh } from "../../mesh/mesh.ts";
import { ContainerBuilder, type StartedContainer } from "../../runtime/container.ts";
import type { ImageResolver, ResolvedImage } from "../../runtime/images.ts";
import type { RunNetwork } from "../../runtime/network.ts";
import type { Runtime } from "../../runtime/runtime.ts";
import { GALERA_PORTS, galeraCommand } from "./server-args.ts";
import type { GaleraTopology } from "./topology.ts";
import { type GaleraSnapshot, galeraUnmet, parseStatusRows } from "./wsrep-status.ts";

const FIRST_NODE_HOST = 11;

export interface GaleraNode {
  name: string;
  ip: string;
  container: StartedContainer;
}

/**
 * A Galera cluster with every node-to-node port (group 4567, IST 4568, SST 4444) through the
 * mesh: the first node bootstraps, the others join one at a time (one donor, one SST at a time).
 */
export class GaleraClusterBuilder {
  readonly #topology: GaleraTopology;
  #timeoutMs = 180_000;

  constructor(topology: GaleraTopology) {
    this.#topology = topology;
  }

  withTimeout(ms: number): this {
    this.#timeoutMs = ms;
    return this;
  }

  async start(runtime: Runtime, images: ImageResolver): Promise<StartedGaleraCluster> {
    const t = this.#topology;
    const image = await images.resolve(t.image);
    const started = Date.now();
    const network = await runtime.createNetwork("galera");
    const addresses = Array.from({ length: t.nodes }, (_, i) => ({ name: `n${i + 1}`, ip: network.address(FIRST_NODE_HOST + i) }));
    const mesh = await startMesh(runtime, network, images, {
      nodes: addresses,
      peerPorts: [GALERA_PORTS.group, GALERA_PORTS.ist, GALERA_PORTS.sst],
      clientPorts: [GALERA_PORTS.mysql],
    });
    const cluster = new StartedGaleraCluster(t, image, network, mesh, runtime.signal);
    for (const [i, address] of addresses.entries()) {
      const container = await new ContainerBuilder(image.ref, `galera-${address.name}`)
        .withRole("galera")
        .withNetworkOf(mesh.sidecarOf(address.name))
        .withCommand(galeraCommand(t, address, addresses, i === 0))
        .start(runtime);
      cluster.add({ ...address, container });
      await cluster.waitForReady(this.#timeoutMs, i + 1);
    }
    cluster.readyMs = Date.now() - started;
    return cluster;
  }
}

export class StartedGaleraCluster {
  readonly topology: GaleraTopology;
  readonly image: ResolvedImage;
  readonly network: RunNetwork;
  readonly mesh: StartedMesh;
  readonly nodes: GaleraNode[] = [];
  readyMs = 0;
  readonly #signal: AbortSignal;

  constructor(topology: GaleraTopology, image: ResolvedImage, network: RunNetwork, mesh: StartedMesh, signal: AbortSignal) {
    this.topology = topology;
    this.image = image;
    this.network = network;
    this.mesh = mesh;
    this.#signal = signal;
  }

  add(node: GaleraNode): void {
    this.nodes.push(node);
  }

  /** `SHOW GLOBAL STATUS LIKE 'wsrep_%'` on every node, through the server's own client inside its container. */
  async snapshot(nodes: readonly GaleraNode[] = this.nodes): Promise<GaleraSnapshot[]> {
    return Promise.all(
      nodes.map(async (n) => {
        const r = await n.container.exec(["mariadb", "-N", "-B", "-e", "SHOW GLOBAL STATUS LIKE 'wsrep_%'"], 10_000);
        if (r.exitCode !== 0) throw new Error(`${n.name} does not answer SQL: ${r.stderr.trim() || `exit ${r.exitCode}`}`);
        return { name: n.name, status: parseStatusRows(r.stdout) };
      }),
    );
  }

  /** Every node started so far Primary, Synced, ready, of size `size`, one state and configuration. */
  async waitForReady(timeoutMs: number, size = this.nodes.length): Promise<GaleraSnapshot[]> {
    try {
      return await pollUntil(
        async () => {
          const snapshots = await this.snapshot();
          const unmet = galeraUnmet(snapshots, size);
          return unmet.length === 0 ? { done: true, value: snapshots } : { done: false, reason: unmet.join("; ") };
        },
        { what: `${size} Galera node(s) to be Primary and Synced`, timeoutMs, intervalMs: 250, signal: this.#signal },
      );
    } catch (error) {
      if (!(error instanceof DeadlineError)) throw error;
      // Say why in the nodes' own words: the last lines of each log.
      const logs = await Promise.all(this.nodes.map(async (n) => `--- ${n.name}\n${(await n.container.logs(8)).trim()}`));
      throw new DeadlineError(error.waitingFor, timeoutMs, `${error.lastSeen ?? "nothing"}\n${logs.join("\n")}`);
    }
  }
}
