import { setTimeout as sleep } from "node:timers/promises";
import type { CheckResult } from "../../../checkers/verdict.ts";
import { pollUntil } from "../../../core/deadline.ts";
import { errorMessage } from "../../../core/errors.ts";
import { okWritesBetween } from "../../../history/window-writes.ts";
import { firstOkAfter } from "./data-states.ts";
import type { NdbScenario } from "./scenario.ts";
import { finishNdbSet, startNdbSet } from "./set-workload.ts";

/**
 * `sql-node-failure`: the SQL node restarted while writes run through it: it must reconnect to
 * the data nodes and serve again (a write acknowledged) within the recovery bound, and no
 * committed row may be lost (the rows live in the data nodes, not in mysqld).
 */
export const sqlNodeFailure: NdbScenario = {
  name: "sql-node-failure",
  description: "the SQL node restarted: it reconnects and serves, no committed row lost",
  async run(ctx) {
    const { cluster, nemesis, options, store, logger } = ctx;
    const sql = cluster.plan.sql[0]?.name ?? "sql1";
    const workload = await startNdbSet(ctx);
    const reasons: string[] = [];
    try {
      await sleep(options.durationMs / 4, undefined, { signal: ctx.signal });
      logger.info(`restarting SQL node ${sql}`);
      const restartAt = Date.now();
      await nemesis.processFault("restart", [sql]);
      // From the moment the restart returned: a write acknowledged before mysqld stopped does not count.
      const restartNs = store.recorder.clock.nowNs();
      let servingMs: number | null = null;
      try {
        await pollUntil(
          async () => {
            try {
              await cluster.pool(sql).query("SELECT COUNT(*) FROM fl_set");
              return { done: true, value: true };
            } catch (error) {
              return { done: false, reason: errorMessage(error) };
            }
          },
          { what: `${sql} to answer a read of the NDB table again`, timeoutMs: options.recoveryMs, intervalMs: 250, signal: ctx.signal },
        );
        servingMs = Date.now() - restartAt;
      } catch (error) {
        reasons.push(errorMessage(error).split("\n")[0] ?? "no answer");
      }
      await workload.done;
      const firstOkMs = firstOkAfter(okWritesBetween(store.recorder.ops(), [sql], restartNs, store.recorder.clock.nowNs()), restartNs);
      if (firstOkMs === null) reasons.push(`no write acknowledged through ${sql} after the restart`);
      await cluster.waitForReady(options.readyMs);
      const checks = await finishNdbSet(ctx);
      const probe: CheckResult = {
        checker: "sql-node-failure",
        valid: reasons.length === 0,
        ...(reasons.length > 0 ? { reason: reasons.join("; ") } : {}),
        node: sql,
        servingMs,
        firstOkMs,
        recoveryBoundMs: options.recoveryMs,
      };
      const timings: Record<string, number> = {};
      if (servingMs !== null) timings.servingMs = servingMs;
      if (firstOkMs !== null) timings.firstOkMs = firstOkMs;
      return { checks, probes: [probe], timings };
    } finally {
      await workload.done.catch(() => {});
    }
  },
};
