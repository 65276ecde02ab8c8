import { setTimeout as sleep } from "node:timers/promises";
import type { CheckResult } from "../../../checkers/verdict.ts";
import { errorMessage } from "../../../core/errors.ts";
import type { Grudge } from "../../../mesh/grudge.ts";
import { parseShow } from "../mgm-show.ts";
import { startedDataNodes } from "./data-states.ts";
import { MISSED_HEARTBEATS, type NdbScenario } from "./scenario.ts";
import { finishNdbSet, startNdbSet } from "./set-workload.ts";

/** The data nodes of the first node group cut from each other (every other link left alone). */
export function groupSplit(group: readonly string[]): Grudge {
  return Object.fromEntries(group.map((n) => [n, group.filter((m) => m !== n)]));
}

/**
 * `data-node-partition`: the data nodes of one node group cut from each other while the
 * management node (the arbitrator) still reaches both. Arbitration must let exactly one
 * survive and shut the other down, within HeartbeatIntervalDbDb x 4 + ArbitrationTimeout +
 * margin; never two live halves. After the heal the loser is started again and rejoins.
 */
export const dataNodePartition: NdbScenario = {
  name: "data-node-partition",
  description: "the data nodes cut from each other: arbitration lets exactly one survive, never two live halves",
  async run(ctx) {
    const { cluster, nemesis, options, logger } = ctx;
    const group = cluster.plan.data.filter((d) => d.nodeGroup === 0);
    const ids = group.map((d) => d.nodeId);
    const boundMs = cluster.topology.heartbeatIntervalDbDbMs * MISSED_HEARTBEATS + cluster.topology.arbitrationTimeoutMs + options.marginMs;
    const workload = await startNdbSet(ctx);
    const reasons: string[] = [];
    try {
      await sleep(options.durationMs / 4, undefined, { signal: ctx.signal });
      logger.info(`cutting ${group.map((d) => d.name).join(" from ")}; arbitration bound ${boundMs} ms`);
      await nemesis.partition(groupSplit(group.map((d) => d.name)), "reset");
      const cutAt = Date.now();
      const samples: Array<{ atMs: number; started: number[] }> = [];
      while (Date.now() - cutAt < Math.max(boundMs + 5000, options.faultMs)) {
        // A failed ndb_mgm call is no sample (not "nothing started").
        const text = await cluster.mgm("show").catch(() => undefined);
        if (text !== undefined)
          samples.push({ atMs: Date.now() - cutAt, started: startedDataNodes(parseShow(text)).filter((id) => ids.includes(id)) });
        await sleep(250, undefined, { signal: ctx.signal });
      }
      const decided = samples.find((s) => s.started.length === 1);
      const survivors = decided?.started ?? [];
      const twoAfterBound = samples.filter((s) => s.atMs > boundMs && s.started.length > 1);
      const noneLeft = samples.filter((s) => s.atMs > boundMs && s.started.length === 0);
      const exited = await Promise.all(group.map(async (d) => ({ name: d.name, running: await cluster.node(d.name).container.running() })));
      if (!decided) reasons.push(`no sample showed exactly one data node of the group started (last: ${JSON.stringify(samples.at(-1))})`);
      else if (decided.atMs > boundMs) reasons.push(`arbitration took ${decided.atMs} ms, bound ${boundMs} ms`);
      if (twoAfterBound.length > 0)
        reasons.push(`two live halves: nodes ${twoAfterBound[0]?.started.join(" and ")} both started at ${twoAfterBound[0]?.atMs} ms`);
      if (noneLeft.length > 0)
        reasons.push(`no data node of the group left started at ${noneLeft[0]?.atMs} ms (the cluster shut down instead of arbitrating)`);
      if (exited.filter((e) => e.running).length !== 1)
        reasons.push(
          `data node processes still running: ${
            exited
              .filter((e) => e.running)
              .map((e) => e.name)
              .join(", ") || "none"
          }`,
        );
      await nemesis.heal();
      // The loser shut itself down: start its container again so it rejoins.
      for (const e of exited.filter((x) => !x.running)) await cluster.node(e.name).container.startAgain();
      let rejoinedMs: number | null = null;
      const healedAt = Date.now();
      try {
        await cluster.waitForReady(options.recoveryMs);
        rejoinedMs = Date.now() - healedAt;
      } catch (error) {
        reasons.push(`not every node started again within ${options.recoveryMs} ms: ${errorMessage(error).split("\n")[0]}`);
        await cluster.waitForReady(options.readyMs).catch(() => {});
      }
      await workload.done;
      const checks = await finishNdbSet(ctx);
      const probe: CheckResult = {
        checker: "arbitration",
        valid: reasons.length === 0,
        ...(reasons.length > 0 ? { reason: reasons.join("; ") } : {}),
        group: group.map((d) => d.name),
        survivors,
        decidedMs: decided?.atMs ?? null,
        boundMs,
        rejoinedMs,
        samples: samples.length,
      };
      const timings: Record<string, number> = { boundMs };
      if (decided) timings.decidedMs = decided.atMs;
      if (rejoinedMs !== null) timings.rejoinedMs = rejoinedMs;
      return { checks, probes: [probe], timings };
    } finally {
      await workload.done.catch(() => {});
    }
  },
};
