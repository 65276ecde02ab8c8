import { setTimeout as sleep } from "node:timers/promises";
import type { Pool } from "mysql2/promise";
import { withDeadline } from "../core/deadline.ts";
import type { HistoryRecorder } from "../history/recorder.ts";
import { rowsOf, runSqlOp, sqlNumber } from "./sql-outcome.ts";

/** Node name ("n1") -> a pool connected to that node, database `faultline` its default. */
export type GaleraPools = ReadonlyMap<string, Pool>;

export interface GaleraSetOptions {
  workers: number;
  durationMs: number;
  /** Pause between one worker's operations; 0 runs flat out. */
  pauseMs: number;
  /** Bound on getting a connection and on each statement; past it the op is `fail` (no connection) or `info`. */
  opTimeoutMs: number;
  /** Nodes the writers use (worker i on nodes[i % nodes.length]); default every pool's node. */
  nodes?: readonly string[];
}

/** How long schema changes may take by default: DDL in Galera waits for every node (TOI). */
export const PREPARE_TIMEOUT_MS = 30_000;

/**
 * Worker i's node: nodes[i % nodes.length], nodes defaulting to every pool's, in map order. A
 * node without a pool is a wiring mistake: thrown at once rather than recorded as failures.
 */
export function workerNodes(pools: ReadonlyMap<string, unknown>, workers: number, nodes?: readonly string[]): string[] {
  const use = nodes ?? [...pools.keys()];
  if (use.length === 0) throw new RangeError("no nodes for the workers: give at least one pool or node");
  const unknown = use.filter((node) => !pools.has(node));
  if (unknown.length > 0) throw new RangeError(`no pool for node(s) ${unknown.join(", ")}; pools: ${[...pools.keys()].join(", ")}`);
  return Array.from({ length: workers }, (_, i) => use[i % use.length] as string);
}

/** The ids of `SELECT id ... ORDER BY id` as numbers (see sqlNumber). */
export function idsOfRows(result: unknown): unknown[] {
  return rowsOf(result).map((row) => sqlNumber(row.id));
}

/**
 * A fresh, empty fl_set, so ids of an earlier run cannot show up (as unexpected) or collide (as
 * duplicate keys). `engine` is InnoDB for Galera, NDBCLUSTER for MySQL NDB Cluster (the same
 * workload runs on both: it is plain SQL).
 */
export async function prepareGaleraSet(pool: Pool, timeoutMs = PREPARE_TIMEOUT_MS, engine = "InnoDB"): Promise<void> {
  await withDeadline(pool.query("DROP TABLE IF EXISTS fl_set"), timeoutMs, "DROP TABLE fl_set");
  // Galera replicates only tables with a primary key reliably: the id is it.
  await withDeadline(pool.query(`CREATE TABLE fl_set (id BIGINT PRIMARY KEY) ENGINE=${engine}`), timeoutMs, "CREATE TABLE fl_set");
}

/**
 * Jepsen's set on Galera: each worker, bound to one node, INSERTs unique ids (autocommit) until
 * the duration is up, each op `f: "add"`, `value: id`, `node`, completed ok / fail / info (see
 * runSqlOp). Ids count up from the history's length, so runs sharing a recorder never reuse one.
 */
export async function runGaleraSet(
  pools: GaleraPools,
  history: HistoryRecorder,
  options: GaleraSetOptions,
  signal?: AbortSignal,
): Promise<void> {
  const nodes = workerNodes(pools, options.workers, options.nodes);
  const deadline = Date.now() + options.durationMs;
  let next = history.ops().length;
  await Promise.all(
    nodes.map(async (node, process) => {
      const pool = pools.get(node) as Pool;
      while (Date.now() < deadline && !signal?.aborted) {
        const id = next++;
        history.record({ process, type: "invoke", f: "add", value: id, node });
        const { type, error } = await runSqlOp(pool, `add ${id} on ${node}`, options.opTimeoutMs, async (s) => {
          await s.query("INSERT INTO fl_set (id) VALUES (?)", [id]);
          return { type: "ok" };
        });
        history.record({ process, type, f: "add", value: id, node, ...(error === undefined ? {} : { error }) });
        if (options.pauseMs > 0) await sleep(options.pauseMs);
      }
    }),
  );
}

export interface FinalReadOptions {
  /** `SET SESSION wsrep_sync_wait=1` first, so the read waits until the node applied all it has received (default true). */
  syncWait?: boolean;
  /** Bound on the connection and on each statement (default 30 s: after a heal a node may still be catching up). */
  opTimeoutMs?: number;
}

/**
 * One `final-read` per node, one after another as `process`: every id the node holds, sorted.
 * ok with the ids, `info` on any error (the node's state is then simply not known). The set
 * checker judges the last ok one (readF "final-read"); the convergence checker compares them.
 */
export async function finalGaleraSetReads(
  pools: GaleraPools,
  history: HistoryRecorder,
  process: number,
  options: FinalReadOptions = {},
): Promise<void> {
  for (const [node, pool] of pools) {
    history.record({ process, type: "invoke", f: "final-read", node });
    const completion = await runSqlOp(pool, `final-read on ${node}`, options.opTimeoutMs ?? 30_000, async (s) => {
      if (options.syncWait ?? true) await s.query("SET SESSION wsrep_sync_wait = 1");
      return { type: "ok", value: idsOfRows(await s.query("SELECT id FROM fl_set ORDER BY id")) };
    });
    if (completion.type === "ok") history.record({ process, type: "ok", f: "final-read", node, value: completion.value });
    else history.record({ process, type: "info", f: "final-read", node, error: completion.error ?? "unknown error" });
  }
}
