import { setTimeout as sleep } from "node:timers/promises";
import { availabilityChecker } from "../../../checkers/availability.ts";
import { registerChecker } from "../../../checkers/register.ts";
import { isolate } from "../../../mesh/grudge.ts";
import { prepareGaleraRegister, runGaleraRegister } from "../../../workloads/galera-register.ts";
import { recoverAfterHeal } from "./recovery.ts";
import type { GaleraScenario } from "./scenario.ts";

/**
 * `register`: single-row registers read (causally, wsrep_sync_wait=1), written and
 * compare-and-set on every node while one node is cut off for --fault-ms. Every history of
 * each register must be linearizable: certification makes concurrent updates of one row
 * conflict, and causal reads see every write committed before they began.
 */
export const register: GaleraScenario = {
  name: "register",
  description: "single-row read/write/compare-and-set on every node through a partition: each register linearizable",
  async run(ctx) {
    const { cluster, nemesis, options, store, logger } = ctx;
    const names = cluster.names;
    await prepareGaleraRegister(cluster.pool("n1"));
    const done = runGaleraRegister(
      cluster.pools(),
      store.recorder,
      { workers: options.workers, durationMs: options.durationMs, keys: 4, opTimeoutMs: 5000, pauseMs: 10, seed: 7 },
      ctx.signal,
    );
    try {
      await sleep(options.durationMs / 4, undefined, { signal: ctx.signal });
      const victim = names.at(-1) as string;
      logger.info(`register: cutting ${victim} off for ${options.faultMs} ms`);
      await nemesis.partition(isolate(names, victim), "reset");
      await sleep(options.faultMs, undefined, { signal: ctx.signal });
      const recovery = await recoverAfterHeal(ctx);
      await done;
      const timings: Record<string, number> = {};
      if (recovery.recoveredMs !== null) timings.recoveredMs = recovery.recoveredMs;
      return {
        checks: [
          { checker: registerChecker, options: {} },
          { checker: availabilityChecker, options: {} },
        ],
        probes: recovery.reasons.length > 0 ? [{ checker: "recovery", valid: false, reason: recovery.reasons.join("; ") }] : [],
        timings,
      };
    } finally {
      await done.catch(() => {});
    }
  },
};
