import type { Pool } from "mysql2/promise";
import { describe, expect, it } from "vitest";
import { DeadlineError } from "../core/errors.ts";
import { affectedRowsOf, outcomeOfSqlError, rowsOf, runSqlOp, sqlErrorSummary, sqlNumber } from "./sql-outcome.ts";

/** Shaped like mysql2's errors: an Error with code, errno, sqlState, sqlMessage, fatal. */
const sqlError = (fields: Record<string, unknown>) =>
  Object.assign(new Error(String(fields.sqlMessage ?? fields.message ?? fields.code)), fields);
const wsrepNotReady = sqlError({
  code: "ER_UNKNOWN_COM_ERROR",
  errno: 1047,
  sqlState: "08S01",
  sqlMessage: "WSREP has not yet prepared node for application use",
});
const deadlock = sqlError({
  code: "ER_LOCK_DEADLOCK",
  errno: 1213,
  sqlState: "40001",
  sqlMessage: "Deadlock found when trying to get lock; try restarting transaction",
});
const connectionLost = sqlError({
  code: "PROTOCOL_CONNECTION_LOST",
  fatal: true,
  message: "Connection lost: The server closed the connection.",
});

describe("outcomeOfSqlError", () => {
  it("is fail when the server refused or rolled back the statement itself", () => {
    expect(outcomeOfSqlError(wsrepNotReady)).toBe("fail");
    expect(outcomeOfSqlError(deadlock)).toBe("fail");
    expect(outcomeOfSqlError(sqlError({ code: "ER_LOCK_WAIT_TIMEOUT", errno: 1205, sqlState: "HY000" }))).toBe("fail");
    expect(outcomeOfSqlError(sqlError({ code: "ER_DUP_ENTRY", errno: 1062, sqlState: "23000", sqlMessage: "Duplicate entry '7'" }))).toBe(
      "fail",
    );
    // Only a connection attempt is refused; nothing was sent on it.
    expect(outcomeOfSqlError(sqlError({ code: "ECONNREFUSED", errno: -111, syscall: "connect", fatal: true }))).toBe("fail");
  });

  it("is info when the connection dropped mid-statement or mid-commit", () => {
    expect(outcomeOfSqlError(connectionLost)).toBe("info");
    expect(outcomeOfSqlError(sqlError({ code: "ECONNRESET", errno: -104, syscall: "read", fatal: true }))).toBe("info");
    expect(outcomeOfSqlError(sqlError({ code: "EPIPE", errno: -32, syscall: "write", fatal: true }))).toBe("info");
    expect(outcomeOfSqlError(sqlError({ code: "CR_SERVER_LOST", errno: 2013 }))).toBe("info");
    expect(outcomeOfSqlError(sqlError({ code: "CR_SERVER_GONE_ERROR", errno: 2006 }))).toBe("info");
    expect(outcomeOfSqlError(sqlError({ code: "ER_CONNECTION_KILLED", errno: 1927, sqlMessage: "Connection was killed" }))).toBe("info");
  });

  it("is info for an error during COMMIT, our own timeout, and anything unknown", () => {
    expect(outcomeOfSqlError(sqlError({ code: "ER_ERROR_DURING_COMMIT", errno: 1180, sqlMessage: "Got error 6 during COMMIT" }))).toBe(
      "info",
    );
    expect(outcomeOfSqlError(new DeadlineError("INSERT (add 1 on n1)", 500))).toBe("info");
    // ETIMEDOUT may come from an established socket too: only runSqlOp knows it was a connect.
    expect(outcomeOfSqlError(sqlError({ code: "ETIMEDOUT", errorno: "ETIMEDOUT", fatal: true }))).toBe("info");
    expect(outcomeOfSqlError(sqlError({ code: "ER_QUERY_INTERRUPTED", errno: 1317 }))).toBe("info");
    expect(outcomeOfSqlError(new Error("Can't add new command when connection is in closed state"))).toBe("info");
    expect(outcomeOfSqlError(undefined)).toBe("info");
    expect(outcomeOfSqlError("boom")).toBe("info");
  });
});

describe("sqlErrorSummary", () => {
  it("gives code and server errno, then the server's message", () => {
    expect(sqlErrorSummary(wsrepNotReady)).toBe("ER_UNKNOWN_COM_ERROR 1047: WSREP has not yet prepared node for application use");
    expect(sqlErrorSummary(connectionLost)).toBe("PROTOCOL_CONNECTION_LOST: Connection lost: The server closed the connection.");
    // A Node errno is negative and says nothing the code does not.
    expect(sqlErrorSummary(sqlError({ code: "ECONNRESET", errno: -104, message: "read ECONNRESET" }))).toBe("ECONNRESET: read ECONNRESET");
    expect(sqlErrorSummary(new DeadlineError("COMMIT (transfer on n2)", 500))).toBe(
      "timed out after 0.5 s waiting for COMMIT (transfer on n2)",
    );
    expect(sqlErrorSummary(undefined)).toBe("undefined");
  });
});

