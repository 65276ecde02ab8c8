import type { Pool } from "mysql2/promise";
import { describe, expect, it } from "vitest";
import { listAppendChecker } from "../checkers/list-append.ts";
import { rwRegisterChecker } from "../checkers/rw-register.ts";
import type { MicroOp } from "../history/micro-op.ts";
import type { Op } from "../history/op.ts";
import { HistoryRecorder } from "../history/recorder.ts";
import type { SqlSession } from "./sql-outcome.ts";
import { finalSqlTxnReads, runSqlTxns, type SqlTxnOptions, sqlTxn, txnTable } from "./sql-txn.ts";

const sqlError = (fields: Record<string, unknown>) => Object.assign(new Error(String(fields.sqlMessage ?? fields.code)), fields);
const deadlock = sqlError({ code: "ER_LOCK_DEADLOCK", errno: 1213, sqlMessage: "Deadlock found when trying to get lock" });
const checkread = sqlError({ code: "ER_CHECKREAD", errno: 1020, sqlMessage: "Record has changed since last read in table 'fl_append_0'" });
const notReady = sqlError({ code: "ER_UNKNOWN_COM_ERROR", errno: 1047, sqlMessage: "WSREP has not yet prepared node for application use" });
const lost = sqlError({ code: "PROTOCOL_CONNECTION_LOST", fatal: true, message: "Connection lost" });

/** A session that records its statements and answers from `answer` (throwing what it returns as an Error). */
function session(answer: (sql: string, params: unknown[]) => unknown = () => []) {
  const statements: string[] = [];
  let discarded = false;
  const s: SqlSession = {
    query: async (sql, params = []) => {
      statements.push(sql);
      const a = answer(sql, params);
      if (a instanceof Error) throw a;
      return a;
    },
    discard: () => {
      discarded = true;
    },
  };
  return { s, statements, discarded: () => discarded };
}

const OPS: MicroOp[] = [
  ["r", 4, null],
  ["append", 4, 7],
  ["r", 5, null],
];

describe("sqlTxn: one transaction's statements and outcome", () => {
  it("BEGIN, plain reads and upsert appends on the key's table, COMMIT; ok with each read's list", async () => {
    const { s, statements, discarded } = session((sql, p) =>
      sql.startsWith("SELECT") ? (p[0] === 4 ? [{ val: "1,2" }] : []) : { affectedRows: 1 },
    );
    expect(await sqlTxn(OPS, "list-append", 3, undefined)(s)).toEqual({
      type: "ok",
      value: [
        ["r", 4, [1, 2]],
        ["append", 4, 7],
        ["r", 5, []],
      ],
    });
    expect(statements).toEqual([
      "START TRANSACTION",
      "SELECT val FROM fl_append_1 WHERE id = ?",
      "INSERT INTO fl_append_1 (id, val) VALUES (?, ?) ON DUPLICATE KEY UPDATE val = CONCAT(val, ',', ?)",
      "SELECT val FROM fl_append_2 WHERE id = ?",
      "COMMIT",
    ]);
    expect(discarded()).toBe(false);
  });

  it("asks for the isolation level first when one is given", async () => {
    const { s, statements } = session(() => []);
    await sqlTxn([["r", 0, null]], "list-append", 3, "read-uncommitted")(s);
    expect(statements.slice(0, 2)).toEqual(["SET TRANSACTION ISOLATION LEVEL READ UNCOMMITTED", "START TRANSACTION"]);
  });

  it("rw-register: reads the value (null for a missing row) and upserts writes", async () => {
    const { s, statements } = session((sql, p) => (sql.startsWith("SELECT") ? (p[0] === 1 ? [{ val: 9 }] : []) : { affectedRows: 1 }));
    const ops: MicroOp[] = [
      ["r", 1, null],
      ["w", 2, 3],
      ["r", 2, null],
    ];
    const done = await sqlTxn(ops, "rw-register", 3, undefined)(s);
    expect(done.value).toEqual([
      ["r", 1, 9],
      ["w", 2, 3],
      ["r", 2, null],
    ]);
    expect(statements[2]).toBe("INSERT INTO fl_rw_2 (id, val) VALUES (?, ?) ON DUPLICATE KEY UPDATE val = ?");
  });

  it("any error before COMMIT is fail: no COMMIT was sent, and the connection is destroyed", async () => {
    for (const error of [deadlock, notReady, lost, checkread]) {
      const { s, statements, discarded } = session((sql) => (sql.startsWith("INSERT") ? error : []));
      const done = await sqlTxn(OPS, "list-append", 3, undefined)(s);
      expect(done.type, String(error.message)).toBe("fail");
      expect(statements).not.toContain("COMMIT");
      expect(discarded()).toBe(true);
    }
  });

  it("at COMMIT: fail only when the server proves it did not commit (1213, 1020), else info", async () => {
    const atCommit = async (error: Error) => {
      const { s, discarded } = session((sql) => (sql === "COMMIT" ? error : []));
      const done = await sqlTxn(OPS, "list-append", 3, undefined)(s);
      expect(discarded()).toBe(true);
      return done;
    };
    expect(await atCommit(deadlock)).toMatchObject({ type: "fail", error: expect.stringMatching(/^COMMIT: ER_LOCK_DEADLOCK 1213/) });
    expect((await atCommit(checkread)).type).toBe("fail");
    expect((await atCommit(notReady)).type).toBe("info");
    expect((await atCommit(lost)).type).toBe("info");
    expect((await atCommit(sqlError({ code: "ER_ERROR_DURING_COMMIT", errno: 1180 }))).type).toBe("info");
  });

  it("names each key group's table", () => {
    expect(txnTable("list-append", 7, 3)).toBe("fl_append_1");
    expect(txnTable("rw-register", 7, 1)).toBe("fl_rw_0");
  });
});

