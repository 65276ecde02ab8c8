/**
 * Upper bounds of durations. Node's timers hold a signed 32-bit count of milliseconds: a delay
 * above 2^31-1 ms (about 24.8 days) is replaced by 1 ms with only a warning, so a deadline of
 * 99999999999 ms would expire at once. Every duration faultline takes from a user is bounded
 * well below that (see docs/commands.md, "Durations"), and the core timers (long-timer.ts)
 * cope with any delay anyway.
 */

/** The largest delay Node's setTimeout keeps as given. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** The longest deadline or bound a user may give (24 h): far beyond any wait a test needs, far below MAX_TIMER_MS. */
export const MAX_DEADLINE_MS = 24 * 60 * 60 * 1000;

/** The most a margin added to timing bounds may be (1 h), as long as the longest workload. */
export const MAX_MARGIN_MS = 60 * 60 * 1000;

/**
 * The longest failure-detection setting faultline takes (10 min): Redis cluster-node-timeout,
 * NDB's heartbeat intervals and arbitration timeout. faultline waits on bounds made of them
 * (3 missed heartbeats + arbitration + margin), which must stay far below MAX_TIMER_MS.
 */
export const MAX_DETECTION_MS = 10 * 60 * 1000;

/** 86400000 as "24 h", 600000 as "10 min", for messages. */
export function formatLimit(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${ms / 1000} s`;
}
