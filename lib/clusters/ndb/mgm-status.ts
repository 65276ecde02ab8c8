import type { NdbNodeState } from "./mgm-show.ts";

/**
 * Parses `ndb_mgm -e "ALL STATUS"` (and `N STATUS`). NDB 8.0 prints, per data node:
 *
 *   Node 2: started (mysql-8.0.41 ndb-8.0.41)
 *   Node 3: starting (Last completed phase 4) (mysql-8.0.41 ndb-8.0.41)
 *   Node 3: not connected
 *
 * and for a management or API node `Node 1: connected (Version 8.0.41)`. Older clients
 * printed `(Phase N)`; `no contact` is read as `not connected`.
 */
export interface NodeStatus {
  id: number;
  /** `connected` only for management and API nodes. */
  state: NdbNodeState | "connected";
  /** `(Last completed phase N)`, printed while starting or shutting down. */
  lastCompletedPhase?: number;
  version?: string;
}

const STATUS =
  /^Node (\d+): (not connected|no contact|connected|started|starting|not started|shutting down|restarting|single user mode|unknown state)(?: \((?:Last completed phase|Phase) (\d+)\))?(?: \((.*)\))?\s*$/;

export function parseAllStatus(text: string): NodeStatus[] {
  const out: NodeStatus[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const m = STATUS.exec(raw.trim());
    if (!m) continue;
    const state = m[2] === "no contact" ? "not connected" : (m[2] as NodeStatus["state"]);
    const status: NodeStatus = { id: Number(m[1]), state };
    if (m[3] !== undefined) status.lastCompletedPhase = Number(m[3]);
    if (m[4] !== undefined) status.version = m[4].replace(/^Version:?\s*/, "");
    out.push(status);
  }
  return out;
}

/**
 * One line of `ndb_mgm -e "ALL REPORT MEMORYUSAGE"`, `Node 2: Data usage is 5%(177 32K pages of total 3200)`,
 * or of the MemoryUsage event in the cluster log, where it reads `increased to` / `decreased to`.
 */
export interface MemoryUsage {
  node: number;
  /** `Data` is DataMemory (DBTUP); `Index` is the hash-index pages (DBACC). */
  memory: "Data" | "Index";
  trend: "is" | "increased to" | "decreased to";
  /** As printed: whole percent, rounded down. */
  percent: number;
  usedPages: number;
  pageSizeKb: number;
  totalPages: number;
}

const USAGE = /Node (\d+): (Data|Index) usage (is|increased to|decreased to) (\d+)%\((\d+) (\d+)K pages of total (\d+)\)/;

/** Every memory usage line in the text (ndb_mgm output or cluster log lines), in order. */
export function parseMemoryUsage(text: string): MemoryUsage[] {
  const out: MemoryUsage[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const m = USAGE.exec(raw);
    if (!m) continue;
    out.push({
      node: Number(m[1]),
      memory: m[2] as MemoryUsage["memory"],
      trend: m[3] as MemoryUsage["trend"],
      percent: Number(m[4]),
      usedPages: Number(m[5]),
      pageSizeKb: Number(m[6]),
      totalPages: Number(m[7]),
    });
  }
  return out;
}

/** Bytes used and available, from pages times page size. */
export function memoryBytes(u: MemoryUsage): { used: number; total: number } {
  return { used: u.usedPages * u.pageSizeKb * 1024, total: u.totalPages * u.pageSizeKb * 1024 };
}
