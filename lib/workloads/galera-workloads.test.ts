import type { Pool } from "mysql2/promise";
import { describe, expect, it } from "vitest";
import { bankChecker } from "../checkers/bank.ts";
import { convergenceChecker } from "../checkers/convergence.ts";
import { registerChecker } from "../checkers/register.ts";
import { setChecker } from "../checkers/set.ts";
import { runChecker } from "../checkers/verdict.ts";
import { seededRandom } from "../core/random.ts";
import { parseHistory } from "../history/loader.ts";
import { HistoryRecorder } from "../history/recorder.ts";
import { balancesOfRows, chooseBankOp, planTransfer, prepareGaleraBank, runGaleraBank } from "./galera-bank.ts";
import { galeraRegisterKey, prepareGaleraRegister, registerValueOfRows, runGaleraRegister } from "./galera-register.ts";
import { finalGaleraSetReads, idsOfRows, prepareGaleraSet, runGaleraSet, workerNodes } from "./galera-set.ts";

describe("workerNodes", () => {
  const pools = new Map([
    ["n1", 1],
    ["n2", 2],
    ["n3", 3],
  ]);
  it("binds worker i to nodes[i % nodes.length], every pool's node by default", () => {
    expect(workerNodes(pools, 5)).toEqual(["n1", "n2", "n3", "n1", "n2"]);
    expect(workerNodes(pools, 3, ["n2"])).toEqual(["n2", "n2", "n2"]);
    expect(workerNodes(pools, 0)).toEqual([]);
  });
  it("refuses a node without a pool, or no node at all", () => {
    expect(() => workerNodes(pools, 2, ["n1", "n9"])).toThrow(/no pool for node\(s\) n9; pools: n1, n2, n3/);
    expect(() => workerNodes(new Map(), 2)).toThrow(RangeError);
  });
});

describe("rows to values", () => {
  it("set ids, a register's value (null for a missing row or NULL), bank balances by account", () => {
    expect(idsOfRows([{ id: 1 }, { id: "2" }, { id: 3n }])).toEqual([1, 2, 3]);
    expect(registerValueOfRows([])).toBeNull();
    expect(registerValueOfRows([{ v: null }])).toBeNull();
    expect(registerValueOfRows([{ v: "17" }])).toBe(17);
    expect(
      balancesOfRows([
        { id: 0, balance: 10 },
        { id: 1, balance: "-3" },
      ]),
    ).toEqual({ 0: 10, 1: -3 });
  });
});

describe("bank choices", () => {
  it("draws reads by readShare and transfers between two distinct accounts of 1 .. maxTransfer, replayable", () => {
    const draw = (seed: number) => {
      const random = seededRandom(seed);
      return Array.from({ length: 5000 }, () => chooseBankOp(random, 4, 5, 0.3));
    };
    const choices = draw(11);
    expect(draw(11)).toEqual(choices);
    expect(choices.filter((c) => c.f === "read").length / choices.length).toBeCloseTo(0.3, 1);
    const transfers = choices.flatMap((c) => (c.f === "transfer" ? [c.value] : []));
    for (const t of transfers) expect(t.from).not.toBe(t.to);
    expect(new Set(transfers.map((t) => `${t.from}->${t.to}`)).size).toBe(12);
    expect(new Set(transfers.map((t) => t.amount))).toEqual(new Set([1, 2, 3, 4, 5]));
  });
  it("needs two accounts and a positive maxTransfer", () => {
    expect(() => chooseBankOp(seededRandom(1), 1, 5)).toThrow(RangeError);
    expect(() => chooseBankOp(seededRandom(1), 3, 0)).toThrow(RangeError);
  });
  it("plans the balances after a transfer, or says why not", () => {
    const rows = [
      { id: 0, balance: 10 },
      { id: 1, balance: 4 },
    ];
    expect(planTransfer(rows, { from: 0, to: 1, amount: 10 })).toEqual({ from: 0, to: 14 });
    expect(planTransfer(rows, { from: 1, to: 0, amount: 5 })).toEqual({ why: "insufficient funds" });
    expect(planTransfer(rows.slice(0, 1), { from: 0, to: 1, amount: 1 })).toEqual({ why: 'account balances not readable: {"0":10}' });
  });
});

/**
 * Pools over one in-memory store that understands the workloads' statements. A transaction
 * holds one global lock from START TRANSACTION to COMMIT / ROLLBACK / destroy and buffers its
 * writes, so concurrent transfers are serializable as on a correct server. `fault` may throw
 * an error or return "hang" for a statement.
 */
