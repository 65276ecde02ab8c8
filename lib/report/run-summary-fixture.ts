import type { RunSummary } from "./run-summary.ts";

/** A hand-written run summary for tests of the matrix, compare and their files: a passing Redis failover run, with `over` on top. */
export const runSummary = (over: Partial<RunSummary> = {}): RunSummary => ({
  dir: "/runs/x",
  runId: "fl-a",
  suite: "redis",
  scenario: "failover",
  target: "redis-7.0",
  engineVersion: "7.0.15",
  valid: true,
  verdicts: {},
  metrics: {},
  ...over,
});
