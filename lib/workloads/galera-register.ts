import { setTimeout as sleep } from "node:timers/promises";
import type { Pool } from "mysql2/promise";
import { withDeadline } from "../core/deadline.ts";
import { seededRandom } from "../core/random.ts";
import type { HistoryRecorder } from "../history/recorder.ts";
import { type GaleraPools, PREPARE_TIMEOUT_MS, workerNodes } from "./galera-set.ts";
import { casOutcome, chooseOp, type RegisterChoice } from "./redis-register.ts";
import { affectedRowsOf, rowsOf, runSqlOp, type SqlCompletion, type SqlSession, sqlNumber } from "./sql-outcome.ts";

export interface GaleraRegisterOptions {
  workers: number;
  durationMs: number;
  /** Registers are rows id 0 .. keys - 1 of fl_register; few keys means more contention per register. */
  keys: number;
  /** Bound on getting a connection and on each statement. */
  opTimeoutMs: number;
  /** Pause between one worker's operations; 0 runs flat out. */
  pauseMs: number;
  /** Worker w draws its keys and ops from seededRandom(seed + w). */
  seed: number;
  /** Nodes the workers use (worker i on nodes[i % nodes.length]); default every pool's node. */
  nodes?: readonly string[];
  /** wsrep_sync_wait set for each read (default 1: a read waits for what its node has received, so reads are causal). */
  syncWait?: number;
}

/** The history key of register row n. */
export const galeraRegisterKey = (n: number) => `fl_register:${n}`;

/** `SELECT v ... WHERE id = ?` as a register value: null for a missing row or NULL, else the number (see sqlNumber). */
export function registerValueOfRows(result: unknown): unknown {
  const [row] = rowsOf(result);
  return row === undefined ? null : (sqlNumber(row.v) ?? null);
}

/** A fresh, empty fl_register: every register starts missing, which reads as null, the register checker's default initial value. */
export async function prepareGaleraRegister(pool: Pool, timeoutMs = PREPARE_TIMEOUT_MS): Promise<void> {
  await withDeadline(pool.query("DROP TABLE IF EXISTS fl_register"), timeoutMs, "DROP TABLE fl_register");
  await withDeadline(pool.query("CREATE TABLE fl_register (id INT PRIMARY KEY, v BIGINT)"), timeoutMs, "CREATE TABLE fl_register");
}

/** The statements of one op; resolves to its completion (value: what a read saw). */
function statements(choice: RegisterChoice, value: unknown, syncWait: number): (s: SqlSession) => Promise<SqlCompletion> {
  switch (choice.f) {
    case "read":
      return async (s) => {
        await s.query("SET SESSION wsrep_sync_wait = ?", [syncWait]);
        return { type: "ok", value: registerValueOfRows(await s.query("SELECT v FROM fl_register WHERE id = ?", [choice.key])) };
      };
    case "write":
      // An upsert: the row need not exist yet (registers start missing).
      return async (s) => {
        await s.query("INSERT INTO fl_register (id, v) VALUES (?, ?) ON DUPLICATE KEY UPDATE v = ?", [choice.key, value, value]);
        return { type: "ok" };
      };
    case "cas": {
      const [expected, next] = value as [number, number];
      // New values are unique, so a matched row is always a changed row: affectedRows 1 applied, 0 compared unequal.
      return async (s) => {
        const affected = affectedRowsOf(await s.query("UPDATE fl_register SET v = ? WHERE id = ? AND v = ?", [next, choice.key, expected]));
        const type = casOutcome(affected);
        return type === "info" ? { type, error: `unexpected affectedRows ${JSON.stringify(affected)}` } : { type };
      };
    }
  }
}

/**
 * Jepsen's register on Galera, like runRedisRegister: each worker, bound to one node, loops
 * over chooseOp's reads, writes (unique values) and cas (expecting the value it last saw),
 * recorded with `key`, `node`, and `value` as the register checker reads them: a write's value,
 * a cas's [expected, new], an ok read's value read (null for a missing row).
 */
export async function runGaleraRegister(
  pools: GaleraPools,
  history: HistoryRecorder,
  options: GaleraRegisterOptions,
  signal?: AbortSignal,
): Promise<void> {
  if (!Number.isInteger(options.keys) || options.keys < 1) throw new RangeError(`keys must be a whole number from 1, got ${options.keys}`);
  const nodes = workerNodes(pools, options.workers, options.nodes);
  const syncWait = options.syncWait ?? 1;
  const deadline = Date.now() + options.durationMs;
  // Values new to the history, as in runRedisRegister.
  let written = history.ops().length;
  await Promise.all(
    nodes.map(async (node, process) => {
      const pool = pools.get(node) as Pool;
      const random = seededRandom(options.seed + process);
      const lastSeen: (number | null | undefined)[] = Array.from({ length: options.keys }, () => undefined);
      while (Date.now() < deadline && !signal?.aborted) {
        const choice = chooseOp(random, lastSeen);
        const { f } = choice;
        const key = galeraRegisterKey(choice.key);
        const value = f === "write" ? ++written : f === "cas" ? [choice.expected, ++written] : undefined;
        const tried = value === undefined ? {} : { value };
        history.record({ process, type: "invoke", f, key, node, ...tried });
        const completion = await runSqlOp(pool, `${f} ${key} on ${node}`, options.opTimeoutMs, statements(choice, value, syncWait));
        // A write or cas keeps the value it tried; a read carries what it saw, if it saw anything.
        history.record({ process, f, key, node, ...tried, ...completion });
        if (completion.type === "ok") {
          const seen = f === "cas" ? (value as [number, number])[1] : f === "write" ? value : completion.value;
          if (typeof seen === "number" || seen === null) lastSeen[choice.key] = seen;
        }
        if (options.pauseMs > 0) await sleep(options.pauseMs);
      }
    }),
  );
}
