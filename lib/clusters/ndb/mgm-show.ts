/**
 * Parses `ndb_mgm -e show` (NDB 8.0). The client prints, per node type, a header
 * `[ndbd(NDB)]<TAB>2 node(s)` and one line per configured node:
 *
 *   id=2<TAB>@10.213.0.12  (mysql-8.0.41 ndb-8.0.41, Nodegroup: 0, *)
 *   id=3<TAB>@10.213.0.13  (mysql-8.0.41 ndb-8.0.41, starting, Nodegroup: 0)
 *   id=3 (not connected, accepting connect from 10.213.0.13)
 *
 * A data node's status is printed only when it is not "started"; `*` marks the master
 * (older releases printed `Master`). SHOW prints no start phase: that is in ALL STATUS.
 */

/** The node states ndb_mgm prints (its `status_string`). */
export type NdbNodeState =
  | "started"
  | "starting"
  | "not started"
  | "shutting down"
  | "restarting"
  | "single user mode"
  | "unknown state"
  | "not connected";

const CONNECTED_STATES = ["starting", "not started", "shutting down", "restarting", "single user mode", "unknown state"] as const;

export interface ShowDataNode {
  id: number;
  /** The address the node connected from; absent when not connected. */
  host?: string;
  /** As printed, e.g. `mysql-8.0.41 ndb-8.0.41`. */
  version?: string;
  /** Absent when not connected, when the node has no group yet, or with `no nodegroup`. */
  nodeGroup?: number;
  /** `no nodegroup`: a data node added to the configuration but not yet in a node group. */
  noNodeGroup?: boolean;
  master: boolean;
  state: NdbNodeState;
  /** From `not connected, accepting connect from <host>` (`any host` when none is configured). */
  acceptingFrom?: string;
  /** `not connected, node is deactivated`. */
  deactivated?: boolean;
}

export interface ShowOtherNode {
  id: number;
  host?: string;
  version?: string;
  connected: boolean;
  acceptingFrom?: string;
  deactivated?: boolean;
  /** `allowed single user`: the API node granted access in single user mode. */
  singleUser?: boolean;
}

export interface NdbShow {
  dataNodes: ShowDataNode[];
  mgmNodes: ShowOtherNode[];
  apiNodes: ShowOtherNode[];
  /** The counts in the section headers (`[ndbd(NDB)]\t2 node(s)`). */
  declared: { ndb: number; mgm: number; api: number };
  /** From `Connected to Management Server at: host:port` (or the newer `... at host port N`), when printed. */
  managementServer?: string;
}

type Section = "ndb" | "mgm" | "api";
const SECTIONS: Record<string, Section> = { NDB: "ndb", MGM: "mgm", API: "api" };

const HEADER = /^\[([\w-]+)\((NDB|MGM|API)\)\]\s+(\d+) node\(s\)\s*$/;
const NODE = /^id=(\d+)(?:\s+@(\S+))?\s+\((.*)\)\s*$/;
const CONNECTED_TO = /^Connected to [Mm]anagement [Ss]erver at:?\s+(\S+)(?:\s+port\s+(\d+))?/;

/** Parses `ndb_mgm -e show`. Throws when the text has no `Cluster Configuration` (ndb_mgm failed to connect, for one). */
export function parseShow(text: string): NdbShow {
  const lines = text.split(/\r?\n/);
  if (!lines.some((l) => l.trim() === "Cluster Configuration")) {
    const first = lines.find((l) => l.trim() !== "")?.trim() ?? "(empty)";
    throw new Error(`not ndb_mgm SHOW output (no "Cluster Configuration"): ${first}`);
  }
  const show: NdbShow = { dataNodes: [], mgmNodes: [], apiNodes: [], declared: { ndb: 0, mgm: 0, api: 0 } };
  let section: Section | undefined;
  for (const raw of lines) {
    const line = raw.trim();
    const connected = CONNECTED_TO.exec(line);
    if (connected) {
      show.managementServer = connected[2] ? `${connected[1]}:${connected[2]}` : connected[1];
      continue;
    }
    const header = HEADER.exec(line);
    if (header) {
      section = SECTIONS[header[2] as string];
      if (section) show.declared[section] = Number(header[3]);
      continue;
    }
    const node = NODE.exec(line);
    if (!node || !section) continue;
    const id = Number(node[1]);
    const host = node[2];
    const parts = (node[3] as string).split(",").map((p) => p.trim());
    if (section === "ndb") show.dataNodes.push(dataNode(id, host, parts));
    else (section === "mgm" ? show.mgmNodes : show.apiNodes).push(otherNode(id, host, parts));
  }
  return show;
}

function notConnected(parts: string[]): { acceptingFrom?: string; deactivated?: boolean } | undefined {
  if (parts[0] !== "not connected") return undefined;
  const out: { acceptingFrom?: string; deactivated?: boolean } = {};
  for (const p of parts.slice(1)) {
    const from = /^accepting connect from (.+)$/.exec(p);
    if (from) out.acceptingFrom = from[1] as string;
    if (p === "node is deactivated") out.deactivated = true;
  }
  return out;
}

function dataNode(id: number, host: string | undefined, parts: string[]): ShowDataNode {
  const down = notConnected(parts);
  if (down) return { id, master: false, state: "not connected", ...down };
  const node: ShowDataNode = { id, master: false, state: "started", version: parts[0] };
  if (host) node.host = host;
  for (const p of parts.slice(1)) {
    const group = /^Nodegroup:\s*(\d+)$/.exec(p);
    if (group) node.nodeGroup = Number(group[1]);
    else if (p === "no nodegroup") node.noNodeGroup = true;
    else if (p === "*" || p === "Master") node.master = true;
    else if ((CONNECTED_STATES as readonly string[]).includes(p)) node.state = p as NdbNodeState;
  }
  return node;
}

function otherNode(id: number, host: string | undefined, parts: string[]): ShowOtherNode {
  const down = notConnected(parts);
  if (down) {
    const node: ShowOtherNode = { id, connected: false, ...down };
    if (parts.includes("allowed single user")) node.singleUser = true;
    return node;
  }
  const node: ShowOtherNode = { id, connected: true, version: parts[0] };
  if (host) node.host = host;
  if (parts.includes("allowed single user")) node.singleUser = true;
  return node;
}
