import { setTimeout as sleep } from "node:timers/promises";
import type { CheckResult } from "../../../checkers/verdict.ts";
import { bandwidth, latency } from "../../../mesh/toxics.ts";
import { commitLatency, flowControl } from "./commit-latency.ts";
import { recoverAfterHeal } from "./recovery.ts";
import type { GaleraScenario } from "./scenario.ts";
import { finishGaleraSet, startGaleraSet } from "./set-workload.ts";

/** Added on every node-to-node link, both directions. */
export const SLOW_LINKS = { latencyMs: 100, jitterMs: 20, kbPerSecond: 256 } as const;

/**
 * `slow-links`: latency and a bandwidth limit on every node-to-node link in the middle third
 * of the workload. Every commit needs a round of group communication, so commits must slow
 * down (median commit latency above the baseline third's); nothing may diverge (set and
 * convergence). Flow-control counters are measured and reported (whether the receive queues
 * filled far enough to pause replication depends on the load).
 */
export const slowLinks: GaleraScenario = {
  name: "slow-links",
  description: "latency and bandwidth limits on links: commits slow down, flow control measured, nothing diverges",
  async run(ctx) {
    const { cluster, nemesis, options, logger, store } = ctx;
    const clock = store.recorder.clock;
    const third = options.durationMs / 3;
    const workload = await startGaleraSet(ctx);
    try {
      const baselineFrom = clock.nowNs();
      await sleep(third, undefined, { signal: ctx.signal });
      const before = await cluster.snapshot();
      const slowFrom = clock.nowNs();
      logger.info(`slowing every link: ${SLOW_LINKS.latencyMs}±${SLOW_LINKS.jitterMs} ms, ${SLOW_LINKS.kbPerSecond} KB/s`);
      for (const stream of ["upstream", "downstream"] as const) {
        await nemesis.toxic({ all: true }, latency(SLOW_LINKS.latencyMs, SLOW_LINKS.jitterMs, stream));
        await nemesis.toxic({ all: true }, bandwidth(SLOW_LINKS.kbPerSecond, stream));
      }
      await sleep(third, undefined, { signal: ctx.signal });
      const slowTo = clock.nowNs();
      const after = await cluster.snapshot();
      const recovery = await recoverAfterHeal(ctx);
      await workload.done;
      const checks = await finishGaleraSet(ctx);
      const ops = store.recorder.ops();
      const baseline = commitLatency(ops, baselineFrom, slowFrom);
      const slowed = commitLatency(ops, slowFrom, slowTo);
      const fc = Object.fromEntries(
        after.map((s) => {
          const a = flowControl(s.status);
          const b = flowControl(before.find((x) => x.name === s.name)?.status ?? {});
          return [
            s.name,
            { sent: a.sent - b.sent, received: a.received - b.received, pausedMs: Math.round((a.pausedNs - b.pausedNs) / 1e6) },
          ];
        }),
      );
      const engaged = Object.values(fc).some((f) => f.sent > 0 || f.received > 0 || f.pausedMs > 0);
      const reasons: string[] = [];
      if (baseline.p50Ms === null || slowed.p50Ms === null)
        reasons.push(`too few acknowledged commits to compare (baseline ${baseline.count}, slowed ${slowed.count})`);
      else if (!(slowed.p50Ms > baseline.p50Ms))
        reasons.push(`commits did not slow down: median ${slowed.p50Ms} ms with slow links vs ${baseline.p50Ms} ms before`);
      reasons.push(...recovery.reasons);
      const probe: CheckResult = {
        checker: "slow-links",
        valid: reasons.length === 0 ? true : baseline.p50Ms === null || slowed.p50Ms === null ? "unknown" : false,
        ...(reasons.length > 0 ? { reason: reasons.join("; ") } : {}),
        toxics: SLOW_LINKS,
        baseline,
        slowed,
        slowdown: baseline.p50Ms && slowed.p50Ms ? Math.round((slowed.p50Ms / baseline.p50Ms) * 100) / 100 : null,
        flowControl: fc,
        flowControlEngaged: engaged,
        recoveredMs: recovery.recoveredMs,
      };
      logger.info(
        `slow-links: median commit ${baseline.p50Ms} ms -> ${slowed.p50Ms} ms; flow control ${engaged ? "engaged" : "not engaged"}`,
      );
      const timings: Record<string, number> = {};
      if (baseline.p50Ms !== null) timings.baselineCommitP50Ms = baseline.p50Ms;
      if (slowed.p50Ms !== null) timings.slowCommitP50Ms = slowed.p50Ms;
      return { checks, probes: [probe], timings };
    } finally {
      await workload.done.catch(() => {});
    }
  },
};
