import { describe, expect, it } from "vitest";
import type { Op } from "./op.ts";
import { clientOperations, faultWindows } from "./pairs.ts";

let index = 0;
const op = (o: Partial<Op> & Pick<Op, "process" | "type" | "f" | "time">): Op => ({ index: index++, ...o }) as Op;

describe("clientOperations", () => {
  it("pairs invokes with the next completion of the same process, skips the nemesis, leaves unfinished ones info", () => {
    const ops = clientOperations([
      op({ process: 0, type: "invoke", f: "write", key: "k", value: 1, time: 1 }),
      op({ process: 1, type: "invoke", f: "read", key: "k", time: 2 }),
      op({ process: "nemesis", type: "invoke", f: "kill", time: 3 }),
      op({ process: 1, type: "ok", f: "read", key: "k", value: 1, time: 4 }),
      op({ process: 0, type: "fail", f: "write", key: "k", value: 1, time: 5 }),
      op({ process: 0, type: "invoke", f: "write", key: "k", value: 2, time: 6 }),
    ]);
    expect(ops.map((o) => [o.process, o.f, o.outcome, o.value, o.completion?.time])).toEqual([
      [0, "write", "fail", 1, 5],
      [1, "read", "ok", 1, 4],
      [0, "write", "info", 2, undefined],
    ]);
  });
});

describe("faultWindows", () => {
  const nemesis = (type: "invoke" | "info", f: string, time: number, extra: Partial<Op> = {}) =>
    op({ process: "nemesis", type, f, time, ...extra });

  it("opens a window when a fault took effect and closes all open ones at the heal's info", () => {
    const windows = faultWindows([
      nemesis("invoke", "partition", 10),
      nemesis("info", "partition", 12),
      nemesis("invoke", "kill", 20),
      nemesis("info", "kill", 21),
      nemesis("invoke", "heal", 30),
      nemesis("info", "heal", 33),
      nemesis("invoke", "pause", 40),
      nemesis("info", "pause", 41),
    ]);
    expect(windows.map((w) => [w.f, w.start, w.end])).toEqual([
      ["partition", 12, 33],
      ["kill", 21, 33],
      ["pause", 41, undefined],
    ]);
  });

  it("a heal that reported an error closes nothing; a restart is a window of no length", () => {
    const windows = faultWindows([
      nemesis("info", "partition", 5),
      nemesis("info", "heal", 10, { error: "Toxiproxy did not answer" }),
      nemesis("info", "restart", 12),
      nemesis("info", "heal", 20),
    ]);
    expect(windows.map((w) => [w.f, w.start, w.end])).toEqual([
      ["partition", 5, 20],
      ["restart", 12, 12],
    ]);
  });
});
