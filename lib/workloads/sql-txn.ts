import { setTimeout as sleep } from "node:timers/promises";
import type { Pool } from "mysql2/promise";
import { withDeadline } from "../core/deadline.ts";
import { seededRandom } from "../core/random.ts";
import { type MicroOp, TXN_F, type TxnKind } from "../history/micro-op.ts";
import type { HistoryRecorder } from "../history/recorder.ts";
import { type GaleraPools, PREPARE_TIMEOUT_MS, workerNodes } from "./galera-set.ts";
import { type IsolationLevel, isolationSql } from "./isolation-level.ts";
import { outcomeOfCommitError, rowsOf, runSqlOp, type SqlCompletion, type SqlSession, sqlErrorSummary } from "./sql-outcome.ts";
import { TXN_DEFAULTS, type TxnGeneratorOptions, txnGenerator } from "./txn-generator.ts";
import { completedOps, listOfText, registerValueOf } from "./txn-values.ts";

export interface SqlTxnOptions {
  kind: TxnKind;
  workers: number;
  durationMs: number;
  /** Bound on getting a connection and on each statement. */
  opTimeoutMs: number;
  /** Pause between one worker's transactions; 0 runs flat out. */
  pauseMs: number;
  /** The generator draws from seededRandom(seed). */
  seed: number;
  /** Key groups: key k lives in table <prefix>_(k mod groups), row id k. */
  groups: number;
  /** `SET TRANSACTION ISOLATION LEVEL` before each transaction; undefined keeps the server's default. */
  isolation?: IsolationLevel;
  /** Nodes the workers use (worker i on nodes[i % nodes.length]); default every pool's node. */
  nodes?: readonly string[];
  generator?: Partial<Omit<TxnGeneratorOptions, "kind">>;
}

/** A worker's pause after a transaction that did not commit for sure. */
const FAILED_BACKOFF_MS = 100;

/** What a run of the workload leaves for final reads: the keys it used. */
export interface SqlTxnRun {
  keysUsed: number;
}

/** The table of key group g: fl_append_g (list-append) or fl_rw_g (rw-register). */
export function txnTable(kind: TxnKind, key: number, groups: number): string {
  return `${kind === "list-append" ? "fl_append" : "fl_rw"}_${key % groups}`;
}

/**
 * Fresh, empty tables, one per key group, so nothing of an earlier run shows up. list-append
 * keeps a key's list as comma-joined TEXT; rw-register a BIGINT. `engine` is InnoDB for Galera,
 * NDBCLUSTER for NDB (the workload is plain SQL on both).
 */
export async function prepareSqlTxnTables(
  pool: Pool,
  kind: TxnKind,
  groups: number,
  engine = "InnoDB",
  timeoutMs = PREPARE_TIMEOUT_MS,
): Promise<void> {
  const column = kind === "list-append" ? "TEXT" : "BIGINT";
  for (let g = 0; g < groups; g++) {
    const table = txnTable(kind, g, groups);
    await withDeadline(pool.query(`DROP TABLE IF EXISTS ${table}`), timeoutMs, `DROP TABLE ${table}`);
    await withDeadline(
      pool.query(`CREATE TABLE ${table} (id INT PRIMARY KEY, val ${column}) ENGINE=${engine}`),
      timeoutMs,
      `CREATE TABLE ${table}`,
    );
  }
}

/** One micro-op's statement; resolves to what a read returned (undefined for a write). */
export async function runMicroOp(s: SqlSession, op: MicroOp, kind: TxnKind, groups: number): Promise<unknown> {
  const [f, key, value] = op;
  const table = txnTable(kind, Number(key), groups);
  if (f === "r") {
    // A plain, non-locking read: what the isolation level gives, nothing stronger (no FOR UPDATE, no LOCK IN SHARE MODE).
    const [row] = rowsOf(await s.query(`SELECT val FROM ${table} WHERE id = ?`, [key]));
    return kind === "list-append" ? listOfText(row?.val) : registerValueOf(row?.val);
  }
  if (f === "append") {
    // The append is one statement on the row's current version: the first creates the row.
    const x = String(value);
    await s.query(`INSERT INTO ${table} (id, val) VALUES (?, ?) ON DUPLICATE KEY UPDATE val = CONCAT(val, ',', ?)`, [key, x, x]);
    return undefined;
  }
  await s.query(`INSERT INTO ${table} (id, val) VALUES (?, ?) ON DUPLICATE KEY UPDATE val = ?`, [key, value, value]);
  return undefined;
}

/**
 * One transaction: BEGIN, the micro-ops in order, COMMIT. Its outcome:
 * - ok: COMMIT returned; the reads carry what they returned;
 * - fail: an error before COMMIT was sent (the server cannot commit a transaction it never got
 *   a COMMIT for, and the connection is destroyed, which rolls it back), or a COMMIT the server
 *   refused in a way that proves it did not commit (outcomeOfCommitError: certification
 *   failure or deadlock 1213, 1020);
 * - info: any other error or timeout of the COMMIT: it may have committed.
 * The connection is destroyed after any error, so no half-done session is reused.
 */
