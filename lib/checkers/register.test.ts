import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Op, OpType } from "../history/op.ts";
import { NO_KEY, type RegisterKeyResult, type RegisterOptions, registerChecker } from "./register.ts";
import { type CheckResult, runChecker } from "./verdict.ts";

/**
 * One client call: invoked at `at`, completed at `end` (none: the history ended first).
 * Every event's history index is its time, so an op's invoke index is its `at`.
 */
interface Call {
  process: number;
  f: string;
  value: unknown;
  at: number;
  end?: number | undefined;
  type?: Exclude<OpType, "invoke">;
  /** Default "x"; null: no key. */
  key?: string | null;
}
type More = Partial<Pick<Call, "type" | "key">>;

const w = (process: number, value: unknown, at: number, end?: number, more: More = {}): Call => ({
  process,
  f: "write",
  value,
  at,
  end,
  ...more,
});
const r = (process: number, value: unknown, at: number, end?: number, more: More = {}): Call => ({
  process,
  f: "read",
  value,
  at,
  end,
  ...more,
});
const cas = (process: number, value: [unknown, unknown], at: number, end?: number, more: More = {}): Call => ({
  process,
  f: "cas",
  value,
  at,
  end,
  ...more,
});
const info: More = { type: "info" };

function history(...calls: Call[]): Op[] {
  const ops: Op[] = [];
  for (const c of calls) {
    const key = c.key === null ? {} : { key: c.key ?? "x" };
    ops.push({ index: c.at, process: c.process, type: "invoke", f: c.f, ...key, value: c.f === "read" ? null : c.value, time: c.at });
    if (c.end === undefined) continue;
    const type = c.type ?? "ok";
    const value = c.f !== "read" ? c.value : type === "ok" ? c.value : undefined;
    ops.push({ index: c.end, process: c.process, type, f: c.f, ...key, ...(value === undefined ? {} : { value }), time: c.end });
  }
  return ops.sort((a, b) => a.time - b.time);
}

const check = (ops: readonly Op[], options: RegisterOptions = {}) => registerChecker.check(ops, options);
const keyResult = (result: CheckResult, key = "x") => (result.keys as Record<string, RegisterKeyResult>)[key];
const violating = (result: CheckResult, key = "x") => keyResult(result, key)?.violation?.ops.map((op) => op.index);
const order = (result: CheckResult, key = "x") => keyResult(result, key)?.linearization;
const ordered = { includeLinearization: true };

describe("registerChecker: linearizable histories", () => {
  it("accepts a sequential history, one state per op", () => {
    const ops = history(w(0, 1, 0, 1), r(0, 1, 2, 3), w(0, 2, 4, 5), r(0, 2, 6, 7), cas(0, [2, 3], 8, 9), r(0, 3, 10, 11));
    expect(check(ops, ordered)).toEqual({
      checker: "register",
      valid: true,
      keys: { x: { valid: true, opCount: 6, omitted: 0, states: 6, linearization: [0, 2, 4, 6, 8, 10] } },
      opCount: 6,
      states: 6,
    });
  });

  it("finds the one order of two concurrent writes that the reads allow", () => {
    // w1 [0,10] and w2 [1,11] overlap; a read inside both sees 2, a read after both sees 1: w2, r2, w1, r1.
    expect(order(check(history(w(0, 1, 0, 10), w(1, 2, 1, 11), r(2, 2, 2, 3), r(2, 1, 12, 13)), ordered))).toEqual([1, 2, 0, 12]);
    // The same timing with the reads swapped forces the other order.
    expect(order(check(history(w(0, 1, 0, 10), w(1, 2, 1, 11), r(2, 1, 2, 3), r(2, 2, 12, 13)), ordered))).toEqual([0, 2, 1, 12]);
  });

  it("accepts a read concurrent with a write seeing either value", () => {
    expect(check(history(w(0, 1, 0, 1), w(1, 2, 2, 5), r(2, 1, 3, 4))).valid).toBe(true);
    expect(check(history(w(0, 1, 0, 1), w(1, 2, 2, 5), r(2, 2, 3, 4))).valid).toBe(true);
  });

  it("compares values as canonical JSON (field order does not matter)", () => {
    expect(check(history(w(0, { a: 1, b: [1, 2] }, 0, 1), r(0, { b: [1, 2], a: 1 }, 2, 3))).valid).toBe(true);
    expect(check(history(w(0, { a: 1, b: [1, 2] }, 0, 1), r(0, { a: 1, b: [2, 1] }, 2, 3))).valid).toBe(false);
  });

  it("checks 2,000 sequential ops on one key", () => {
    const calls: Call[] = [];
    for (let i = 0; i < 1000; i++) calls.push(w(0, i, 4 * i, 4 * i + 1), r(1, i, 4 * i + 2, 4 * i + 3));
    expect(check(history(...calls))).toEqual({
      checker: "register",
      valid: true,
      keys: { x: { valid: true, opCount: 2000, omitted: 0, states: 2000 } },
      opCount: 2000,
      states: 2000,
    });
  });
});

