import { setTimeout as sleep } from "node:timers/promises";
import { availabilityChecker } from "../../../checkers/availability.ts";
import type { CheckResult } from "../../../checkers/verdict.ts";
import { isolate } from "../../../mesh/grudge.ts";
import { sampledEvent } from "../../event-figure.ts";
import { isMaster, parseClusterNodes } from "../cluster-nodes.ts";
import { clusterLogEvents, failoverFigures, figureSources } from "../failover-figures.ts";
import { failoverBoundMs, failoverTimeline, type ViewSample } from "../failover-timeline.ts";
import { parseInfo } from "../info.ts";
import { probe } from "../node-client.ts";
import type { RedisScenario, ScenarioContext } from "./scenario.ts";
import { startSetWorkload } from "./set-workload.ts";

export type LossKind = "kill" | "pause" | "partition";

const SAMPLE_EVERY_MS = 100;

/** What every node but the victim says now; a node that does not answer is left out of this sample. */
async function sampleViews(ctx: ScenarioContext, victim: string, atMs: number): Promise<ViewSample> {
  const views: ViewSample["views"] = {};
  await Promise.all(
    ctx.cluster.nodes
      .filter((n) => n.name !== victim)
      .map(async (n) => {
        try {
          const [nodes, info] = await Promise.all([probe(n.ip, n.port, "CLUSTER", "NODES"), probe(n.ip, n.port, "CLUSTER", "INFO")]);
          views[n.name] = { nodes: parseClusterNodes(nodes), state: parseInfo(info).cluster_state ?? "" };
        } catch {
          // not answering right now: no view in this sample
        }
      }),
  );
  return { atMs, views };
}

/**
 * `failover-kill`, `failover-pause`, `failover-partition`: the first master lost one of three
 * ways while a set workload runs. Measured from the moment the fault took effect: PFAIL and
 * FAIL seen by peers, the replica's promotion, cluster_state:ok on every other node, and what
 * clients of the lost master's slots saw. Valid when the promotion comes within
 * node-timeout + election delay + margin, and, after the heal, the old master has rejoined as a
 * replica of the promoted one.
 */
