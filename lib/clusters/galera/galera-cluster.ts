import { createPool, type Pool } from "mysql2/promise";
import { pollUntil } from "../../core/deadline.ts";
import { DeadlineError, InfrastructureError } from "../../core/errors.ts";
import { type StartedMesh, startMesh } from "../../mesh/mesh.ts";
import { ContainerBuilder, type StartedContainer } from "../../runtime/container.ts";
import { catalogEntry, type ImageResolver, type ResolvedImage } from "../../runtime/images.ts";
import type { RunNetwork } from "../../runtime/network.ts";
import type { Runtime } from "../../runtime/runtime.ts";
import { type EffectiveSettings, readEffectiveSettings } from "./effective-settings.ts";
import type { GaleraFlavorDriver, GaleraSecrets } from "./flavor.ts";
import { flavorDriver } from "./flavors.ts";
import { nodeLogsWithDiagnosis } from "./node-logs.ts";
import { GALERA_PORTS, type GaleraNodeAddress, galeraAddresses } from "./server-args.ts";
import type { GaleraTopology } from "./topology.ts";
import { type GaleraSnapshot, galeraUnmet, parseStatusRows } from "./wsrep-status.ts";

const FIRST_NODE_HOST = 11;

/** The user and database host clients (the workloads) use; created on the founder, replicated to every joiner. */
export const CLIENT_USER = { user: "faultline", password: "faultline", database: "faultline" } as const;

/** A node's server exited while the harness waited for it: the cluster's failure, not the harness's. */
export class NodeStoppedError extends InfrastructureError {
  readonly nodes: readonly string[];
  constructor(nodes: readonly string[], message: string) {
    super(message);
    this.nodes = nodes;
  }
}

export interface GaleraNode extends GaleraNodeAddress {
  container: StartedContainer;
}

export interface GaleraTimings {
  /** Network, mesh and secrets ready. */
  meshMs: number;
  /** The founder Primary and Synced. */
  founderMs: number;
  /** Every node Primary, Synced, one view. */
  readyMs: number;
}

/**
 * A Galera cluster with every node-to-node port (group 4567 + 10 per node, IST 4568, SST 4444) through the
 * mesh: the first node founds the cluster, the others join one at a time (one donor, one SST
 * at a time). `spares` plans extra nodes in the mesh that are not started, for scenarios
 * where a node joins later.
 */
export class GaleraClusterBuilder {
  readonly #topology: GaleraTopology;
  #timeoutMs = 180_000;
  #spares = 0;

  constructor(topology: GaleraTopology) {
    this.#topology = topology;
  }

  withTimeout(ms: number): this {
    this.#timeoutMs = ms;
    return this;
  }

  withSpares(count: number): this {
    this.#spares = count;
    return this;
  }

