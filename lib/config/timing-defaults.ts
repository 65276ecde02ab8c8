/**
 * Each suite's timing and load defaults, in one place: the command line's, the config file's
 * (lib/config/schema.ts) and the help text's. Ranges are checked where the flags are
 * (scenarioTiming, redisOptions), not here.
 */
export interface TimingDefaults {
  durationMs: number;
  faultMs: number;
  workers: number;
  marginMs: number;
  readyMs: number;
}

export const REDIS_TIMING: TimingDefaults = { durationMs: 20_000, faultMs: 8000, workers: 8, marginMs: 3000, readyMs: 120_000 };

export const GALERA_TIMING: TimingDefaults & { recoveryMs: number } = {
  durationMs: 20_000,
  faultMs: 8000,
  workers: 6,
  marginMs: 3000,
  readyMs: 180_000,
  recoveryMs: 30_000,
};

export const NDB_TIMING: TimingDefaults & { recoveryMs: number } = {
  durationMs: 30_000,
  faultMs: 10_000,
  workers: 4,
  marginMs: 3000,
  readyMs: 300_000,
  recoveryMs: 120_000,
};
