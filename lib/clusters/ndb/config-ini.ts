import type { ContainerFile } from "../../runtime/container-files.ts";
import { NDB_PORTS, type NdbNode, type NdbPlan } from "./node-plan.ts";
import { type NdbTopology, sqlSettingName } from "./topology.ts";

/**
 * config.ini, my.cnf and the command of every node, for the official image
 * (mysql/mysql-cluster:8.0, also container-registry.oracle.com/mysql/community-cluster).
 *
 * The image (github.com/mysql/mysql-docker, mysql-cluster/8.0): ENTRYPOINT /entrypoint.sh;
 * for `ndb_mgmd` it appends `-f /etc/mysql-cluster.cnf --nodaemon`, for `ndbd`/`ndbmtd`
 * `--nodaemon`, then execs; for `mysqld` it initializes the data directory (root password
 * from MYSQL_ROOT_PASSWORD, a healthchecker user) and then execs mysqld. Its documented usage
 * is `docker run ... mysql/mysql-cluster ndb_mgmd|ndbd|mysqld` with the config at
 * /etc/mysql-cluster.cnf and /etc/my.cnf. faultline runs the NDB daemons with the entrypoint
 * replaced by the daemon itself, so the argv below is exactly what runs (the entrypoint's
 * appended `-f /etc/mysql-cluster.cnf` would otherwise override ours), and keeps the
 * entrypoint for mysqld, whose data directory it must initialize.
 */
export const NDB_PATHS = {
  /** config.ini on management nodes, and the directory ndb_mgmd caches its binary config in. */
  configIni: "/var/lib/mysql-cluster/config.ini",
  configDir: "/var/lib/mysql-cluster",
  /**
   * DataDir of management and data nodes: the directory the image's own mysql-cluster.cnf
   * uses, which exists in the image (ndbd requires its DataDir to exist).
   */
  dataDir: "/var/lib/mysql",
  /** The SQL nodes' option file: where mysqld and the image's entrypoint read it by default. */
  myCnf: "/etc/my.cnf",
} as const;

/** A container's command: `entrypoint` replaces the image's when given; `cmd` follows it. */
export interface NdbCommand {
  entrypoint?: string[];
  cmd: string[];
}

const HEADER = "# Written by faultline from the run's topology; every node reads it from ndb_mgmd.";

function section(name: string, entries: Array<[string, string | number]>): string {
  return [`[${name}]`, ...entries.map(([k, v]) => `${k}=${v}`)].join("\n");
}

/** The cluster's config.ini: exact and deterministic (user settings sorted by name). */
export function configIni(t: NdbTopology, plan: NdbPlan): string {
  const user = Object.entries(t.settings).sort(([a], [b]) => a.localeCompare(b));
  const sections = [
    section("ndbd default", [
      ["NoOfReplicas", t.replicas],
      ["DataMemory", t.dataMemory],
      ["HeartbeatIntervalDbDb", t.heartbeatIntervalDbDbMs],
      ["HeartbeatIntervalDbApi", t.heartbeatIntervalDbApiMs],
      ["Arbitration", t.arbitration],
      ["ArbitrationTimeout", t.arbitrationTimeoutMs],
      ...user,
    ]),
    ...plan.management.map((m) =>
      section("ndb_mgmd", [
        ["NodeId", m.nodeId],
        ["HostName", m.ip],
        ["PortNumber", NDB_PORTS.management],
        ["DataDir", NDB_PATHS.dataDir],
        ["ArbitrationRank", t.arbitrationRank],
      ]),
    ),
    ...plan.data.map((d) =>
      section("ndbd", [
        ["NodeId", d.nodeId],
        ["HostName", d.ip],
        ["ServerPort", NDB_PORTS.data],
        ["DataDir", NDB_PATHS.dataDir],
      ]),
    ),
    ...plan.sql.map((s) =>
      section("mysqld", [
        ["NodeId", s.nodeId],
        ["HostName", s.ip],
      ]),
    ),
    ...plan.apiSlots.map((id) => section("api", [["NodeId", id]])),
  ];
  return `${HEADER}\n\n${sections.join("\n\n")}\n`;
}

function sqlNodeOf(plan: NdbPlan, node: NdbNode | string): NdbNode {
  const name = typeof node === "string" ? node : node.name;
  const found = plan.sql.find((s) => s.name === name);
  if (!found) throw new Error(`"${name}" is not an SQL node of the plan (${plan.sql.map((s) => s.name).join(", ")})`);
  return found;
}

