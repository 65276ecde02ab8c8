import { setTimeout as sleep } from "node:timers/promises";
import type { CheckResult, Validity } from "../../../checkers/verdict.ts";
import { crashAll, describeRecovery, recoverFromFullCrash } from "../full-crash.ts";
import type { GaleraScenario } from "./scenario.ts";
import { finishGaleraSet, startGaleraSet } from "./set-workload.ts";

/**
 * `full-crash`: every node SIGKILLed at once while writers run. Recovery follows the
 * documented procedure: each node recovers its last committed position (--wsrep-recover), the
 * cluster is bootstrapped from the most advanced one, the others rejoin. Valid when that ends
 * with every node Primary and Synced within the recovery bound and no write acknowledged
 * before the crash is missing anywhere. When faultline itself could not drive the procedure,
 * the verdict is unknown: that says nothing about the cluster.
 */
export const fullCrash: GaleraScenario = {
  name: "full-crash",
  description: "every node killed at once: bootstrap from the most advanced node, the others rejoin, no acknowledged write lost",
  async run(ctx) {
    const { cluster, nemesis, options, logger } = ctx;
    const workload = await startGaleraSet(ctx);
    try {
      await sleep(options.durationMs / 4, undefined, { signal: ctx.signal });
      logger.info(`killing ${cluster.names.join(", ")} at once`);
      await crashAll(cluster, nemesis);
      await sleep(Math.min(options.faultMs, 2000), undefined, { signal: ctx.signal });
      // The heal starts every node again; each only recovers its position and waits to be told.
      await nemesis.heal();
      const recovery = await recoverFromFullCrash(cluster, options.readyMs, ctx.signal);
      const reasons: string[] = [];
      if (recovery.failure) reasons.push(describeRecovery(recovery));
      else if (recovery.recoveredMs !== null && recovery.recoveredMs > options.recoveryMs)
        reasons.push(`recovery took ${recovery.recoveredMs} ms from the restart, bound ${options.recoveryMs} ms`);
      await workload.done;
      // Final reads need every node back; without them the set checks cannot be judged.
      const checks = recovery.failure ? [] : await finishGaleraSet(ctx);
      const valid: Validity = recovery.failure?.by === "harness" ? "unknown" : reasons.length === 0;
      const probe: CheckResult = {
        checker: "crash-recovery",
        valid,
        ...(reasons.length > 0 ? { reason: reasons.join("; ") } : {}),
        positions: recovery.positions,
        bootstrappedFrom: recovery.bootstrapped,
        seqno: recovery.seqno,
        step: recovery.step,
        failedBy: recovery.failure?.by ?? null,
        recoveryBoundMs: options.recoveryMs,
        recoveredMs: recovery.recoveredMs,
      };
      logger.info(`full-crash: ${describeRecovery(recovery)}`);
      const timings: Record<string, number> = {};
      if (recovery.recoveredMs !== null) timings.recoveredMs = recovery.recoveredMs;
      return { checks, probes: [probe], timings };
    } finally {
      await workload.done.catch(() => {});
    }
  },
};
