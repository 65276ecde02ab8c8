import { describe, expect, it } from "vitest";
import type { Clock } from "../core/clock.ts";
import { NEMESIS, type Op, type OpInput } from "./op.ts";
import { HistoryRecorder } from "./recorder.ts";
import { okWritesBetween } from "./window-writes.ts";

/** A clock the test sets by hand. */
function fakeClock(): Clock & { at(ns: number): void } {
  let now = 0;
  return {
    nowNs: () => now,
    at: (ns) => {
      now = ns;
    },
  };
}

/** A recorder whose ops get the time the test gives. */
function history() {
  const clock = fakeClock();
  const recorder = new HistoryRecorder({ clock });
  const at = (ns: number, input: OpInput) => {
    clock.at(ns);
    return recorder.record(input);
  };
  return { recorder, at };
}

const values = (ops: readonly Op[]) => ops.map((o) => o.value);

describe("okWritesBetween", () => {
  it("keeps an acknowledged add to a listed node invoked and completed inside the window, as its completion", () => {
    const { recorder, at } = history();
    at(100, { process: 0, type: "invoke", f: "add", value: 1, node: "n1" });
    const ok = at(200, { process: 0, type: "ok", f: "add", value: 1, node: "n1" });
    const found = okWritesBetween(recorder.ops(), ["n1"], 50, 300);
    expect(found).toEqual([ok]);
    expect(found[0]?.type).toBe("ok");
    expect(found[0]?.time).toBe(200);
  });

  it("filters by the node the write was sent to", () => {
    const { recorder, at } = history();
    at(100, { process: 0, type: "invoke", f: "add", value: 1, node: "n1" });
    at(110, { process: 1, type: "invoke", f: "add", value: 2, node: "n2" });
    at(120, { process: 2, type: "invoke", f: "add", value: 3, node: "n3" });
    at(130, { process: 3, type: "invoke", f: "add", value: 4 });
    at(200, { process: 0, type: "ok", f: "add", value: 1, node: "n1" });
    at(210, { process: 1, type: "ok", f: "add", value: 2, node: "n2" });
    at(220, { process: 2, type: "ok", f: "add", value: 3, node: "n3" });
    at(230, { process: 3, type: "ok", f: "add", value: 4 });
    const ops = recorder.ops();
    expect(values(okWritesBetween(ops, ["n1", "n3"], 0, 1000))).toEqual([1, 3]);
    expect(values(okWritesBetween(ops, ["n2"], 0, 1000))).toEqual([2]);
    expect(okWritesBetween(ops, [], 0, 1000)).toEqual([]);
    expect(okWritesBetween(ops, ["n9"], 0, 1000)).toEqual([]);
  });

  it("the node comes from the invoke, not the completion", () => {
    const { recorder, at } = history();
    at(100, { process: 0, type: "invoke", f: "add", value: 1, node: "n1" });
    at(200, { process: 0, type: "ok", f: "add", value: 1 });
    expect(values(okWritesBetween(recorder.ops(), ["n1"], 0, 1000))).toEqual([1]);
  });

  it("only writes invoked at or after `from`", () => {
    const { recorder, at } = history();
    at(99, { process: 0, type: "invoke", f: "add", value: 1, node: "n1" });
    at(100, { process: 1, type: "invoke", f: "add", value: 2, node: "n1" });
    at(150, { process: 0, type: "ok", f: "add", value: 1, node: "n1" });
    at(160, { process: 1, type: "ok", f: "add", value: 2, node: "n1" });
    expect(values(okWritesBetween(recorder.ops(), ["n1"], 100, 1000))).toEqual([2]);
  });

  it("only writes acknowledged at or before `to`", () => {
    const { recorder, at } = history();
    at(100, { process: 0, type: "invoke", f: "add", value: 1, node: "n1" });
    at(110, { process: 1, type: "invoke", f: "add", value: 2, node: "n1" });
    at(500, { process: 0, type: "ok", f: "add", value: 1, node: "n1" });
    at(501, { process: 1, type: "ok", f: "add", value: 2, node: "n1" });
    expect(values(okWritesBetween(recorder.ops(), ["n1"], 0, 500))).toEqual([1]);
  });

  it("only acknowledged adds: fail, info, unfinished and other functions are left out", () => {
    const { recorder, at } = history();
    at(100, { process: 0, type: "invoke", f: "add", value: 1, node: "n1" });
    at(101, { process: 1, type: "invoke", f: "add", value: 2, node: "n1" });
    at(102, { process: 2, type: "invoke", f: "add", value: 3, node: "n1" });
    at(103, { process: 3, type: "invoke", f: "read", node: "n1" });
    at(104, { process: 4, type: "invoke", f: "add", value: 5, node: "n1" });
    at(105, { process: 5, type: "invoke", f: "write", value: 6, node: "n1" });
    at(200, { process: 0, type: "ok", f: "add", value: 1, node: "n1" });
    at(201, { process: 1, type: "fail", f: "add", value: 2, node: "n1", error: "WSREP has not yet prepared node for application use" });
    at(202, { process: 2, type: "info", f: "add", value: 3, node: "n1", error: "timeout" });
    at(203, { process: 3, type: "ok", f: "read", value: [1], node: "n1" });
    at(205, { process: 5, type: "ok", f: "write", value: 6, node: "n1" });
    // process 4 never completes
    expect(values(okWritesBetween(recorder.ops(), ["n1"], 0, 1000))).toEqual([1]);
  });

  it("ignores nemesis ops and keeps history order across processes", () => {
    const { recorder, at } = history();
    at(100, { process: NEMESIS, type: "invoke", f: "partition", value: { isolate: "n3" } });
    at(110, { process: 1, type: "invoke", f: "add", value: 10, node: "n2" });
    at(120, { process: 0, type: "invoke", f: "add", value: 20, node: "n1" });
    at(130, { process: NEMESIS, type: "info", f: "partition", value: { isolate: "n3" } });
    at(140, { process: 0, type: "ok", f: "add", value: 20, node: "n1" });
    at(150, { process: 1, type: "ok", f: "add", value: 10, node: "n2" });
    at(160, { process: 0, type: "invoke", f: "add", value: 30, node: "n1" });
    at(170, { process: 0, type: "ok", f: "add", value: 30, node: "n1" });
    // Ordered by invoke: 10 (invoked 110), 20 (120), 30 (160).
    expect(values(okWritesBetween(recorder.ops(), ["n1", "n2"], 0, 1000))).toEqual([10, 20, 30]);
  });

  it("an empty window or history finds nothing", () => {
    const { recorder, at } = history();
    at(100, { process: 0, type: "invoke", f: "add", value: 1, node: "n1" });
    at(200, { process: 0, type: "ok", f: "add", value: 1, node: "n1" });
    expect(okWritesBetween(recorder.ops(), ["n1"], 300, 200)).toEqual([]);
    expect(okWritesBetween([], ["n1"], 0, 1000)).toEqual([]);
  });

  it("works on a hand-written history too", () => {
    const ops: Op[] = [
      { index: 0, process: 0, type: "invoke", f: "add", value: 7, time: 1_000, node: "n2" },
      { index: 1, process: 0, type: "ok", f: "add", value: 7, time: 2_000, node: "n2" },
      { index: 2, process: 0, type: "invoke", f: "add", value: 8, time: 3_000, node: "n2" },
      { index: 3, process: 0, type: "ok", f: "add", value: 8, time: 9_000, node: "n2" },
    ];
    expect(okWritesBetween(ops, ["n2"], 1_000, 5_000)).toEqual([ops[1]]);
    expect(okWritesBetween(ops, ["n2"], 1_001, 9_000)).toEqual([ops[3]]);
  });
});
