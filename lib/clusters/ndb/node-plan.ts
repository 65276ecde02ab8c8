import { CLIENT, FIRST_LISTEN_PORT, type Link, linkName } from "../../mesh/links.ts";
import type { NdbTopology } from "./topology.ts";

/**
 * Where every NDB node lives and how the links between them run. Pure: the same topology and
 * address function give the same plan.
 *
 * Node ids. Data nodes take 1..N, so that ndbK is NodeId K in every NDB log line ("Node 2
 * missed heartbeat") and node groups read off the names; NDB 8.0 restricts data node ids to
 * 1-144 (manual 25.4.3.6, NodeId), so giving them the low ids leaves the rest for the others.
 * Management nodes take 145-146, SQL nodes 151-200 and spare [api] slots 201-255, all within
 * the 1-255 allowed for management and API nodes; a node id alone tells its role.
 * (MySQL's examples number management, data, then SQL nodes from 1; the NDB Operator puts
 * SQL nodes at 145 and up. Either works; this one keeps ndbK = NodeId K.)
 *
 * Addresses. Host numbers 11 and up on the run's network, in start order: management nodes,
 * data nodes, SQL nodes (11 is the first node host of every faultline cluster; 2 is Toxiproxy).
 */
export type NdbRole = "management" | "data" | "sql";

export interface NdbNode {
  /** Container and mesh name: mgm1, ndb1, sql1. */
  name: string;
  role: NdbRole;
  nodeId: number;
  hostNumber: number;
  ip: string;
  /** Data nodes only: 0-based node group. */
  nodeGroup?: number;
}

/** A link between two nodes (or from the host, `client`) on one port, and whether Toxiproxy carries it. */
export interface NdbLink {
  from: string;
  to: string;
  port: number;
  via: "mesh" | "direct";
  why: string;
}

export interface NdbPlan {
  management: NdbNode[];
  data: NdbNode[];
  sql: NdbNode[];
  /** All containers in start order: management, data, SQL. */
  nodes: NdbNode[];
  /** Node ids of the spare [api] slots (no container; any host may take them). */
  apiSlots: number[];
  /** Data node names per node group, in NodeId order (NDB forms groups of NoOfReplicas this way). */
  nodeGroups: string[][];
  /** Every link: mesh links (through Toxiproxy) first, then direct ones. */
  links: NdbLink[];
  /** ndb_mgmd addresses, e.g. "10.213.0.11:1186" or "10.213.0.11:1186,10.213.0.12:1186". */
  connectString: string;
}

export const NDB_PORTS = {
  /** ndb_mgmd's PortNumber (MySQL's default). */
  management: 1186,
  /** Every data node's ServerPort, fixed (NDB would pick one dynamically) so links to it can be proxied. */
  data: 11860,
  /** mysqld's client port. */
  mysql: 3306,
} as const;

export const FIRST_NODE_HOST = 11;
export const NODE_ID_BASE = { data: 1, management: 145, sql: 151, api: 201 } as const;

/**
 * The plan of a validated topology. `address(hostNumber)` gives the IP of a host number on
 * the run's network (RunNetwork.address).
 */
export function planNdb(t: NdbTopology, address: (hostNumber: number) => string): NdbPlan {
  let host = FIRST_NODE_HOST;
  const node = (role: NdbRole, name: string, nodeId: number): NdbNode => {
    const hostNumber = host++;
    return { name, role, nodeId, hostNumber, ip: address(hostNumber) };
  };
  const management = range(t.managementNodes).map((i) => node("management", `mgm${i + 1}`, NODE_ID_BASE.management + i));
  const data = range(t.dataNodes).map((i) => ({
    ...node("data", `ndb${i + 1}`, NODE_ID_BASE.data + i),
    nodeGroup: Math.floor(i / t.replicas),
  }));
  const sql = range(t.sqlNodes).map((i) => node("sql", `sql${i + 1}`, NODE_ID_BASE.sql + i));
  const apiSlots = range(t.apiSlots).map((i) => NODE_ID_BASE.api + i);
  const nodes = [...management, ...data, ...sql];
  checkNodeIds(nodes, apiSlots);
  const nodeGroups = range(t.dataNodes / t.replicas).map((g) => data.filter((d) => d.nodeGroup === g).map((d) => d.name));
  return {
    management,
    data,
    sql,
    nodes,
    apiSlots,
    nodeGroups,
    links: planNdbLinks(management, data, sql),
    connectString: management.map((m) => `${m.ip}:${NDB_PORTS.management}`).join(","),
  };
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** Invariants of the numbering (validateNdbTopology keeps counts within them). */
function checkNodeIds(nodes: readonly NdbNode[], apiSlots: readonly number[]): void {
  const ids = [...nodes.map((n) => n.nodeId), ...apiSlots];
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice !== undefined) throw new Error(`NDB node id ${twice} is assigned twice`);
  for (const n of nodes) {
    const max = n.role === "data" ? 144 : 255;
    if (n.nodeId < 1 || n.nodeId > max) throw new Error(`${n.name}: node id ${n.nodeId} is outside 1..${max}`);
  }
  for (const id of apiSlots) if (id > 255) throw new Error(`[api] slot node id ${id} is outside 1..255`);
}

