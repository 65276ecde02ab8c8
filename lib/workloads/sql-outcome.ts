import type { Pool, PoolConnection } from "mysql2/promise";
import { withDeadline } from "../core/deadline.ts";
import { DeadlineError, errorMessage } from "../core/errors.ts";

/**
 * How a MySQL / Galera client error maps to a history outcome. `fail` only when the server
 * certainly did not apply the statement (it refused it, or rolled it back itself); anything
 * else, a dropped connection, an error during COMMIT, a client-side timeout, an error we do not
 * know, is `info`: the statement may have been applied. Connection errors before any statement
 * (pool.getConnection) are handled by runSqlOp, which records them `fail` whatever they are.
 */
type SqlErrorShape = { code?: unknown; errno?: unknown; sqlMessage?: unknown; message?: unknown };

/** Server error numbers that mean "this statement did not apply". */
const NOT_APPLIED = new Set([
  // ER_UNKNOWN_COM_ERROR, "WSREP has not yet prepared node for application use": a Galera node
  // outside the primary component (or still joining) refuses the statement before running it.
  1047,
  // ER_LOCK_DEADLOCK: an InnoDB deadlock, or in Galera a certification conflict or brute-force
  // abort; the server rolls the whole transaction back.
  1213,
  // ER_LOCK_WAIT_TIMEOUT: the statement gave up waiting for a row lock and was rolled back; the
  // workload then destroys the connection, which rolls back the rest of its transaction.
  1205,
  // ER_DUP_ENTRY: the statement inserted nothing (the row there is some other statement's).
  1062,
]);

/**
 * Client codes for a refused TCP connection: only a connection attempt gets ECONNREFUSED (an
 * established one that is reset reports ECONNRESET), so no statement was sent on it.
 */
const NEVER_CONNECTED = new Set(["ECONNREFUSED"]);

/*
 * Everything else is `info`; the known cases, so the choice is visible:
 *  - the connection dropped while a statement or COMMIT was in flight, so whether it applied is
 *    unknown: PROTOCOL_CONNECTION_LOST, ECONNRESET, EPIPE (mysql2 / Node codes), 2013
 *    CR_SERVER_LOST and 2006 CR_SERVER_GONE_ERROR (the C client's numbers for the same), 1927
 *    ER_CONNECTION_KILLED ("Connection was killed", MariaDB);
 *  - 1180 ER_ERROR_DURING_COMMIT: the write-set may have replicated before the error;
 *  - a DeadlineError, our own timeout: the statement may still apply;
 *  - an error we do not know.
 */
export function outcomeOfSqlError(error: unknown): "fail" | "info" {
  if (error instanceof DeadlineError) return "info";
  const e = (error ?? {}) as SqlErrorShape;
  // Node system errors carry a negative errno (-104 for ECONNRESET); server errors a positive one.
  if (typeof e.errno === "number" && NOT_APPLIED.has(e.errno)) return "fail";
  if (typeof e.code === "string" && NEVER_CONNECTED.has(e.code)) return "fail";
  return "info";
}

/**
 * Server errors on COMMIT that prove the transaction did not commit. 1213 ER_LOCK_DEADLOCK:
 * Galera's certification failure (the write-set was ordered and failed certification, on every
 * node alike) or a brute-force abort, or an InnoDB deadlock: rolled back. 1020 ER_CHECKREAD
 * ("Record has changed since last read"): MariaDB's innodb_snapshot_isolation refusing a write
 * to a row changed since the transaction's read view: rolled back.
 */
const COMMIT_NOT_APPLIED = new Set([1213, 1020]);

/**
 * The outcome of a transaction whose COMMIT errored: `fail` only for COMMIT_NOT_APPLIED;
 * anything else is `info`. Narrower than outcomeOfSqlError on purpose: at COMMIT a 1047 (node
 * left the primary component), 1180 or a dropped connection can come after the write-set was
 * sent, and the transaction may have committed on the others.
 */
export function outcomeOfCommitError(error: unknown): "fail" | "info" {
  const e = (error ?? {}) as SqlErrorShape;
  return typeof e.errno === "number" && COMMIT_NOT_APPLIED.has(e.errno) ? "fail" : "info";
}

/** "ER_LOCK_DEADLOCK 1213: Deadlock found ...": code and server error number, then the message. */
export function sqlErrorSummary(error: unknown): string {
  if (typeof error !== "object" || error === null) return String(error);
  const e = error as SqlErrorShape;
  const ids = [e.code, typeof e.errno === "number" && e.errno > 0 ? e.errno : undefined].filter((x) => x !== undefined).join(" ");
  const message = typeof e.sqlMessage === "string" ? e.sqlMessage : typeof e.message === "string" ? e.message : errorMessage(error);
  return ids ? `${ids}: ${message}` : message;
}

/** A completion as the workloads record it: its type, and the value read or the error. */
export type SqlCompletion = { type: "ok" | "fail" | "info"; value?: unknown; error?: string };

/** Statements of one op on one pooled connection, each bounded by the op timeout. */
export interface SqlSession {
  /** Rows of a SELECT, or the result header of a write (mysql2's first element). */
  query(sql: string, params?: unknown[]): Promise<unknown>;
  /** Destroy the connection at the end instead of releasing it (its state is unknown). */
  discard(): void;
}

/**
 * Runs one op: a pooled connection, then `body`'s statements, each within `timeoutMs`. If no
 * connection comes (refused, unreachable, timed out, pool queue full) no statement was sent:
 * `fail`. An error or timeout in a statement maps by outcomeOfSqlError (a timeout is `info`),
 * and the connection is destroyed, not released, so a broken one is never reused and the server
 * rolls back any open transaction.
 */
export async function runSqlOp(
  pool: Pool,
  what: string,
  timeoutMs: number,
  body: (session: SqlSession) => Promise<SqlCompletion>,
): Promise<SqlCompletion> {
  const pending = pool.getConnection();
  let conn: PoolConnection;
  try {
    conn = await withDeadline(pending, timeoutMs, `a connection for ${what}`);
  } catch (error) {
    // A connection that arrives after we gave up would stay checked out forever.
    pending.then(
      (late) => late.destroy(),
      () => {},
    );
    return { type: "fail", error: `connect: ${sqlErrorSummary(error)}` };
  }
  let discard = false;
  const session: SqlSession = {
    query: async (sql, params) => (await withDeadline(conn.query(sql, params), timeoutMs, `${sql} (${what})`))[0],
    discard: () => {
      discard = true;
    },
  };
  try {
    const completion = await body(session);
    if (discard) conn.destroy();
    else conn.release();
    return completion;
  } catch (error) {
    conn.destroy();
    return { type: outcomeOfSqlError(error), error: sqlErrorSummary(error) };
  }
}

/** The rows of a SELECT result as plain records; anything else (a write's header) as none. */
export function rowsOf(result: unknown): Record<string, unknown>[] {
  return Array.isArray(result) ? result.filter((row): row is Record<string, unknown> => typeof row === "object" && row !== null) : [];
}

/** affectedRows of a write's result header, or undefined when the result is not one. */
export function affectedRowsOf(result: unknown): number | undefined {
  const rows = (result as { affectedRows?: unknown } | null)?.affectedRows;
  return typeof rows === "number" ? rows : undefined;
}

/** A BIGINT / INT column as a number: mysql2 gives a number, or a string with bigNumberStrings; anything else stays as is, for the checker to see. */
export function sqlNumber(value: unknown): unknown {
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "string" && /^-?\d+$/.test(value)) return Number(value);
  return value;
}
