import { describe, expect, it } from "vitest";
import { distribution, percentile, type RepeatRecord, repeatGroups, repeatMarkdown } from "./repeat-stats.ts";

const rec = (valid: RepeatRecord["valid"], timings: Record<string, number>, scenario = "failover"): RepeatRecord => ({
  suite: "redis",
  scenario,
  target: "redis-7.0",
  valid,
  timings,
});

describe("percentile (nearest rank)", () => {
  it("returns observed values", () => {
    const v = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(v, 50)).toBe(5);
    expect(percentile(v, 95)).toBe(10);
    expect(percentile(v, 0)).toBe(1);
    expect(percentile([42], 95)).toBe(42);
  });
  it("refuses no values", () => {
    expect(() => percentile([], 50)).toThrow(/no values/);
  });
});

describe("distribution", () => {
  it("sorts before taking min, median, p95, max", () => {
    expect(distribution([300, 100, 200])).toEqual({ n: 3, min: 100, median: 200, p95: 300, max: 300 });
  });
});

describe("repeatGroups", () => {
  it("groups repeats of one scenario and target, with each timing's distribution", () => {
    const [g] = repeatGroups([
      rec(true, { failoverMs: 4000, readyMs: 900 }),
      rec(true, { failoverMs: 5000 }),
      rec(true, { failoverMs: 3000 }),
    ]);
    expect(g?.verdicts).toEqual([true, true, true]);
    expect(g?.flaky).toBe(false);
    expect(g?.valid).toBe(true);
    expect(g?.timings.failoverMs).toEqual({ n: 3, min: 3000, median: 4000, p95: 5000, max: 5000 });
    // A timing only some repeats measured is over those repeats only.
    expect(g?.timings.readyMs?.n).toBe(1);
  });

  it("a scenario whose verdict changed is flaky and never passed: true then unknown is unknown", () => {
    const [g] = repeatGroups([rec(true, {}), rec("unknown", {})]);
    expect(g?.flaky).toBe(true);
    expect(g?.valid).toBe("unknown");
  });

  it("true then false is flaky and false", () => {
    const [g] = repeatGroups([rec(true, {}), rec(false, {}), rec(true, {})]);
    expect(g?.flaky).toBe(true);
    expect(g?.valid).toBe(false);
  });

  it("keeps scenarios apart", () => {
    const groups = repeatGroups([rec(true, {}, "a"), rec(false, {}, "b"), rec(true, {}, "a")]);
    expect(groups.map((g) => [g.scenario, g.verdicts.length, g.flaky])).toEqual([
      ["a", 2, false],
      ["b", 1, false],
    ]);
  });
});

describe("repeatMarkdown", () => {
  it("names the flaky scenarios with their verdicts", () => {
    const md = repeatMarkdown(repeatGroups([rec(true, { failoverMs: 4000 }), rec(false, { failoverMs: 12_500 })]));
    expect(md).toContain("| redis/failover | redis-7.0 | failoverMs | 2 | 4000 ms | 4000 ms | 12.5 s | 12.5 s |");
    expect(md).toContain("- redis/failover on redis-7.0: true, false");
  });
  it("says when nothing was flaky", () => {
    expect(repeatMarkdown(repeatGroups([rec(true, {}), rec(true, {})]))).toContain("No scenario changed its verdict");
  });
});
