import { MAX_TIMER_MS } from "./time-limits.ts";

/** A timer that can be cancelled; cancelling it twice, or after it fired, is harmless. */
export interface LongTimer {
  clear(): void;
}

/**
 * setTimeout for any delay. Node keeps a delay as a signed 32-bit count of milliseconds: above
 * 2^31-1 (about 24.8 days) it fires after 1 ms instead, so a deadline given as 99999999999 ms
 * would expire at once. Here a longer delay is a chain of timers of at most MAX_TIMER_MS each,
 * what is left measured against the clock after each; a delay within Node's range is one plain
 * setTimeout, as before.
 */
export function setLongTimeout(callback: () => void, delayMs: number, now: () => number = Date.now): LongTimer {
  const delay = Number.isNaN(delayMs) ? 0 : Math.max(0, delayMs);
  const due = now() + delay;
  let timer: NodeJS.Timeout | undefined;
  const wait = (ms: number) => {
    timer = setTimeout(() => {
      const left = due - now();
      if (ms >= MAX_TIMER_MS && left > 0) wait(Math.min(left, MAX_TIMER_MS));
      else callback();
    }, ms);
  };
  wait(Math.min(delay, MAX_TIMER_MS));
  return { clear: () => clearTimeout(timer) };
}
