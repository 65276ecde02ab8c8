import { setTimeout as sleep } from "node:timers/promises";
import { availabilityChecker } from "../../../checkers/availability.ts";
import { bankChecker } from "../../../checkers/bank.ts";
import type { CheckResult } from "../../../checkers/verdict.ts";
import { isolate } from "../../../mesh/grudge.ts";
import { prepareGaleraBank, runGaleraBank } from "../../../workloads/galera-bank.ts";
import { recoverAfterHeal } from "./recovery.ts";
import type { GaleraScenario } from "./scenario.ts";

export const BANK = { accounts: 5, initial: 100, maxTransfer: 20 } as const;

/**
 * `bank`: transfers between accounts in transactions on every node, with whole-table reads,
 * while one node is cut off for --fault-ms in the middle. Every read must see the same total
 * and no negative balance. Advisory by default (Galera promises snapshot isolation per node,
 * not serializability); --bank-gating makes an anomaly fail the run.
 */
export const bank: GaleraScenario = {
  name: "bank",
  description:
    "transfers in transactions on every node through a partition: every read sees the same total (advisory unless --bank-gating)",
  advisory: true,
  async run(ctx) {
    const { cluster, nemesis, options, store, logger } = ctx;
    const names = cluster.names;
    const expected = await prepareGaleraBank(cluster.pool("n1"), { accounts: BANK.accounts, initial: BANK.initial });
    const done = runGaleraBank(
      cluster.pools(),
      store.recorder,
      {
        workers: options.workers,
        durationMs: options.durationMs,
        pauseMs: 5,
        opTimeoutMs: 5000,
        seed: 1,
        accounts: BANK.accounts,
        maxTransfer: BANK.maxTransfer,
      },
      ctx.signal,
    );
    try {
      await sleep(options.durationMs / 4, undefined, { signal: ctx.signal });
      const victim = names.at(-1) as string;
      logger.info(`bank: cutting ${victim} off for ${options.faultMs} ms while transfers run`);
      await nemesis.partition(isolate(names, victim), "reset");
      await sleep(options.faultMs, undefined, { signal: ctx.signal });
      const recovery = await recoverAfterHeal(ctx);
      await done;
      const timings: Record<string, number> = {};
      if (recovery.recoveredMs !== null) timings.recoveredMs = recovery.recoveredMs;
      const probes: CheckResult[] =
        recovery.reasons.length > 0 ? [{ checker: "recovery", valid: false, reason: recovery.reasons.join("; ") }] : [];
      return {
        checks: [
          { checker: bankChecker, options: expected },
          { checker: availabilityChecker, options: {} },
        ],
        probes,
        timings,
      };
    } finally {
      await done.catch(() => {});
    }
  },
};
