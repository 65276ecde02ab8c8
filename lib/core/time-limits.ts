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
