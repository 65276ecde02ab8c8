import { setTimeout as sleep } from "node:timers/promises";
import { availabilityChecker } from "../../../checkers/availability.ts";
import type { CheckResult } from "../../../checkers/verdict.ts";
import { errorMessage } from "../../../core/errors.ts";
import type { TxnKind } from "../../../history/micro-op.ts";
import { STANDARD_MIX } from "../../../mesh/chaos.ts";
import { isolate } from "../../../mesh/grudge.ts";
import { finalSqlTxnReads, prepareSqlTxnTables, runSqlTxns, type SqlTxnRun } from "../../../workloads/sql-txn.ts";
import { GALERA_CLAIM } from "../../claimed-models.ts";
import { chaosProbe, runChaos } from "../../txn-chaos.ts";
import { claimedTxnCheck } from "../../txn-check.ts";
import { chaosFaultMs, runSeed, type TxnFault, txnScenarioName, txnWorkloadWords } from "../../txn-options.ts";
import { workloadWindow } from "../../workload-window.ts";
import { crashAll, describeRecovery, recoverFromFullCrash } from "../full-crash.ts";
import { recoverAfterHeal } from "./recovery.ts";
import type { GaleraScenario, GaleraScenarioContext } from "./scenario.ts";

/** Key groups: key k is row k of table fl_append_(k mod 3), so transactions span tables as well as rows. */
export const APPEND_GROUPS = 3;

const DESCRIPTIONS: Record<TxnFault, string> = {
  none: "on every node of a healthy cluster: no anomaly the claimed model forbids",
  partition: "on every node while one node is cut off: no anomaly the claimed model forbids",
  crash: "through a minority kill and restart, then a full crash and recovery: no anomaly the claimed model forbids",
  chaos: "under a seeded mix of partitions, kills, pauses and slow links: no anomaly the claimed model forbids",
};

/** The fault's part of a run: what it found (reasons), probes of its own, timings. */
interface FaultPart {
  reasons: string[];
  probes: CheckResult[];
  timings: Record<string, number>;
  /** false when the cluster could not be read from at the end (no final reads). */
  whole: boolean;
}

async function applyFaults(ctx: GaleraScenarioContext, fault: TxnFault, seed: number, name: string): Promise<FaultPart> {
  const { cluster, nemesis, options, logger, signal } = ctx;
  const names = cluster.names;
  const victim = names.at(-1) as string;
  const part: FaultPart = { reasons: [], probes: [], timings: {}, whole: true };
  const ready = async (what: string) => {
    const at = Date.now();
    try {
      await cluster.waitForReady(options.recoveryMs);
      part.timings[`${what}RecoveredMs`] = Date.now() - at;
      return undefined;
    } catch (error) {
      return `not Primary and Synced everywhere within ${options.recoveryMs} ms of the ${what} heal: ${errorMessage(error).split("\n")[0]}`;
    }
  };
  switch (fault) {
    case "none":
      return part;
    case "partition": {
      await sleep(options.durationMs / 4, undefined, { signal });
      logger.info(`${name}: cutting ${victim} off for ${options.faultMs} ms`);
      await nemesis.partition(isolate(names, victim), "reset");
      await sleep(options.faultMs, undefined, { signal });
      const recovery = await recoverAfterHeal(ctx);
      part.reasons.push(...recovery.reasons);
      if (recovery.recoveredMs !== null) part.timings.recoveredMs = recovery.recoveredMs;
      return part;
    }
    case "crash": {
      await sleep(options.durationMs / 4, undefined, { signal });
      logger.info(`${name}: killing ${victim} (a minority) for ${Math.min(options.faultMs, 2000)} ms`);
      await nemesis.processFault("kill", [victim]);
      await sleep(Math.min(options.faultMs, 2000), undefined, { signal });
      await nemesis.heal();
      const minority = await ready("minority");
      if (minority) part.reasons.push(minority);
      logger.info(`${name}: killing ${names.join(", ")} at once`);
      await crashAll(cluster, nemesis);
      await sleep(Math.min(options.faultMs, 2000), undefined, { signal });
      await nemesis.heal();
      const recovery = await recoverFromFullCrash(cluster, options.readyMs, signal);
      logger.info(`${name}: ${describeRecovery(recovery)}`);
      if (recovery.failure) {
        part.reasons.push(describeRecovery(recovery));
        part.whole = false;
      } else if (recovery.recoveredMs !== null) part.timings.fullCrashRecoveredMs = recovery.recoveredMs;
      return part;
    }
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
 * `append`, `append-partition`, `append-crash`, `append-chaos`: Elle's list-append on every
 * node (lib/workloads/sql-txn.ts) through the fault, then a final read on every node, judged by
 * the list-append checker against Galera's claimed model (snapshot isolation, GALERA_CLAIM) or
 * --model, at --isolation (default: the server's own). A cluster that does not come back after
 * the fault is a finding of its own (the `recovery` probe). With kind rw-register, the same
 * scenarios as `rw-register`, `rw-register-partition`, ...: Elle's other workload, whose plain
 * writes overwrite instead of appending, so the checker infers less of each key's version order
 * (run only when named: list-append sees every anomaly rw-register can, and more).
 */
export function galeraTxnScenario(fault: TxnFault, kind: TxnKind = "list-append"): GaleraScenario {
  const name = txnScenarioName(kind, fault);
  return {
    name,
    description: `${txnWorkloadWords(kind)} ${DESCRIPTIONS[fault]}`,
    ...(kind === "rw-register" ? { onlyByName: true } : {}),
    async run(ctx) {
      const { cluster, options, store } = ctx;
      const seed = runSeed(options);
      ctx.logger.info(`${name}: seed ${seed}`);
      await prepareSqlTxnTables(cluster.pool(cluster.names[0] ?? "n1"), kind, APPEND_GROUPS);
      const window = workloadWindow(ctx.signal, fault === "chaos" ? options.chaosMs : options.durationMs);
      const done: Promise<SqlTxnRun> = runSqlTxns(
        cluster.pools(),
        store.recorder,
        {
          kind,
          workers: options.workers,
          durationMs: window.boundMs,
          opTimeoutMs: 5000,
          pauseMs: 5,
          seed,
          groups: APPEND_GROUPS,
          ...(options.isolation ? { isolation: options.isolation } : {}),
        },
        window.signal,
      );
      try {
        const part = await applyFaults(ctx, fault, seed, name);
        await window.stop();
        const { keysUsed } = await done;
        // Final reads are causal (wsrep_sync_wait), each on its own connection, thrown away after.
        if (part.whole)
          await finalSqlTxnReads(cluster.pools(), store.recorder, {
            kind,
            groups: APPEND_GROUPS,
            keysUsed,
            process: options.workers,
            syncWait: true,
          });
        const probes = [...part.probes];
        if (part.reasons.length > 0) probes.push({ checker: "recovery", valid: false, reason: part.reasons.join("; ") });
        return {
          checks: [
            claimedTxnCheck(kind, GALERA_CLAIM, options.model, {
              seed,
              engine: "Galera",
              ...(options.isolation ? { isolation: options.isolation } : {}),
            }),
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