export function failoverScenario(kind: LossKind): RedisScenario {
  return {
    name: `failover-${kind}`,
    description: `a master lost by ${kind}: its replica promoted within the bound, the old master back as its replica`,
    async run(ctx) {
      const { cluster, nemesis, options, logger } = ctx;
      const [snapshot] = await cluster.snapshot();
      const [victim] = await cluster.primaries();
      const victimNode = cluster.nodes.find((n) => n.name === victim);
      if (!victim || !victimNode || !snapshot) throw new Error("no master to fail over");
      const victimView = snapshot.nodes.find((n) => n.ip === victimNode.ip && n.port === victimNode.port);
      const replicas: Record<string, string> = {};
      for (const n of snapshot.nodes.filter((x) => x.masterId === victimView?.id)) {
        const name = cluster.nodes.find((c) => c.ip === n.ip && c.port === n.port)?.name;
        if (name) replicas[name] = `${n.ip}:${n.port}`;
      }
      const bound = failoverBoundMs(cluster.topology.nodeTimeoutMs, 0, options.marginMs);
      const workload = (await startSetWorkload(ctx)).done;
      try {
        await sleep(Math.min(2000, options.durationMs / 4), undefined, { signal: ctx.signal });
        logger.info(`${kind} of master ${victim} (replicas: ${Object.keys(replicas).join(", ") || "none"}); failover bound ${bound} ms`);
        if (kind === "partition")
          await nemesis.partition(
            isolate(
              cluster.nodes.map((n) => n.name),
              victim,
            ),
            "reset",
          );
        else await nemesis.processFault(kind, [victim]);
        const faultAt = Date.now();
        // Sample until the cluster has recovered without the victim, or well past the bound.
        const samples: ViewSample[] = [];
        const until = faultAt + bound + 10_000;
        while (Date.now() < until) {
          const sample = await sampleViews(ctx, victim, Date.now() - faultAt);
          samples.push(sample);
          const timeline = failoverTimeline(samples, { name: victim, address: `${victimNode.ip}:${victimNode.port}` }, replicas);
          if (timeline.okMs !== null) break;
          await sleep(SAMPLE_EVERY_MS, undefined, { signal: ctx.signal });
        }
        const timeline = failoverTimeline(samples, { name: victim, address: `${victimNode.ip}:${victimNode.port}` }, replicas);
        // The servers' own lines give the times; polling is the cross-check and the fallback.
        const figures = failoverFigures(timeline, await clusterLogEvents(cluster, faultAt), {
          faultAtMs: faultAt,
          victim,
          victimId: victimView?.id ?? "",
          replicas: Object.keys(replicas),
          others: cluster.nodes.map((n) => n.name).filter((n) => n !== victim),
        });
        const promotedMs = figures.promotedMs.ms;
        const held = Date.now() - faultAt;
        if (held < options.faultMs) await sleep(options.faultMs - held, undefined, { signal: ctx.signal });
        await nemesis.heal();
        await workload;
        await cluster.waitForReady(options.readyMs);
        // After the heal the old master must follow the promoted replica.
        const [after] = await cluster.snapshot();
        const oldMaster = after?.nodes.find((n) => n.ip === victimNode.ip && n.port === victimNode.port);
        const promotedAddress = timeline.promoted ? replicas[timeline.promoted] : undefined;
        const promotedView = after?.nodes.find((n) => `${n.ip}:${n.port}` === promotedAddress);
        const rejoined = oldMaster !== undefined && !isMaster(oldMaster) && oldMaster.masterId === promotedView?.id;
        const reasons: string[] = [];
        if (promotedMs === null) reasons.push(`no replica of ${victim} was promoted within ${until - faultAt} ms`);
        else if (promotedMs > bound) reasons.push(`promotion took ${promotedMs} ms (${figures.promotedMs.source}), bound ${bound} ms`);
        if (!rejoined) reasons.push(`after the heal ${victim} is not a replica of ${timeline.promoted ?? "a promoted replica"}`);
        const probeResult: CheckResult = {
          checker: "failover",
          valid: reasons.length === 0,
          ...(reasons.length > 0 ? { reason: reasons.join("; ") } : {}),
          fault: kind,
          victim,
          replicas: Object.keys(replicas),
          promoted: timeline.promoted,
          boundMs: bound,
          nodeTimeoutMs: cluster.topology.nodeTimeoutMs,
          marginMs: options.marginMs,
          pfailMs: figures.pfailMs.ms,
          failMs: figures.failMs.ms,
          promotedMs,
          okMs: figures.okMs.ms,
          sampled: { pfailMs: timeline.pfailMs, failMs: timeline.failMs, promotedMs: timeline.promotedMs, okMs: timeline.okMs },
          timingSources: figureSources(figures),
          rejoinedAsReplica: rejoined,
          samples: samples.length,
        };
        logger.info(
          `failover: PFAIL ${figures.pfailMs.ms} ms (${figures.pfailMs.source}), FAIL ${figures.failMs.ms} ms (${figures.failMs.source}), promoted ${timeline.promoted ?? "none"} at ${promotedMs} ms (${figures.promotedMs.source}), ok everywhere at ${figures.okMs.ms} ms (${figures.okMs.source}); bound ${bound} ms`,
        );
        const timings: Record<string, number> = { boundMs: bound };
        for (const [name, figure] of Object.entries(figures)) if (figure.ms !== null) timings[name] = figure.ms;
        return {
          checks: [{ checker: availabilityChecker, options: {} }],
          probes: [probeResult],
          timings,
          timingSources: figureSources(figures),
          // PFAIL is never logged at notice level; FAIL and the promotion only when no line was taken.
          events: [
            ...sampledEvent(figures.pfailMs, faultAt, { node: victim, kind: "pfail", text: `polling: a peer flagged ${victim} fail?` }),
            ...sampledEvent(figures.failMs, faultAt, { node: victim, kind: "fail", text: `polling: a peer flagged ${victim} fail` }),
            ...sampledEvent(figures.promotedMs, faultAt, {
              node: timeline.promoted ?? victim,
              kind: "promoted",
              text: `polling: ${timeline.promoted ?? "a replica"} a master owning slots`,
            }),
          ],
        };
      } finally {
        await workload.catch(() => {});
      }
    },
  };
}