describe("registerChecker: violations and the ops that prove them", () => {
  it("rejects a stale read, reporting the missed write, the write it saw, and the read", () => {
    const ops = history(w(0, 5, 0, 1), r(0, 5, 2, 3), w(0, 1, 4, 5), w(1, 2, 6, 7), r(2, 1, 8, 9), r(0, 2, 10, 11));
    const result = check(ops);
    expect(result.valid).toBe(false);
    expect(keyResult(result)?.violation).toEqual({
      ops: [
        { index: 4, process: 0, f: "write", value: 1, outcome: "ok", invokeTime: 4, completeTime: 5 },
        { index: 6, process: 1, f: "write", value: 2, outcome: "ok", invokeTime: 6, completeTime: 7 },
        { index: 8, process: 2, f: "read", value: 1, outcome: "ok", invokeTime: 8, completeTime: 9 },
      ],
      indeterminate: [],
      minimal: true,
      states: expect.any(Number),
    });
    expect(result.reason).toBe(
      "key x: no order of these 3 ops fits their times: write 1 by process 0 (index 4), write 2 by process 1 (index 6), read 1 by process 2 (index 8)",
    );
  });

  it("rejects a read of a value never written, which alone proves it", () => {
    const result = check(history(w(0, 1, 0, 1), r(1, 7, 2, 3)));
    expect(result.valid).toBe(false);
    expect(violating(result)).toEqual([2]);
  });

  it("shrinks a long history to the three ops of a stale read at its end", () => {
    const calls: Call[] = [];
    for (let i = 0; i < 1000; i++) calls.push(w(0, i, 4 * i, 4 * i + 1), r(1, i, 4 * i + 2, 4 * i + 3));
    calls.push(w(0, 5000, 4000, 4001), r(1, 999, 4002, 4003));
    const result = check(history(...calls));
    expect(result.valid).toBe(false);
    // The earlier read of 999 proves 999 was written before 5000 as well as the write itself would.
    expect(violating(result)).toEqual([3998, 4000, 4002]);
    expect(keyResult(result)?.violation?.minimal).toBe(true);
  });

  it("keeps a false verdict when the budget runs out while shrinking, and says the ops may not all be needed", () => {
    const calls: Call[] = [];
    for (let i = 0; i < 1000; i++) calls.push(w(0, i, 4 * i, 4 * i + 1), r(1, i, 4 * i + 2, 4 * i + 3));
    calls.push(w(0, 5000, 4000, 4001), r(1, 999, 4002, 4003));
    // The verdict takes 2,001 states; shrinking gets 2,500 more, not enough.
    const result = check(history(...calls), { maxStates: 2500 });
    expect(result.valid).toBe(false);
    expect(keyResult(result)?.states).toBe(2001);
    expect(keyResult(result)?.violation?.minimal).toBe(false);
    expect(result.reason).toMatch(/\(budget ran out while shrinking: some of these may be unnecessary\)$/);
  });
});

