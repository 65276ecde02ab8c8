import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { pollUntil, withDeadline } from "./deadline.ts";
import { DeadlineError } from "./errors.ts";
import { setLongTimeout } from "./long-timer.ts";
import { MAX_TIMER_MS } from "./time-limits.ts";

const DAY = 24 * 60 * 60 * 1000;
const never = () => new Promise<never>(() => {});

describe("deadlines beyond Node's timer range (2^31-1 ms) do not fire early (fake timers)", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("setLongTimeout fires at 100 days, not after 1 ms, and not at all once cleared", async () => {
    const fired: number[] = [];
    const start = Date.now();
    setLongTimeout(() => fired.push(Date.now() - start), 100 * DAY);
    const cleared = setLongTimeout(() => fired.push(-1), 100 * DAY);
    await vi.advanceTimersByTimeAsync(1000);
    expect(fired).toEqual([]);
    await vi.advanceTimersByTimeAsync(MAX_TIMER_MS);
    expect(fired).toEqual([]);
    cleared.clear();
    await vi.advanceTimersByTimeAsync(100 * DAY);
    expect(fired).toEqual([100 * DAY]);
  });

  it("a delay within range is one plain timer; 0, negative and NaN fire at once", async () => {
    const fired: string[] = [];
    setLongTimeout(() => fired.push("5"), 5);
    for (const d of [0, -3, Number.NaN]) setLongTimeout(() => fired.push(String(d)), d);
    await vi.advanceTimersByTimeAsync(0);
    expect(fired).toEqual(["0", "-3", "NaN"]);
    await vi.advanceTimersByTimeAsync(5);
    expect(fired).toEqual(["0", "-3", "NaN", "5"]);
  });

  it("withDeadline of 99999999999 ms is still waiting after a day, and expires at its time", async () => {
    let outcome: unknown;
    withDeadline(never(), 99_999_999_999, "a cluster to become ready").catch((e) => {
      outcome = e;
    });
    await vi.advanceTimersByTimeAsync(DAY);
    expect(outcome).toBeUndefined();
    await vi.advanceTimersByTimeAsync(99_999_999_999 - DAY);
    expect(outcome).toBeInstanceOf(DeadlineError);
  });

  it("pollUntil with a deadline of 3e9 ms keeps polling past 2^31-1 ms from its start", async () => {
    let calls = 0;
    let outcome: unknown;
    pollUntil(
      () => {
        calls++;
        return never();
      },
      { what: "a step that never settles", timeoutMs: 3e9, intervalMs: 10 },
    ).catch((e) => {
      outcome = e;
    });
    await vi.advanceTimersByTimeAsync(10);
    expect(outcome).toBeUndefined();
    await vi.advanceTimersByTimeAsync(MAX_TIMER_MS);
    expect(outcome).toBeUndefined();
    await vi.advanceTimersByTimeAsync(3e9);
    expect(outcome).toBeInstanceOf(DeadlineError);
    expect(calls).toBe(1);
  });
});
