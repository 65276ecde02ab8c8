import { setTimeout as sleep } from "node:timers/promises";
import { availabilityChecker } from "../../../checkers/availability.ts";
import type { CheckResult } from "../../../checkers/verdict.ts";
import { errorMessage } from "../../../core/errors.ts";
import { STANDARD_MIX } from "../../../mesh/chaos.ts";
import { isolate } from "../../../mesh/grudge.ts";
import { finalRedisTxnRead, redisTxnKey, runRedisTxns } from "../../../workloads/redis-txn.ts";
import { REDIS_CLAIM } from "../../claimed-models.ts";
import { chaosProbe, runChaos } from "../../txn-chaos.ts";
import { claimedTxnCheck } from "../../txn-check.ts";
import { appendScenarioName, chaosFaultMs, runSeed, type TxnFault } from "../../txn-options.ts";
import { workloadWindow } from "../../workload-window.ts";
import { ownersOfKeys } from "../slot-owners.ts";
import type { RedisScenario, ScenarioContext } from "./scenario.ts";

const DESCRIPTIONS: Record<TxnFault, string> = {
  none: "list-append MULTI/EXEC transactions in one slot on a healthy cluster: no anomaly the claimed model forbids",
  partition: "list-append MULTI/EXEC transactions while the slot's master is cut off: no anomaly the claimed model forbids",
  crash:
    "list-append MULTI/EXEC transactions through the slot's master killed and restarted, then every node: no anomaly the claimed model forbids",
  chaos:
    "list-append MULTI/EXEC transactions under a seeded mix of partitions, kills, pauses and slow links: no anomaly the claimed model forbids",
};

interface FaultPart {
  reasons: string[];
  probes: CheckResult[];
  timings: Record<string, number>;
}

async function applyFaults(ctx: ScenarioContext, fault: TxnFault, master: string, seed: number): Promise<FaultPart> {
  const { cluster, nemesis, options, logger, signal } = ctx;
  const names = cluster.nodes.map((n) => n.name);
  const part: FaultPart = { reasons: [], probes: [], timings: {} };
  const ready = async (what: string) => {
    const at = Date.now();
    try {
      await cluster.waitForReady(options.readyMs);
      part.timings[`${what}RecoveredMs`] = Date.now() - at;
      return undefined;
    } catch (error) {
      return `not ready within ${options.readyMs} ms of the ${what} heal: ${errorMessage(error).split("\n")[0]}`;
    }
  };
  const note = (why: string | undefined) => {
    if (why) part.reasons.push(why);
  };
  switch (fault) {
    case "none":
      return part;
    case "partition":
      await sleep(options.durationMs / 4, undefined, { signal });
      logger.info(`append-partition: cutting ${master}, the transactions' master, off for ${options.faultMs} ms`);
      await nemesis.partition(isolate(names, master), "reset");
      await sleep(options.faultMs, undefined, { signal });
      await nemesis.heal();
      note(await ready("partition"));
      return part;
    case "crash":
      await sleep(options.durationMs / 4, undefined, { signal });
      logger.info(`append-crash: killing ${master}, the transactions' master, for ${options.faultMs} ms`);
      await nemesis.processFault("kill", [master]);
      await sleep(options.faultMs, undefined, { signal });
      await nemesis.heal();
      note(await ready("minority"));
      logger.info(`append-crash: killing every node (${names.join(", ")})`);
      await nemesis.processFault("kill", names);
      await sleep(Math.min(options.faultMs, 2000), undefined, { signal });
      await nemesis.heal();
      note(await ready("full-crash"));
      return part;
    case "chaos": {
      const run = await runChaos({
        nemesis,
        nodes: names,
        seed,
        choices: STANDARD_MIX,
        durationMs: options.chaosMs,
        faultMs: chaosFaultMs(options.faultMs, options.chaosMs),
        recover: () => ready("chaos"),
        logger,
        signal,
      });
      part.probes.push(chaosProbe(seed, run));
      part.timings.faults = run.faults.length;
      return part;
    }
  }
}

/**
 * `append`, `append-partition`, `append-crash`, `append-chaos` on Redis Cluster: Elle's
 * list-append as MULTI/EXEC of RPUSH and LRANGE on keys of one hash tag (one slot, so one
 * master serves them all and every fault aims at it), then a final read once the cluster is
 * ready, judged by the list-append checker against Redis's claim (serializable, REDIS_CLAIM) or
 * --model. Replication is asynchronous: writes a failover loses show as anomalies, reported as
 * such.
 */
export function redisAppendScenario(fault: TxnFault): RedisScenario {
  return {
    name: appendScenarioName(fault),
    description: DESCRIPTIONS[fault],
    async run(ctx) {
      const { cluster, client, options, store, logger, signal } = ctx;
      const seed = runSeed(options);
      const master = (await ownersOfKeys(cluster, [redisTxnKey(0)])).get(redisTxnKey(0)) ?? cluster.nodes[0]?.name ?? "n1";
      logger.info(`${appendScenarioName(fault)}: seed ${seed}; the transactions' slot is on ${master}`);
      const window = workloadWindow(signal, fault === "chaos" ? options.chaosMs : options.durationMs);
      const done = runRedisTxns(
        client,
        store.recorder,
        {
          workers: options.workers,
          durationMs: window.boundMs,
          opTimeoutMs: 2000,
          // Redis runs a transaction in well under a millisecond: at Galera's pace a key took its 64
          // appends in a fraction of a second, shorter than a failover, so nothing read before a
          // failover was read again after it and a lost append showed no anomaly. Slower workers and
          // longer-lived keys (about 6 s each) make reads on both sides of a failover meet.
          pauseMs: 50,
          generator: { maxWritesPerKey: 256 },
          seed,
          node: master,
        },
        window.signal,
      );
      try {
        const part = await applyFaults(ctx, fault, master, seed);
        await window.stop();
        const { keysUsed } = await done;
        // The final read needs a cluster to read from; one that never came back is in the reasons, and the read is then info.
        await cluster.waitForReady(options.readyMs).catch(() => {});
        await finalRedisTxnRead(client, store.recorder, keysUsed, options.workers);
        const probes = [...part.probes];
        if (part.reasons.length > 0) probes.push({ checker: "recovery", valid: false, reason: part.reasons.join("; ") });
        return {
          checks: [
            claimedTxnCheck("list-append", REDIS_CLAIM, options.model, { seed, engine: "Redis" }),
            { checker: availabilityChecker, options: {} },
          ],
          probes,
          timings: part.timings,
        };
      } finally {
        await done.catch(() => {});
      }
    },
  };
}
