import type { NdbShow, ShowDataNode, ShowOtherNode } from "./mgm-show.ts";

/**
 * `ndbinfo.nodes` and `ndbinfo.membership` as read by `mysql -N -B -e "<query>"` on the
 * SQL node: one tab-separated row per data node, no header, NULL printed as `NULL`.
 * The column lists are those of the manual's pages for the two tables.
 */

export const NODES_QUERY = "SELECT node_id, uptime, status, start_phase, config_generation FROM ndbinfo.nodes";

/** The `status` values the manual lists for ndbinfo.nodes. */
export type NdbinfoNodeStatus =
  | "NOTHING"
  | "CMVMI"
  | "STARTING"
  | "STARTED"
  | "SINGLEUSER"
  | "STOPPING_1"
  | "STOPPING_2"
  | "STOPPING_3"
  | "STOPPING_4";

export interface NdbinfoNode {
  nodeId: number;
  /** Seconds since the node was started (counting from when ndbd/ndbmtd was invoked). */
  uptime: number;
  /** One of `NdbinfoNodeStatus`, kept as printed. */
  status: string;
  /** The current start phase while STARTING; 0 otherwise. */
  startPhase: number;
  configGeneration: number;
}

export const MEMBERSHIP_QUERY =
  "SELECT node_id, group_id, left_node, right_node, president, successor, succession_order, Conf_HB_order, " +
  "arbitrator, arb_ticket, arb_state, arb_connected, connected_rank1_arbs, connected_rank2_arbs FROM ndbinfo.membership";

export interface MembershipRow {
  nodeId: number;
  groupId: number;
  leftNode: number;
  rightNode: number;
  president: number;
  successor: number;
  successionOrder: number;
  confHbOrder: number;
  arbitrator: number;
  arbTicket: string;
  /** ARBIT_NULL, ARBIT_INIT, ARBIT_FIND, ARBIT_PREP1, ARBIT_PREP2, ARBIT_START, ARBIT_RUN, ARBIT_CHOOSE, ARBIT_CRASH or UNKNOWN. */
  arbState: string;
  /** `Yes` / `No` */
  arbConnected: boolean;
  /** The node ids in `connected_rank1_arbs` / `connected_rank2_arbs`. */
  connectedRank1Arbs: number[];
  connectedRank2Arbs: number[];
}

function rows(text: string, columns: number, what: string): string[][] {
  const out: string[][] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === "") continue;
    const cells = line.split("\t");
    if (cells.length !== columns) throw new Error(`${what}: expected ${columns} tab-separated columns, got ${cells.length}: ${line}`);
    out.push(cells.map((c) => c.trim()));
  }
  return out;
}

function int(cell: string | undefined, column: string): number {
  const n = Number(cell);
  if (cell === undefined || cell === "" || cell === "NULL" || !Number.isFinite(n)) throw new Error(`${column} is not a number: ${cell}`);
  return n;
}

const ids = (cell: string | undefined): number[] => (cell === undefined || cell === "NULL" ? [] : (cell.match(/\d+/g) ?? []).map(Number));

/** Parses the output of `NODES_QUERY`. */
export function parseNodesRows(text: string): NdbinfoNode[] {
  return rows(text, 5, "ndbinfo.nodes").map((c) => ({
    nodeId: int(c[0], "node_id"),
    uptime: int(c[1], "uptime"),
    status: c[2] as string,
    startPhase: int(c[3], "start_phase"),
    configGeneration: int(c[4], "config_generation"),
  }));
}

/** Parses the output of `MEMBERSHIP_QUERY`. */
export function parseMembershipRows(text: string): MembershipRow[] {
  return rows(text, 14, "ndbinfo.membership").map((c) => ({
    nodeId: int(c[0], "node_id"),
    groupId: int(c[1], "group_id"),
    leftNode: int(c[2], "left_node"),
    rightNode: int(c[3], "right_node"),
    president: int(c[4], "president"),
    successor: int(c[5], "successor"),
    successionOrder: int(c[6], "succession_order"),
    confHbOrder: int(c[7], "Conf_HB_order"),
    arbitrator: int(c[8], "arbitrator"),
    arbTicket: c[9] as string,
    arbState: c[10] as string,
    arbConnected: c[11] === "Yes",
    connectedRank1Arbs: ids(c[12]),
    connectedRank2Arbs: ids(c[13]),
  }));
}

export interface NdbExpected {
  dataNodes: readonly number[];
  mgmNodes: readonly number[];
  /** The SQL/API nodes that must be connected; free API slots in the configuration are not listed. */
  apiNodes: readonly number[];
  /** NoOfReplicas: the size of every node group. */
  replicas: number;
}

function describeDown(n: ShowDataNode | ShowOtherNode): string {
  if (n.deactivated) return "not connected (deactivated)";
  return n.acceptingFrom ? `not connected (accepting connect from ${n.acceptingFrom})` : "not connected";
}

