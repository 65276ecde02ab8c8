import { setTimeout as sleep } from "node:timers/promises";
import type { CheckResult } from "../../../checkers/verdict.ts";
import { errorMessage } from "../../../core/errors.ts";
import { okWritesBetween } from "../../../history/window-writes.ts";
import { parseShow } from "../mgm-show.ts";
import { dataStates, firstOkAfter } from "./data-states.ts";
import { MISSED_HEARTBEATS, type NdbScenario } from "./scenario.ts";
import { finishNdbSet, startNdbSet } from "./set-workload.ts";

/**
 * `data-node-failure`: the last data node killed while writes run through the SQL node. Its
 * partner must take over within HeartbeatIntervalDbDb x 4 missed heartbeats + margin (the first
 * acknowledged write after the kill, and SHOW listing the partner started and the victim not
 * connected); writes continue; the node, started again, goes through its start phases and
 * rejoins within the recovery bound; no committed row is lost.
 */
export const dataNodeFailure: NdbScenario = {
  name: "data-node-failure",
  description: "a data node killed: its partner takes over within the heartbeat bound, the node rejoins, no committed row lost",
  async run(ctx) {
    const { cluster, nemesis, options, store, logger } = ctx;
    const victim = cluster.plan.data.at(-1);
    if (!victim) throw new Error("no data node");
    const boundMs = cluster.topology.heartbeatIntervalDbDbMs * MISSED_HEARTBEATS + options.marginMs;
    const workload = await startNdbSet(ctx);
    const reasons: string[] = [];
    try {
      await sleep(options.durationMs / 4, undefined, { signal: ctx.signal });
      logger.info(`killing data node ${victim.name} (NodeId ${victim.nodeId}); takeover bound ${boundMs} ms`);
      await nemesis.processFault("kill", [victim.name]);
      const killedNs = store.recorder.clock.nowNs();
      const killedAt = Date.now();
      let takeoverMs: number | null = null;
      while (Date.now() - killedAt < boundMs + 10_000) {
        // A failed ndb_mgm call costs one sample, not the scenario.
        const text = await cluster.mgm("show").catch(() => undefined);
        if (text === undefined) {
          await sleep(200, undefined, { signal: ctx.signal });
          continue;
        }
        const states = dataStates(parseShow(text));
        const gone = (states["not connected"] ?? []).includes(victim.nodeId);
        const partners = cluster.plan.data.filter((d) => d.nodeGroup === victim.nodeGroup && d.name !== victim.name);
        if (gone && partners.every((p) => (states.started ?? []).includes(p.nodeId))) {
          takeoverMs = Date.now() - killedAt;
          break;
        }
        await sleep(200, undefined, { signal: ctx.signal });
      }
      const held = Date.now() - killedAt;
      if (held < options.faultMs) await sleep(options.faultMs - held, undefined, { signal: ctx.signal });
      // Only writes begun after the kill count: one in flight before it says nothing about the takeover.
      const sqlNodes = cluster.plan.sql.map((n) => n.name);
      const firstOkMs = firstOkAfter(okWritesBetween(store.recorder.ops(), sqlNodes, killedNs, store.recorder.clock.nowNs()), killedNs);
      const restartAt = Date.now();
      await nemesis.heal();
      let rejoinedMs: number | null = null;
      try {
        await cluster.waitForReady(options.recoveryMs);
        rejoinedMs = Date.now() - restartAt;
      } catch (error) {
        reasons.push(`${victim.name} not started again within ${options.recoveryMs} ms: ${errorMessage(error).split("\n")[0]}`);
        await cluster.waitForReady(options.readyMs).catch(() => {});
      }
      await workload.done;
      const checks = await finishNdbSet(ctx);
      if (takeoverMs === null) reasons.push(`SHOW never listed ${victim.name} gone and its partner started`);
      else if (takeoverMs > boundMs) reasons.push(`takeover seen after ${takeoverMs} ms, bound ${boundMs} ms`);
      if (firstOkMs === null) reasons.push("no write was acknowledged after the kill");
      else if (firstOkMs > boundMs) reasons.push(`first acknowledged write ${firstOkMs} ms after the kill, bound ${boundMs} ms`);
      const probe: CheckResult = {
        checker: "data-node-failure",
        valid: reasons.length === 0,
        ...(reasons.length > 0 ? { reason: reasons.join("; ") } : {}),
        victim: victim.name,
        nodeId: victim.nodeId,
        boundMs,
        takeoverMs,
        firstOkMs,
        rejoinedMs,
        recoveryBoundMs: options.recoveryMs,
      };
      const timings: Record<string, number> = { boundMs };
      for (const [k, v] of Object.entries({ takeoverMs, firstOkMs, rejoinedMs })) if (v !== null) timings[k] = v;
      return { checks, probes: [probe], timings };
    } finally {
      await workload.done.catch(() => {});
    }
  },
};
