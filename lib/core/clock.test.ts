import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { monotonicClock } from "./clock.ts";

describe("monotonicClock", () => {
  it("starts near 0 nanoseconds", () => {
    const clock = monotonicClock();
    const first = clock.nowNs();
    expect(first).toBeGreaterThanOrEqual(0);
    expect(first).toBeLessThan(50_000_000);
    expect(Number.isInteger(first)).toBe(true);
  });

  it("never goes backwards", () => {
    const clock = monotonicClock();
    let previous = clock.nowNs();
    for (let i = 0; i < 10_000; i++) {
      const now = clock.nowNs();
      expect(now).toBeGreaterThanOrEqual(previous);
      previous = now;
    }
  });

  it("counts nanoseconds: a 20 ms sleep advances it by about 20e6", async () => {
    const clock = monotonicClock();
    const before = clock.nowNs();
    await sleep(20);
    const elapsed = clock.nowNs() - before;
    expect(elapsed).toBeGreaterThanOrEqual(15_000_000);
    expect(elapsed).toBeLessThan(2_000_000_000);
  });

  it("each clock has its own start", async () => {
    const older = monotonicClock();
    await sleep(10);
    const newer = monotonicClock();
    expect(older.nowNs()).toBeGreaterThan(newer.nowNs());
  });
});
