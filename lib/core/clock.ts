/** Monotonic nanoseconds since a run started: wall-clock steps (NTP) never reorder a history. */
export interface Clock {
  nowNs(): number;
}

export function monotonicClock(): Clock {
  const start = process.hrtime.bigint();
  // Number is exact to 2^53 ns (104 days), far beyond any run.
  return { nowNs: () => Number(process.hrtime.bigint() - start) };
}
