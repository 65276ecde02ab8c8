import { setTimeout as sleep } from "node:timers/promises";
import { availabilityChecker } from "../../../checkers/availability.ts";
import { setChecker } from "../../../checkers/set.ts";
import type { CheckResult } from "../../../checkers/verdict.ts";
import { errorMessage } from "../../../core/errors.ts";
import { NEMESIS } from "../../../history/op.ts";
import { finalSetRead } from "../../../workloads/redis-set.ts";
import { type ClusterNode, isMaster, parseClusterNodes, slotCount } from "../cluster-nodes.ts";
import { probe } from "../node-client.ts";
import type { RedisNode, StartedRedisCluster } from "../redis-cluster.ts";
import type { RedisScenario } from "./scenario.ts";
import { SET_KEYS } from "./set-under-fault.ts";
import { startSetWorkload } from "./set-workload.ts";

const POLL_EVERY_MS = 100;

/** Where CLUSTER FAILOVER goes: its replica (the real thing) or the master itself (refused; shows the probe failing). */
export type ManualFailoverTarget = "replica" | "master";

/** A node's own line of CLUSTER NODES ("myself"), or undefined when it does not answer. */
async function selfView(node: RedisNode): Promise<ClusterNode | undefined> {
  try {
    return parseClusterNodes(await probe(node.ip, node.port, "CLUSTER", "NODES")).find((n) => n.flags.includes("myself"));
  } catch {
    return undefined;
  }
}

function roleOf(self: ClusterNode | undefined, cluster: StartedRedisCluster, view: readonly ClusterNode[]): string {
  if (!self) return "no answer";
  if (isMaster(self)) return `master (${slotCount(self)} slots)`;
  const master = view.find((n) => n.id === self.masterId);
  const name = master ? cluster.nodes.find((c) => c.ip === master.ip && c.port === master.port)?.name : undefined;
  return `replica of ${name ?? self.masterId}`;
}

/**
 * `manual-failover`: while the set workload runs, CLUSTER FAILOVER (no FORCE, no TAKEOVER) is
 * sent to the replica of the first master. The replica asks its master to stop writes, waits
 * until it has caught up with the master's replication offset, then takes over: by the spec no
 * acknowledged write is lost, so the set checker (lost empty) is the assertion. The probe
 * measures the time until both nodes say the roles swapped (the replica a master with slots, the
 * old master a replica of it), bounded by node-timeout x 2 + margin + 10 s.
 *
 * `sendTo: "master"` sends the command to the master instead, which refuses it: the probe fails
 * with the node's error (a check that can fail, shown failing).
 */
