import { afterEach, describe, expect, it } from "vitest";
import { pollUntil, withDeadline } from "./deadline.ts";
import { DeadlineError } from "./errors.ts";
import { rejection } from "./testing.ts";
import { type ActiveWait, activeWaits, beginWait, currentWait } from "./waits.ts";

const ends: Array<() => void> = [];
const begin = (what: string, timeoutMs: number, now: number) => {
  const end = beginWait(what, timeoutMs, now);
  ends.push(end);
  return end;
};

afterEach(() => {
  for (const end of ends.splice(0)) end();
});

describe("beginWait, activeWaits, currentWait", () => {
  it("nothing is awaited at first", () => {
    expect(activeWaits()).toEqual([]);
    expect(currentWait()).toBeUndefined();
  });

  it("registers a wait with its start and deadline", () => {
    begin("n1 Primary", 30_000, 1_000);
    expect(activeWaits()).toEqual([{ what: "n1 Primary", startedAt: 1_000, deadline: 31_000 }]);
    expect(currentWait()).toEqual({ what: "n1 Primary", startedAt: 1_000, deadline: 31_000 });
  });

  it("lists waits oldest first; the current one is the latest started (the innermost)", () => {
    begin("inner", 5_000, 3_000);
    begin("outer", 60_000, 1_000);
    begin("middle", 30_000, 2_000);
    expect(activeWaits().map((w) => w.what)).toEqual(["outer", "middle", "inner"]);
    expect(currentWait()?.what).toBe("inner");
  });

  it("of two waits started at the same moment, the one begun last is current", () => {
    begin("first", 10_000, 5_000);
    begin("second", 10_000, 5_000);
    expect(currentWait()?.what).toBe("second");
  });

  it("ending a wait removes it; the one around it is current again", () => {
    begin("cluster", 60_000, 1_000);
    const endInner = begin("n1 Primary", 30_000, 2_000);
    endInner();
    expect(activeWaits().map((w) => w.what)).toEqual(["cluster"]);
    expect(currentWait()?.what).toBe("cluster");
  });

  it("ending a wait twice is harmless and removes no other wait", () => {
    const endA = begin("a", 1_000, 1_000);
    begin("b", 1_000, 2_000);
    endA();
    endA();
    expect(activeWaits().map((w) => w.what)).toEqual(["b"]);
  });

  it("two waits with the same words are distinct: ending one leaves the other", () => {
    const end1 = begin("n1 Primary", 1_000, 1_000);
    begin("n1 Primary", 1_000, 2_000);
    end1();
    expect(activeWaits()).toEqual([{ what: "n1 Primary", startedAt: 2_000, deadline: 3_000 }]);
  });

  it("the start defaults to now", () => {
    const before = Date.now();
    const end = beginWait("y", 500);
    const [y] = activeWaits() as [ActiveWait];
    end();
    expect(y.startedAt).toBeGreaterThanOrEqual(before);
    expect(y.startedAt).toBeLessThanOrEqual(Date.now());
    expect(y.deadline - y.startedAt).toBe(500);
    expect(activeWaits()).toEqual([]);
  });
});

describe("deadline helpers register their waits", () => {
  it("pollUntil registers its wait while polling and removes it when done", async () => {
    const seen: Array<ActiveWait | undefined> = [];
    let calls = 0;
    const value = await pollUntil(
      async () => {
        seen.push(currentWait());
        calls++;
        return calls < 2 ? { done: false, reason: "role slave" } : { done: true, value: "master" };
      },
      { what: "n1 Primary", timeoutMs: 1_000, intervalMs: 5 },
    );
    expect(value).toBe("master");
    expect(seen).toHaveLength(2);
    expect(seen.map((w) => w?.what)).toEqual(["n1 Primary", "n1 Primary"]);
    expect((seen[0]?.deadline ?? 0) - (seen[0]?.startedAt ?? 0)).toBe(1_000);
    expect(activeWaits()).toEqual([]);
  });

  it("pollUntil removes its wait when the deadline passes", async () => {
    let during: string | undefined;
    const error = await rejection(
      pollUntil(
        async () => {
          during = currentWait()?.what;
          return { done: false, reason: "role slave" };
        },
        { what: "n1 Primary", timeoutMs: 50, intervalMs: 10 },
      ),
    );
    expect(error).toBeInstanceOf(DeadlineError);
    expect((error as DeadlineError).waitingFor).toBe("n1 Primary");
    expect(during).toBe("n1 Primary");
    expect(activeWaits()).toEqual([]);
  });

  it("pollUntil removes its wait when a step never finishes before the deadline", async () => {
    const error = await rejection(pollUntil(() => new Promise<never>(() => {}), { what: "stuck check", timeoutMs: 50 }));
    expect(error).toBeInstanceOf(DeadlineError);
    expect(activeWaits()).toEqual([]);
  });

  it("withDeadline registers its wait at once and removes it when the promise settles", async () => {
    let resolve: (v: number) => void = () => {};
    const pending = withDeadline(
      new Promise<number>((r) => {
        resolve = r;
      }),
      1_000,
      "the write",
    );
    expect(currentWait()?.what).toBe("the write");
    expect((currentWait()?.deadline ?? 0) - (currentWait()?.startedAt ?? 0)).toBe(1_000);
    resolve(7);
    expect(await pending).toBe(7);
    expect(activeWaits()).toEqual([]);
  });

  it("withDeadline removes its wait when it throws a DeadlineError", async () => {
    const pending = withDeadline(new Promise<never>(() => {}), 50, "a reply");
    expect(activeWaits().map((w) => w.what)).toEqual(["a reply"]);
    const error = await rejection(pending);
    expect(error).toBeInstanceOf(DeadlineError);
    expect((error as DeadlineError).waitingFor).toBe("a reply");
    expect(activeWaits()).toEqual([]);
  });

  it("withDeadline removes its wait when the promise rejects", async () => {
    const error = await rejection(withDeadline(Promise.reject(new Error("connection refused")), 1_000, "a reply"));
    expect((error as Error).message).toBe("connection refused");
    expect(activeWaits()).toEqual([]);
  });

  it("a wait inside a poll step is the current one while it lasts", async () => {
    const seen: Array<string[]> = [];
    await pollUntil(
      async () => {
        const inner = withDeadline(Promise.resolve("ok"), 1_000, "INFO reply");
        seen.push(activeWaits().map((w) => w.what));
        seen.push([currentWait()?.what ?? "none"]);
        await inner;
        seen.push([currentWait()?.what ?? "none"]);
        return { done: true, value: undefined };
      },
      { what: "n1 Primary", timeoutMs: 1_000 },
    );
    expect(seen).toEqual([["n1 Primary", "INFO reply"], ["INFO reply"], ["n1 Primary"]]);
    expect(activeWaits()).toEqual([]);
  });
});