/**
 * Which connections go through Toxiproxy. Through the mesh: data node <-> data node on the
 * peer's ServerPort (both directions: NDB picks one side of each pair to connect, and either
 * way the connection is proxied), SQL node -> data node on ServerPort (data nodes are the
 * server side of API transporters), and host clients -> SQL nodes on 3306. Direct: anything
 * -> ndb_mgmd on 1186, since the management server checks that a node asking for node id N
 * connects from node N's HostName and would refuse Toxiproxy's address; data and API nodes
 * also open their transporter to the management server over that port (manual 25.4.3.6,
 * ServerPort note).
 */
function planNdbLinks(management: NdbNode[], data: NdbNode[], sql: NdbNode[]): NdbLink[] {
  const links: NdbLink[] = [];
  const mesh = (from: string, to: string, port: number, why: string) => links.push({ from, to, port, via: "mesh", why });
  const direct = (from: string, to: string, port: number, why: string) => links.push({ from, to, port, via: "direct", why });
  for (const a of data)
    for (const b of data) if (a !== b) mesh(a.name, b.name, NDB_PORTS.data, "data node transporter (heartbeats, replication)");
  for (const s of sql) for (const d of data) mesh(s.name, d.name, NDB_PORTS.data, "SQL node transporter to a data node");
  for (const s of sql) mesh(CLIENT, s.name, NDB_PORTS.mysql, "client SQL connections from the host");
  for (const m of management) {
    for (const other of management) if (other !== m) direct(other.name, m.name, NDB_PORTS.management, "management node to management node");
    for (const d of data) direct(d.name, m.name, NDB_PORTS.management, "configuration, node id and transporter to ndb_mgmd");
    for (const s of sql) direct(s.name, m.name, NDB_PORTS.management, "configuration, node id and transporter to ndb_mgmd");
    direct(CLIENT, m.name, NDB_PORTS.management, "ndb_mgm and other management clients");
  }
  return links;
}

/**
 * The mesh links as Toxiproxy proxies, in the plan's order, with listen ports from
 * FIRST_LISTEN_PORT (the shape lib/mesh's planLinks gives, for a selective set of links).
 */
export function ndbMeshLinks(plan: NdbPlan): Link[] {
  const ipOf = new Map(plan.nodes.map((n) => [n.name, n.ip]));
  return plan.links
    .filter((l) => l.via === "mesh")
    .map((l, i) => {
      const ip = ipOf.get(l.to);
      if (ip === undefined) throw new Error(`link ${l.from} -> ${l.to}: no address for ${l.to}`);
      return {
        name: linkName(l.from, l.to, l.port),
        from: l.from,
        to: l.to,
        port: l.port,
        listenPort: FIRST_LISTEN_PORT + i,
        upstream: `${ip}:${l.port}`,
      };
    });
}

/** The node of a name, or an error naming the plan's nodes. */
export function ndbNode(plan: NdbPlan, name: string): NdbNode {
  const found = plan.nodes.find((n) => n.name === name);
  if (!found) throw new Error(`no NDB node "${name}" (nodes: ${plan.nodes.map((n) => n.name).join(", ")})`);
  return found;
}
