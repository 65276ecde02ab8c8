import { setTimeout as sleep } from "node:timers/promises";
import type { CheckResult } from "../../../checkers/verdict.ts";
import { okWritesBetween } from "../../../history/window-writes.ts";
import { isolate } from "../../../mesh/grudge.ts";
import { allNodesEvent, eventFigure, figureSources, firstEvent, sampledEvent } from "../../event-figure.ts";
import { nonPrimaryBoundMs } from "../bounds.ts";
import { clusterLogEvents, nonPrimary, primaryOf } from "../log-events.ts";
import { providerOptionMs } from "../topology.ts";
import { sampleFaultWindow } from "../view-sampler.ts";
import { firstAllAt, firstAt, notPrimaryAt, splitBrains } from "../view-samples.ts";
import { recoverAfterHeal } from "./recovery.ts";
import { ER_UNKNOWN_COM_ERROR, probeRefusal } from "./refusal.ts";
import type { GaleraScenario } from "./scenario.ts";
import { finishGaleraSet, startGaleraSet } from "./set-workload.ts";

/**
 * `isolate-one`: the last node cut off from the others while writers run on every node. It
 * must go non-Primary within evs.inactive_timeout + margin (nonPrimaryBoundMs) and refuse reads and writes (1047);
 * the others must stay Primary, form a view of N-1 and keep committing; after the heal the node
 * must be Primary and Synced within the recovery bound, and hold every committed row.
 */
