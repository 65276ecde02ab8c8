import { setTimeout as sleep } from "node:timers/promises";
import type { CheckResult } from "../../../checkers/verdict.ts";
import { errorMessage } from "../../../core/errors.ts";
import { stateTransferOf } from "../state-transfer.ts";
import type { GaleraScenario } from "./scenario.ts";
import { finishGaleraSet, startGaleraSet } from "./set-workload.ts";

/**
 * `joiner-under-load`: a new node (planned in the mesh, not started) joins by SST while
 * writers run on the others. Valid when it is Synced in the full view within the recovery
 * bound, received a state transfer, and ends with the same rows as every other node.
 */
export const joinerUnderLoad: GaleraScenario = {
  name: "joiner-under-load",
  description: "a new node joins by SST while writers run; it ends Synced with the same data",
  spares: 1,
  async run(ctx) {
    const { cluster, options, logger } = ctx;
    const writers = cluster.names;
    const joiner = cluster.addresses.find((a) => !writers.includes(a.name))?.name;
    if (!joiner) throw new Error("no spare node planned for the joiner");
    const workload = await startGaleraSet(ctx, writers);
    const reasons: string[] = [];
    let joinedMs: number | null = null;
    try {
      await sleep(options.durationMs / 4, undefined, { signal: ctx.signal });
      logger.info(`${joiner} joins (${cluster.topology.sstMethod} SST) while ${writers.join(", ")} take writes`);
      const started = Date.now();
      try {
        await cluster.startNode(joiner, options.recoveryMs);
        joinedMs = Date.now() - started;
      } catch (error) {
        reasons.push(`${joiner} not Synced in the full view within ${options.recoveryMs} ms: ${errorMessage(error).split("\n")[0]}`);
        await cluster.waitForReady(options.readyMs).catch(() => {});
      }
      await workload.done;
      const transfer = cluster.nodes.some((n) => n.name === joiner)
        ? stateTransferOf(await cluster.node(joiner).container.logs("all"))
        : "none";
      if (transfer !== "SST") reasons.push(`${joiner}'s log shows no SST (found: ${transfer})`);
      const checks = await finishGaleraSet(ctx);
      const probe: CheckResult = {
        checker: "join",
        valid: reasons.length === 0,
        ...(reasons.length > 0 ? { reason: reasons.join("; ") } : {}),
        joiner,
        sstMethod: cluster.topology.sstMethod,
        stateTransfer: transfer,
        joinedMs,
        boundMs: options.recoveryMs,
      };
      logger.info(`joiner-under-load: ${joiner} Synced after ${joinedMs} ms (${transfer})`);
      const timings: Record<string, number> = {};
      if (joinedMs !== null) timings.joinedMs = joinedMs;
      return { checks, probes: [probe], timings };
    } finally {
      await workload.done.catch(() => {});
    }
  },
};
