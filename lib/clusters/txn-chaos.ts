import { setTimeout as sleep } from "node:timers/promises";
import type { CheckResult } from "../checkers/verdict.ts";
import { errorMessage } from "../core/errors.ts";
import type { Logger } from "../core/logger.ts";
import { chaosFaults, describeFault } from "../mesh/chaos.ts";
import type { Nemesis } from "../mesh/nemesis.ts";
import { applyFault, type FaultChoice } from "../mesh/schedule.ts";

export interface ChaosOptions {
  nemesis: Nemesis;
  nodes: readonly string[];
  seed: number;
  choices: readonly FaultChoice[];
  /** Faults start while less than faultMs of this is left. */
  durationMs: number;
  /** How long each fault is held before the heal. */
  faultMs: number;
  /**
   * After each heal: wait, within the recovery bound, for the cluster to be whole again. Returns
   * why it is not (a finding), or undefined. The next fault waits for it: a fault on a cluster
   * still recovering from the last one would test the harness's timing, not the store.
   */
  recover: () => Promise<string | undefined>;
  logger: Logger;
  signal: AbortSignal;
}

export interface ChaosRun {
  faults: string[];
  reasons: string[];
}

/**
 * append-chaos's nemesis: the seeded faults of chaosFaults, one at a time, each held faultMs,
 * healed, and recovered from, until the duration is up. Always ends healed (an error or an
 * abort included).
 */
export async function runChaos(o: ChaosOptions): Promise<ChaosRun> {
  const next = chaosFaults(o.seed, o.nodes, o.choices);
  const started = Date.now();
  const run: ChaosRun = { faults: [], reasons: [] };
  const pause = Math.min(1000, o.faultMs / 2);
  try {
    while (Date.now() - started + o.faultMs <= o.durationMs && !o.signal.aborted) {
      await sleep(pause, undefined, { signal: o.signal });
      const action = next();
      const text = describeFault(action);
      o.logger.info(`append-chaos: ${text} for ${o.faultMs} ms`);
      run.faults.push(text);
      await applyFault(o.nemesis, action);
      await sleep(o.faultMs, undefined, { signal: o.signal });
      await o.nemesis.heal();
      const why = await o.recover();
      if (why) run.reasons.push(`after ${text}: ${why}`);
    }
  } finally {
    await o.nemesis.heal().catch((error) => o.logger.warn(`append-chaos: final heal failed: ${errorMessage(error)}`));
  }
  return run;
}

/** The chaos run as a probe: valid when the cluster came back after every fault; the seed in the reason, so every run prints it. */
export function chaosProbe(seed: number, run: ChaosRun): CheckResult {
  const replay = `seed ${seed} (replay the same faults with --seed ${seed})`;
  return {
    checker: "chaos",
    valid: run.reasons.length === 0,
    reason:
      run.reasons.length === 0 ? `${replay}; ${run.faults.length} faults, recovered after each` : `${replay}; ${run.reasons.join("; ")}`,
    seed,
    faults: run.faults,
  };
}