export const isolateOne: GaleraScenario = {
  name: "isolate-one",
  description: "one node cut off: it goes non-Primary and refuses work, the rest keep committing, it catches up after the heal",
  async run(ctx) {
    const { cluster, nemesis, options, logger, store } = ctx;
    const names = cluster.names;
    const victim = names.at(-1) as string;
    const rest = names.filter((n) => n !== victim);
    const suspectMs = providerOptionMs(cluster.topology, "evs.suspect_timeout") ?? 5000;
    const boundMs = nonPrimaryBoundMs(cluster.topology, options.marginMs);
    const workload = await startGaleraSet(ctx);
    try {
      await sleep(options.durationMs / 4, undefined, { signal: ctx.signal });
      logger.info(`isolating ${victim} from ${rest.join(", ")}; non-Primary bound ${boundMs} ms`);
      await nemesis.partition(isolate(names, victim), "reset");
      const faultAt = Date.now();
      const cutOff = (s: Parameters<typeof firstAt>[0]) =>
        firstAt(s, victim, (v) => v.answered && !v.primary) !== null &&
        firstAllAt(s, rest, (v) => v.primary && v.size === rest.length) !== null;
      const { samples, between: refusal } = await sampleFaultWindow(
        cluster,
        store.recorder,
        faultAt,
        { firstMs: boundMs + 5000, reached: cutOff, between: () => probeRefusal(cluster.pool(victim)), minMs: options.faultMs },
        ctx.signal,
      );
      const sampledNonPrimaryMs = firstAt(samples, victim, (v) => v.answered && !v.primary);
      const nonPrimaryNs = samples.find((s) => s.atMs === sampledNonPrimaryMs)?.atNs ?? null;
      const shrunk = firstAllAt(samples, rest, (v) => v.primary && v.size === rest.length);
      // The nodes' own lines give the times (New COMPONENT); polling is the cross-check and the fallback.
      const events = await clusterLogEvents(cluster.nodes, faultAt);
      const figures = {
        nonPrimaryMs: eventFigure(
          sampledNonPrimaryMs,
          firstEvent(events, faultAt, (e) => e.node === victim && nonPrimary(e)),
          faultAt,
        ),
        majorityViewMs: eventFigure(shrunk?.atMs ?? null, allNodesEvent(events, rest, faultAt, primaryOf(rest.length)), faultAt),
      };
      const nonPrimaryMs = figures.nonPrimaryMs.ms;
      const healNs = store.recorder.clock.nowNs();
      const recovery = await recoverAfterHeal(ctx);
      await workload.done;
      const checks = await finishGaleraSet(ctx);
      const ops = store.recorder.ops();
      const victimOk = nonPrimaryNs === null ? [] : okWritesBetween(ops, [victim], nonPrimaryNs, healNs);
      const restOk = shrunk === null ? [] : okWritesBetween(ops, rest, shrunk.atNs, healNs);
      const restLost = notPrimaryAt(samples, rest);
      const brains = splitBrains(samples);
      const reasons: string[] = [];
      if (nonPrimaryMs === null)
        reasons.push(`${victim} never went non-Primary while cut off (${samples.length} samples over ${samples.at(-1)?.atMs} ms)`);
      else if (nonPrimaryMs > boundMs)
        reasons.push(`${victim} went non-Primary after ${nonPrimaryMs} ms (${figures.nonPrimaryMs.source}), bound ${boundMs} ms`);
      if (brains.length > 0)
        reasons.push(
          `two primary components at once: ${brains[0]?.components.map((c) => c.join("+")).join(" | ")} at ${brains[0]?.atMs} ms`,
        );
      if (refusal.read !== ER_UNKNOWN_COM_ERROR || refusal.write !== ER_UNKNOWN_COM_ERROR)
        reasons.push(
          `${victim} cut off answered a read with ${refusal.read ?? "rows"} and a write with ${refusal.write ?? "success"}, not 1047`,
        );
      if (victimOk.length > 0) reasons.push(`${victim} acknowledged ${victimOk.length} write(s) while non-Primary`);
      if (restLost.length > 0)
        reasons.push(`${restLost[0]?.nodes.join(", ")} not Primary at ${restLost[0]?.atMs} ms while only ${victim} was cut off`);
      if (figures.majorityViewMs.ms === null) reasons.push(`${rest.join(", ")} never formed a primary view of ${rest.length}`);
      else if (restOk.length === 0) reasons.push(`${rest.join(", ")} committed nothing while ${victim} was cut off`);
      reasons.push(...recovery.reasons);
      const probe: CheckResult = {
        checker: "primary-view",
        valid: reasons.length === 0,
        ...(reasons.length > 0 ? { reason: reasons.join("; ") } : {}),
        victim,
        boundMs,
        suspectTimeoutMs: suspectMs,
        marginMs: options.marginMs,
        nonPrimaryMs,
        majorityViewMs: figures.majorityViewMs.ms,
        sampled: { nonPrimaryMs: sampledNonPrimaryMs, majorityViewMs: shrunk?.atMs ?? null },
        timingSources: figureSources(figures),
        refusal,
        victimWritesWhileNonPrimary: victimOk.length,
        majorityWritesDuringFault: restOk.length,
        splitBrains: brains.slice(0, 5),
        recoveryBoundMs: options.recoveryMs,
        recoveredMs: recovery.recoveredMs,
        stateTransfer: recovery.stateTransfer[victim] ?? "unknown",
        samples: samples.length,
      };
      const timings: Record<string, number> = { boundMs };
      for (const [name, figure] of Object.entries(figures)) if (figure.ms !== null) timings[name] = figure.ms;
      if (recovery.recoveredMs !== null) timings.recoveredMs = recovery.recoveredMs;
      if (recovery.primaryAgain.ms !== null) timings.primaryAgainMs = recovery.primaryAgain.ms;
      logger.info(
        `isolate-one: ${victim} non-Primary at ${nonPrimaryMs} ms (${figures.nonPrimaryMs.source}; bound ${boundMs}), majority view at ${figures.majorityViewMs.ms} ms (${figures.majorityViewMs.source}), recovered ${recovery.recoveredMs} ms after heal`,
      );
      return {
        checks,
        probes: [probe],
        timings,
        timingSources: figureSources({ ...figures, primaryAgainMs: recovery.primaryAgain }),
        events: sampledEvent(figures.nonPrimaryMs, faultAt, {
          node: victim,
          kind: "non-primary",
          text: `polling: ${victim} wsrep_cluster_status non-Primary`,
        }),
      };
    } finally {
      await workload.done.catch(() => {});
    }
  },
};