describe("registerChecker: cas", () => {
  it("a cas that succeeded moves the register", () => {
    expect(order(check(history(w(0, 1, 0, 1), cas(1, [1, 2], 2, 3), r(0, 2, 4, 5)), ordered))).toEqual([0, 2, 4]);
  });

  it("omits a cas that ended fail (counted as omitted, not as an effect)", () => {
    const result = check(history(w(0, 1, 0, 1), cas(1, [1, 3], 2, 3, { type: "fail" }), r(0, 1, 4, 5)));
    expect(result.valid).toBe(true);
    expect(keyResult(result)).toMatchObject({ opCount: 2, omitted: 1 });
  });

  it("a cas that ended fail certainly did not take effect: a read of its new value is unexplained", () => {
    const result = check(history(w(0, 1, 0, 1), cas(1, [1, 2], 2, 3, { type: "fail" }), r(0, 2, 4, 5)));
    expect(result.valid).toBe(false);
    expect(violating(result)).toEqual([4]);
  });

  it("rejects a cas marked ok whose expected value could not hold", () => {
    const result = check(history(w(0, 1, 0, 1), w(0, 2, 2, 3), cas(1, [1, 3], 4, 5)));
    expect(result.valid).toBe(false);
    expect(violating(result)).toEqual([0, 2, 4]);
  });

  it("an info cas may or may not have taken effect", () => {
    expect(check(history(w(0, 1, 0, 1), cas(1, [1, 2], 2, 3, info), r(0, 2, 4, 5))).valid).toBe(true);
    expect(check(history(w(0, 1, 0, 1), cas(1, [1, 2], 2, 3, info), r(0, 1, 4, 5))).valid).toBe(true);
    // But only from the value it expects: 1 was overwritten by 5 before the cas began.
    expect(check(history(w(0, 1, 0, 1), w(0, 5, 2, 3), cas(1, [1, 2], 4, 5, info), r(0, 2, 6, 7))).valid).toBe(false);
  });

  it("starts every register at options.initial (default null)", () => {
    const ops = history(cas(0, [0, 1], 0, 1), r(0, 1, 2, 3));
    expect(check(ops, { initial: 0 }).valid).toBe(true);
    const result = check(ops);
    expect(result.valid).toBe(false);
    expect(violating(result)).toEqual([0]);
    expect(check(history(r(0, null, 0, 1), cas(0, [null, 1], 2, 3))).valid).toBe(true);
  });
});

describe("registerChecker: info", () => {
  it("an info write whose value is read later took effect", () => {
    expect(order(check(history(w(0, 1, 0, 1), w(1, 2, 2, 3, info), r(0, 2, 4, 5)), ordered))).toEqual([0, 2, 4]);
  });

  it("an info write never observed is left out", () => {
    expect(order(check(history(w(0, 1, 0, 1), w(1, 2, 2, 3, info), r(0, 1, 4, 5), r(0, 1, 6, 7)), ordered))).toEqual([0, 4, 6]);
  });

  it("a write the history ended before completing may have taken effect too", () => {
    expect(check(history(w(0, 1, 0, 1), w(1, 2, 2), r(0, 2, 4, 5))).valid).toBe(true);
  });

  it("an info write cannot take effect before its invoke", () => {
    expect(check(history(w(0, 1, 0, 1), r(0, 2, 2, 3), w(1, 2, 4, 5, info))).valid).toBe(false);
  });

  it("rejects a read of the older value after a read saw the info write", () => {
    const result = check(history(w(0, 1, 0, 1), w(1, 2, 2, 3, info), r(0, 2, 4, 5), r(0, 1, 6, 7)));
    expect(result.valid).toBe(false);
    expect(violating(result)).toEqual([0, 4, 6]);
    expect(keyResult(result)?.violation?.indeterminate.map((op) => [op.index, op.outcome])).toEqual([[2, "info"]]);
  });

  it("drops reads that did not end ok: they returned no value", () => {
    const result = check(history(w(0, 1, 0, 1), r(1, 99, 2, 3, info), r(1, 98, 4, 5, { type: "fail" }), r(0, 1, 6, 7)));
    expect(result.valid).toBe(true);
    expect(keyResult(result)).toMatchObject({ opCount: 2, omitted: 2 });
  });
});

describe("registerChecker: keys", () => {
  it("checks each key on its own: one bad key makes the whole result false", () => {
    const ops = history(
      w(0, 1, 0, 1),
      r(1, 1, 2, 3),
      w(0, 1, 4, 5, { key: "y" }),
      w(1, 2, 6, 7, { key: "y" }),
      r(2, 1, 8, 9, { key: "y" }),
      r(0, 1, 10, 11),
    );
    const result = check(ops);
    expect(result.valid).toBe(false);
    expect(keyResult(result, "x")).toEqual({ valid: true, opCount: 3, omitted: 0, states: 3 });
    expect(keyResult(result, "y")?.valid).toBe(false);
    expect(violating(result, "y")).toEqual([4, 6, 8]);
    expect(result.reason).toMatch(/^key y: no order of these 3 ops/);
  });

  it("ops with no key are one register, apart from every keyed one", () => {
    // Merged with x, the read of 1 would be stale (2 was written to x in between).
    const result = check(history(w(0, 1, 0, 1, { key: null }), w(1, 2, 2, 3), r(0, 1, 4, 5, { key: null })));
    expect(result.valid).toBe(true);
    expect(Object.keys(result.keys as object)).toEqual([NO_KEY, "x"]);
    expect(keyResult(result, NO_KEY)?.opCount).toBe(2);
  });

  it("accepts a history with no client ops", () => {
    expect(check([])).toEqual({ checker: "register", valid: true, keys: {}, opCount: 0, states: 0 });
  });
});

