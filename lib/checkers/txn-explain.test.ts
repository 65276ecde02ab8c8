import { describe, expect, it } from "vitest";
import type { TxnKind } from "../history/micro-op.ts";
import { listAppendChecker } from "./list-append.ts";
import { rwRegisterChecker } from "./rw-register.ts";
import type { AnomalyReport } from "./txn-check.ts";
import type { CycleCase } from "./txn-explain.ts";
import type { DirectCase } from "./txn-findings.ts";
import { type TxnSpec, txnHistory } from "./txn-history.ts";

/** Each anomaly's first case in words: a cycle's steps, or a direct case's sentence. */
function explained(kind: TxnKind, specs: TxnSpec[], model: string): Record<string, string[]> {
  const checker = kind === "list-append" ? listAppendChecker : rwRegisterChecker;
  const result = checker.check(txnHistory(specs), { model });
  return Object.fromEntries(
    Object.entries(result.anomalies as Record<string, AnomalyReport>).map(([name, r]) => {
      const c = r.cases[0] as CycleCase | DirectCase;
      return [
        name,
        "steps" in c
          ? c.steps.map((s) => `${s.from} -${s.type}-> ${s.to} on ${JSON.stringify(s.key ?? null)}: ${s.explanation}`)
          : [c.explanation],
      ];
    }),
  );
}

