import { setTimeout as sleep } from "node:timers/promises";
import type { CheckResult } from "../../../checkers/verdict.ts";
import { isolate } from "../../../mesh/grudge.ts";
import { type ForcePrimaryOutcome, forcePrimary } from "../force-primary.ts";
import { setProviderOption } from "../provider-option.ts";
import { sampleFaultWindow, sampleViews } from "../view-sampler.ts";
import { firstAt, splitBrains } from "../view-samples.ts";
import { recoverAfterHeal } from "./recovery.ts";
import type { GaleraScenario } from "./scenario.ts";
import { finishGaleraSet, startGaleraSet } from "./set-workload.ts";

/**
 * `forced-bootstrap` (advisory): the operator's mistake. One node is cut off, goes non-Primary,
 * and is forced to found its own primary component (`pc.bootstrap=YES`) while the majority
 * still has one: two primaries accept writes. The harness must see both primaries and, after
 * the heal, the divergence (rows one side committed that the other never got), and report
 * them as a failed split-brain check; the scenario is advisory, so it does not gate the run.
 */
/** How long the harness keeps trying pc.bootstrap=YES until the cut-off node reports Primary. */
const FORCE_TIMEOUT_MS = 20_000;

export const forcedBootstrap: GaleraScenario = {
  name: "forced-bootstrap",
  description: "pc.bootstrap=YES on a cut-off minority: two primaries; the harness reports the divergence (advisory)",
  advisory: true,
  async run(ctx) {
    const { cluster, nemesis, options, logger, store } = ctx;
    const names = cluster.names;
    const victim = names.at(-1) as string;
    const workload = await startGaleraSet(ctx);
    try {
      await sleep(options.durationMs / 4, undefined, { signal: ctx.signal });
      await nemesis.partition(isolate(names, victim), "reset");
      const faultAt = Date.now();
      const force = async (): Promise<ForcePrimaryOutcome> => {
        logger.info(`forcing ${victim} to bootstrap a primary component of its own (pc.bootstrap=YES)`);
        const outcome = await forcePrimary({
          set: () => setProviderOption(cluster, victim, "pc.bootstrap", "YES"),
          primary: async () => (await cluster.snapshot([victim]))[0]?.status.wsrep_cluster_status === "Primary",
          timeoutMs: FORCE_TIMEOUT_MS,
          settleMs: 3000,
          signal: ctx.signal,
        });
        logger.info(
          outcome.forced
            ? `forced-bootstrap: ${victim} Primary on its own ${outcome.primaryAfterMs} ms after the first attempt (${outcome.attempts} attempts, through ${outcome.how})`
            : `forced-bootstrap: ${outcome.reason}`,
        );
        return outcome;
      };
      const { samples, between: forced } = await sampleFaultWindow(
        cluster,
        store.recorder,
        faultAt,
        {
          firstMs: 30_000,
          reached: (s) => firstAt(s, victim, (v) => v.answered && !v.primary) !== null,
          between: force,
          minMs: options.faultMs,
          tailMs: 3000,
        },
        ctx.signal,
      );
      // Two primaries are not expected to merge by themselves: no long wait after the bound.
      const recovery = await recoverAfterHeal(ctx, false);
      const afterHeal = await sampleViews(cluster, store.recorder, faultAt);
      await workload.done;
      const checks = await finishGaleraSet(ctx);
      const brains = splitBrains(samples);
      const stillSplit = splitBrains([afterHeal]);
      const components = (b: { components: string[][] } | undefined) => b?.components.map((c) => c.join("+")).join(" | ");
      const findings: string[] = [];
      if (brains.length > 0)
        findings.push(
          `two primary components while cut off: ${components(brains[0])} from ${brains[0]?.atMs} ms (${brains.length} samples)`,
        );
      if (stillSplit.length > 0) findings.push(`still two primary components after the heal: ${components(stillSplit[0])}`);
      else if (recovery.reasons.length > 0) findings.push(...recovery.reasons);
      // Detected divergence is the finding: false. A node that never took the bootstrap leaves
      // nothing to judge: unknown (the harness could not stage the mistake). Only a node seen
      // Primary on its own while no second primary was ever seen beside it reports true.
      const forceError = forced.forced ? undefined : forced.reason;
      const probe: CheckResult = {
        checker: "split-brain",
        valid: findings.length > 0 ? false : forceError ? "unknown" : true,
        reason:
          findings.length > 0
            ? findings.join("; ")
            : (forceError ?? `${victim} became Primary on its own, but no sample saw a second primary component beside it`),
        victim,
        splitBrains: brains.slice(0, 5),
        splitBrainSamples: brains.length,
        splitAfterHeal: stillSplit[0]?.components ?? [],
        recoveredMs: recovery.recoveredMs,
        forceAttempts: forced.attempts,
        ...(forced.forced ? { forcedPrimaryAfterMs: forced.primaryAfterMs } : {}),
        ...(forceError ? { forceError } : {}),
      };
      logger.info(`forced-bootstrap: ${probe.reason}`);
      return { checks, probes: [probe], timings: {} };
    } finally {
      await workload.done.catch(() => {});
    }
  },
};
