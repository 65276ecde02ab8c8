import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BadInputError } from "../core/errors.ts";
import { loadHistory, parseHistory } from "./loader.ts";

const op = (o: Record<string, unknown>) => JSON.stringify(o);
const inv = (index: number, process: number | string, f: string, time: number, extra: Record<string, unknown> = {}) =>
  op({ index, process, type: "invoke", f, time, ...extra });
const done = (index: number, process: number | string, type: string, f: string, time: number, extra: Record<string, unknown> = {}) =>
  op({ index, process, type, f, time, ...extra });

function rejection(lines: string[]): BadInputError {
  try {
    parseHistory(lines.join("\n"), "h.jsonl");
  } catch (error) {
    if (error instanceof BadInputError) return error;
    throw error;
  }
  throw new Error("expected the history to be rejected");
}

describe("parseHistory", () => {
  it("accepts a valid history with nemesis ops, blank lines and an invoke left open at the end", () => {
    const ops = parseHistory(
      [
        inv(0, 0, "write", 10, { key: "k", value: 1 }),
        inv(1, "nemesis", "partition", 11, { value: { grudge: {} } }),
        done(2, 0, "ok", "write", 20, { key: "k", value: 1 }),
        done(3, "nemesis", "info", "partition", 21, { value: { links: [] } }),
        "",
        inv(4, 1, "read", 30, { key: "k" }),
        "",
      ].join("\n"),
    );
    expect(ops.map((o) => `${o.index}:${o.process}:${o.type}:${o.f}`)).toEqual([
      "0:0:invoke:write",
      "1:nemesis:invoke:partition",
      "2:0:ok:write",
      "3:nemesis:info:partition",
      "4:1:invoke:read",
    ]);
  });

  it.each([
    ["not JSON", ["{oops"], 1, "not valid JSON"],
    ["not an object", ["[1,2]"], 1, "not a JSON object"],
    ["index out of order", [inv(1, 0, "read", 1)], 1, "index is 1, expected 0"],
    ["unknown type", [op({ index: 0, process: 0, type: "done", f: "read", time: 1 })], 1, 'type is "done"'],
    ["bad process", [inv(0, -1, "read", 1)], 1, "process is -1"],
    ["missing f", [op({ index: 0, process: 0, type: "invoke", time: 1 })], 1, "f is undefined"],
    ["negative time", [inv(0, 0, "read", -5)], 1, "time is -5"],
    ["non-string key", [inv(0, 0, "read", 1, { key: 7 })], 1, "key is 7"],
    ["completion without invoke", [done(0, 0, "ok", "read", 1, { value: 1 })], 1, "ok of read on process 0 completes no invoke"],
    [
      "second invoke while open",
      [inv(0, 0, "read", 1), inv(1, 0, "read", 2)],
      2,
      "invokes read while its read (index 0) has no completion",
    ],
    [
      "completion of another f",
      [inv(0, 0, "read", 1), done(1, 0, "ok", "write", 2, { value: 1 })],
      2,
      "ok of write completes process 0's read",
    ],
    [
      "time going back on a process",
      [inv(0, 0, "read", 10), done(1, 0, "ok", "read", 5, { value: 1 })],
      2,
      "time 5 goes back from 10 on process 0",
    ],
    ["nemesis completing ok", [inv(0, "nemesis", "kill", 1), done(1, "nemesis", "ok", "kill", 2)], 2, "a nemesis op completes with info"],
    ["add without element", [inv(0, 0, "add", 1)], 1, "an add invoke needs the element"],
    ["write without value", [inv(0, 0, "write", 1, { key: "k" })], 1, "a write invoke needs the value written"],
    ["cas without [expected, new]", [inv(0, 0, "cas", 1, { value: 3 })], 1, "a cas invoke needs value [expected, new]"],
    ["ok read without value", [inv(0, 0, "read", 1), done(1, 0, "ok", "read", 2)], 2, "an ok read needs the value read"],
  ])("rejects %s, naming the line", (_, lines, line, problem) => {
    const e = rejection(lines as string[]);
    expect(e.field).toBe(`h.jsonl line ${line}`);
    expect(e.message).toContain(problem as string);
    expect(e.exitCode).toBe(2);
  });

  it("a time too large for a number (1e309, read as Infinity) is named as such with its line, not as null", () => {
    const e = rejection([inv(0, 0, "read", 1), '{"index":1,"process":0,"type":"ok","f":"read","value":1,"time":1e309}']);
    expect(e.field).toBe("h.jsonl line 2");
    expect(e.message).toContain("time is a number too large to hold (read as Infinity): monotonic nanoseconds, a finite number from 0");
    expect(e.message).not.toContain("time is null");
  });

  it("counts blank lines in line numbers", () => {
    expect(rejection([inv(0, 0, "read", 1), "", "{oops"]).field).toBe("h.jsonl line 3");
  });

  it("allows a failed or indeterminate read without a value", () => {
    expect(
      parseHistory([inv(0, 0, "read", 1), done(1, 0, "info", "read", 2), inv(2, 0, "read", 3), done(3, 0, "fail", "read", 4)].join("\n")),
    ).toHaveLength(4);
  });
});

describe("loadHistory", () => {
  it("reads a file, and names a missing one as bad input", async () => {
    const dir = await mkdtemp(join(tmpdir(), "fl-hist-"));
    const path = join(dir, "history.jsonl");
    await writeFile(path, `${inv(0, 0, "read", 1)}\n`);
    expect(await loadHistory(path)).toHaveLength(1);
    await expect(loadHistory(join(dir, "nope.jsonl"))).rejects.toThrow(/cannot read .*nope\.jsonl \(ENOENT\)/);
  });
});
