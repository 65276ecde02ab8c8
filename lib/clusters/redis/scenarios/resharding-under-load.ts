import { setTimeout as sleep } from "node:timers/promises";
import { availabilityChecker } from "../../../checkers/availability.ts";
import { setChecker } from "../../../checkers/set.ts";
import type { CheckResult } from "../../../checkers/verdict.ts";
import { errorMessage } from "../../../core/errors.ts";
import { NEMESIS } from "../../../history/op.ts";
import { finalSetRead, runRedisSet, setKey } from "../../../workloads/redis-set.ts";
import { type ClusterNode, isMaster } from "../cluster-nodes.ts";
import { parseInfo } from "../info.ts";
import { probe } from "../node-client.ts";
import type { RedisNode } from "../redis-cluster.ts";
import { runSlotMigration, type SlotMigrationResult, type SlotNode, slotMigrationPlan } from "../slot-migration.ts";
import { ownersOfKeys } from "../slot-owners.ts";
import type { RedisScenario } from "./scenario.ts";
import { SET_KEYS } from "./set-under-fault.ts";

export interface ReshardingOptions {
  /** How many slots holding workload keys move from the first master to the second. */
  slots: number;
  /** false skips MIGRATE (the slot is handed over with its keys left behind): a broken migration for the negative test. */
  moveKeys: boolean;
}

const owns = (n: ClusterNode, slot: number) => isMaster(n) && n.slots.some(([a, b]) => slot >= a && slot <= b);

/** Calls of one command since the node started, from INFO commandstats (0 when never called). */
async function commandCalls(node: RedisNode, command: string): Promise<number> {
  const stats = parseInfo(await probe(node.ip, node.port, "INFO", "commandstats"));
  return Number(/calls=(\d+)/.exec(stats[`cmdstat_${command}`] ?? "")?.[1] ?? 0);
}

/** Error replies of one kind (MOVED, ASK) a node has sent since it started, from INFO errorstats. */
async function errorReplies(node: RedisNode, prefix: string): Promise<number> {
  const stats = parseInfo(await probe(node.ip, node.port, "INFO", "errorstats"));
  return Number(/count=(\d+)/.exec(stats[`errorstat_${prefix}`] ?? "")?.[1] ?? 0);
}

/**
 * `resharding-under-load`: while the set workload runs, slots holding workload keys move ONLINE
 * from the first master to the second, with the real protocol per slot (SETSLOT IMPORTING on the
 * target, MIGRATING on the source, GETKEYSINSLOT + MIGRATE until empty, SETSLOT NODE on target,
 * source, other masters; see slot-migration.ts). The client (ioredis Cluster) must follow ASK
 * during each slot's migration and MOVED after it by itself. The set checker (nothing lost,
 * duplicated or unexpected) is the assertion; the "resharding" probe says every moved slot is
 * the target's in every node's view and its keys are on the target, none left on the source.
 */