export function manualFailoverScenario(sendTo: ManualFailoverTarget = "replica"): RedisScenario {
  return {
    name: sendTo === "replica" ? "manual-failover" : "manual-failover-to-master",
    description:
      sendTo === "replica"
        ? "CLUSTER FAILOVER on a replica under load: roles swap within the bound, no acknowledged write lost"
        : "CLUSTER FAILOVER sent to a master (refused): the manual-failover probe must fail",
    async run(ctx) {
      const { cluster, options, logger, store } = ctx;
      const [snapshot] = await cluster.snapshot();
      const [masterName] = await cluster.primaries();
      const master = cluster.nodes.find((n) => n.name === masterName);
      const view = snapshot?.nodes ?? [];
      const masterView = master ? view.find((n) => n.ip === master.ip && n.port === master.port) : undefined;
      const replicaView = view.find((n) => masterView !== undefined && n.masterId === masterView.id);
      const replica = replicaView ? cluster.nodes.find((n) => n.ip === replicaView.ip && n.port === replicaView.port) : undefined;
      if (!master || !masterView || !replica || !replicaView) throw new Error("no master with a replica to fail over");
      const target = sendTo === "replica" ? replica : master;
      const boundMs = cluster.topology.nodeTimeoutMs * 2 + options.marginMs + 10_000;
      const rolesBefore = {
        [master.name]: roleOf(await selfView(master), cluster, view),
        [replica.name]: roleOf(await selfView(replica), cluster, view),
      };
      const started = Date.now();
      const { done: workload, owners } = await startSetWorkload(ctx);
      try {
        await sleep(Math.min(2000, options.durationMs / 4), undefined, { signal: ctx.signal });
        logger.info(`CLUSTER FAILOVER to ${target.name} (${sendTo}; master ${master.name}, replica ${replica.name}); bound ${boundMs} ms`);
        const intent = { node: target.name, master: master.name, replica: replica.name };
        store.recorder.record({ process: NEMESIS, type: "invoke", f: "manual-failover", value: intent });
        const sentAt = Date.now();
        let reply: string | undefined;
        let error: string | undefined;
        try {
          reply = await probe(target.ip, target.port, "CLUSTER", "FAILOVER");
          store.recorder.record({ process: NEMESIS, type: "info", f: "manual-failover", value: { ...intent, reply } });
        } catch (e) {
          error = errorMessage(e);
          store.recorder.record({ process: NEMESIS, type: "info", f: "manual-failover", value: intent, error });
        }
        // Poll both nodes' own view until the roles have swapped (pointless if the command was refused).
        let promotedMs: number | null = null;
        let demotedMs: number | null = null;
        let polls = 0;
        while (error === undefined && Date.now() - sentAt < boundMs) {
          const [r, m] = await Promise.all([selfView(replica), selfView(master)]);
          polls++;
          const at = Date.now() - sentAt;
          if (promotedMs === null && r && isMaster(r) && slotCount(r) > 0) promotedMs = at;
          if (demotedMs === null && m && !isMaster(m) && m.masterId === replicaView.id) demotedMs = at;
          if (promotedMs !== null && demotedMs !== null) break;
          await sleep(POLL_EVERY_MS, undefined, { signal: ctx.signal });
        }
        const switchMs = promotedMs !== null && demotedMs !== null ? Math.max(promotedMs, demotedMs) : null;
        // From here on the old master's keys are served by the promoted replica.
        if (switchMs !== null) for (const [key, owner] of owners) if (owner === master.name) owners.set(key, replica.name);
        store.recorder.record({ process: NEMESIS, type: "invoke", f: "heal", value: {} });
        store.recorder.record({ process: NEMESIS, type: "info", f: "heal", value: { switchMs } });
        logger.info(
          `manual failover: ${error ?? reply}; ${replica.name} master at ${promotedMs} ms, ${master.name} its replica at ${demotedMs} ms`,
        );
        await workload;
        const workloadDone = Date.now();
        const after = await cluster.waitForReady(options.readyMs);
        const recoveryMs = Date.now() - workloadDone;
        await finalSetRead(ctx.client, store.recorder, SET_KEYS, options.workers);
        const afterView = after[0]?.nodes ?? [];
        const rolesAfter = {
          [master.name]: roleOf(await selfView(master), cluster, afterView),
          [replica.name]: roleOf(await selfView(replica), cluster, afterView),
        };
        const reasons: string[] = [];
        if (error !== undefined) reasons.push(`CLUSTER FAILOVER to ${target.name} was refused: ${error}`);
        else if (switchMs === null)
          reasons.push(
            `roles did not swap within ${boundMs} ms (${replica.name} master: ${promotedMs !== null}, ${master.name} its replica: ${demotedMs !== null})`,
          );
        const probeResult: CheckResult = {
          checker: "manual-failover",
          valid: reasons.length === 0,
          ...(reasons.length > 0 ? { reason: reasons.join("; ") } : {}),
          sentTo: target.name,
          master: master.name,
          replica: replica.name,
          reply: reply ?? null,
          error: error ?? null,
          rolesBefore,
          rolesAfter,
          promotedMs,
          demotedMs,
          switchMs,
          boundMs,
          polls,
        };
        const timings: Record<string, number> = { boundMs, workloadMs: workloadDone - started, recoveryMs };
        if (switchMs !== null) timings.switchMs = switchMs;
        return {
          checks: [
            { checker: setChecker, options: {} },
            { checker: availabilityChecker, options: {} },
          ],
          probes: [probeResult],
          timings,
        };
      } finally {
        await workload.catch(() => {});
      }
    },
  };
}

export const manualFailover: RedisScenario = manualFailoverScenario();
