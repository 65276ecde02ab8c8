import { describe, expect, it } from "vitest";
import { type DisposalFailure, DisposalStack, TeardownError } from "./disposal-stack.ts";
import { rejection } from "./testing.ts";

describe("DisposalStack", () => {
  it("disposes in reverse order of defer, awaiting each step", async () => {
    const log: string[] = [];
    const stack = new DisposalStack();
    stack.defer("network", () => {
      log.push("network");
    });
    stack.defer("toxiproxy", async () => {
      await new Promise((r) => setTimeout(r, 5));
      log.push("toxiproxy");
    });
    stack.defer("node", () => {
      log.push("node");
    });
    expect(stack.size).toBe(3);
    await stack.disposeAsync();
    expect(log).toEqual(["node", "toxiproxy", "network"]);
    expect(stack.size).toBe(0);
  });

  it("runs every step past failures and rethrows the first failure (in teardown order) as cause", async () => {
    const ran: string[] = [];
    const stack = new DisposalStack();
    const firstError = new Error("network busy");
    const secondError = new Error("container gone wrong");
    stack.defer("a", () => {
      ran.push("a");
    });
    stack.defer("network", () => {
      ran.push("network");
      throw secondError;
    });
    stack.defer("b", () => {
      ran.push("b");
    });
    stack.defer("container", async () => {
      ran.push("container");
      throw firstError;
    });
    const error = await rejection(stack.disposeAsync());
    expect(ran).toEqual(["container", "b", "network", "a"]);
    expect(error).toBeInstanceOf(TeardownError);
    const teardown = error as TeardownError;
    expect(teardown.name).toBe("TeardownError");
    expect(teardown.cause).toBe(firstError);
    expect(teardown.failures).toEqual([
      { name: "container", error: firstError },
      { name: "network", error: secondError },
    ]);
    expect(teardown.message).toBe("teardown failed: container: network busy; network: container gone wrong");
  });

  it("reports a thrown non-Error in the summary", async () => {
    const stack = new DisposalStack();
    stack.defer("odd", () => {
      throw "plain string";
    });
    const error = (await rejection(stack.disposeAsync())) as TeardownError;
    expect(error.cause).toBe("plain string");
    expect(error.message).toBe("teardown failed: odd: plain string");
  });

  it("disposing twice runs each step once and returns the same outcome", async () => {
    let calls = 0;
    const stack = new DisposalStack();
    stack.defer("once", () => {
      calls++;
    });
    expect(stack.disposed).toBe(false);
    const first = stack.disposeAsync();
    const second = stack.disposeAsync();
    expect(second).toBe(first);
    await first;
    await stack[Symbol.asyncDispose]();
    expect(calls).toBe(1);
    expect(stack.disposed).toBe(true);
  });

  it("a failed dispose rejects again on a second call without rerunning steps", async () => {
    let calls = 0;
    const stack = new DisposalStack();
    stack.defer("bad", () => {
      calls++;
      throw new Error("boom");
    });
    const first = await rejection(stack.disposeAsync());
    const second = await rejection(stack.disposeAsync());
    expect(second).toBe(first);
    expect(calls).toBe(1);
  });

  it("defer after dispose throws, naming the step", async () => {
    const stack = new DisposalStack();
    await stack.disposeAsync();
    expect(() => stack.defer("late", () => {})).toThrow('cannot defer "late": the stack is already disposing');
  });

  it("defer from a step that is disposing (after it awaited) throws", async () => {
    const stack = new DisposalStack();
    let lateError: unknown;
    let lateRan = false;
    stack.defer("tries to add", async () => {
      await Promise.resolve();
      try {
        stack.defer("late", () => {
          lateRan = true;
        });
      } catch (error) {
        lateError = error;
      }
    });
    await stack.disposeAsync();
    expect((lateError as Error).message).toBe('cannot defer "late": the stack is already disposing');
    expect(lateRan).toBe(false);
    expect(stack.size).toBe(0);
  });

  // Regression: found by review and fixed; this failed before the fix.
  it("defer from the synchronous part of the first disposing step throws", async () => {
    const stack = new DisposalStack();
    let lateError: unknown;
    let disposedSeen: boolean | undefined;
    stack.defer("tries to add", () => {
      disposedSeen = stack.disposed;
      try {
        stack.defer("late", () => {});
      } catch (error) {
        lateError = error;
      }
    });
    await stack.disposeAsync();
    expect(disposedSeen).toBe(true);
    expect((lateError as Error | undefined)?.message).toBe('cannot defer "late": the stack is already disposing');
  });

  it("use() returns the resource and disposes it with the stack", async () => {
    const log: string[] = [];
    const resource = {
      label: "cluster",
      async [Symbol.asyncDispose]() {
        log.push("cluster disposed");
      },
    };
    const stack = new DisposalStack();
    stack.defer("before", () => {
      log.push("before");
    });
    const same = stack.use("cluster", resource);
    expect(same).toBe(resource);
    expect(log).toEqual([]);
    await stack.disposeAsync();
    expect(log).toEqual(["cluster disposed", "before"]);
  });

  it("use() of a resource whose dispose fails reports it under the given name", async () => {
    const stack = new DisposalStack();
    stack.use("proxy", {
      async [Symbol.asyncDispose]() {
        throw new Error("still attached");
      },
    });
    const error = (await rejection(stack.disposeAsync())) as TeardownError;
    expect(error.failures.map((f) => f.name)).toEqual(["proxy"]);
    expect(error.message).toBe("teardown failed: proxy: still attached");
  });

  it("calls onFailure once per failure, in teardown order, as they happen", async () => {
    const seen: string[] = [];
    const stack = new DisposalStack();
    stack.defer("x", () => {
      throw new Error("x failed");
    });
    stack.defer("between", () => {
      seen.push("between ran");
    });
    stack.defer("y", () => {
      throw new Error("y failed");
    });
    const onFailure = (f: DisposalFailure) => {
      seen.push(`${f.name}: ${(f.error as Error).message}`);
    };
    await rejection(stack.disposeAsync(onFailure));
    expect(seen).toEqual(["y: y failed", "between ran", "x: x failed"]);
  });

  it("await using disposes at the end of the block", async () => {
    const log: string[] = [];
    {
      await using stack = new DisposalStack();
      stack.defer("a", () => {
        log.push("a");
      });
      log.push("body");
    }
    expect(log).toEqual(["body", "a"]);
  });
});
