import { randomBytes } from "node:crypto";
import { createPool, type Pool } from "mysql2/promise";
import { pollUntil } from "../../core/deadline.ts";
import { DeadlineError } from "../../core/errors.ts";
import { type StartedMesh, startMesh } from "../../mesh/mesh.ts";
import { ContainerBuilder, type StartedContainer } from "../../runtime/container.ts";
import { catalogEntry, type ImageResolver, type ResolvedImage } from "../../runtime/images.ts";
import type { RunNetwork } from "../../runtime/network.ts";
import type { Runtime } from "../../runtime/runtime.ts";
import { ndbNodeCommand, ndbNodeFiles } from "./config-ini.ts";
import { type NdbShow, parseShow } from "./mgm-show.ts";
import { type NdbExpected, type NdbinfoNode, NODES_QUERY, ndbUnmet, parseNodesRows } from "./ndbinfo.ts";
import { NDB_PORTS, type NdbNode, type NdbPlan, planNdb } from "./node-plan.ts";
import type { NdbTopology } from "./topology.ts";

export interface StartedNdbNode extends NdbNode {
  container: StartedContainer;
}

export interface NdbSnapshot {
  show: NdbShow;
  /** ndbinfo.nodes through the first SQL node; undefined when it does not answer. */
  nodes: NdbinfoNode[] | undefined;
  unmet: string[];
}

/**
 * A MySQL NDB Cluster from the official image: management node(s) on the network directly
 * (ndb_mgmd checks that a node connects from its configured HostName, so nothing reaches it
 * through a proxy), data and SQL nodes in the mesh, every link to a data node's fixed
 * ServerPort through Toxiproxy. Start order: management, all data nodes at once (an initial
 * start waits for every node of each node group), then SQL nodes.
 */
export class NdbClusterBuilder {
  readonly #topology: NdbTopology;
  #timeoutMs = 300_000;

  constructor(topology: NdbTopology) {
    this.#topology = topology;
  }

  withTimeout(ms: number): this {
    this.#timeoutMs = ms;
    return this;
  }

  async start(runtime: Runtime, images: ImageResolver): Promise<StartedNdbCluster> {
    const t = this.#topology;
    const started = Date.now();
    const image = catalogEntry(t.image) ? await images.resolve(t.image) : await images.resolveReference(t.image, "ndb-8.0");
    const network = await runtime.createNetwork("ndb");
    const plan = planNdb(t, (host) => network.address(host));
    const meshNodes = [...plan.data, ...plan.sql].map((n) => ({ name: n.name, ip: n.ip }));
    const mesh = await startMesh(runtime, network, images, {
      nodes: meshNodes,
      peerPorts: [NDB_PORTS.data],
      clientPorts: [NDB_PORTS.mysql],
    });
    const cluster = new StartedNdbCluster(t, plan, image, network, mesh, runtime);
    for (const m of plan.management) await cluster.startNode(m.name);
    await cluster.waitFor(
      (s) => s.show.mgmNodes.filter((n) => n.connected).length >= 1,
      "a management server to answer",
      this.#timeoutMs,
      false,
    );
    await Promise.all(plan.data.map((d) => cluster.startNode(d.name)));
    await cluster.waitFor(
      (s) => plan.data.every((d) => s.show.dataNodes.find((x) => x.id === d.nodeId)?.state === "started"),
      "every data node to be started",
      this.#timeoutMs,
      false,
    );
    for (const q of plan.sql) await cluster.startNode(q.name);
    await cluster.waitForReady(this.#timeoutMs);
    cluster.readyMs = Date.now() - started;
    return cluster;
  }
}

export class StartedNdbCluster {
  readonly topology: NdbTopology;
  readonly plan: NdbPlan;
  readonly image: ResolvedImage;
  readonly network: RunNetwork;
  readonly mesh: StartedMesh;
  readonly nodes: StartedNdbNode[] = [];
  readyMs = 0;
  /** root's password on the SQL nodes, new each run. */
  readonly rootPassword = randomBytes(12).toString("hex");
  readonly #runtime: Runtime;
  readonly #pools = new Map<string, Pool>();

  constructor(topology: NdbTopology, plan: NdbPlan, image: ResolvedImage, network: RunNetwork, mesh: StartedMesh, runtime: Runtime) {
    this.topology = topology;
    this.plan = plan;
    this.image = image;
    this.network = network;
    this.mesh = mesh;
    this.#runtime = runtime;
  }

  node(name: string): StartedNdbNode {
    const n = this.nodes.find((x) => x.name === name);
    if (!n) throw new RangeError(`no started NDB node ${name}`);
    return n;
  }

  get expected(): NdbExpected {
    return {
      dataNodes: this.plan.data.map((n) => n.nodeId),
      mgmNodes: this.plan.management.map((n) => n.nodeId),
      apiNodes: this.plan.sql.map((n) => n.nodeId),
      replicas: this.topology.replicas,
    };
  }

