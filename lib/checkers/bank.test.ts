import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseHistory } from "../history/loader.ts";
import type { Op, OpInput } from "../history/op.ts";
import { bankChecker, MAX_BAD_READS } from "./bank.ts";
import { runChecker } from "./verdict.ts";

/** A history from [invoke, completion] pairs, run one after another (index and time from position). */
function history(...pairs: [OpInput, OpInput][]): Op[] {
  return pairs.flat().map((op, index) => ({ ...op, index, time: (index + 1) * 10 }));
}
const read = (balances: unknown, type: "ok" | "fail" | "info" = "ok", node = "n1", process = 0): [OpInput, OpInput] => [
  { process, type: "invoke", f: "read", node },
  { process, type, f: "read", node, ...(type === "ok" ? { value: balances } : { error: "boom" }) },
];
const transfer = (from: number, to: number, amount: number, type: "ok" | "fail" | "info" = "ok"): [OpInput, OpInput] => [
  { process: 1, type: "invoke", f: "transfer", node: "n2", value: { from, to, amount } },
  { process: 1, type, f: "transfer", node: "n2", value: { from, to, amount } },
];
const options = { total: 30, accounts: 3 };
const check = (ops: Op[], opts: unknown = options) => runChecker(bankChecker, ops, opts as typeof options);

describe("bank checker on hand-written histories", () => {
  it("valid: every ok read sums to the total, none negative, every account there", () => {
    const r = check(history(read({ 0: 10, 1: 10, 2: 10 }), transfer(0, 1, 5), read({ 0: 5, 1: 15, 2: 10 }, "ok", "n2")));
    expect(r).toEqual({ checker: "bank", valid: true, reads: 2, badReads: [], badReadCount: 0, negative: 0 });
  });

  it("wrong total: false, naming the read, its node and the sums", () => {
    const r = check(history(read({ 0: 10, 1: 10, 2: 10 }), read({ 0: 5, 1: 10, 2: 10 }, "ok", "n3")));
    expect(r.valid).toBe(false);
    expect(r.badReads).toEqual([{ index: 2, node: "n3", total: 25, balances: { 0: 5, 1: 10, 2: 10 }, why: "total 25, expected 30" }]);
    expect(r.reason).toBe("1 of 2 ok reads are wrong; first at index 2 on n3: total 25, expected 30");
  });

  it("negative balance: false even when the total holds", () => {
    const r = check(history(read({ 0: -5, 1: 25, 2: 10 })));
    expect(r).toMatchObject({ valid: false, negative: 1, badReadCount: 1 });
    expect((r.badReads as { why: string }[])[0]?.why).toBe("negative balance: account 0 = -5");
  });

  it("missing account: false with `accounts`; the total alone still catches it when money went with it", () => {
    const missing = history(read({ 0: 15, 1: 15 }));
    expect((check(missing).badReads as { why: string }[])[0]?.why).toBe("2 accounts, expected 3");
    expect(check(missing, { total: 30 }).valid).toBe(true);
    expect(check(history(read({ 0: 10, 1: 10 })), { total: 30 }).badReads).toMatchObject([{ why: "total 20, expected 30" }]);
  });

  it("a balance that is not a number, or a value that is not balances: false, total null", () => {
    const r = check(history(read({ 0: "10", 1: 10, 2: 10 }), read([10, 10, 10])));
    expect(r.badReads).toEqual([
      { index: 0, node: "n1", total: null, balances: { 0: "10", 1: 10, 2: 10 }, why: 'not a number: account 0 = "10"' },
      { index: 2, node: "n1", total: null, balances: [10, 10, 10], why: "not an object of balances by account" },
    ]);
  });

  it("no ok read: unknown; fail and info reads and every transfer are ignored", () => {
    const r = check(history(transfer(0, 1, 5), read(undefined, "fail"), read(undefined, "info"), transfer(1, 2, 99, "info")));
    expect(r).toMatchObject({ valid: "unknown", reads: 0, badReadCount: 0 });
    expect(r.reason).toMatch(/no read completed ok/);
    expect(check([]).valid).toBe("unknown");
  });

  it("ignores nemesis ops and reads of other f (a final-read is not judged)", () => {
    const ops = history(read({ 0: 10, 1: 10, 2: 10 }), [
      { process: 0, type: "invoke", f: "final-read", node: "n1" },
      { process: 0, type: "ok", f: "final-read", node: "n1", value: { 0: 1 } },
    ]);
    ops.push({ index: 4, process: "nemesis", type: "info", f: "partition", value: { 0: -1 }, time: 100 });
    expect(check(ops).valid).toBe(true);
  });

  it("lists at most MAX_BAD_READS bad reads and counts them all", () => {
    const bad = Array.from({ length: MAX_BAD_READS + 5 }, () => read({ 0: 1, 1: 1, 2: 1 }));
    const r = check(history(...bad));
    expect(r).toMatchObject({ valid: false, reads: MAX_BAD_READS + 5, badReadCount: MAX_BAD_READS + 5 });
    expect(r.badReads).toHaveLength(MAX_BAD_READS);
  });

  it("cannot judge without a numeric total: unknown (the checker throws, runChecker reports it)", () => {
    const ops = history(read({ 0: 10, 1: 10, 2: 10 }));
    expect(check(ops, {})).toMatchObject({ valid: "unknown", reason: expect.stringMatching(/option total/) });
    expect(check(ops, { total: "30" }).valid).toBe("unknown");
    expect(check(ops, { total: 30, accounts: 2.5 }).valid).toBe("unknown");
  });
});

const fixture = (name: string) =>
  parseHistory(readFileSync(new URL(`../../fixtures/histories/bank/${name}`, import.meta.url), "utf8"), name);

describe("bank checker on the fixtures (see fixtures/histories/bank/README.md)", () => {
  it("valid.jsonl: true", () => {
    expect(check(fixture("valid.jsonl"))).toEqual({ checker: "bank", valid: true, reads: 2, badReads: [], badReadCount: 0, negative: 0 });
  });

  it("invalid.jsonl: false, a wrong total, a negative balance and a missing account", () => {
    const r = check(fixture("invalid.jsonl"));
    expect(r).toMatchObject({ valid: false, reads: 4, badReadCount: 3, negative: 1 });
    expect(r.reason).toBe("3 of 4 ok reads are wrong; first at index 6 on n2: total 27, expected 30");
    expect((r.badReads as { index: number; why: string }[]).map((b) => [b.index, b.why])).toEqual([
      [6, "total 27, expected 30"],
      [8, "negative balance: account 0 = -2"],
      [10, "total 20, expected 30; 2 accounts, expected 3"],
    ]);
    expect((check(fixture("invalid.jsonl"), { total: 30 }).badReads as { why: string }[])[2]?.why).toBe("total 20, expected 30");
  });
});
