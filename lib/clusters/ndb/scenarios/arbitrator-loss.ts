import { setTimeout as sleep } from "node:timers/promises";
import type { CheckResult } from "../../../checkers/verdict.ts";
import { errorMessage } from "../../../core/errors.ts";
import { okWritesBetween } from "../../../history/window-writes.ts";
import { groupSplit } from "./data-node-partition.ts";
import { MISSED_HEARTBEATS, type NdbScenario } from "./scenario.ts";
import { finishNdbSet, startNdbSet } from "./set-workload.ts";

/**
 * `arbitrator-loss`: the management node (the arbitrator) killed: the cluster keeps serving
 * (writes acknowledged while it is gone). Then the data nodes are cut from each other with no
 * arbitrator to ask: the cluster must shut down rather than split (every data node process
 * gone within the heartbeat bound + margin, no write acknowledged after that). After the heal
 * the management node and the data nodes are started again and the cluster is ready.
 */
export const arbitratorLoss: NdbScenario = {
  name: "arbitrator-loss",
  description: "the management node gone: the cluster serves on; a partition then shuts it down rather than splitting it",
  async run(ctx) {
    const { cluster, nemesis, options, store, logger } = ctx;
    const mgm = cluster.plan.management.map((m) => m.name);
    const group = cluster.plan.data.filter((d) => d.nodeGroup === 0);
    const boundMs = cluster.topology.heartbeatIntervalDbDbMs * MISSED_HEARTBEATS + cluster.topology.arbitrationTimeoutMs + options.marginMs;
    const workload = await startNdbSet(ctx);
    const reasons: string[] = [];
    try {
      await sleep(options.durationMs / 4, undefined, { signal: ctx.signal });
      logger.info(`killing the management node(s) ${mgm.join(", ")}`);
      await nemesis.processFault("kill", mgm);
      const goneNs = store.recorder.clock.nowNs();
      await sleep(options.faultMs / 2, undefined, { signal: ctx.signal });
      const servedWithoutArbitrator = okWritesBetween(
        store.recorder.ops(),
        cluster.plan.sql.map((s) => s.name),
        goneNs,
        store.recorder.clock.nowNs(),
      ).length;
      if (servedWithoutArbitrator === 0) reasons.push("no write acknowledged while the management node was gone");
      logger.info(`cutting ${group.map((d) => d.name).join(" from ")} with no arbitrator; shutdown bound ${boundMs} ms`);
      await nemesis.partition(groupSplit(group.map((d) => d.name)), "reset");
      const cutAt = Date.now();
      let downMs: number | null = null;
      while (Date.now() - cutAt < boundMs + 10_000) {
        const running = await Promise.all(group.map((d) => cluster.node(d.name).container.running()));
        if (running.every((r) => !r)) {
          downMs = Date.now() - cutAt;
          break;
        }
        await sleep(250, undefined, { signal: ctx.signal });
      }
      const downNs = store.recorder.clock.nowNs();
      await sleep(1000, undefined, { signal: ctx.signal });
      const afterShutdown = okWritesBetween(
        store.recorder.ops(),
        cluster.plan.sql.map((s) => s.name),
        downNs,
        store.recorder.clock.nowNs(),
      ).length;
      const stillRunning = (
        await Promise.all(group.map(async (d) => ((await cluster.node(d.name).container.running()) ? d.name : "")))
      ).filter(Boolean);
      if (downMs === null)
        reasons.push(`data nodes still running ${boundMs + 10_000} ms after the cut with no arbitrator: ${stillRunning.join(", ")}`);
      else if (downMs > boundMs) reasons.push(`the cluster shut down after ${downMs} ms, bound ${boundMs} ms`);
      if (afterShutdown > 0) reasons.push(`${afterShutdown} write(s) acknowledged after every data node was down`);
      await nemesis.heal();
      for (const d of group) if (!(await cluster.node(d.name).container.running())) await cluster.node(d.name).container.startAgain();
      const healedAt = Date.now();
      let recoveredMs: number | null = null;
      try {
        await cluster.waitForReady(options.recoveryMs);
        recoveredMs = Date.now() - healedAt;
      } catch (error) {
        reasons.push(`the cluster did not start again within ${options.recoveryMs} ms: ${errorMessage(error).split("\n")[0]}`);
        await cluster.waitForReady(options.readyMs).catch(() => {});
      }
      await workload.done;
      const checks = await finishNdbSet(ctx);
      const probe: CheckResult = {
        checker: "arbitrator-loss",
        valid: reasons.length === 0,
        ...(reasons.length > 0 ? { reason: reasons.join("; ") } : {}),
        servedWithoutArbitrator,
        shutdownMs: downMs,
        boundMs,
        writesAfterShutdown: afterShutdown,
        recoveredMs,
      };
      const timings: Record<string, number> = { boundMs };
      if (downMs !== null) timings.shutdownMs = downMs;
      if (recoveredMs !== null) timings.recoveredMs = recoveredMs;
      return { checks, probes: [probe], timings };
    } finally {
      await workload.done.catch(() => {});
    }
  },
};
