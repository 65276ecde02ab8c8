import { describe, expect, it } from "vitest";
import { BadInputError } from "../core/errors.ts";
import { parseHistory } from "./loader.ts";

/** Transaction lines of a history, each numbered in file order; `time` is the index. */
function lines(...ops: [process: number, type: string, value?: unknown][]): string[] {
  return ops.map(([process, type, value], index) =>
    JSON.stringify({ index, process, type, f: "txn", time: index, ...(value === undefined ? {} : { value }) }),
  );
}

function rejection(text: string[]): BadInputError {
  try {
    parseHistory(text.join("\n"), "h.jsonl");
  } catch (error) {
    if (error instanceof BadInputError) return error;
    throw error;
  }
  throw new Error("expected the history to be rejected");
}

const append = (k: unknown, e: unknown) => ["append", k, e];
const r = (k: unknown, v: unknown = null) => ["r", k, v];
const w = (k: unknown, v: unknown) => ["w", k, v];

describe("the loader on transactions", () => {
  it("accepts list-append and rw-register histories, integer and string keys, fail/info without a value", () => {
    const listAppend = lines(
      [0, "invoke", [append("x", 1), r(2)]],
      [0, "ok", [append("x", 1), r(2, [])]],
      [1, "invoke", [append(2, "a"), r("x")]],
      [1, "info"],
      [2, "invoke", [r("x")]],
      [2, "fail", [r("x")]],
      [3, "invoke", [r("x")]],
      [3, "ok", [r("x", [1])]],
    );
    expect(parseHistory(listAppend.join("\n"))).toHaveLength(8);
    const register = lines(
      [0, "invoke", [w("x", 1), r("y")]],
      [0, "ok", [w("x", 1), r("y", null)]],
      [1, "invoke", [r("x")]],
      [1, "ok", [r("x", 1)]],
    );
    expect(parseHistory(register.join("\n"))).toHaveLength(4);
  });

  it('two keys may hold the same element; key 1 and key "1" are different keys', () => {
    const text = lines(
      [0, "invoke", [append("x", 1), append("y", 1), append(1, 5), append("1", 5)]],
      [0, "ok", [append("x", 1), append("y", 1), append(1, 5), append("1", 5)]],
    );
    expect(parseHistory(text.join("\n"))).toHaveLength(2);
  });

  it.each([
    ["no value on the invoke", lines([0, "invoke"]), 1, "a txn invoke needs value: a non-empty list of micro-ops"],
    ["an empty transaction", lines([0, "invoke", []]), 1, "a txn invoke needs value: a non-empty list"],
    [
      "a micro-op that is not a triple",
      lines([0, "invoke", [["append", "x"]]]),
      1,
      'micro-op 0 is ["append","x"]: a micro-op is [f, key, value]',
    ],
    ["an unknown f", lines([0, "invoke", [["cas", "x", 1]]]), 1, 'micro-op 0 has f "cas"'],
    ["a key that is an object", lines([0, "invoke", [append({ k: 1 }, 1)]]), 1, 'micro-op 0 has key {"k":1}: a string or an integer'],
    ["a key that is a fraction", lines([0, "invoke", [append(1.5, 1)]]), 1, "micro-op 0 has key 1.5"],
    [
      "an appended null",
      lines([0, "invoke", [append("x", null)]]),
      1,
      "micro-op 0 writes null: a written element or value is a string or a number",
    ],
    ["a written object", lines([0, "invoke", [w("x", { v: 1 })]]), 1, 'micro-op 0 writes {"v":1}'],
    [
      "a read with a value on the invoke",
      lines([0, "invoke", [r("x", [1])]]),
      1,
      'micro-op 0 reads "x" with value [1] on the invoke: a read\'s value is null until its ok',
    ],
    [
      "append and w in one transaction",
      lines([0, "invoke", [append("x", 1), w("y", 2)]]),
      1,
      "micro-op 1 is a w, which makes it rw-register, but the history is list-append (line 1: micro-op 0 is an append)",
    ],
    [
      "a w after an append history",
      lines([0, "invoke", [append("x", 1)]], [0, "ok", [append("x", 1)]], [1, "invoke", [w("x", 2)]]),
      3,
      "micro-op 0 is a w, which makes it rw-register, but the history is list-append (line 1: micro-op 0 is an append)",
    ],
    [
      "a list read in an rw-register history",
      lines([0, "invoke", [w("x", 1)]], [0, "ok", [w("x", 1)]], [1, "invoke", [r("x")]], [1, "ok", [r("x", [1])]]),
      4,
      "micro-op 0 read a list, which makes it list-append, but the history is rw-register (line 1: micro-op 0 is a w)",
    ],
    [
      "a scalar read in a list-append history",
      lines([0, "invoke", [r("x")]], [0, "ok", [r("x", [])]], [1, "invoke", [r("x")]], [1, "ok", [r("x", 3)]]),
      4,
      "micro-op 0 read a single value, which makes it rw-register, but the history is list-append (line 2: micro-op 0 read a list)",
    ],
    [
      "an ok read without a value",
      lines([0, "invoke", [r("x")]], [0, "ok", [["r", "x"]]]),
      2,
      'micro-op 0 is ["r","x"]: a micro-op is [f, key, value]',
    ],
    [
      "an ok read of undefined shape",
      lines([0, "invoke", [r("x")]], [0, "ok", [r("x", { a: 1 })]]),
      2,
      'micro-op 0 read {"a":1}: a list (list-append), or a string, number or null (rw-register)',
    ],
    [
      "a list with a null element",
      lines([0, "invoke", [r("x")]], [0, "ok", [r("x", [1, null])]]),
      2,
      "micro-op 0 read a list whose element 1 is null: elements are strings or numbers",
    ],
    ["an ok without micro-ops", lines([0, "invoke", [r("x")]], [0, "ok"]), 2, "a txn ok needs value"],
    [
      "an ok with fewer micro-ops",
      lines([0, "invoke", [r("x"), append("x", 1)]], [0, "ok", [r("x", [])]]),
      2,
      "ok has 1 micro-ops, its invoke (index 0) 2",
    ],
    [
      "an ok with another key",
      lines([0, "invoke", [r("x")]], [0, "ok", [r("y", [])]]),
      2,
      'micro-op 0 is ["r","y"], its invoke\'s (index 0) ["r","x"]: same f and key at every position',
    ],
    [
      'an ok with key 1 for key "1"',
      lines([0, "invoke", [r("1")]], [0, "ok", [r(1, [])]]),
      2,
      'micro-op 0 is ["r",1], its invoke\'s (index 0) ["r","1"]',
    ],
    [
      "an ok with another f",
      lines([0, "invoke", [r("x"), append("x", 1)]], [0, "ok", [r("x", []), r("x", [1])]]),
      2,
      'micro-op 1 is ["r","x"], its invoke\'s (index 0) ["append","x"]',
    ],
    [
      "an ok that changes a write",
      lines([0, "invoke", [append("x", 1)]], [0, "ok", [append("x", 2)]]),
      2,
      'micro-op 0 writes 2 to key "x", its invoke wrote 1: writes are unchanged on completion',
    ],
    [
      "an info that changes a write",
      lines([0, "invoke", [w("x", 1)]], [0, "info", [w("x", 2)]]),
      2,
      'micro-op 0 writes 2 to key "x", its invoke wrote 1',
    ],
    [
      "a fail with other micro-ops",
      lines([0, "invoke", [w("x", 1)]], [0, "fail", [w("x", 1), r("x", 1)]]),
      2,
      "fail has 2 micro-ops, its invoke (index 0) 1",
    ],
    [
      "an element appended twice to one key",
      lines([0, "invoke", [append("x", 1)]], [0, "ok", [append("x", 1)]], [1, "invoke", [append("x", 1)]]),
      3,
      'key "x": 1 is written again (first at line 1); every element or value written must be unique per key over the whole history',
    ],
    [
      "an element appended twice in one transaction",
      lines([0, "invoke", [append("x", 1), append("x", 1)]]),
      1,
      'key "x": 1 is written again (earlier in this transaction)',
    ],
    [
      "a value written twice, the first by a failed transaction",
      lines([0, "invoke", [w("x", 1)]], [0, "fail"], [1, "invoke", [w(2, "a")]], [1, "ok", [w(2, "a")]], [2, "invoke", [w("x", 1)]]),
      5,
      'key "x": 1 is written again (first at line 1)',
    ],
  ])("refuses %s, naming the line", (_name, text, line, problem) => {
    const error = rejection(text);
    expect(error.field).toBe(`h.jsonl line ${line}`);
    expect(error.message).toContain(problem);
    expect(error.exitCode).toBe(2);
  });

  it("a fail read may carry anything the kind allows, or null", () => {
    const text = lines(
      [0, "invoke", [r("x"), append("x", 1)]],
      [0, "info", [r("x", null), append("x", 1)]],
      [1, "invoke", [r("y")]],
      [1, "fail", [r("y", null)]],
    );
    expect(parseHistory(text.join("\n"))).toHaveLength(4);
  });

  it("nemesis ops named txn are not transactions", () => {
    const text = [JSON.stringify({ index: 0, process: "nemesis", type: "invoke", f: "txn", time: 0, value: "anything" })];
    expect(parseHistory(text.join("\n"))).toHaveLength(1);
  });
});
