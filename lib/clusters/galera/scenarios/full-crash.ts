import { setTimeout as sleep } from "node:timers/promises";
import type { CheckResult } from "../../../checkers/verdict.ts";
import { errorMessage } from "../../../core/errors.ts";
import { crashAll, type FullCrashRecovery, recoverFromFullCrash } from "../full-crash.ts";
import type { GaleraScenario } from "./scenario.ts";
import { finishGaleraSet, startGaleraSet } from "./set-workload.ts";

/**
 * `full-crash`: every node SIGKILLed at once while writers run. Recovery follows the
 * documented procedure: each node recovers its last committed position (--wsrep-recover), the
 * cluster is bootstrapped from the most advanced one, the others rejoin. Valid when that ends
 * with every node Primary and Synced within the recovery bound and no write acknowledged
 * before the crash is missing anywhere.
 */
export const fullCrash: GaleraScenario = {
  name: "full-crash",
  description: "every node killed at once: bootstrap from the most advanced node, the others rejoin, no acknowledged write lost",
  async run(ctx) {
    const { cluster, nemesis, options, logger } = ctx;
    const workload = await startGaleraSet(ctx);
    let recovery: FullCrashRecovery | undefined;
    const reasons: string[] = [];
    try {
      await sleep(options.durationMs / 4, undefined, { signal: ctx.signal });
      logger.info(`killing ${cluster.names.join(", ")} at once`);
      await crashAll(cluster, nemesis);
      await sleep(Math.min(options.faultMs, 2000), undefined, { signal: ctx.signal });
      // The heal starts every node again; each only recovers its position and waits to be told.
      await nemesis.heal();
      try {
        recovery = await recoverFromFullCrash(cluster, options.readyMs, ctx.signal);
        if (recovery.recoveredMs > options.recoveryMs)
          reasons.push(`recovery took ${recovery.recoveredMs} ms from the restart, bound ${options.recoveryMs} ms`);
      } catch (error) {
        reasons.push(`the cluster did not recover: ${errorMessage(error)}`);
      }
      await workload.done;
      const checks = recovery ? await finishGaleraSet(ctx) : [];
      const probe: CheckResult = {
        checker: "crash-recovery",
        valid: reasons.length === 0,
        ...(reasons.length > 0 ? { reason: reasons.join("; ") } : {}),
        positions: recovery?.positions ?? {},
        bootstrappedFrom: recovery?.bootstrapped ?? null,
        seqno: recovery?.seqno ?? null,
        recoveryBoundMs: options.recoveryMs,
        recoveredMs: recovery?.recoveredMs ?? null,
      };
      logger.info(
        `full-crash: positions ${JSON.stringify(recovery?.positions ?? {})}, bootstrapped from ${recovery?.bootstrapped}, recovered in ${recovery?.recoveredMs} ms`,
      );
      const timings: Record<string, number> = {};
      if (recovery) timings.recoveredMs = recovery.recoveredMs;
      return { checks, probes: [probe], timings };
    } finally {
      await workload.done.catch(() => {});
    }
  },
};