describe("registerChecker: input it cannot judge", () => {
  it("refuses an op a register does not have (runChecker: unknown)", () => {
    const ops = history({ process: 0, f: "add", value: 1, at: 0, end: 1 });
    expect(runChecker(registerChecker, ops, {})).toMatchObject({
      valid: "unknown",
      reason: 'checker crashed: register: unsupported f "add" at index 0; a register has read, write and cas',
    });
  });

  it("refuses a cas whose value is not [expected, new]", () => {
    const ops = history({ process: 0, f: "cas", value: 3, at: 0, end: 1 });
    expect(runChecker(registerChecker, ops, {}).reason).toBe(
      "checker crashed: register: cas at index 0 has value 3; expected [expected, new]",
    );
  });
});

describe("registerChecker: budgets", () => {
  /**
   * k concurrent info writes of 1..k, then k concurrent reads of 1..k (any order of the reads
   * fits), then a read of 99, which nothing wrote: proving that takes every subset of reads.
   */
  function manyInfoWrites(k: number): Op[] {
    const calls: Call[] = [];
    for (let i = 1; i <= k; i++) calls.push(w(i, i, i - 1, k + i - 1, info));
    for (let i = 1; i <= k; i++) calls.push(r(100 + i, i, 2 * k + i - 1, 3 * k + i - 1));
    calls.push(r(0, 99, 4 * k, 4 * k + 1));
    return history(...calls);
  }

  it("says unknown, naming the budget, when maxStates runs out", () => {
    const result = check(manyInfoWrites(8), { maxStates: 50 });
    expect(result.valid).toBe("unknown");
    expect(result.reason).toBe("key x: maxStates budget (50) exhausted after 50 states, before the search reached a verdict");
    expect(keyResult(result)?.states).toBe(50);
  });

  it("reaches the verdict with the default budget", () => {
    const result = check(manyInfoWrites(8));
    expect(result.valid).toBe(false);
    // 8 writes x 2^7 subsets of the other reads, each configuration once after the write and once after its read.
    expect(keyResult(result)?.states).toBe(2048);
    expect(violating(result)).toEqual([32]);
  });

  it("says unknown when the time limit runs out", () => {
    const result = check(manyInfoWrites(8), { timeLimitMs: 0 });
    expect(result.valid).toBe("unknown");
    expect(result.reason).toBe("key x: timeLimitMs budget (0 ms) exhausted after 0 states, before the search reached a verdict");
  });

  it("false on one key outweighs unknown on another", () => {
    const stale = history(w(0, 1, 1000, 1001, { key: "y" }), w(0, 2, 1002, 1003, { key: "y" }), r(0, 1, 1004, 1005, { key: "y" }));
    const result = check([...manyInfoWrites(8), ...stale], { maxStates: 50 });
    expect(result.valid).toBe(false);
    expect([keyResult(result, "x")?.valid, keyResult(result, "y")?.valid]).toEqual(["unknown", false]);
  });
});

describe("registerChecker: hand-written fixtures (verdicts from fixtures/histories/register/README.md)", () => {
  const dir = join(import.meta.dirname, "../../fixtures/histories/register");
  const load = (file: string): Op[] =>
    readFileSync(join(dir, file), "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line) as Op);

  // README rows: | `file.jsonl` | verdict | key: invoke indices, or — | reasoning |
  const rows = readFileSync(join(dir, "README.md"), "utf8")
    .split("\n")
    .map((line) => /^\| `([\w-]+\.jsonl)` \| (true|false|unknown) \| ([^|]+) \|/.exec(line))
    .filter((m) => m !== null)
    .map(([, file, verdict, ops]) => ({ file: file as string, verdict, ops: (ops as string).trim() }));

  it("the README lists every fixture file, once", () => {
    const files = readdirSync(dir)
      .filter((f) => f.endsWith(".jsonl"))
      .sort();
    expect(rows.map((row) => row.file).sort()).toEqual(files);
    expect(files.length).toBe(11);
  });

  for (const { file, verdict, ops } of rows) {
    it(`${file}: ${verdict}${ops === "—" ? "" : `, ${ops}`}`, () => {
      const result = check(load(file));
      expect(String(result.valid)).toBe(verdict);
      if (ops === "—") {
        // Only a false verdict has ops to name; the README must name them then.
        expect(result.valid).not.toBe(false);
      } else {
        const named = /^(\S+): ([\d, ]+)$/.exec(ops);
        expect(named).not.toBeNull();
        const [, key, indices] = named as RegExpExecArray;
        expect(violating(result, key)).toEqual((indices as string).split(",").map((i) => Number(i.trim())));
      }
    });
  }
});
