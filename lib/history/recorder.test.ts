import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Clock } from "../core/clock.ts";
import { NEMESIS } from "./op.ts";
import { HistoryRecorder } from "./recorder.ts";

function fakeClock(times: number[]): Clock {
  let i = 0;
  return {
    nowNs: () => {
      const t = times[i++];
      if (t === undefined) throw new Error("fake clock ran out of times");
      return t;
    },
  };
}

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "faultline-recorder-"));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const lines = (path: string) =>
  readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l !== "");

describe("HistoryRecorder", () => {
  it("indexes ops from 0 and takes their times from the clock", () => {
    const recorder = new HistoryRecorder({ clock: fakeClock([100, 250, 400]) });
    const a = recorder.record({ process: 0, type: "invoke", f: "write", key: "k1", value: 17, node: "n2" });
    const b = recorder.record({ process: 0, type: "ok", f: "write", key: "k1", value: 17, node: "n2" });
    const c = recorder.record({ process: NEMESIS, type: "invoke", f: "partition", value: ["n1"] });
    expect([a.index, b.index, c.index]).toEqual([0, 1, 2]);
    expect([a.time, b.time, c.time]).toEqual([100, 250, 400]);
    expect(a).toMatchObject({ process: 0, type: "invoke", f: "write", key: "k1", value: 17, node: "n2", index: 0, time: 100 });
    expect(recorder.ops()).toEqual([a, b, c]);
  });

  it("stamps an ISO 8601 wall time", () => {
    const before = Date.now();
    const op = new HistoryRecorder({ clock: fakeClock([1]) }).record({ process: 1, type: "invoke", f: "read", key: "k" });
    expect(op.wall).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const wall = Date.parse(op.wall as string);
    expect(wall).toBeGreaterThanOrEqual(before);
    expect(wall).toBeLessThanOrEqual(Date.now());
  });

  it("exposes the clock it was given", () => {
    const clock = fakeClock([]);
    expect(new HistoryRecorder({ clock }).clock).toBe(clock);
  });

  it("creates the parent directory when constructed", () => {
    const path = join(tempDir(), "runs", "r1", "history.jsonl");
    expect(existsSync(dirname(path))).toBe(false);
    new HistoryRecorder({ path, clock: fakeClock([]) });
    expect(existsSync(dirname(path))).toBe(true);
    expect(existsSync(path)).toBe(false);
  });

  it("writes one JSON line per op, at once", () => {
    const path = join(tempDir(), "nested", "history.jsonl");
    const recorder = new HistoryRecorder({ path, clock: fakeClock([10, 20, 30]) });

    const first = recorder.record({ process: 3, type: "invoke", f: "write", key: "k1", value: 17, node: "n2" });
    expect(lines(path)).toEqual([JSON.stringify(first)]);
    expect(JSON.parse(lines(path)[0] as string)).toEqual({
      process: 3,
      type: "invoke",
      f: "write",
      key: "k1",
      value: 17,
      node: "n2",
      index: 0,
      time: 10,
      wall: first.wall,
    });

    const second = recorder.record({ process: 3, type: "info", f: "write", key: "k1", value: 17, error: "timeout" });
    expect(lines(path).map((l) => JSON.parse(l))).toEqual([first, second]);

    const third = recorder.record({ process: NEMESIS, type: "info", f: "heal", value: { nodes: [] } });
    const parsed = lines(path).map((l) => JSON.parse(l));
    expect(parsed).toEqual([first, second, third]);
    expect(parsed.map((op) => [op.index, op.time])).toEqual([
      [0, 10],
      [1, 20],
      [2, 30],
    ]);
    expect(readFileSync(path, "utf8").endsWith("\n")).toBe(true);
    expect(readFileSync(path, "utf8").split("\n").length).toBe(4);
  });

  it("appends to an existing file rather than replacing it", () => {
    const path = join(tempDir(), "history.jsonl");
    new HistoryRecorder({ path, clock: fakeClock([1]) }).record({ process: 0, type: "invoke", f: "read" });
    new HistoryRecorder({ path, clock: fakeClock([2]) }).record({ process: 0, type: "ok", f: "read" });
    expect(lines(path).map((l) => JSON.parse(l).type)).toEqual(["invoke", "ok"]);
  });
});