type Mode = "serializable" | "dirty";

/**
 * Pools over one in-memory store of the workload's tables. "serializable": a transaction holds
 * one global lock from START TRANSACTION to its end. "dirty": no lock,
 * writes visible at once, and every fifth COMMIT refused (1213) after its writes were seen, and
 * undone: a store that shows aborted writes (G1a) and interleaves freely.
 */
function fakeStore(mode: Mode) {
  const rows = new Map<string, string | number>();
  let holder: object | undefined;
  const waiting: Array<[object, () => void]> = [];
  let commits = 0;
  const lock = (owner: object) =>
    new Promise<void>((resolve) => {
      if (holder === undefined || holder === owner) {
        holder = owner;
        resolve();
      } else waiting.push([owner, resolve]);
    });
  const unlock = (owner: object) => {
    if (holder !== owner) return;
    const next = waiting.shift();
    holder = next?.[0];
    next?.[1]();
  };
  const connection = () => {
    // Writes apply at once (a transaction reads its own); under the lock nobody else sees them before COMMIT.
    let undo: Array<() => void> = [];
    const end = () => {
      undo = [];
      unlock(conn);
    };
    const write = (apply: () => void, revert: () => void) => {
      apply();
      undo.push(revert);
    };
    const conn = {
      query: async (sql: string, p: unknown[] = []) => {
        await new Promise((r) => setImmediate(r));
        if (sql === "START TRANSACTION") {
          if (mode === "serializable") await lock(conn);
          return [{}, []];
        }
        if (sql === "COMMIT") {
          if (mode === "dirty" && ++commits % 5 === 0) {
            for (const u of undo.reverse()) u();
            end();
            throw deadlock;
          }
          end();
          return [{}, []];
        }
        if (sql.startsWith("SET") || sql.startsWith("DROP") || sql.startsWith("CREATE")) return [{}, []];
        const table = /(fl_\w+)/.exec(sql)?.[1] as string;
        const id = `${table}/${p[0]}`;
        if (sql.startsWith("SELECT")) return [rows.has(id) ? [{ val: rows.get(id) }] : [], []];
        const x = p[1] as string | number;
        if (sql.includes("CONCAT"))
          write(
            () => rows.set(id, rows.has(id) ? `${rows.get(id)},${x}` : String(x)),
            () => {
              const left = String(rows.get(id) ?? "")
                .split(",")
                .filter((e) => e !== String(x));
              if (left.length === 0) rows.delete(id);
              else rows.set(id, left.join(","));
            },
          );
        else {
          const before = rows.get(id);
          write(
            () => rows.set(id, x),
            () => (before === undefined ? rows.delete(id) : rows.set(id, before)),
          );
        }
        return [{ affectedRows: 1 }, []];
      },
      release: () => end(),
      destroy: () => {
        for (const u of undo.reverse()) u();
        end();
      },
    };
    return conn;
  };
  const pool = { getConnection: async () => connection() } as unknown as Pool;
  return new Map([
    ["n1", pool],
    ["n2", pool],
  ]);
}