export function reshardingScenario(input: Partial<ReshardingOptions> = {}): RedisScenario {
  const opts: ReshardingOptions = { slots: 8, moveKeys: true, ...input };
  return {
    name: opts.moveKeys ? "resharding-under-load" : "resharding-without-migrate",
    description: opts.moveKeys
      ? "slots of workload keys moved between masters under load: no acknowledged write lost, the slots and keys on the target"
      : "slots handed over without moving their keys (broken on purpose): the set checker must find the lost writes",
    async run(ctx) {
      const { cluster, options, logger, store } = ctx;
      const [snapshot] = await cluster.snapshot();
      const view = snapshot?.nodes ?? [];
      const [sourceName, targetName, ...restNames] = await cluster.primaries();
      const byName = (name: string | undefined) => cluster.nodes.find((n) => n.name === name);
      const slotNode = (name: string | undefined): (SlotNode & { name: string }) | undefined => {
        const node = byName(name);
        const v = node ? view.find((n) => n.ip === node.ip && n.port === node.port) : undefined;
        return node && v ? { id: v.id, ip: node.ip, port: node.port, name: node.name } : undefined;
      };
      const source = slotNode(sourceName);
      const target = slotNode(targetName);
      const sourceNode = byName(sourceName);
      const targetNode = byName(targetName);
      if (!source || !target || !sourceNode || !targetNode) throw new Error("fewer than two masters to move slots between");
      const others = restNames.map(slotNode).filter((n): n is SlotNode & { name: string } => n !== undefined);
      const nameOfId = (id: string | undefined) => {
        const v = view.find((n) => n.id === id);
        return (v && cluster.nodes.find((n) => n.ip === v.ip && n.port === v.port)?.name) ?? id ?? "nobody";
      };

      // The workload's keys by slot (the server's own CLUSTER KEYSLOT); the first N slots the source owns.
      const keys = Array.from({ length: SET_KEYS }, (_, i) => setKey(i, SET_KEYS));
      const keysBySlot = new Map<number, string[]>();
      for (const key of keys) {
        const slot = Number(await probe(source.ip, source.port, "CLUSTER", "KEYSLOT", key));
        keysBySlot.set(slot, [...(keysBySlot.get(slot) ?? []), key]);
      }
      const sourceView = view.find((n) => n.id === source.id);
      const slots = [...keysBySlot.keys()]
        .filter((s) => sourceView !== undefined && owns(sourceView, s))
        .sort((a, b) => a - b)
        .slice(0, opts.slots);
      if (slots.length === 0) throw new Error(`${source.name} owns no slot of the workload's keys`);

      const owners = await ownersOfKeys(cluster, keys);
      const askingBefore = await commandCalls(targetNode, "asking");
      const askBefore = await errorReplies(sourceNode, "ASK");
      const movedBefore = await errorReplies(sourceNode, "MOVED");
      const started = Date.now();
      const workload = runRedisSet(
        ctx.client,
        store.recorder,
        {
          workers: options.workers,
          durationMs: options.durationMs,
          keys: SET_KEYS,
          pauseMs: 5,
          opTimeoutMs: 2000,
          nodeOfKey: (k) => owners.get(k),
        },
        ctx.signal,
      );
      try {
        await sleep(Math.min(2000, options.durationMs / 4), undefined, { signal: ctx.signal });
        const keysBefore: Record<number, number> = {};
        for (const slot of slots)
          keysBefore[slot] = Number(await probe(source.ip, source.port, "CLUSTER", "COUNTKEYSINSLOT", String(slot)));
        logger.info(
          `resharding ${slots.length} slots (${slots.join(", ")}) from ${source.name} to ${target.name}${opts.moveKeys ? "" : " WITHOUT moving their keys"}`,
        );
        const intent = { from: source.name, to: target.name, slots, moveKeys: opts.moveKeys };
        store.recorder.record({ process: NEMESIS, type: "invoke", f: "resharding", value: intent });
        store.recorder.record({ process: NEMESIS, type: "info", f: "resharding", value: intent });
        const migrationStarted = Date.now();
        const moved: SlotMigrationResult[] = [];
        const errors: string[] = [];
        for (const slot of slots) {
          try {
            const result = await runSlotMigration(slotMigrationPlan(slot, source, target, others, { moveKeys: opts.moveKeys }));
            moved.push(result);
            errors.push(...result.errors);
            for (const key of keysBySlot.get(slot) ?? []) owners.set(key, target.name);
          } catch (error) {
            errors.push(errorMessage(error));
            break;
          }
        }
        const migrationMs = Date.now() - migrationStarted;
        const keysMigrated = moved.reduce((n, r) => n + r.keysMigrated, 0);
        store.recorder.record({ process: NEMESIS, type: "invoke", f: "heal", value: {} });
        store.recorder.record({
          process: NEMESIS,
          type: "info",
          f: "heal",
          value: { slotsMoved: moved.length, keysMigrated, migrationMs },
        });
        logger.info(
          `resharding: ${moved.length} slots, ${keysMigrated} keys in ${migrationMs} ms${errors.length ? `; errors: ${errors.join("; ")}` : ""}`,
        );
        await workload;
        const workloadDone = Date.now();
        const after = await cluster.waitForReady(options.readyMs);
        const recoveryMs = Date.now() - workloadDone;
        await finalSetRead(ctx.client, store.recorder, SET_KEYS, options.workers);

        // Every node's view: each moved slot owned by the target; its keys on the target, none left on the source.
        const wrongOwner: string[] = [];
        for (const s of after)
          for (const slot of slots) {
            const owner = s.nodes.find((n) => owns(n, slot));
            if (owner?.id !== target.id) wrongOwner.push(`${s.name} sees slot ${slot} owned by ${nameOfId(owner?.id)}`);
          }
        const keysOnTarget: Record<number, number> = {};
        const keysLeftOnSource: Record<number, number> = {};
        for (const slot of slots) {
          keysOnTarget[slot] = Number(await probe(target.ip, target.port, "CLUSTER", "COUNTKEYSINSLOT", String(slot)));
          keysLeftOnSource[slot] = Number(await probe(source.ip, source.port, "CLUSTER", "COUNTKEYSINSLOT", String(slot)));
        }
        const missingOnTarget = slots.filter((s) => (keysBefore[s] ?? 0) > 0 && (keysOnTarget[s] ?? 0) === 0);
        const leftBehind = slots.filter((s) => (keysLeftOnSource[s] ?? 0) > 0);
        // Importing / migrating markers ("[slot-<-id]", "[slot->-id]") still on a node's own line.
        const openSlots: string[] = [];
        for (const n of cluster.nodes) {
          const mine = (await probe(n.ip, n.port, "CLUSTER", "NODES")).split("\n").find((l) => l.includes("myself"));
          const markers = mine?.match(/\[[^\]]+\]/g) ?? [];
          if (markers.length > 0) openSlots.push(`${n.name}: ${markers.join(" ")}`);
        }
        // What the client went through: ASK and MOVED replies from the source, ASKING calls on the target.
        const askingOnTarget = (await commandCalls(targetNode, "asking")) - askingBefore;
        const askFromSource = (await errorReplies(sourceNode, "ASK")) - askBefore;
        const movedFromSource = (await errorReplies(sourceNode, "MOVED")) - movedBefore;
        // Every key a slot held when it started moving must have gone through MIGRATE: a count on
        // the target alone is fooled by writes after the hand-over, which create the key afresh there.
        const migratedBySlot = new Map(moved.map((r) => [r.slot, r.keysMigrated]));
        const unmigrated = slots.filter((s) => (migratedBySlot.get(s) ?? 0) < (keysBefore[s] ?? 0));
        const reasons: string[] = [];
        if (moved.length < slots.length) reasons.push(`${moved.length} of ${slots.length} slots moved`);
        if (errors.length > 0) reasons.push(`${errors.length} commands refused`);
        if (wrongOwner.length > 0) reasons.push(`${wrongOwner.length} views do not give a moved slot to ${target.name}`);
        if (missingOnTarget.length > 0) reasons.push(`slots ${missingOnTarget.join(", ")} had keys but ${target.name} holds none`);
        if (unmigrated.length > 0) reasons.push(`slots ${unmigrated.join(", ")} held keys on ${source.name} that were never MIGRATEd`);
        if (leftBehind.length > 0) reasons.push(`slots ${leftBehind.join(", ")} still have keys on ${source.name}`);
        if (openSlots.length > 0) reasons.push(`slots left open: ${openSlots.join("; ")}`);
        const probeResult: CheckResult = {
          checker: "resharding",
          valid: reasons.length === 0,
          ...(reasons.length > 0 ? { reason: reasons.join("; ") } : {}),
          from: source.name,
          to: target.name,
          moveKeys: opts.moveKeys,
          slots,
          slotsMoved: moved.length,
          keysMigrated,
          migrateCalls: moved.reduce((n, r) => n + r.batches, 0),
          durationMs: migrationMs,
          slotMs: Object.fromEntries(moved.map((r) => [r.slot, r.durationMs])),
          keysBefore,
          keysOnTarget,
          keysLeftOnSource,
          askingOnTarget,
          askFromSource,
          movedFromSource,
          errors,
          wrongOwner,
          missingOnTarget,
          unmigrated,
          leftBehind,
          openSlots,
        };
        return {
          checks: [
            { checker: setChecker, options: {} },
            { checker: availabilityChecker, options: {} },
          ],
          probes: [probeResult],
          timings: { migrationMs, workloadMs: workloadDone - started, recoveryMs },
        };
      } finally {
        await workload.catch(() => {});
      }
    },
  };
}

export const reshardingUnderLoad: RedisScenario = reshardingScenario();