describe("explanations a DBA can follow", () => {
  it("list-append: ww from the order read, and ww and rw for an append no read shows", () => {
    const specs: TxnSpec[] = [
      {
        process: 0,
        invoke: 0,
        complete: 30,
        mops: [
          ["append", "x", 1],
          ["r", "y", [1]],
        ],
      },
      {
        process: 1,
        invoke: 10,
        complete: 20,
        mops: [
          ["append", "x", 2],
          ["append", "y", 1],
        ],
      },
      { process: 2, invoke: 40, complete: 50, mops: [["r", "x", [1]]] },
    ];
    expect(explained("list-append", specs, "serializable")).toEqual({
      G1c: [
        'T1 -wr-> T0 on "y": T0 read key "y" = [1], whose last element 1 T1 appended (wr)',
        'T0 -ww-> T1 on "x": T1 appended 2 to key "x", which no read shows, so after 1, the last element read, which T0 appended (ww)',
      ],
      // T4 read x = [1], without T1's 2, yet T0 (whom it read) had read T1's y: read skew as well.
      "G-single": [
        'T4 -rw-> T1 on "x": T4 read key "x" = [1]; T1 appended 2, which no read shows, so after what T4 saw (rw)',
        'T1 -wr-> T0 on "y": T0 read key "y" = [1], whose last element 1 T1 appended (wr)',
        'T0 -wr-> T4 on "x": T4 read key "x" = [1], whose last element 1 T0 appended (wr)',
      ],
    });
    specs[2] = { process: 2, invoke: 40, complete: 50, mops: [["r", "x", [1, 2]]] };
    expect(explained("list-append", specs, "serializable").G1c?.[1]).toBe(
      'T0 -ww-> T1 on "x": T1 appended 2 to key "x" after T0 appended 1 (ww: 1 precedes 2 in every read of key "x" that holds 2)',
    );
  });

  it("list-append: rw from a read to an append no read shows; realtime and process steps", () => {
    const skew: TxnSpec[] = [
      {
        process: 0,
        invoke: 0,
        complete: 30,
        mops: [
          ["r", "x", [1]],
          ["r", "y", []],
          ["append", "x", 2],
        ],
      },
      { process: 1, invoke: 5, complete: 20, mops: [["append", "x", 1]] },
      {
        process: 2,
        invoke: 10,
        complete: 25,
        mops: [
          ["r", "x", [1]],
          ["append", "y", 1],
        ],
      },
    ];
    expect(explained("list-append", skew, "serializable")["G2-item"]).toEqual([
      'T0 -rw-> T2 on "y": T0 read key "y" empty; T2 appended 1, which no read shows, so after what T0 saw (rw)',
      'T2 -rw-> T0 on "x": T2 read key "x" = [1]; T0 appended 2, which no read shows, so after what T2 saw (rw)',
    ]);
    const stale: TxnSpec[] = [
      { process: 0, invoke: 0, complete: 10, mops: [["append", "x", 1]] },
      { process: 0, invoke: 20, complete: 30, mops: [["r", "x", []]] },
      { process: 1, invoke: 40, complete: 50, mops: [["r", "x", [1]]] },
    ];
    expect(explained("list-append", stale, "strict-serializable")).toEqual({
      "G-single-realtime": [
        "T0 -realtime-> T2 on null: T0 completed (index 1) before T2 was invoked (index 2) (realtime)",
        'T2 -rw-> T0 on "x": T2 read key "x" empty and did not see 1, which T0 appended first (rw)',
      ],
    });
    expect(explained("list-append", stale, "strong-session-serializable")["G-single-process"]?.[0]).toBe(
      "T0 -process-> T2 on null: process 0 ran T0 to completion, then T2 (process order)",
    );
  });

  it("rw-register: each edge names the version-order fact it rests on", () => {
    const wfr: TxnSpec[] = [
      {
        process: 0,
        invoke: 0,
        complete: 30,
        mops: [
          ["w", "x", 1],
          ["r", "y", 2],
          ["w", "y", 1],
        ],
      },
      {
        process: 1,
        invoke: 10,
        complete: 20,
        mops: [
          ["r", "x", 1],
          ["w", "x", 2],
          ["w", "y", 2],
        ],
      },
    ];
    expect(explained("rw-register", wfr, "read-committed").G0).toEqual([
      'T0 -ww-> T1 on "x": T0 wrote key "x" = 1 and T1 wrote 2, a later version (ww: T1 read 1 before writing 2 (writes follow reads))',
      'T1 -ww-> T0 on "y": T1 wrote key "y" = 2 and T0 wrote 1, a later version (ww: T0 read 2 before writing 1 (writes follow reads))',
    ]);
    // Process 2 saw x = 1, then x = 2: with sequential keys, 1 < 2. T10 read y from T8, who had read x = 2, yet T10 read x = 1.
    const session: TxnSpec[] = [
      { process: 0, invoke: 0, complete: 10, mops: [["w", "x", 1]] },
      { process: 1, invoke: 0, complete: 10, mops: [["w", "x", 2]] },
      { process: 2, invoke: 20, complete: 30, mops: [["r", "x", 1]] },
      { process: 2, invoke: 40, complete: 50, mops: [["r", "x", 2]] },
      {
        process: 3,
        invoke: 60,
        complete: 70,
        mops: [
          ["r", "x", 2],
          ["w", "y", 1],
        ],
      },
      {
        process: 4,
        invoke: 80,
        complete: 90,
        mops: [
          ["r", "y", 1],
          ["r", "x", 1],
        ],
      },
    ];
    expect(explained("rw-register", session, "strong-session-serializable")).toEqual({
      "G-single": [
        'T10 -rw-> T1 on "x": T10 read key "x" = 1 and T1 wrote 2, a later version (rw: process 2 saw 1 in T4 before 2 in T6 (keys assumed sequential))',
        'T1 -wr-> T8 on "x": T8 read key "x" = 2, which T1 wrote (wr)',
        'T8 -wr-> T10 on "y": T10 read key "y" = 1, which T8 wrote (wr)',
      ],
    });
    // Without the session assumption nothing orders 1 and 2: no anomaly under plain serializable.
    expect(explained("rw-register", session, "serializable")).toEqual({});
  });

  it("direct findings say what was read and why it is wrong", () => {
    const specs: TxnSpec[] = [
      { process: 0, invoke: 0, complete: 10, mops: [["append", "x", 1]] },
      { process: 1, invoke: 20, complete: 30, mops: [["r", "x", [1, 1]]] },
      { process: 2, invoke: 40, complete: 50, mops: [["r", "z", [7]]] },
      { process: 3, invoke: 60, complete: 70, outcome: "fail", mops: [["append", "w", 1]] },
      { process: 4, invoke: 80, complete: 90, mops: [["r", "w", [1]]] },
    ];
    expect(explained("list-append", specs, "serializable")).toEqual({
      G1a: ['T8 read key "w" = [1], which holds 1 appended by T6, which failed (aborted read)'],
      "garbage-read": ['T4 read key "z" = [7]: no transaction appended 7'],
      "duplicate-elements": ['T2 read key "x" = [1,1]: 1 appears more than once'],
    });
  });
});