function fakeCluster(nodes: string[], fault: (sql: string, node: string) => Error | "hang" | undefined = () => undefined) {
  const tables = { set: new Set<number>(), register: new Map<number, number>(), bank: new Map<number, number>() };
  let holder: object | undefined;
  const waiting: [object, () => void][] = [];
  const lock = (owner: object) =>
    new Promise<void>((resolve) => {
      if (holder === undefined) holder = owner;
      if (holder === owner) resolve();
      else waiting.push([owner, resolve]);
    });
  const unlock = (owner: object) => {
    if (holder !== owner) return;
    const [next, resolve] = waiting.shift() ?? [undefined, () => {}];
    holder = next;
    resolve();
  };
  const run = (sql: string, p: unknown[], pending: [number, number][]): unknown => {
    const n = p.map(Number);
    if (/^(DROP|CREATE|SET)/.test(sql)) return { affectedRows: 0 };
    if (sql.startsWith("INSERT INTO fl_set")) {
      if (tables.set.has(n[0] as number)) throw Object.assign(new Error("Duplicate entry"), { errno: 1062 });
      tables.set.add(n[0] as number);
      return { affectedRows: 1 };
    }
    if (sql.startsWith("SELECT id FROM fl_set")) return [...tables.set].sort((a, b) => a - b).map((id) => ({ id }));
    if (sql.startsWith("SELECT v FROM")) return tables.register.has(n[0] as number) ? [{ v: tables.register.get(n[0] as number) }] : [];
    if (sql.startsWith("INSERT INTO fl_register")) {
      tables.register.set(n[0] as number, n[1] as number);
      return { affectedRows: 1 };
    }
    if (sql.startsWith("UPDATE fl_register")) {
      if (tables.register.get(n[1] as number) !== n[2]) return { affectedRows: 0 };
      tables.register.set(n[1] as number, n[0] as number);
      return { affectedRows: 1 };
    }
    if (sql.startsWith("INSERT INTO fl_bank")) {
      for (const [id, balance] of p[0] as [number, number][]) tables.bank.set(id, balance);
      return { affectedRows: tables.bank.size };
    }
    if (sql.startsWith("SELECT id, balance")) {
      const ids = sql.includes("WHERE") ? n : [...tables.bank.keys()];
      return ids.filter((id) => tables.bank.has(id)).map((id) => ({ id, balance: tables.bank.get(id) }));
    }
    if (sql.startsWith("UPDATE fl_bank")) {
      pending.push([n[1] as number, n[0] as number]);
      return { affectedRows: 1 };
    }
    throw new Error(`fake cluster: unknown statement ${sql}`);
  };
  const connection = (node: string) => {
    const pending: [number, number][] = [];
    const conn = {
      query: async (sql: string, params: unknown[] = []) => {
        const f = fault(sql, node);
        if (f === "hang") return new Promise(() => {});
        if (f) throw f;
        if (sql === "START TRANSACTION") await lock(conn);
        if (sql === "COMMIT") for (const [id, balance] of pending.splice(0)) tables.bank.set(id, balance);
        if (sql === "COMMIT" || sql === "ROLLBACK") {
          pending.length = 0;
          unlock(conn);
          return [{ affectedRows: 0 }, []];
        }
        return [sql === "START TRANSACTION" ? { affectedRows: 0 } : run(sql, params, pending), []];
      },
      release: () => {},
      destroy: () => {
        pending.length = 0;
        unlock(conn);
      },
    };
    return conn;
  };
  const pool = (node: string) =>
    ({
      getConnection: async () => connection(node),
      query: (sql: string, params?: unknown[]) => connection(node).query(sql, params),
    }) as unknown as Pool;
  return { pools: new Map(nodes.map((node) => [node, pool(node)])), tables };
}

const loaded = (history: HistoryRecorder) =>
  parseHistory(
    history
      .ops()
      .map((op) => `${JSON.stringify(op)}\n`)
      .join(""),
  );
// Timeouts well above an in-memory answer even on a loaded machine (a 30 ms one turned answers into info there).
const base = { workers: 3, durationMs: 200, pauseMs: 1, opTimeoutMs: 500 };

