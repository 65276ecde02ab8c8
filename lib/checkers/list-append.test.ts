import { describe, expect, it } from "vitest";
import type { Op } from "../history/op.ts";
import { listAppendChecker } from "./list-append.ts";
import { rwRegisterChecker } from "./rw-register.ts";
import type { AnomalyReport } from "./txn-check.ts";
import { type TxnSpec, txnHistory } from "./txn-history.ts";

const counts = (anomalies: unknown) =>
  Object.fromEntries(Object.entries(anomalies as Record<string, AnomalyReport>).map(([n, a]) => [n, a.count]));

describe("listAppendChecker", () => {
  it("judges only transactions: nemesis ops and other client ops are counted and left alone", () => {
    const history = txnHistory([
      { process: 0, invoke: 0, complete: 10, mops: [["append", "x", 1]] },
      { process: 1, invoke: 20, complete: 30, mops: [["r", "x", [1]]] },
    ]);
    const mixed: Op[] = [
      ...history,
      { index: 4, process: "nemesis", type: "invoke", f: "partition", time: 31 },
      { index: 5, process: "nemesis", type: "info", f: "partition", time: 32 },
      { index: 6, process: 2, type: "invoke", f: "write", key: "k", value: 3, time: 33 },
      { index: 7, process: 2, type: "ok", f: "write", key: "k", value: 3, time: 34 },
    ];
    const result = listAppendChecker.check(mixed, { model: "strict-serializable" });
    expect(result.valid).toBe(true);
    expect(result.stats).toMatchObject({ transactions: 2, ok: 2, committed: 2, okReads: 1, otherOps: 1 });
  });

  it("an rw-register history given to list-append (or the reverse) is unknown, naming the right checker", () => {
    const register = txnHistory([{ process: 0, invoke: 0, complete: 10, mops: [["w", "x", 1]] }]);
    expect(listAppendChecker.check(register, {})).toEqual({
      checker: "list-append",
      valid: "unknown",
      reason: "this is an rw-register history (its transactions write with w): check it with --checker rw-register",
    });
    const list = txnHistory([{ process: 0, invoke: 0, complete: 10, mops: [["append", "x", 1]] }]);
    expect(rwRegisterChecker.check(list, {}).reason).toBe(
      "this is a list-append history (its transactions append): check it with --checker list-append",
    );
  });

  it("an info transaction some read observed committed, with all its appends; one nobody observed is left out", () => {
    const specs: TxnSpec[] = [
      // T0 ended info; its append to x is read, so its append to y (never read) committed too.
      {
        process: 0,
        invoke: 0,
        complete: 10,
        outcome: "info",
        mops: [
          ["append", "x", 1],
          ["append", "y", 1],
        ],
      },
      // T2 read y empty after T0 completed: with T0 committed, a stale read.
      {
        process: 1,
        invoke: 20,
        complete: 30,
        mops: [
          ["r", "y", []],
          ["r", "x", [1]],
        ],
      },
      // T4 ended info and nobody saw its append: it may never have happened, so T2's empty z is no stale read.
      { process: 2, invoke: 0, complete: 10, outcome: "info", mops: [["append", "z", 1]] },
      { process: 3, invoke: 20, complete: 30, mops: [["r", "z", []]] },
    ];
    const result = listAppendChecker.check(txnHistory(specs), { model: "serializable" });
    expect(result.stats).toMatchObject({ info: 2, committed: 3 });
    // T0 -wr-> T2 on x and T2 -rw-> T0 on y: read skew, found only because T0 counts as committed.
    expect(counts(result.anomalies)).toEqual({ "G-single": 1 });
  });

  it("counts every occurrence and shows at most maxCases of each", () => {
    const specs: TxnSpec[] = [];
    for (let i = 0; i < 5; i++)
      specs.push({
        process: i,
        invoke: i,
        complete: 100 + i,
        mops: [
          ["append", `k${i}`, 1],
          ["r", `k${i}`, []],
        ],
      });
    const result = listAppendChecker.check(txnHistory(specs), { model: "serializable", maxCases: 2 });
    const internal = (result.anomalies as Record<string, AnomalyReport>).internal;
    expect(internal?.count).toBe(5);
    expect(internal?.cases).toHaveLength(2);
    expect(result.explanation).toContain("internal x5 (forbidden by serializable), 2 shown:");
  });

  it("a cycle search out of budget makes the verdict unknown, never valid; a model forbidding every cycle is still false", () => {
    // T0 -rw-> T1 -wr-> T2 -rw-> T0: the last rw edge meets the first, so G2-item; but searching G-single and
    // G-nonadjacent from the first anchor takes two steps, over a budget of one.
    const specs: TxnSpec[] = [
      {
        process: 0,
        invoke: 0,
        complete: 100,
        mops: [
          ["r", "a", []],
          ["append", "c", 1],
        ],
      },
      {
        process: 1,
        invoke: 1,
        complete: 101,
        mops: [
          ["append", "a", 1],
          ["append", "b", 1],
        ],
      },
      {
        process: 2,
        invoke: 2,
        complete: 102,
        mops: [
          ["r", "b", [1]],
          ["r", "c", []],
        ],
      },
      {
        process: 3,
        invoke: 200,
        complete: 210,
        mops: [
          ["r", "a", [1]],
          ["r", "c", [1]],
        ],
      },
    ];
    const history = txnHistory(specs);
    const si = listAppendChecker.check(history, { model: "snapshot-isolation", maxSteps: 1 });
    expect(si.valid).toBe("unknown");
    expect(si.undecided).toEqual(["G-single", "G-nonadjacent"]);
    expect(si.reason).toBe("the cycle search for G-single, G-nonadjacent ran out of budget before deciding");
    expect(listAppendChecker.check(history, { model: "snapshot-isolation" }).valid).toBe(true);
    expect(listAppendChecker.check(history, { model: "serializable", maxSteps: 1 })).toMatchObject({
      valid: false,
      reason: "serializable forbids G2-item x1",
    });
  });
});