  async startNode(name: string): Promise<StartedNdbNode> {
    const node = this.plan.nodes.find((n) => n.name === name);
    if (!node) throw new RangeError(`no planned NDB node ${name}`);
    const command = ndbNodeCommand(this.topology, this.plan, node);
    const builder = new ContainerBuilder(this.image.ref, `ndb-${name}`).withRole(`ndb-${node.role}`).withCommand(command.cmd);
    if (command.entrypoint) builder.withEntrypoint(command.entrypoint);
    // Management nodes stay off the mesh: they sit on the network at their own address.
    if (node.role === "management") builder.withNetwork(this.network, node.ip);
    else builder.withNetworkOf(this.mesh.sidecarOf(name));
    if (node.role === "sql") builder.withEnv({ MYSQL_ROOT_PASSWORD: this.rootPassword, MYSQL_ROOT_HOST: "%" });
    const files = ndbNodeFiles(this.topology, this.plan, node);
    if (files.length > 0) builder.withFiles(files);
    const container = await builder.start(this.#runtime);
    const started = { ...node, container };
    this.nodes.push(started);
    return started;
  }

  /** `ndb_mgm -e <command>` run inside the first management node's container. */
  async mgm(command: string, timeoutMs = 10_000): Promise<string> {
    const mgm = this.node(this.plan.management[0]?.name ?? "mgm1");
    const r = await mgm.container.exec(["ndb_mgm", `--ndb-connectstring=${this.plan.connectString}`, "-e", command], timeoutMs);
    if (r.exitCode !== 0) throw new Error(`ndb_mgm -e ${command}: ${r.stderr.trim() || r.stdout.trim() || `exit ${r.exitCode}`}`);
    return r.stdout;
  }

  /** SQL as root inside an SQL node's container; tab-separated rows. */
  async sql(name: string, statement: string, timeoutMs = 15_000): Promise<string> {
    const r = await this.node(name).container.exec(
      ["bash", "-c", 'MYSQL_PWD="$1" exec mysql -uroot -N -B -e "$2"', "sql", this.rootPassword, statement],
      timeoutMs,
    );
    if (r.exitCode !== 0) throw new Error(`${name}: ${r.stderr.trim() || `exit ${r.exitCode}`}`);
    return r.stdout;
  }

  /** A mysql2 pool to an SQL node through its client link. */
  pool(name: string): Pool {
    let pool = this.#pools.get(name);
    if (!pool) {
      const { host, port } = this.mesh.clientAddress(name, NDB_PORTS.mysql);
      pool = createPool({
        host,
        port,
        user: "root",
        password: this.rootPassword,
        database: "faultline",
        connectionLimit: 16,
        connectTimeout: 3000,
      });
      pool.on("connection", (c) => c.on("error", () => {}));
      this.#pools.set(name, pool);
    }
    return pool;
  }

  async closePools(): Promise<void> {
    const pools = [...this.#pools.values()];
    this.#pools.clear();
    await Promise.all(pools.map((p) => p.end().catch(() => {})));
  }

  async snapshot(): Promise<NdbSnapshot> {
    const show = parseShow(await this.mgm("show"));
    const sqlNode = this.plan.sql[0]?.name;
    let nodes: NdbinfoNode[] | undefined;
    if (sqlNode && this.nodes.some((n) => n.name === sqlNode)) {
      nodes = await this.sql(sqlNode, NODES_QUERY, 10_000)
        .then(parseNodesRows)
        .catch(() => undefined);
    }
    return { show, nodes, unmet: ndbUnmet(show, nodes, this.expected) };
  }

  /** Every node connected and started, node groups whole, one master, ndbinfo all STARTED; the faultline database exists. */
  async waitForReady(timeoutMs: number): Promise<NdbSnapshot> {
    const snapshot = await this.waitFor(
      (s) => s.unmet.length === 0,
      "every NDB node connected and started, one master, ndbinfo STARTED",
      timeoutMs,
      true,
    );
    const sqlNode = this.plan.sql[0]?.name;
    if (sqlNode) await this.sql(sqlNode, "CREATE DATABASE IF NOT EXISTS faultline");
    return snapshot;
  }

  async waitFor(test: (s: NdbSnapshot) => boolean, what: string, timeoutMs: number, reportUnmet: boolean): Promise<NdbSnapshot> {
    try {
      return await pollUntil(
        async () => {
          const s = await this.snapshot().catch((error: unknown) => error as Error);
          if (s instanceof Error) return { done: false, reason: s.message };
          return test(s) ? { done: true, value: s } : { done: false, reason: reportUnmet ? s.unmet.join("; ") : describeShow(s.show) };
        },
        { what, timeoutMs, intervalMs: 500, signal: this.#runtime.signal },
      );
    } catch (error) {
      if (!(error instanceof DeadlineError)) throw error;
      const logs = await Promise.all(this.nodes.map(async (n) => `--- ${n.name}\n${(await n.container.logs(10).catch(() => "")).trim()}`));
      throw new DeadlineError(error.waitingFor, timeoutMs, `${error.lastSeen ?? "nothing"}\n${logs.join("\n")}`);
    }
  }
}

export function describeShow(show: NdbShow): string {
  return show.dataNodes.map((d) => `data node ${d.id}: ${d.state}${d.master ? " (master)" : ""}`).join("; ") || "no data node listed";
}
