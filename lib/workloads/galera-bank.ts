import { setTimeout as sleep } from "node:timers/promises";
import type { Pool } from "mysql2/promise";
import { withDeadline } from "../core/deadline.ts";
import { type Random, seededRandom } from "../core/random.ts";
import type { HistoryRecorder } from "../history/recorder.ts";
import { type GaleraPools, PREPARE_TIMEOUT_MS, workerNodes } from "./galera-set.ts";
import { rowsOf, runSqlOp, type SqlCompletion, type SqlSession, sqlNumber } from "./sql-outcome.ts";

export interface GaleraBankOptions {
  workers: number;
  durationMs: number;
  /** Pause between one worker's operations; 0 runs flat out. */
  pauseMs: number;
  /** Bound on getting a connection and on each statement. */
  opTimeoutMs: number;
  /** Worker w draws its ops from seededRandom(seed + w). */
  seed: number;
  /** Accounts 0 .. accounts - 1, as prepareGaleraBank made them. */
  accounts: number;
  /** Each transfer moves 1 .. maxTransfer. */
  maxTransfer: number;
  /** Share of ops that are reads (default 0.5); the rest are transfers. */
  readShare?: number;
  /** Nodes the workers use (worker i on nodes[i % nodes.length]); default every pool's node. */
  nodes?: readonly string[];
  /** wsrep_sync_wait set for each read (default 1: causal reads). */
  syncWait?: number;
}

export interface Transfer {
  from: number;
  to: number;
  amount: number;
}

export type BankChoice = { f: "read" } | { f: "transfer"; value: Transfer };

/** A read (with probability readShare) or a transfer between two distinct accounts of 1 .. maxTransfer. */
export function chooseBankOp(random: Random, accounts: number, maxTransfer: number, readShare = 0.5): BankChoice {
  if (!Number.isInteger(accounts) || accounts < 2) throw new RangeError(`a transfer needs two accounts, got ${accounts}`);
  if (!Number.isInteger(maxTransfer) || maxTransfer < 1)
    throw new RangeError(`maxTransfer must be a whole number from 1, got ${maxTransfer}`);
  if (random.next() < readShare) return { f: "read" };
  const from = random.int(accounts);
  // One of the other accounts, uniformly: skip over `from`.
  const other = random.int(accounts - 1);
  const to = other >= from ? other + 1 : other;
  return { f: "transfer", value: { from, to, amount: 1 + random.int(maxTransfer) } };
}

/** A whole-table `SELECT id, balance` as { [id]: balance } (see sqlNumber). */
export function balancesOfRows(result: unknown): Record<string, unknown> {
  return Object.fromEntries(rowsOf(result).map((row) => [String(sqlNumber(row.id)), sqlNumber(row.balance)]));
}

/** The two balances after `transfer`, given the locked rows of both accounts; or why it cannot happen. */
export function planTransfer(result: unknown, transfer: Transfer): { from: number; to: number } | { why: string } {
  const balances = balancesOfRows(result);
  const from = balances[String(transfer.from)];
  const to = balances[String(transfer.to)];
  if (typeof from !== "number" || typeof to !== "number") {
    return { why: `account balances not readable: ${JSON.stringify({ [transfer.from]: from, [transfer.to]: to })}` };
  }
  if (from < transfer.amount) return { why: "insufficient funds" };
  return { from: from - transfer.amount, to: to + transfer.amount };
}

/** A fresh fl_bank with accounts 0 .. accounts - 1 at `initial` each; returns what bankChecker needs. */
export async function prepareGaleraBank(
  pool: Pool,
  options: { accounts: number; initial: number; timeoutMs?: number },
): Promise<{ total: number; accounts: number }> {
  const { accounts, initial } = options;
  if (!Number.isInteger(accounts) || accounts < 2) throw new RangeError(`accounts must be a whole number from 2, got ${accounts}`);
  if (!Number.isInteger(initial) || initial < 0) throw new RangeError(`initial must be a whole number from 0, got ${initial}`);
  const timeoutMs = options.timeoutMs ?? PREPARE_TIMEOUT_MS;
  await withDeadline(pool.query("DROP TABLE IF EXISTS fl_bank"), timeoutMs, "DROP TABLE fl_bank");
  await withDeadline(pool.query("CREATE TABLE fl_bank (id INT PRIMARY KEY, balance BIGINT NOT NULL)"), timeoutMs, "CREATE TABLE fl_bank");
  const rows = Array.from({ length: accounts }, (_, id) => [id, initial]);
  await withDeadline(pool.query("INSERT INTO fl_bank (id, balance) VALUES ?", [rows]), timeoutMs, "INSERT INTO fl_bank");
  return { total: accounts * initial, accounts };
}

async function read(s: SqlSession, syncWait: number): Promise<SqlCompletion> {
  await s.query("SET SESSION wsrep_sync_wait = ?", [syncWait]);
  // One statement: InnoDB reads it from one snapshot, so the total must hold in it.
  return { type: "ok", value: balancesOfRows(await s.query("SELECT id, balance FROM fl_bank")) };
}

async function transfer(s: SqlSession, t: Transfer): Promise<SqlCompletion> {
  await s.query("START TRANSACTION");
  // FOR UPDATE locks both rows on this node; conflicts with other nodes surface at COMMIT as
  // certification failures (1213, fail).
  const plan = planTransfer(await s.query("SELECT id, balance FROM fl_bank WHERE id IN (?, ?) FOR UPDATE", [t.from, t.to]), t);
  if ("why" in plan) {
    // Nothing written; if even the ROLLBACK fails, destroying the connection rolls back too.
    await s.query("ROLLBACK").catch(() => s.discard());
    return { type: "fail", error: plan.why };
  }
  // Balances written as computed from the read, not `balance - ?`: a lost update or a stale
  // read then shows as a wrong total, which relative updates would hide.
  await s.query("UPDATE fl_bank SET balance = ? WHERE id = ?", [plan.from, t.from]);
  await s.query("UPDATE fl_bank SET balance = ? WHERE id = ?", [plan.to, t.to]);
  await s.query("COMMIT");
  return { type: "ok" };
}

/**
 * Jepsen's bank on Galera: each worker, bound to one node, mixes whole-table reads (`f: "read"`,
 * ok value { [id]: balance }) and transfers (`f: "transfer"`, value { from, to, amount }) in one
 * transaction each; ok / fail / info by runSqlOp, and `fail` "insufficient funds" when the
 * source account cannot cover the amount. bankChecker judges the reads.
 */
export async function runGaleraBank(
  pools: GaleraPools,
  history: HistoryRecorder,
  options: GaleraBankOptions,
  signal?: AbortSignal,
): Promise<void> {
  const nodes = workerNodes(pools, options.workers, options.nodes);
  const syncWait = options.syncWait ?? 1;
  const deadline = Date.now() + options.durationMs;
  await Promise.all(
    nodes.map(async (node, process) => {
      const pool = pools.get(node) as Pool;
      const random = seededRandom(options.seed + process);
      while (Date.now() < deadline && !signal?.aborted) {
        const choice = chooseBankOp(random, options.accounts, options.maxTransfer, options.readShare);
        const tried = choice.f === "transfer" ? { value: choice.value } : {};
        history.record({ process, type: "invoke", f: choice.f, node, ...tried });
        const completion = await runSqlOp(pool, `${choice.f} on ${node}`, options.opTimeoutMs, (s) =>
          choice.f === "read" ? read(s, syncWait) : transfer(s, choice.value),
        );
        history.record({ process, f: choice.f, node, ...tried, ...completion });
        if (options.pauseMs > 0) await sleep(options.pauseMs);
      }
    }),
  );
}
