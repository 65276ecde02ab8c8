import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseHistory } from "../history/loader.ts";
import { setChecker } from "./set.ts";
import { runChecker } from "./verdict.ts";

const history = (name: string) =>
  parseHistory(readFileSync(new URL(`../../fixtures/histories/set/${name}`, import.meta.url), "utf8"), name);
const check = (name: string) => runChecker(setChecker, history(name), {});

describe("set checker on hand-written histories", () => {
  it("valid: every acknowledged add read back", () => {
    expect(check("valid.jsonl")).toEqual({
      checker: "set",
      valid: true,
      attempted: [1, 2],
      acknowledged: [1, 2],
      read: 2,
      finalReadIndex: 4,
      lost: [],
      recovered: [],
      unexpected: [],
      duplicated: [],
      failedPresent: [],
    });
  });

  it("lost: an add acknowledged on the minority side during a partition is missing", () => {
    const r = check("lost.jsonl");
    expect(r.valid).toBe(false);
    expect(r.lost).toEqual([2]);
    expect(r.acknowledged).toEqual([1, 2, 3]);
    expect(r.unexpected).toEqual([]);
  });

  it("info both ways: present -> recovered, absent -> allowed", () => {
    const r = check("info-both-ways.jsonl");
    expect(r.valid).toBe(true);
    expect(r.recovered).toEqual(["a"]);
    expect(r.lost).toEqual([]);
    expect(r.attempted).toEqual(["a", "b", "c"]);
    expect(r.acknowledged).toEqual(["c"]);
  });

  it("unexpected, duplicated and failed-but-present elements each make it invalid", () => {
    const r = check("unexpected-duplicated-failed.jsonl");
    expect(r.valid).toBe(false);
    expect(r.duplicated).toEqual([1]);
    expect(r.failedPresent).toEqual([2]);
    expect(r.unexpected).toEqual([99]);
    expect(r.lost).toEqual([]);
  });

  it("unknown without an ok final read", () => {
    const r = check("no-final-read.jsonl");
    expect(r.valid).toBe("unknown");
    expect(r.reason).toBe("no read completed ok, so nothing can be said about the adds");
  });

  it("a read value that is not a list is unknown, not a crash", () => {
    const ops = parseHistory(
      [
        '{"index":0,"process":0,"type":"invoke","f":"read","time":1}',
        '{"index":1,"process":0,"type":"ok","f":"read","value":"oops","time":2}',
      ].join("\n"),
    );
    expect(runChecker(setChecker, ops, {}).valid).toBe("unknown");
  });

  it("uses another final-read f when told", () => {
    const ops = parseHistory(
      [
        '{"index":0,"process":0,"type":"invoke","f":"add","value":5,"time":1}',
        '{"index":1,"process":0,"type":"ok","f":"add","value":5,"time":2}',
        '{"index":2,"process":0,"type":"invoke","f":"final-read","time":3,"node":"n1"}',
        '{"index":3,"process":0,"type":"ok","f":"final-read","value":[],"time":4,"node":"n1"}',
      ].join("\n"),
    );
    expect(runChecker(setChecker, ops, { readF: "final-read" }).lost).toEqual([5]);
  });
});
