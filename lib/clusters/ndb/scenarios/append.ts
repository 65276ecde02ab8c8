import { setTimeout as sleep } from "node:timers/promises";
import { availabilityChecker } from "../../../checkers/availability.ts";
import type { CheckResult } from "../../../checkers/verdict.ts";
import { errorMessage } from "../../../core/errors.ts";
import type { TxnKind } from "../../../history/micro-op.ts";
import { STANDARD_MIX } from "../../../mesh/chaos.ts";
import { isolate } from "../../../mesh/grudge.ts";
import type { FaultChoice } from "../../../mesh/schedule.ts";
import { finalSqlTxnReads, prepareSqlTxnTables, runSqlTxns } from "../../../workloads/sql-txn.ts";
import { NDB_CLAIM } from "../../claimed-models.ts";
import { chaosProbe, runChaos } from "../../txn-chaos.ts";
import { claimedTxnCheck } from "../../txn-check.ts";
import { chaosFaultMs, runSeed, type TxnFault, txnScenarioName, txnWorkloadWords } from "../../txn-options.ts";
import { workloadWindow } from "../../workload-window.ts";
import type { NdbScenario, NdbScenarioContext } from "./scenario.ts";

/** Key groups, as on Galera: key k is row k of fl_append_(k mod 3), an NDBCLUSTER table. */
export const NDB_APPEND_GROUPS = 3;

/**
 * NDB's part of the standard mix: a node cut off, one node killed or paused, slow links. Splits
 * of the data nodes are left to `data-node-partition` and `arbitrator-loss`, which judge the
 * arbitration they start; here a lost node group would only end the workload.
 */
export const NDB_CHAOS: readonly FaultChoice[] = STANDARD_MIX.filter((c) => c.kind !== "partition" || c.partition === "isolate");

const DESCRIPTIONS: Record<TxnFault, string> = {
  none: "through every SQL node of a healthy cluster: no anomaly the claimed model forbids",
  partition: "while a data node is cut off: no anomaly the claimed model forbids",
  crash: "through a data node killed and restarted, then every data node: no anomaly the claimed model forbids",
  chaos: "under a seeded mix of cut-offs, kills, pauses and slow links: no anomaly the claimed model forbids",
};

async function applyFaults(
  ctx: NdbScenarioContext,
  fault: TxnFault,
  seed: number,
  name: string,
): Promise<{ reasons: string[]; probes: CheckResult[] }> {
  const { cluster, nemesis, options, logger, signal } = ctx;
  const data = cluster.plan.data.map((n) => n.name);
  const meshNodes = [...data, ...cluster.plan.sql.map((n) => n.name)];
  const victim = data.at(-1) as string;
  const reasons: string[] = [];
  const probes: CheckResult[] = [];
  const ready = async (what: string) => {
    try {
      await cluster.waitForReady(options.recoveryMs);
      return undefined;
    } catch (error) {
      return `not started everywhere within ${options.recoveryMs} ms of the ${what} heal: ${errorMessage(error).split("\n")[0]}`;
    }
  };
  const note = (why: string | undefined) => {
    if (why) reasons.push(why);
  };
  switch (fault) {
    case "none":
      break;
    case "partition":
      await sleep(options.durationMs / 4, undefined, { signal });
      logger.info(`${name}: cutting data node ${victim} off for ${options.faultMs} ms`);
      await nemesis.partition(isolate(meshNodes, victim), "reset");
      await sleep(options.faultMs, undefined, { signal });
      await nemesis.heal();
      note(await ready("partition"));
      break;
    case "crash":
      await sleep(options.durationMs / 4, undefined, { signal });
      logger.info(`${name}: killing data node ${victim}`);
      await nemesis.processFault("kill", [victim]);
      await sleep(options.faultMs, undefined, { signal });
      await nemesis.heal();
      note(await ready("data node"));
      logger.info(`${name}: killing every data node (${data.join(", ")}): a system restart follows`);
      await nemesis.processFault("kill", data);
      await sleep(Math.min(options.faultMs, 2000), undefined, { signal });
      await nemesis.heal();
      note(await ready("system restart"));
      break;
    case "chaos": {
      const run = await runChaos({
        nemesis,
        nodes: meshNodes,
        seed,
        choices: NDB_CHAOS,
        durationMs: options.chaosMs,
        faultMs: chaosFaultMs(options.faultMs, options.chaosMs),
        recover: () => ready("chaos"),
        logger,
        signal,
      });
      probes.push(chaosProbe(seed, run));
      break;
    }
  }
  return { reasons, probes };
}

/**
 * `append`, `append-partition`, `append-crash`, `append-chaos` on MySQL NDB Cluster: the list-append
 * transactions of Galera's scenarios (lib/workloads/sql-txn.ts) on NDBCLUSTER tables through every
 * SQL node, judged against NDB's claim (read committed, NDB_CLAIM) or --model. With kind
 * rw-register: `rw-register`, `rw-register-partition`, ..., run only when named, as on Galera.
 */
export function ndbTxnScenario(fault: TxnFault, kind: TxnKind = "list-append"): NdbScenario {
  const name = txnScenarioName(kind, fault);
  return {
    name,
    description: `${txnWorkloadWords(kind)} ${DESCRIPTIONS[fault]}`,
    ...(kind === "rw-register" ? { onlyByName: true } : {}),
    async run(ctx) {
      const { cluster, options, store } = ctx;
      const seed = runSeed(options);
      const sqlNodes = cluster.plan.sql.map((n) => n.name);
      const pools = new Map(sqlNodes.map((n) => [n, cluster.pool(n)]));
      ctx.logger.info(`${name}: seed ${seed}`);
      await prepareSqlTxnTables(cluster.pool(sqlNodes[0] ?? "sql1"), kind, NDB_APPEND_GROUPS, "NDBCLUSTER");
      const window = workloadWindow(ctx.signal, fault === "chaos" ? options.chaosMs : options.durationMs);
      const done = runSqlTxns(
        pools,
        store.recorder,
        {
          kind,
          workers: options.workers,
          durationMs: window.boundMs,
          opTimeoutMs: 5000,
          pauseMs: 5,
          seed,
          groups: NDB_APPEND_GROUPS,
          ...(options.isolation ? { isolation: options.isolation } : {}),
        },
        window.signal,
      );
      try {
        const { reasons, probes } = await applyFaults(ctx, fault, seed, name);
        await window.stop();
        const { keysUsed } = await done;
        // NDB has no wsrep_sync_wait: a committed row is visible through every SQL node at once.
        await finalSqlTxnReads(pools, store.recorder, {
          kind,
          groups: NDB_APPEND_GROUPS,
          keysUsed,
          process: options.workers,
        });
        if (reasons.length > 0) probes.push({ checker: "recovery", valid: false, reason: reasons.join("; ") });
        return {
          checks: [
            claimedTxnCheck(kind, NDB_CLAIM, options.model, {
              seed,
              engine: "NDB",
              ...(options.isolation ? { isolation: options.isolation } : {}),
            }),
            { checker: availabilityChecker, options: {} },
          ],
          probes,
          timings: {},
        };
      } finally {
        await done.catch(() => {});
      }
    },
  };
}