describe("result shapes", () => {
  it("rowsOf keeps SELECT rows only; affectedRowsOf reads a write's header", () => {
    expect(rowsOf([{ id: 1 }, null, { id: 2 }])).toEqual([{ id: 1 }, { id: 2 }]);
    expect(rowsOf({ affectedRows: 1 })).toEqual([]);
    expect(affectedRowsOf({ affectedRows: 0, insertId: 0 })).toBe(0);
    expect(affectedRowsOf([{ id: 1 }])).toBeUndefined();
    expect(affectedRowsOf(undefined)).toBeUndefined();
  });

  it("sqlNumber turns integer strings and bigints into numbers, leaves anything else", () => {
    expect(sqlNumber(7)).toBe(7);
    expect(sqlNumber("-12")).toBe(-12);
    expect(sqlNumber(9n)).toBe(9);
    expect(sqlNumber(null)).toBeNull();
    expect(sqlNumber("1.5")).toBe("1.5");
  });
});

/** A pool of one fake connection: each query answers from `answer` (a value, a thrown error, or a hang). */
function fakePool(options: { connect?: "refuse" | "hang"; answer?: (sql: string) => unknown } = {}) {
  const events: string[] = [];
  const conn = {
    query: (sql: string) => {
      events.push(sql);
      const answer = options.answer?.(sql);
      if (answer === "hang") return new Promise(() => {});
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve([answer ?? [], []]);
    },
    release: () => events.push("release"),
    destroy: () => events.push("destroy"),
  };
  let late: (c: typeof conn) => void = () => {};
  const pool = {
    getConnection: () => {
      if (options.connect === "refuse")
        return Promise.reject(sqlError({ code: "ECONNREFUSED", errno: -111, message: "connect ECONNREFUSED" }));
      if (options.connect === "hang") return new Promise((resolve) => (late = resolve));
      return Promise.resolve(conn);
    },
  };
  return { pool: pool as unknown as Pool, events, arriveLate: () => late(conn) };
}

describe("runSqlOp", () => {
  it("runs the body and releases the connection", async () => {
    const { pool, events } = fakePool({ answer: () => [{ id: 1 }] });
    const completion = await runSqlOp(pool, "op", 50, async (s) => ({ type: "ok", value: rowsOf(await s.query("SELECT 1")) }));
    expect(completion).toEqual({ type: "ok", value: [{ id: 1 }] });
    expect(events).toEqual(["SELECT 1", "release"]);
  });

  it("records fail when no connection comes (any error, or a timeout), and destroys one that arrives late", async () => {
    const refused = fakePool({ connect: "refuse" });
    const body = async () => ({ type: "ok" as const });
    expect(await runSqlOp(refused.pool, "op", 50, body)).toEqual({ type: "fail", error: "connect: ECONNREFUSED: connect ECONNREFUSED" });
    const hung = fakePool({ connect: "hang" });
    expect(await runSqlOp(hung.pool, "add 1 on n1", 20, body)).toEqual({
      type: "fail",
      error: "connect: timed out after 0.0 s waiting for a connection for add 1 on n1",
    });
    hung.arriveLate();
    await new Promise((resolve) => setImmediate(resolve));
    expect(hung.events).toEqual(["destroy"]);
  });

  it("classifies a statement error and destroys the connection", async () => {
    const { pool, events } = fakePool({ answer: (sql) => (sql === "COMMIT" ? deadlock : undefined) });
    const completion = await runSqlOp(pool, "op", 50, async (s) => {
      await s.query("START TRANSACTION");
      await s.query("COMMIT");
      return { type: "ok" };
    });
    expect(completion).toEqual({ type: "fail", error: `ER_LOCK_DEADLOCK 1213: ${deadlock.message}` });
    expect(events).toEqual(["START TRANSACTION", "COMMIT", "destroy"]);
  });

  it("records a statement without a reply within the timeout as info, and destroys the connection", async () => {
    const { pool, events } = fakePool({ answer: () => "hang" });
    const completion = await runSqlOp(pool, "add 3 on n2", 20, async (s) => {
      await s.query("INSERT INTO fl_set (id) VALUES (?)", [3]);
      return { type: "ok" };
    });
    expect(completion).toEqual({
      type: "info",
      error: "timed out after 0.0 s waiting for INSERT INTO fl_set (id) VALUES (?) (add 3 on n2)",
    });
    expect(events.at(-1)).toBe("destroy");
  });

  it("destroys a connection the body discarded, keeping the body's completion", async () => {
    const { pool, events } = fakePool();
    const completion = await runSqlOp(pool, "op", 50, async (s) => {
      s.discard();
      return { type: "fail", error: "insufficient funds" };
    });
    expect(completion).toEqual({ type: "fail", error: "insufficient funds" });
    expect(events).toEqual(["destroy"]);
  });
});