export function sqlTxn(
  ops: readonly MicroOp[],
  kind: TxnKind,
  groups: number,
  isolation: IsolationLevel | undefined,
): (s: SqlSession) => Promise<SqlCompletion> {
  return async (s) => {
    let committing = false;
    try {
      if (isolation) await s.query(`SET TRANSACTION ISOLATION LEVEL ${isolationSql(isolation)}`);
      await s.query("START TRANSACTION");
      const results: unknown[] = [];
      for (const op of ops) results.push(await runMicroOp(s, op, kind, groups));
      committing = true;
      await s.query("COMMIT");
      return { type: "ok", value: completedOps(ops, results) };
    } catch (error) {
      s.discard();
      return { type: committing ? outcomeOfCommitError(error) : "fail", error: `${committing ? "COMMIT: " : ""}${sqlErrorSummary(error)}` };
    }
  };
}

/**
 * Elle's workloads on SQL (Galera, NDB): each worker, bound to one node, runs the generator's
 * transactions until the duration is up, each recorded `f: "txn"`: the invoke (its micro-ops,
 * reads null) before BEGIN is sent, the completion after COMMIT returned (or failed), with the
 * node. One generator serves all workers, so elements and values are unique per key.
 */
export async function runSqlTxns(
  pools: GaleraPools,
  history: HistoryRecorder,
  options: SqlTxnOptions,
  signal?: AbortSignal,
): Promise<SqlTxnRun> {
  if (!Number.isInteger(options.groups) || options.groups < 1)
    throw new RangeError(`groups must be a whole number from 1, got ${options.groups}`);
  const nodes = workerNodes(pools, options.workers, options.nodes);
  const generator = txnGenerator(seededRandom(options.seed), { ...TXN_DEFAULTS, ...options.generator, kind: options.kind });
  const deadline = Date.now() + options.durationMs;
  await Promise.all(
    nodes.map(async (node, process) => {
      const pool = pools.get(node) as Pool;
      while (Date.now() < deadline && !signal?.aborted) {
        const ops = generator.next();
        history.record({ process, type: "invoke", f: TXN_F, value: ops, node });
        const c = await runSqlOp(pool, `txn on ${node}`, options.opTimeoutMs, sqlTxn(ops, options.kind, options.groups, options.isolation));
        history.record({
          process,
          type: c.type,
          f: TXN_F,
          value: c.value ?? ops,
          node,
          ...(c.error === undefined ? {} : { error: c.error }),
        });
        // A node that refuses (down, non-Primary) answers at once: back off rather than fill the history with refusals.
        const pause = c.type === "ok" ? options.pauseMs : Math.max(options.pauseMs, FAILED_BACKOFF_MS);
        if (pause > 0) await sleep(pause, undefined, signal ? { signal } : undefined).catch(() => {});
      }
    }),
  );
  return { keysUsed: generator.keysUsed() };
}

const FINAL_READ_ATTEMPTS = 3;

export interface SqlFinalReadOptions {
  kind: TxnKind;
  groups: number;
  keysUsed: number;
  /** First process number of the final reads (one per node, after the workers'). */
  process: number;
  /** Galera: `SET SESSION wsrep_sync_wait = 1` first, so the read waits for what its node received (the connection is then discarded). */
  syncWait?: boolean;
  opTimeoutMs?: number;
}

/**
 * A final read on every node, once the cluster is whole again: one read-only transaction
 * reading every key used, recorded like the workload's, so the checker sees each node's last
 * state (an append nobody read otherwise, a node that diverged).
 */
export async function finalSqlTxnReads(pools: GaleraPools, history: HistoryRecorder, options: SqlFinalReadOptions): Promise<void> {
  const ops: MicroOp[] = Array.from({ length: options.keysUsed }, (_, key) => ["r", key, null] as const);
  if (ops.length === 0) return;
  let process = options.process;
  for (const [node, pool] of pools) {
    // A pooled connection may be one a crash killed: a failed read is recorded and tried again, a few times.
    for (let attempt = 1; attempt <= FINAL_READ_ATTEMPTS; attempt++) {
      history.record({ process, type: "invoke", f: TXN_F, value: ops, node });
      const body = sqlTxn(ops, options.kind, options.groups, undefined);
      const c = await runSqlOp(pool, `final read on ${node}`, options.opTimeoutMs ?? 30_000, async (s) => {
        if (options.syncWait) {
          s.discard();
          await s.query("SET SESSION wsrep_sync_wait = 1");
        }
        return body(s);
      });
      history.record({
        process,
        type: c.type,
        f: TXN_F,
        value: c.value ?? ops,
        node,
        ...(c.error === undefined ? {} : { error: c.error }),
      });
      if (c.type === "ok") break;
    }
    process++;
  }
}