  async start(runtime: Runtime, images: ImageResolver): Promise<StartedGaleraCluster> {
    const t = this.#topology;
    const started = Date.now();
    // An image reference outside the catalog (--target registry/image:tag) is read like the flavor's catalog image.
    const image = catalogEntry(t.image)
      ? await images.resolve(t.image)
      : await images.resolveReference(t.image, t.flavor === "pxc" ? "pxc-8.0" : "mariadb-galera-10.11");
    const flavor = flavorDriver(t.flavor);
    const network = await runtime.createNetwork("galera");
    const addresses = galeraAddresses(t.nodes + this.#spares, (i) => network.address(FIRST_NODE_HOST + i));
    const [mesh, secrets] = await Promise.all([
      startMesh(runtime, network, images, {
        // Each node lists its own (its group port is its alone), so the mesh has no ports of its own.
        nodes: addresses.map((a) => ({ ...a, peerPorts: [a.groupPort, GALERA_PORTS.ist, GALERA_PORTS.sst] })),
        peerPorts: [],
        clientPorts: [GALERA_PORTS.mysql],
      }),
      flavor.secrets({ topology: t, runtime, image }),
    ]);
    const cluster = new StartedGaleraCluster({ topology: t, image, network, mesh, flavor, secrets, addresses, runtime });
    cluster.timings.meshMs = Date.now() - started;
    for (const address of addresses.slice(0, t.nodes)) {
      await cluster.startNode(address.name, this.#timeoutMs);
      if (address.name === "n1") {
        cluster.timings.founderMs = Date.now() - started;
        await cluster.createClientUser();
      }
    }
    cluster.timings.readyMs = Date.now() - started;
    // After the ready time is taken: a report, not part of starting the cluster.
    cluster.effectiveSettings = await readEffectiveSettings("n1", (statement) => cluster.sql("n1", statement));
    return cluster;
  }
}

interface ClusterParts {
  topology: GaleraTopology;
  image: ResolvedImage;
  network: RunNetwork;
  mesh: StartedMesh;
  flavor: GaleraFlavorDriver;
  secrets: GaleraSecrets;
  addresses: GaleraNodeAddress[];
  runtime: Runtime;
}

export class StartedGaleraCluster implements AsyncDisposable {
  readonly topology: GaleraTopology;
  readonly image: ResolvedImage;
  readonly network: RunNetwork;
  readonly mesh: StartedMesh;
  readonly flavor: GaleraFlavorDriver;
  /** Every planned node, started or spare. */
  readonly addresses: readonly GaleraNodeAddress[];
  /** Started nodes, in start order. */
  readonly nodes: GaleraNode[] = [];
  readonly timings: GaleraTimings = { meshMs: 0, founderMs: 0, readyMs: 0 };
  /** Settings whose value as the server has it the run reports (read once the cluster is ready). */
  effectiveSettings: EffectiveSettings | undefined;
  readonly #secrets: GaleraSecrets;
  readonly #runtime: Runtime;
  readonly #pools = new Map<string, Pool>();

  constructor(parts: ClusterParts) {
    this.topology = parts.topology;
    this.image = parts.image;
    this.network = parts.network;
    this.mesh = parts.mesh;
    this.flavor = parts.flavor;
    this.addresses = parts.addresses;
    this.#secrets = parts.secrets;
    this.#runtime = parts.runtime;
  }

  get names(): string[] {
    return this.nodes.map((n) => n.name);
  }

  node(name: string): GaleraNode {
    const node = this.nodes.find((n) => n.name === name);
    if (!node) throw new RangeError(`no started Galera node ${name}`);
    return node;
  }

  /** Starts a planned node (the founder bootstraps on its first start) and waits until it is part of a ready cluster. */
  async startNode(name: string, timeoutMs: number): Promise<GaleraNode> {
    const address = this.addresses.find((a) => a.name === name);
    if (!address) throw new RangeError(`no planned Galera node ${name}`);
    const spec = this.flavor.nodeSpec({
      topology: this.topology,
      node: address,
      all: this.addresses,
      meshHost: this.mesh.toxiproxy.ip,
      founder: name === "n1",
      secrets: this.#secrets,
    });
    const builder = new ContainerBuilder(this.image.ref, `galera-${name}`)
      .withRole("galera")
      .withNetworkOf(this.mesh.sidecarOf(name))
      .withCommand(spec.command)
      .withEnv(spec.env);
    if (spec.entrypoint) builder.withEntrypoint(spec.entrypoint);
    const files = [...this.#secrets.files, ...spec.files];
    if (files.length > 0) builder.withFiles(files);
    const container = await builder.start(this.#runtime);
    const node = { ...address, container };
    this.nodes.push(node);
    await this.waitForReady(timeoutMs);
    return node;
  }

  /** SQL as an administrator inside a node's container; tab-separated rows. Throws with the server's words. */
  async sql(name: string, statement: string, timeoutMs = 15_000): Promise<string> {
    const r = await this.node(name).container.exec(this.flavor.sqlArgv(statement, this.#secrets), timeoutMs);
    if (r.exitCode !== 0) throw new Error(`${name}: ${r.stderr.trim() || `exit ${r.exitCode}`}`);
    return r.stdout;
  }

  async createClientUser(): Promise<void> {
    const { user, password, database } = CLIENT_USER;
    await this.sql(
      "n1",
      `CREATE DATABASE IF NOT EXISTS ${database}; CREATE USER IF NOT EXISTS '${user}'@'%' IDENTIFIED BY '${password}'; GRANT ALL ON *.* TO '${user}'@'%'`,
    );
  }

  /** A mysql2 pool per node, through the node's client link of the mesh, created on first use. */
  pool(name: string): Pool {
    let pool = this.#pools.get(name);
    if (!pool) {
      const { host, port } = this.mesh.clientAddress(name, GALERA_PORTS.mysql);
      pool = createPool({
        host,
        port,
        ...CLIENT_USER,
        connectionLimit: 16,
        connectTimeout: 3000,
        // A refused connection surfaces at once instead of waiting in the pool's queue.
        waitForConnections: true,
        queueLimit: 0,
        enableKeepAlive: true,
      });
      // A pool's idle connection dropped by a fault must not crash the process.
      pool.on("connection", (c) => c.on("error", () => {}));
      this.#pools.set(name, pool);
    }
    return pool;
  }

  pools(names: readonly string[] = this.names): Map<string, Pool> {
    return new Map(names.map((n) => [n, this.pool(n)]));
  }

  /** `SHOW GLOBAL STATUS LIKE 'wsrep_%'` on each node, through the server's own client inside its container. */
  async snapshot(names: readonly string[] = this.names): Promise<GaleraSnapshot[]> {
    return Promise.all(
      names.map(async (name) => {
        const out = await this.sql(name, "SHOW GLOBAL STATUS LIKE 'wsrep_%'", 10_000);
        return { name, status: parseStatusRows(out) };
      }),
    );
  }

  /** Like snapshot, but a node that does not answer is reported with an empty status instead of failing the whole snapshot. */
  async snapshotEach(names: readonly string[] = this.names): Promise<Array<GaleraSnapshot & { error?: string }>> {
    return Promise.all(
      names.map(async (name) => {
        try {
          return { name, status: parseStatusRows(await this.sql(name, "SHOW GLOBAL STATUS LIKE 'wsrep_%'", 5000)) };
        } catch (error) {
          return { name, status: {}, error: error instanceof Error ? error.message : String(error) };
        }
      }),
    );
  }

  /** Every started node Primary, Synced, ready, of the full size, one state and configuration. */
  async waitForReady(timeoutMs: number, names: readonly string[] = this.names): Promise<GaleraSnapshot[]> {
    let stopped: string[] = [];
    let ready: GaleraSnapshot[] | undefined;
    try {
      ready = await pollUntil(
        async () => {
          const snapshots = await this.snapshotEach(names);
          // A node whose server exited will not become ready: stop waiting and say why.
          const silent = snapshots.filter((s) => s.error).map((s) => this.node(s.name));
          stopped = (await Promise.all(silent.map(async (n) => ((await n.container.running()) ? "" : n.name)))).filter(Boolean);
          if (stopped.length > 0) return { done: true, value: undefined };
          const unmet = [
            ...snapshots.filter((s) => s.error).map((s) => `${s.name} does not answer SQL (${s.error})`),
            ...galeraUnmet(
              snapshots.filter((s) => !s.error),
              names.length,
            ),
          ];
          return unmet.length === 0 ? { done: true, value: snapshots } : { done: false, reason: unmet.join("; ") };
        },
        {
          what: `${names.length} Galera node(s) to be Primary and Synced in one view`,
          timeoutMs,
          intervalMs: 250,
          signal: this.#runtime.signal,
        },
      );
    } catch (error) {
      if (!(error instanceof DeadlineError)) throw error;
      // Say why in the nodes' own words: known causes found in their logs, and the last lines.
      throw new DeadlineError(error.waitingFor, timeoutMs, `${error.lastSeen ?? "nothing"}\n${await nodeLogsWithDiagnosis(this.nodes)}`);
    }
    if (ready) return ready;
    throw new NodeStoppedError(
      stopped,
      `${stopped.join(", ")} stopped while faultline waited for ${names.length} Galera node(s) to be Primary and Synced\n${await nodeLogsWithDiagnosis(this.nodes.filter((n) => stopped.includes(n.name)))}`,
    );
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.closePools();
  }

  async closePools(): Promise<void> {
    const pools = [...this.#pools.values()];
    this.#pools.clear();
    await Promise.all(pools.map((p) => p.end().catch(() => {})));
  }
}