const options = (kind: SqlTxnOptions["kind"]): SqlTxnOptions => ({
  kind,
  workers: 6,
  durationMs: 400,
  opTimeoutMs: 5000,
  pauseMs: 0,
  seed: 3,
  groups: 3,
});

describe("runSqlTxns + the checkers, on an in-memory store", () => {
  it("records invoke before BEGIN and the completion after COMMIT, each with its node", async () => {
    const history = new HistoryRecorder();
    const pools = fakeStore("serializable");
    const { keysUsed } = await runSqlTxns(pools, history, { ...options("list-append"), workers: 2, durationMs: 100 }, undefined);
    const ops = history.ops();
    expect(ops.length).toBeGreaterThan(4);
    expect(ops.every((o) => o.f === "txn" && (o.node === "n1" || o.node === "n2"))).toBe(true);
    expect(ops.filter((o) => o.type === "invoke").length).toBe(ops.filter((o) => o.type !== "invoke").length);
    expect(keysUsed).toBeGreaterThanOrEqual(5);
  });

  it("a serializable store's history is valid under strict serializability (list-append and rw-register)", async () => {
    for (const [kind, checker] of [
      ["list-append", listAppendChecker],
      ["rw-register", rwRegisterChecker],
    ] as const) {
      const history = new HistoryRecorder();
      const pools = fakeStore("serializable");
      const { keysUsed } = await runSqlTxns(pools, history, options(kind));
      await finalSqlTxnReads(pools, history, { kind, groups: 3, keysUsed, process: 6 });
      const result = checker.check(history.ops(), { model: "strict-serializable" });
      expect(result.valid, `${kind}: ${result.reason}`).toBe(true);
      expect((result.stats as { committed: number }).committed).toBeGreaterThan(50);
    }
  });

  it("a store that shows aborted writes: fail completions make the checker find G1a (aborted reads)", async () => {
    // Whether a read lands between an append and its abort depends on how the workers
    // interleave (a loaded machine runs fewer transactions in the window), so the history's
    // own ground truth decides: run until some committed read saw an aborted append, then the
    // checker must name it.
    for (let attempt = 1; ; attempt++) {
      const history = new HistoryRecorder();
      await runSqlTxns(fakeStore("dirty"), history, options("list-append"));
      const ops = history.ops();
      expect(ops.filter((o) => o.type === "fail").length).toBeGreaterThan(5);
      if (abortedReads(ops) === 0) {
        if (attempt < 10) continue;
        throw new Error("no committed read saw an aborted append in 10 runs of the dirty store");
      }
      const result = listAppendChecker.check(ops, { model: "read-committed" });
      expect(result.valid).toBe(false);
      expect(result.anomalyTypes).toContain("G1a");
      return;
    }
  });
});

/** Elements of committed reads that only a failed transaction appended: the aborted reads a history holds. */
function abortedReads(ops: readonly Op[]): number {
  const appended = (o: Op, f: (m: MicroOp) => void) => {
    if (Array.isArray(o.value)) for (const m of o.value as MicroOp[]) f(m);
  };
  const aborted = new Set<string>();
  for (const o of ops) if (o.type === "fail") appended(o, (m) => m[0] === "append" && aborted.add(`${m[1]}/${m[2]}`));
  let seen = 0;
  for (const o of ops)
    if (o.type === "ok")
      appended(o, (m) => {
        if (m[0] === "r" && Array.isArray(m[2])) for (const e of m[2]) if (aborted.has(`${m[1]}/${e}`)) seen++;
      });
  return seen;
}
