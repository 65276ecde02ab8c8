import { setTimeout as sleep } from "node:timers/promises";
import { DeadlineError, errorMessage } from "./errors.ts";
import { type LongTimer, setLongTimeout } from "./long-timer.ts";
import { beginWait } from "./waits.ts";

const NO_ATTEMPT = "no check finished";

/** What a poll step reports: done with a value, or not yet with the reason in words. */
export type PollResult<T> = { done: true; value: T } | { done: false; reason: string };

export interface PollOptions {
  /** What is being waited for, in words; it goes into the error when the deadline passes. */
  what: string;
  timeoutMs: number;
  intervalMs?: number;
  signal?: AbortSignal;
}

/**
 * Polls `step` until it reports done or the deadline passes. A step that throws counts as
 * "not yet" (a node still starting refuses connections) and its message becomes the reason.
 */
export async function pollUntil<T>(step: () => Promise<PollResult<T>>, options: PollOptions): Promise<T> {
  const interval = options.intervalMs ?? 100;
  const deadline = Date.now() + options.timeoutMs;
  const end = beginWait(options.what, options.timeoutMs);
  try {
    return await poll(step, options, interval, deadline);
  } finally {
    end();
  }
}

async function poll<T>(step: () => Promise<PollResult<T>>, options: PollOptions, interval: number, deadline: number): Promise<T> {
  let lastReason = NO_ATTEMPT;
  for (;;) {
    options.signal?.throwIfAborted();
    const outcome = await raceDeadline(step(), deadline);
    if (outcome.kind === "expired") {
      const unfinished = "the last check was still running at the deadline";
      throw new DeadlineError(options.what, options.timeoutMs, lastReason === NO_ATTEMPT ? unfinished : `${lastReason} (${unfinished})`);
    }
    if (outcome.kind === "value") {
      if (outcome.value.done) return outcome.value.value;
      lastReason = outcome.value.reason;
    } else {
      options.signal?.throwIfAborted();
      lastReason = errorMessage(outcome.error);
    }
    if (Date.now() + interval > deadline) {
      throw new DeadlineError(options.what, options.timeoutMs, lastReason);
    }
    await sleep(interval, undefined, options.signal ? { signal: options.signal } : undefined);
  }
}

type Raced<T> = { kind: "value"; value: T } | { kind: "error"; error: unknown } | { kind: "expired" };

/** Settles with the promise's outcome, or "expired" at `deadline` (epoch ms); never rejects. */
async function raceDeadline<T>(promise: Promise<T>, deadline: number): Promise<Raced<T>> {
  // A long timer: a deadline beyond 2^31-1 ms from now must not expire after 1 ms (Node's setTimeout would).
  let timer: LongTimer | undefined;
  const expired = new Promise<Raced<T>>((resolve) => {
    timer = setLongTimeout(() => resolve({ kind: "expired" }), Math.max(1, deadline - Date.now()));
  });
  try {
    return await Promise.race([
      promise.then(
        (value): Raced<T> => ({ kind: "value", value }),
        (error: unknown): Raced<T> => ({ kind: "error", error }),
      ),
      expired,
    ]);
  } finally {
    timer?.clear();
  }
}

/** Resolves as `promise` does, or rejects with a DeadlineError naming `what` after `timeoutMs`. */
export async function withDeadline<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: LongTimer | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setLongTimeout(() => reject(new DeadlineError(what, timeoutMs)), timeoutMs);
  });
  const end = beginWait(what, timeoutMs);
  try {
    return await Promise.race([promise, expired]);
  } finally {
    timer?.clear();
    end();
  }
}
