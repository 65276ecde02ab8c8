import { setTimeout as sleep } from "node:timers/promises";
import type { CheckResult } from "../../../checkers/verdict.ts";
import { okWritesBetween } from "../../../history/window-writes.ts";
import { halves } from "../../../mesh/grudge.ts";
import { allNodesEvent, eventFigure, figureSources } from "../../event-figure.ts";
import { nonPrimaryBoundMs } from "../bounds.ts";
import { clusterLogEvents, nonPrimary } from "../log-events.ts";
import { sampleFaultWindow } from "../view-sampler.ts";
import { firstAllAt, splitBrains } from "../view-samples.ts";
import { recoverAfterHeal } from "./recovery.ts";
import { ER_UNKNOWN_COM_ERROR, probeRefusal, type Refusal } from "./refusal.ts";
import type { GaleraScenario } from "./scenario.ts";
import { finishGaleraSet, startGaleraSet } from "./set-workload.ts";

/**
 * `even-split`: an even cluster (4 nodes unless more were asked for) split into two equal
 * halves. Neither half has a majority, so both must go non-Primary within
 * evs.inactive_timeout + margin (nonPrimaryBoundMs) and accept no commit; after the heal the primary component must
 * re-form by itself (pc.recovery) and every node be Synced within the recovery bound.
 */
export const evenSplit: GaleraScenario = {
  name: "even-split",
  description: "an even cluster split in halves: both non-Primary, no commits; the primary component re-forms by itself after the heal",
  topology: (t) => ({ ...t, nodes: t.nodes % 2 === 0 ? t.nodes : t.nodes + 1 }),
  async run(ctx) {
    const { cluster, nemesis, options, logger, store } = ctx;
    const names = cluster.names;
    const half = names.length / 2;
    const sides = [names.slice(0, half), names.slice(half)];
    const boundMs = nonPrimaryBoundMs(cluster.topology, options.marginMs);
    const workload = await startGaleraSet(ctx);
    try {
      await sleep(options.durationMs / 4, undefined, { signal: ctx.signal });
      logger.info(`splitting ${sides.map((s) => s.join("+")).join(" | ")}; non-Primary bound ${boundMs} ms`);
      await nemesis.partition(halves(names), "reset");
      const faultAt = Date.now();
      const allNonPrimary = (v: { answered: boolean; primary: boolean }) => v.answered && !v.primary;
      const probeSides = async () => {
        const refusals: Record<string, Refusal> = {};
        for (const side of sides) refusals[side[0] as string] = await probeRefusal(cluster.pool(side[0] as string));
        return refusals;
      };
      const { samples, between: refusals } = await sampleFaultWindow(
        cluster,
        store.recorder,
        faultAt,
        {
          firstMs: boundMs + 5000,
          reached: (s) => firstAllAt(s, names, allNonPrimary) !== null,
          between: probeSides,
          minMs: options.faultMs,
        },
        ctx.signal,
      );
      const both = firstAllAt(samples, names, allNonPrimary);
      // The nodes' own lines give the time (New COMPONENT: primary = no); polling is the cross-check and the fallback.
      const events = await clusterLogEvents(cluster.nodes, faultAt);
      const figures = { nonPrimaryMs: eventFigure(both?.atMs ?? null, allNodesEvent(events, names, faultAt, nonPrimary), faultAt) };
      const bothMs = figures.nonPrimaryMs.ms;
      const healNs = store.recorder.clock.nowNs();
      const recovery = await recoverAfterHeal(ctx);
      await workload.done;
      const checks = await finishGaleraSet(ctx);
      const committed = both === null ? [] : okWritesBetween(store.recorder.ops(), names, both.atNs, healNs);
      // After both halves lost the primary view, no later sample may show a primary again until the heal.
      const primaryAgain = both === null ? [] : samples.filter((s) => s.atMs > both.atMs && Object.values(s.nodes).some((v) => v.primary));
      const brains = splitBrains(samples);
      const reasons: string[] = [];
      if (bothMs === null) {
        const last = samples.at(-1);
        const primaries = Object.entries(last?.nodes ?? {})
          .filter(([, v]) => v.primary)
          .map(([n, v]) => `${n} (size ${v.size})`);
        reasons.push(
          `the halves never were both non-Primary; still Primary at ${last?.atMs} ms: ${primaries.join(", ") || "none answered"}`,
        );
      } else if (bothMs !== null && bothMs > boundMs)
        reasons.push(`both halves non-Primary only after ${bothMs} ms (${figures.nonPrimaryMs.source}), bound ${boundMs} ms`);
      if (brains.length > 0)
        reasons.push(
          `two primary components at once: ${brains[0]?.components.map((c) => c.join("+")).join(" | ")} at ${brains[0]?.atMs} ms`,
        );
      if (primaryAgain.length > 0) reasons.push(`a node reported Primary again at ${primaryAgain[0]?.atMs} ms, before the heal`);
      for (const [node, r] of Object.entries(refusals)) {
        if (r.read !== ER_UNKNOWN_COM_ERROR || r.write !== ER_UNKNOWN_COM_ERROR)
          reasons.push(`${node} answered a read with ${r.read ?? "rows"} and a write with ${r.write ?? "success"}, not 1047`);
      }
      if (committed.length > 0) reasons.push(`${committed.length} write(s) acknowledged while no half had a primary view`);
      reasons.push(...recovery.reasons);
      const probe: CheckResult = {
        checker: "primary-view",
        valid: reasons.length === 0,
        ...(reasons.length > 0 ? { reason: reasons.join("; ") } : {}),
        halves: sides,
        boundMs,
        bothNonPrimaryMs: bothMs,
        sampled: { bothNonPrimaryMs: both?.atMs ?? null },
        timingSources: figureSources(figures),
        refusals,
        writesWithoutPrimary: committed.length,
        splitBrains: brains.slice(0, 5),
        recoveryBoundMs: options.recoveryMs,
        recoveredMs: recovery.recoveredMs,
        stateTransfer: recovery.stateTransfer,
        samples: samples.length,
      };
      const timings: Record<string, number> = { boundMs };
      if (bothMs !== null) timings.nonPrimaryMs = bothMs;
      if (recovery.recoveredMs !== null) timings.recoveredMs = recovery.recoveredMs;
      if (recovery.primaryAgain.ms !== null) timings.primaryAgainMs = recovery.primaryAgain.ms;
      logger.info(
        `even-split: both halves non-Primary at ${bothMs} ms (${figures.nonPrimaryMs.source}; bound ${boundMs}), re-formed ${recovery.recoveredMs} ms after heal`,
      );
      return { checks, probes: [probe], timings, timingSources: figureSources({ ...figures, primaryAgainMs: recovery.primaryAgain }) };
    } finally {
      await workload.done.catch(() => {});
    }
  },
};