/**
 * What keeps an NDB cluster from being ready, in words; empty means ready. From `ndb_mgm -e show`:
 * every expected node connected, data nodes started and in node groups of `replicas` nodes
 * (as many groups as data nodes / replicas), exactly one master. From `ndbinfo.nodes` (read on
 * the SQL node, so `undefined` when the SQL node did not answer): a STARTED row for every data
 * node, one config_generation. With `membership` given: one president, one arbitrator and
 * ticket seen by all, arbitration running (ARBIT_RUN) and connected everywhere.
 */
export function ndbUnmet(
  show: NdbShow,
  nodesRows: readonly NdbinfoNode[] | undefined,
  expected: NdbExpected,
  membership?: readonly MembershipRow[],
): string[] {
  const unmet: string[] = [];

  for (const id of expected.mgmNodes) {
    const n = show.mgmNodes.find((m) => m.id === id);
    if (!n) unmet.push(`management node ${id}: not in SHOW`);
    else if (!n.connected) unmet.push(`management node ${id}: ${describeDown(n)}`);
  }
  for (const id of expected.apiNodes) {
    const n = show.apiNodes.find((m) => m.id === id);
    if (!n) unmet.push(`SQL node ${id}: not in SHOW`);
    else if (!n.connected) unmet.push(`SQL node ${id}: ${describeDown(n)}`);
  }

  for (const id of expected.dataNodes) {
    const n = show.dataNodes.find((d) => d.id === id);
    if (!n) unmet.push(`data node ${id}: not in SHOW`);
    else if (n.state === "not connected") unmet.push(`data node ${id}: ${describeDown(n)}`);
    else {
      if (n.state !== "started") unmet.push(`data node ${id}: ${n.state}, not started`);
      if (n.nodeGroup === undefined) unmet.push(`data node ${id}: in no node group${n.noNodeGroup ? " (no nodegroup)" : ""}`);
    }
  }
  for (const n of show.dataNodes) {
    if (!expected.dataNodes.includes(n.id) && n.state !== "not connected") unmet.push(`data node ${n.id}: connected but not expected`);
  }

  const groups = new Map<number, number[]>();
  for (const n of show.dataNodes) {
    if (n.nodeGroup !== undefined && n.state !== "not connected") groups.set(n.nodeGroup, [...(groups.get(n.nodeGroup) ?? []), n.id]);
  }
  for (const [group, members] of [...groups].sort((a, b) => a[0] - b[0])) {
    if (members.length !== expected.replicas)
      unmet.push(`node group ${group} has ${members.length} data node(s) (${members.join(", ")}), not ${expected.replicas}`);
  }
  const wantedGroups = Math.ceil(expected.dataNodes.length / Math.max(1, expected.replicas));
  if (groups.size !== wantedGroups) unmet.push(`${groups.size} node group(s) in SHOW, not ${wantedGroups}`);

  const masters = show.dataNodes.filter((n) => n.master).map((n) => n.id);
  if (masters.length === 0) unmet.push("no master data node (no * in SHOW)");
  else if (masters.length > 1) unmet.push(`${masters.length} master data nodes: ${masters.join(", ")}`);

  if (nodesRows === undefined) unmet.push("ndbinfo.nodes: not read (the SQL node did not answer)");
  else {
    for (const id of expected.dataNodes) {
      const row = nodesRows.find((r) => r.nodeId === id);
      if (!row) unmet.push(`ndbinfo.nodes: no row for data node ${id}`);
      else if (row.status !== "STARTED")
        unmet.push(
          `ndbinfo.nodes: data node ${id} is ${row.status}${row.startPhase ? ` (start phase ${row.startPhase})` : ""}, not STARTED`,
        );
    }
    const generations = groupBy(nodesRows, (r) => String(r.configGeneration));
    if (generations.size > 1) unmet.push(`ndbinfo.nodes: config_generation differs: ${describeGroups(generations)}`);
  }

  if (membership !== undefined) {
    if (membership.length === 0) unmet.push("ndbinfo.membership: no rows");
    for (const [column, key] of [
      ["president", (r: MembershipRow) => String(r.president)],
      ["arbitrator", (r: MembershipRow) => String(r.arbitrator)],
      ["arb_ticket", (r: MembershipRow) => r.arbTicket],
    ] as const) {
      const values = groupBy(membership, key);
      if (values.size > 1) unmet.push(`ndbinfo.membership: ${column} differs: ${describeGroups(values)}`);
    }
    for (const r of membership) {
      if (r.arbState !== "ARBIT_RUN") unmet.push(`ndbinfo.membership: data node ${r.nodeId} arb_state is ${r.arbState}, not ARBIT_RUN`);
      if (!r.arbConnected) unmet.push(`ndbinfo.membership: data node ${r.nodeId} is not connected to arbitrator ${r.arbitrator}`);
    }
  }
  return unmet;
}

function groupBy<T extends { nodeId: number }>(items: readonly T[], key: (t: T) => string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const t of items) out.set(key(t), [...(out.get(key(t)) ?? []), t.nodeId]);
  return out;
}

const describeGroups = (groups: Map<string, number[]>) => [...groups].map(([v, nodes]) => `${nodes.join("+")}=${v}`).join(" vs ");