describe("the workloads against an in-memory cluster", () => {
  it("set: adds on each worker's node, per-node final reads; set and convergence checkers valid", async () => {
    const { pools } = fakeCluster(["n1", "n2"]);
    await prepareGaleraSet(pools.get("n1") as Pool);
    const history = new HistoryRecorder();
    await runGaleraSet(pools, history, base);
    await finalGaleraSetReads(pools, history, 99);
    const ops = loaded(history);
    expect(ops.filter((o) => o.f === "add").every((o) => o.node === (o.process === 1 ? "n2" : "n1"))).toBe(true);
    const finals = ops.filter((o) => o.f === "final-read" && o.type === "ok");
    expect(finals.map((o) => o.node)).toEqual(["n1", "n2"]);
    expect(runChecker(setChecker, ops, { readF: "final-read" })).toMatchObject({ valid: true, lost: [] });
    expect(runChecker(convergenceChecker, ops, { f: "final-read" }).valid).toBe(true);
  });

  it("set: a node refusing (1047) gives fail, a hung statement info; a failed final read is info", async () => {
    const refused = Object.assign(new Error("WSREP has not yet prepared node for application use"), {
      errno: 1047,
      code: "ER_UNKNOWN_COM_ERROR",
    });
    let inserts = 0;
    const { pools } = fakeCluster(["n1", "n2"], (sql, node) => {
      if (node === "n2") return refused;
      // The second insert hangs: one that times out (info) whatever the machine's speed.
      return sql.startsWith("INSERT") && ++inserts === 2 ? "hang" : undefined;
    });
    const history = new HistoryRecorder();
    await runGaleraSet(pools, history, { ...base, workers: 2 });
    await finalGaleraSetReads(pools, history, 99, { opTimeoutMs: 500 });
    const ops = loaded(history);
    const completions = ops.filter((o) => o.f === "add" && o.type !== "invoke");
    expect(
      completions.filter((o) => o.node === "n2").every((o) => o.type === "fail" && o.error?.startsWith("ER_UNKNOWN_COM_ERROR 1047")),
    ).toBe(true);
    expect(completions.some((o) => o.node === "n1" && o.type === "info")).toBe(true);
    expect(ops.filter((o) => o.f === "final-read" && o.type !== "invoke").map((o) => [o.node, o.type])).toEqual([
      ["n1", "ok"],
      ["n2", "info"],
    ]);
    expect(runChecker(setChecker, ops, { readF: "final-read" }).valid).toBe(true);
  });

  it("register: reads, writes and cas as the register checker reads them; linearizable", async () => {
    const { pools } = fakeCluster(["n1", "n2", "n3"]);
    await prepareGaleraRegister(pools.get("n1") as Pool);
    const history = new HistoryRecorder();
    await runGaleraRegister(pools, history, { ...base, workers: 4, keys: 2, seed: 5 });
    const ops = loaded(history);
    for (const f of ["read", "write", "cas"]) expect(ops.some((o) => o.f === f && o.type === "ok")).toBe(true);
    expect(ops.some((o) => o.f === "cas" && o.type === "fail")).toBe(true);
    expect(new Set(ops.map((o) => o.key))).toEqual(new Set([galeraRegisterKey(0), galeraRegisterKey(1)]));
    expect(ops.every((o) => o.node === `n${((o.process as number) % 3) + 1}`)).toBe(true);
    for (const o of ops.filter((o) => o.f === "cas")) expect(o.value).toEqual([expect.any(Number), expect.any(Number)]);
    expect(runChecker(registerChecker, ops, {})).toMatchObject({ valid: true });
  });

  it("bank: transfers and whole-table reads; insufficient funds is fail; the bank checker is valid", async () => {
    const { pools, tables } = fakeCluster(["n1", "n2"]);
    const expected = await prepareGaleraBank(pools.get("n1") as Pool, { accounts: 3, initial: 4 });
    expect(expected).toEqual({ total: 12, accounts: 3 });
    expect([...tables.bank]).toEqual([
      [0, 4],
      [1, 4],
      [2, 4],
    ]);
    const history = new HistoryRecorder();
    await runGaleraBank(pools, history, { ...base, seed: 3, accounts: 3, maxTransfer: 6 });
    const ops = loaded(history);
    expect(ops.some((o) => o.f === "transfer" && o.type === "ok")).toBe(true);
    expect(ops.some((o) => o.f === "transfer" && o.type === "fail" && o.error === "insufficient funds")).toBe(true);
    for (const o of ops.filter((o) => o.f === "transfer"))
      expect(o.value).toEqual({ from: expect.any(Number), to: expect.any(Number), amount: expect.any(Number) });
    expect(runChecker(bankChecker, ops, expected)).toMatchObject({ valid: true, badReadCount: 0 });
  });

  it("stops at once when the signal is aborted, every invoke completed", async () => {
    const { pools } = fakeCluster(["n1"]);
    const history = new HistoryRecorder();
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 20);
    const started = Date.now();
    await runGaleraSet(pools, history, { ...base, durationMs: 10_000 }, abort.signal);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(history.ops().filter((o) => o.type === "invoke").length * 2).toBe(history.ops().length);
  });
});