/**
 * One SQL node's my.cnf. [mysqld]: the NDB engine, the management servers, its own node id
 * (the [mysqld] slot with its HostName), its address and port; then the user's options
 * (sorted, `name` alone for an empty value). [mysql_cluster]: the connect string for NDB
 * tools run in the container (manual 25.3.3, "Initial Configuration of NDB Cluster").
 */
export function myCnf(t: NdbTopology, plan: NdbPlan, sqlNode: NdbNode | string): string {
  const s = sqlNodeOf(plan, sqlNode);
  const user = Object.entries(t.sqlSettings)
    .map(([k, v]) => [sqlSettingName(k).replace(/_/g, "-"), v] as const)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => (v === "" ? k : `${k}=${v}`));
  return [
    "[mysqld]",
    "ndbcluster",
    `ndb-connectstring=${plan.connectString}`,
    `ndb-nodeid=${s.nodeId}`,
    `bind-address=${s.ip}`,
    `port=${NDB_PORTS.mysql}`,
    "user=mysql",
    ...user,
    "",
    "[mysql_cluster]",
    `ndb-connectstring=${plan.connectString}`,
    "",
  ].join("\n");
}

/**
 * ndb_mgmd: `--config-file` (-f) with `--initial` so config.ini is read afresh rather than
 * a cached binary config, `--configdir` for that cache, `--nodaemon` to stay in the
 * foreground as the container's process, `--ndb-nodeid` so each of two management servers
 * takes its own [ndb_mgmd] section.
 */
export function managementCommand(plan: NdbPlan, node: NdbNode | string): NdbCommand {
  const m = roleNode(plan, node, "management");
  return {
    entrypoint: ["ndb_mgmd"],
    cmd: [
      `--config-file=${NDB_PATHS.configIni}`,
      `--configdir=${NDB_PATHS.configDir}`,
      "--initial",
      "--nodaemon",
      `--ndb-nodeid=${m.nodeId}`,
    ],
  };
}

/**
 * ndbd/ndbmtd: in the foreground, connecting to the management servers as its own node id.
 * No `--initial`: a new container's DataDir is empty, so the first start is initial anyway,
 * and a restarted node must recover from its own file system, not wipe it.
 */
export function dataNodeCommand(t: NdbTopology, plan: NdbPlan, node: NdbNode | string): NdbCommand {
  const d = roleNode(plan, node, "data");
  return {
    entrypoint: [t.dataNodeBinary],
    cmd: ["--nodaemon", `--ndb-connectstring=${plan.connectString}`, `--ndb-nodeid=${d.nodeId}`],
  };
}

/**
 * mysqld through the image's entrypoint (it initializes /var/lib/mysql first); all settings
 * come from my.cnf. `--defaults-file` must be the first option.
 */
export function sqlNodeCommand(plan: NdbPlan, node: NdbNode | string): NdbCommand {
  sqlNodeOf(plan, node);
  return { cmd: ["mysqld", `--defaults-file=${NDB_PATHS.myCnf}`] };
}

/** The files a node's container needs before it starts: config.ini for management nodes, my.cnf for SQL nodes. */
export function ndbNodeFiles(t: NdbTopology, plan: NdbPlan, node: NdbNode | string): ContainerFile[] {
  const n = roleNode(plan, node);
  if (n.role === "management") return [{ path: NDB_PATHS.configIni, content: configIni(t, plan) }];
  if (n.role === "sql") return [{ path: NDB_PATHS.myCnf, content: myCnf(t, plan, n) }];
  return [];
}

/** The command of any node of the plan. */
export function ndbNodeCommand(t: NdbTopology, plan: NdbPlan, node: NdbNode | string): NdbCommand {
  const n = roleNode(plan, node);
  if (n.role === "management") return managementCommand(plan, n);
  if (n.role === "data") return dataNodeCommand(t, plan, n);
  return sqlNodeCommand(plan, n);
}

function roleNode(plan: NdbPlan, node: NdbNode | string, role?: NdbNode["role"]): NdbNode {
  const name = typeof node === "string" ? node : node.name;
  const found = plan.nodes.find((n) => n.name === name && (role === undefined || n.role === role));
  if (!found) throw new Error(`"${name}" is not a${role ? ` ${role}` : ""} node of the plan`);
  return found;
}
