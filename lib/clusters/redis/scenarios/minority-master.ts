import { setTimeout as sleep } from "node:timers/promises";
import { availabilityChecker } from "../../../checkers/availability.ts";
import { lossWindowChecker } from "../../../checkers/loss-window.ts";
import type { CheckResult } from "../../../checkers/verdict.ts";
import { isolate } from "../../../mesh/grudge.ts";
import { finalSetRead } from "../../../workloads/redis-set.ts";
import { keyOwnedBy, timeUntilRefusesWrites } from "../victim-probe.ts";
import type { RedisScenario } from "./scenario.ts";
import { SET_KEYS } from "./set-under-fault.ts";
import { startSetWorkload } from "./set-workload.ts";

/**
 * `minority-master` (and `minority-master-wait`): the first master cut off alone while clients
 * still reach it. It must stop accepting writes within node-timeout + margin of the cut
 * (measured by writing to it directly until it answers CLUSTERDOWN); acknowledged writes lost
 * after the heal must all be ones it acknowledged inside that window (reported by name), none
 * elsewhere. The `-wait` variant follows every write with WAIT 1, so writes the cut master could
 * not replicate are not acknowledged: fewer (ideally none) are lost.
 */
export function minorityMasterScenario(withWait: boolean): RedisScenario {
  return {
    name: withWait ? "minority-master-wait" : "minority-master",
    description: `a master cut off with a minority: it stops accepting writes within node-timeout, and loses acknowledged writes only inside that window${withWait ? " (writes with WAIT 1)" : ""}`,
    async run(ctx) {
      const { cluster, store, nemesis, client, logger, options, signal } = ctx;
      const [victim] = await cluster.primaries();
      const victimNode = cluster.nodes.find((n) => n.name === victim);
      if (!victim || !victimNode) throw new Error("no master to cut off");
      const windowMs = cluster.topology.nodeTimeoutMs + options.marginMs;
      const probeKey = await keyOwnedBy(cluster, victimNode, "fl:probe:");
      const workload = (await startSetWorkload(ctx, { ...(withWait ? { wait: { replicas: 1, timeoutMs: 200 } } : {}) })).done;
      try {
        await sleep(Math.min(2000, options.durationMs / 4), undefined, { signal });
        logger.info(`cutting master ${victim} off from every peer (clients still reach it); window ${windowMs} ms`);
        await nemesis.partition(
          isolate(
            cluster.nodes.map((n) => n.name),
            victim,
          ),
          "reset",
        );
        const cutAt = Date.now();
        const refusal = await timeUntilRefusesWrites(victimNode, probeKey, cutAt, windowMs + 10_000, signal);
        logger.info(
          `${victim} refused writes (CLUSTERDOWN) ${refusal.refusedMs ?? "never"} ms after the cut; last accepted at ${refusal.lastAcceptedMs ?? "-"} ms`,
        );
        const held = Date.now() - cutAt;
        if (held < options.faultMs) await sleep(options.faultMs - held, undefined, { signal });
        await nemesis.heal();
        await workload;
        await cluster.waitForReady(options.readyMs);
        await finalSetRead(client, store.recorder, SET_KEYS, options.workers);
        const stops = refusal.refusedMs !== null && refusal.refusedMs <= windowMs;
        const probe: CheckResult = {
          checker: "minority-stops-writes",
          valid: stops,
          ...(stops
            ? {}
            : {
                reason:
                  refusal.refusedMs === null
                    ? `${victim} never refused a write`
                    : `${victim} refused writes only ${refusal.refusedMs} ms after the cut, bound ${windowMs} ms`,
              }),
          node: victim,
          refusedMs: refusal.refusedMs,
          lastAcceptedMs: refusal.lastAcceptedMs,
          boundMs: windowMs,
          reply: refusal.reply,
        };
        const timings: Record<string, number> = { windowMs };
        if (refusal.refusedMs !== null) timings.refusedMs = refusal.refusedMs;
        return {
          checks: [
            { checker: lossWindowChecker, options: { node: victim, windowMs } },
            { checker: availabilityChecker, options: {} },
          ],
          probes: [probe],
          timings,
        };
      } finally {
        await workload.catch(() => {});
      }
    },
  };
}
