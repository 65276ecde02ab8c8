import { describe, expect, it } from "vitest";
import { type PollResult, pollUntil, withDeadline } from "./deadline.ts";
import { DeadlineError } from "./errors.ts";
import { rejection } from "./testing.ts";

const notYet = (reason: string): PollResult<never> => ({ done: false, reason });

describe("pollUntil", () => {
  it("returns the value once a step reports done, polling until then", async () => {
    let calls = 0;
    const value = await pollUntil(
      async () => {
        calls++;
        return calls < 3 ? notYet(`attempt ${calls}`) : { done: true, value: { nodes: 6 } };
      },
      { what: "nodes", timeoutMs: 1000, intervalMs: 5 },
    );
    expect(value).toEqual({ nodes: 6 });
    expect(calls).toBe(3);
  });

  it("returns at once when the first step is done", async () => {
    let calls = 0;
    const value = await pollUntil(
      async () => {
        calls++;
        return { done: true, value: "ready" };
      },
      { what: "x", timeoutMs: 50, intervalMs: 5 },
    );
    expect(value).toBe("ready");
    expect(calls).toBe(1);
  });

  it("on timeout throws a DeadlineError naming what it waited for and the last reason", async () => {
    let calls = 0;
    const started = Date.now();
    const error = await rejection(
      pollUntil(
        async () => {
          calls++;
          return notYet(`${calls} of 6 nodes answer PING`);
        },
        { what: "all 6 Redis nodes to answer PING", timeoutMs: 60, intervalMs: 10 },
      ),
    );
    expect(error).toBeInstanceOf(DeadlineError);
    const deadline = error as DeadlineError;
    expect(deadline.waitingFor).toBe("all 6 Redis nodes to answer PING");
    expect(deadline.exitCode).toBe(2);
    expect(deadline.message).toMatch(/^timed out after \d+\.\d s waiting for all 6 Redis nodes to answer PING; last seen: \d+ of 6 nodes/);
    expect(deadline.message).toContain(`last seen: ${calls} of 6 nodes answer PING`);
    expect(calls).toBeGreaterThan(1);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("a throwing step counts as not yet, and its message becomes the reason", async () => {
    let calls = 0;
    const value = await pollUntil(
      async () => {
        calls++;
        if (calls < 3) throw new Error("connect ECONNREFUSED 10.213.0.5:6379");
        return { done: true, value: 42 };
      },
      { what: "n1", timeoutMs: 1000, intervalMs: 5 },
    );
    expect(value).toBe(42);
    expect(calls).toBe(3);

    const error = await rejection(
      pollUntil(
        async () => {
          throw new Error("connect ECONNREFUSED 10.213.0.5:6379");
        },
        { what: "n1 to accept connections", timeoutMs: 40, intervalMs: 5 },
      ),
    );
    expect(error).toBeInstanceOf(DeadlineError);
    expect((error as Error).message).toContain("waiting for n1 to accept connections; last seen: connect ECONNREFUSED 10.213.0.5:6379");
  });

  it("a step that hangs past the deadline is cut off with the last reason", async () => {
    let calls = 0;
    const started = Date.now();
    const error = await rejection(
      pollUntil(
        async () => {
          calls++;
          if (calls === 1) return notYet("first look: handshake");
          return new Promise<PollResult<number>>(() => {});
        },
        { what: "a hanging probe", timeoutMs: 50, intervalMs: 5 },
      ),
    );
    expect(error).toBeInstanceOf(DeadlineError);
    expect((error as Error).message).toContain(
      "waiting for a hanging probe; last seen: first look: handshake (the last check was still running at the deadline)",
    );
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("says the check was still running when the very first step hangs", async () => {
    const error = await rejection(
      pollUntil(() => new Promise<PollResult<number>>(() => {}), { what: "silence", timeoutMs: 20, intervalMs: 5 }),
    );
    expect(error).toBeInstanceOf(DeadlineError);
    expect((error as Error).message).toBe(
      "timed out after 0.0 s waiting for silence; last seen: the last check was still running at the deadline",
    );
  });

  it("an abort signal stops polling with an AbortError, long before the deadline", async () => {
    const controller = new AbortController();
    let calls = 0;
    const started = Date.now();
    setTimeout(() => controller.abort(), 30);
    const error = await rejection(
      pollUntil(
        async () => {
          calls++;
          return notYet("waiting");
        },
        { what: "never", timeoutMs: 5000, intervalMs: 10, signal: controller.signal },
      ),
    );
    expect(error).not.toBeInstanceOf(DeadlineError);
    expect((error as Error).name).toBe("AbortError");
    expect(Date.now() - started).toBeLessThan(1000);
    const callsAtAbort = calls;
    await new Promise((r) => setTimeout(r, 40));
    expect(calls).toBe(callsAtAbort);
  });

  it("an already aborted signal never runs the step and rethrows the abort reason", async () => {
    const controller = new AbortController();
    const reason = new Error("SIGINT");
    controller.abort(reason);
    let calls = 0;
    const error = await rejection(
      pollUntil(
        async () => {
          calls++;
          return { done: true, value: 1 };
        },
        { what: "x", timeoutMs: 1000, signal: controller.signal },
      ),
    );
    expect(error).toBe(reason);
    expect(calls).toBe(0);
  });

  it("a step that throws after the signal aborted rethrows the abort reason, not the step's error", async () => {
    const controller = new AbortController();
    const reason = new Error("interrupted");
    const error = await rejection(
      pollUntil(
        async () => {
          controller.abort(reason);
          throw new Error("connection reset");
        },
        { what: "x", timeoutMs: 1000, intervalMs: 5, signal: controller.signal },
      ),
    );
    expect(error).toBe(reason);
  });

  // Regression: found by review and fixed; this failed before the fix.
  it("a step throwing its own DeadlineError counts as not yet like any other error", async () => {
    let calls = 0;
    const value = await pollUntil(
      async () => {
        calls++;
        if (calls === 1) throw new DeadlineError("one PING to n2", 10);
        return { done: true, value: "pong" };
      },
      { what: "n2", timeoutMs: 1000, intervalMs: 5 },
    );
    expect(value).toBe("pong");
  });
});

describe("withDeadline", () => {
  it("resolves as the promise does when it is in time", async () => {
    await expect(withDeadline(Promise.resolve("ok"), 50, "x")).resolves.toBe("ok");
  });

  it("rejects as the promise does when it fails in time", async () => {
    const failure = new Error("refused");
    expect(await rejection(withDeadline(Promise.reject(failure), 50, "x"))).toBe(failure);
  });

  it("rejects with a DeadlineError naming what after the timeout", async () => {
    const started = Date.now();
    const error = await rejection(withDeadline(new Promise(() => {}), 20, "the Docker engine to answer"));
    expect(error).toBeInstanceOf(DeadlineError);
    expect((error as DeadlineError).waitingFor).toBe("the Docker engine to answer");
    expect((error as DeadlineError).message).toBe("timed out after 0.0 s waiting for the Docker engine to answer");
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
  });

  it("formats the timeout in seconds with one decimal", async () => {
    const error = await rejection(withDeadline(new Promise(() => {}), 1, "y"));
    expect((error as Error).message).toBe("timed out after 0.0 s waiting for y");
    expect(new DeadlineError("z", 2500, "2 nodes up").message).toBe("timed out after 2.5 s waiting for z; last seen: 2 nodes up");
  });
});
