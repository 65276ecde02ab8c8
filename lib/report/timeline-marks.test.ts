import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { listAppendChecker } from "../checkers/list-append.ts";
import { lossWindowChecker } from "../checkers/loss-window.ts";
import { registerChecker } from "../checkers/register.ts";
import { setChecker } from "../checkers/set.ts";
import { projectPath } from "../core/paths.ts";
import { parseHistory } from "../history/loader.ts";
import type { Op } from "../history/op.ts";
import { anomalousTxns, anomalyCases, lostWrites, nonLinearizableOps } from "./timeline-marks.ts";

const fixture = (path: string) => parseHistory(readFileSync(projectPath("fixtures", "histories", path), "utf8"), path);

describe("anomalyCases and anomalousTxns", () => {
  it("a read skew: the cycle with its steps, and both transactions marked", () => {
    const result = listAppendChecker.check(fixture("list-append/g-single-read-skew.jsonl"), { model: "snapshot-isolation" });
    const cases = anomalyCases({ "list-append": result });
    expect(cases.map((c) => [c.anomaly, c.forbidden, c.count, c.txns.map((t) => t.name)])).toEqual([["G-single", true, 1, ["T0", "T1"]]]);
    expect(cases[0]?.steps?.map((s) => [s.from, s.type, s.key, s.to])).toEqual([
      ["T0", "rw", "x", "T1"],
      ["T1", "wr", "y", "T0"],
    ]);
    expect(cases[0]?.explanation[0]).toBe("G-single: T0 -rw-> T1 -wr-> T0");
    expect(anomalousTxns(cases)).toEqual([
      { index: 0, name: "T0", anomalies: ["G-single"] },
      { index: 1, name: "T1", anomalies: ["G-single"] },
    ]);
  });

  it("direct findings have no steps; a transaction in two anomalies is marked once with both", () => {
    const result = listAppendChecker.check(fixture("list-append/lost-update.jsonl"), { model: "repeatable-read" });
    const cases = anomalyCases({ "list-append": result });
    expect(cases.map((c) => [c.anomaly, c.steps === undefined])).toEqual([
      ["lost-update", true],
      ["G-single", false],
    ]);
    expect(anomalousTxns(cases).map((t) => [t.name, t.anomalies])).toEqual([
      ["T0", ["lost-update", "G-single"]],
      ["T1", ["lost-update", "G-single"]],
    ]);
  });

  it("results without anomalies, or not shaped as the checkers write them, mark nothing", () => {
    expect(anomalyCases({ set: { checker: "set", valid: true, lost: [] } })).toEqual([]);
    expect(anomalyCases({ x: { checker: "x", valid: false, anomalies: { G0: { cases: [null, { txns: "no" }] } } } })).toEqual([]);
  });
});

describe("lostWrites", () => {
  const history = fixture("set/lost.jsonl");

  it("the acknowledged adds the set check found missing, by their invoke", () => {
    const set = setChecker.check(history, {});
    const lost = lostWrites({ set }, history);
    expect(lost.map((l) => l.element)).toEqual(set.lost);
    for (const l of lost) expect(history[l.index]).toMatchObject({ type: "invoke", f: "add", value: l.element });
    expect(lost.every((l) => !l.allowed)).toBe(true);
  });

  it("a loss-window check's allowed losses are marked allowed", () => {
    const ops: Op[] = [
      { index: 0, process: 0, type: "invoke", f: "add", value: 1, time: 0, node: "n1" },
      { index: 1, process: 0, type: "ok", f: "add", value: 1, time: 10, node: "n1" },
      { index: 2, process: "nemesis", type: "invoke", f: "partition", value: {}, time: 15 },
      { index: 3, process: "nemesis", type: "info", f: "partition", value: { nodes: ["n1"] }, time: 20 },
      { index: 4, process: 0, type: "invoke", f: "add", value: 2, time: 30, node: "n1" },
      { index: 5, process: 0, type: "ok", f: "add", value: 2, time: 40, node: "n1" },
      { index: 6, process: 1, type: "invoke", f: "read", time: 50, node: "n2" },
      { index: 7, process: 1, type: "ok", f: "read", value: [], time: 60, node: "n2" },
    ];
    const results = {
      set: setChecker.check(ops, {}),
      "loss-window": lossWindowChecker.check(ops, { node: "n1", windowMs: 1, lagMs: 0 }),
    };
    expect(lostWrites(results, ops)).toEqual([
      { index: 0, element: 1, allowed: false },
      { index: 4, element: 2, allowed: true },
    ]);
  });
});

describe("nonLinearizableOps", () => {
  it("the ops a register check could not order, by invoke index, naming the key", () => {
    const history = fixture("register/stale-read.jsonl");
    const result = registerChecker.check(history, {});
    // write 1, then write 2, then a read of 1: no order of the three fits their times.
    expect(nonLinearizableOps({ register: result })).toEqual([
      { index: 0, name: "write 1", anomalies: ["not linearizable (key x)"] },
      { index: 2, name: "write 2", anomalies: ["not linearizable (key x)"] },
      { index: 4, name: "read 1", anomalies: ["not linearizable (key x)"] },
    ]);
  });

  it("a linearizable register marks nothing", () => {
    const history = fixture("register/sequential-valid.jsonl");
    expect(nonLinearizableOps({ register: registerChecker.check(history, {}) })).toEqual([]);
  });
});
