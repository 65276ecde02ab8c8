import { setTimeout as sleep } from "node:timers/promises";
import { availabilityChecker } from "../../../checkers/availability.ts";
import { lossWindowChecker } from "../../../checkers/loss-window.ts";
import type { CheckResult } from "../../../checkers/verdict.ts";
import type { Grudge } from "../../../mesh/grudge.ts";
import { finalSetRead } from "../../../workloads/redis-set.ts";
import { isMaster, parseClusterNodes } from "../cluster-nodes.ts";
import { parseInfo } from "../info.ts";
import { probe } from "../node-client.ts";
import type { RedisScenario } from "./scenario.ts";
import { SET_KEYS } from "./set-under-fault.ts";
import { startSetWorkload } from "./set-workload.ts";

/** Each of `cut` alone, cut off from every other node: several single-node components. */
export function isolateEach(nodes: readonly string[], cut: readonly string[]): Grudge {
  const grudge: Grudge = {};
  for (const a of nodes) {
    const targets = nodes.filter((b) => b !== a && (cut.includes(a) || cut.includes(b)));
    if (targets.length > 0) grudge[a] = targets;
  }
  return grudge;
}

/**
 * `majority-loss`: a majority of masters cut off, each alone. No side holds a majority of
 * masters, so no failover can happen while the cut holds: every node must report
 * cluster_state:fail within node-timeout + margin, clients get CLUSTERDOWN, no replica makes
 * itself master; after the heal the cluster is ok again with no acknowledged write lost (role
 * changes after the heal, when a majority exists again, are reported, not judged).
 */
export const majorityLoss: RedisScenario = {
  name: "majority-loss",
  description: "most masters cut off: cluster_state:fail and CLUSTERDOWN everywhere, no failover; after heal ok with nothing lost",
  async run(ctx) {
    const { cluster, store, nemesis, client, logger, options, signal } = ctx;
    const names = cluster.nodes.map((n) => n.name);
    const masters = await cluster.primaries();
    // A majority of masters cut off, each alone: the rest hold fewer than a majority together.
    const cut = masters.slice(0, masters.length - Math.floor(masters.length / 2));
    const bound = cluster.topology.nodeTimeoutMs + options.marginMs;
    const workload = (await startSetWorkload(ctx)).done;
    try {
      await sleep(Math.min(2000, options.durationMs / 4), undefined, { signal });
      logger.info(`cutting off masters ${cut.join(", ")} (each alone) of ${masters.length}; bound ${bound} ms`);
      await nemesis.partition(isolateEach(names, cut), "reset");
      const cutAt = Date.now();
      const failedAt: Record<string, number> = {};
      const promotedDuringCut = new Set<string>();
      // Sample for the whole cut: every node's cluster_state, and whether any replica made itself master.
      while (Date.now() - cutAt < Math.max(options.faultMs, bound + 1000)) {
        await Promise.all(
          cluster.nodes.map(async (n) => {
            try {
              const [info, nodes] = await Promise.all([probe(n.ip, n.port, "CLUSTER", "INFO"), probe(n.ip, n.port, "CLUSTER", "NODES")]);
              if (failedAt[n.name] === undefined && parseInfo(info).cluster_state === "fail") failedAt[n.name] = Date.now() - cutAt;
              const self = parseClusterNodes(nodes).find((x) => x.flags.includes("myself"));
              if (self && isMaster(self) && !masters.includes(n.name)) promotedDuringCut.add(n.name);
            } catch {
              // not answering now
            }
          }),
        );
        await sleep(100, undefined, { signal });
      }
      await nemesis.heal();
      await workload;
      await cluster.waitForReady(options.readyMs);
      const mastersAfter = await cluster.primaries();
      await finalSetRead(client, store.recorder, SET_KEYS, options.workers);
      const late = names.filter((n) => failedAt[n] === undefined || (failedAt[n] as number) > bound);
      const clusterDown = store.recorder.ops().filter((o) => o.type === "fail" && /CLUSTERDOWN/.test(o.error ?? "")).length;
      const reasons: string[] = [];
      if (late.length > 0) reasons.push(`${late.join(", ")} did not report cluster_state:fail within ${bound} ms`);
      if (promotedDuringCut.size > 0)
        reasons.push(`${[...promotedDuringCut].join(", ")} became master while no side held a majority of masters`);
      if (clusterDown === 0) reasons.push("no client operation was refused with CLUSTERDOWN");
      const result: CheckResult = {
        checker: "majority-loss",
        valid: reasons.length === 0,
        ...(reasons.length > 0 ? { reason: reasons.join("; ") } : {}),
        cut,
        boundMs: bound,
        failStateMs: failedAt,
        mastersBefore: masters,
        promotedDuringCut: [...promotedDuringCut],
        // After the heal a majority exists again, and stale failure reports may promote replicas: allowed, reported.
        mastersAfterHeal: mastersAfter,
        clusterDownOps: clusterDown,
      };
      const slowest = Math.max(...Object.values(failedAt), 0);
      return {
        // Each cut master is a minority master: it may acknowledge writes until it notices
        // (node-timeout) that are lost if its replica is promoted after the heal. Losses inside
        // those windows are reported by name; any other loss (and any unexpected or duplicated
        // element) fails the run.
        checks: [
          { checker: lossWindowChecker, options: { node: cut, windowMs: bound } },
          { checker: availabilityChecker, options: {} },
        ],
        probes: [result],
        timings: { boundMs: bound, allFailStateMs: slowest },
      };
    } finally {
      await workload.catch(() => {});
    }
  },
};
