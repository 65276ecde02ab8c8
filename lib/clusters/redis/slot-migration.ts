import { errorMessage } from "../../core/errors.ts";
import { nodeClient, probe } from "./node-client.ts";

/** A node as the migration protocol needs it: its cluster id and the address others reach it at. */
export interface SlotNode {
  id: string;
  ip: string;
  port: number;
}

/** One command for one node. */
export interface SlotCommand {
  node: SlotNode;
  args: string[];
}

export interface SlotMigrationOptions {
  /** Keys asked for per GETKEYSINSLOT round (redis-cli's --cluster-pipeline default is 10; 100 here). */
  batch: number;
  /** MIGRATE's own timeout, in ms. */
  migrateTimeoutMs: number;
  /**
   * false leaves the keys where they are and only hands the slot over: a deliberately broken
   * migration, for showing that the checkers catch the keys it strands. Default true.
   */
  moveKeys: boolean;
}

export const DEFAULT_SLOT_MIGRATION: SlotMigrationOptions = { batch: 100, migrateTimeoutMs: 5000, moveKeys: true };

/**
 * Moving one slot, as data (the protocol of redis-cli --cluster reshard):
 *   open:  the target IMPORTING from the source, then the source MIGRATING to the target; in
 *          this order, so the target already accepts ASKING when the source starts redirecting;
 *   drain: on the source, GETKEYSINSLOT then MIGRATE of those keys, until GETKEYSINSLOT is empty;
 *   close: SETSLOT NODE on the target first (it bumps its config epoch and owns the slot before
 *          the source answers MOVED to it), then the source, then every other master.
 */
export interface SlotMigrationPlan {
  slot: number;
  open: SlotCommand[];
  /** Absent when keys are not moved. */
  drain: { node: SlotNode; getKeys: string[]; migrate: string[] } | undefined;
  close: SlotCommand[];
}

/** MIGRATE of several keys at once: an empty key argument and KEYS, db 0, no COPY or REPLACE. */
export function migrateArgs(target: SlotNode, keys: readonly string[], timeoutMs: number): string[] {
  return ["MIGRATE", target.ip, String(target.port), "", "0", String(timeoutMs), "KEYS", ...keys];
}

export function slotMigrationPlan(
  slot: number,
  source: SlotNode,
  target: SlotNode,
  otherMasters: readonly SlotNode[],
  options: Partial<SlotMigrationOptions> = {},
): SlotMigrationPlan {
  const o = { ...DEFAULT_SLOT_MIGRATION, ...options };
  const s = String(slot);
  return {
    slot,
    open: [
      { node: target, args: ["CLUSTER", "SETSLOT", s, "IMPORTING", source.id] },
      { node: source, args: ["CLUSTER", "SETSLOT", s, "MIGRATING", target.id] },
    ],
    drain: o.moveKeys
      ? { node: source, getKeys: ["CLUSTER", "GETKEYSINSLOT", s, String(o.batch)], migrate: migrateArgs(target, [], o.migrateTimeoutMs) }
      : undefined,
    close: [target, source, ...otherMasters].map((node) => ({ node, args: ["CLUSTER", "SETSLOT", s, "NODE", target.id] })),
  };
}

export interface SlotMigrationResult {
  slot: number;
  keysMigrated: number;
  /** MIGRATE calls made. */
  batches: number;
  durationMs: number;
  /** Commands of the close step a node refused, "<ip>:<port> <command>: <error>" (empty when all took). */
  errors: string[];
}

const send = (c: SlotCommand) => probe(c.node.ip, c.node.port, c.args[0] ?? "", ...c.args.slice(1));
const describe = (c: SlotCommand) => `${c.node.ip}:${c.node.port} ${c.args.join(" ")}`;

/**
 * Runs a plan, each command on a fresh connection (probe). An error while opening or draining
 * throws (the slot is left open, as redis-cli leaves it); in the close step every node is told
 * even if one refuses, and refusals are returned: once the target owns the slot, leaving the
 * others uninformed would be worse than reporting.
 */
export async function runSlotMigration(plan: SlotMigrationPlan, maxRounds = 10_000): Promise<SlotMigrationResult> {
  const started = Date.now();
  const at = async (c: SlotCommand) => {
    try {
      return await send(c);
    } catch (error) {
      throw new Error(`slot ${plan.slot}: ${describe(c)}: ${errorMessage(error)}`);
    }
  };
  for (const c of plan.open) await at(c);
  let keysMigrated = 0;
  let batches = 0;
  if (plan.drain) {
    const { node, getKeys, migrate } = plan.drain;
    for (let round = 0; ; round++) {
      if (round >= maxRounds) throw new Error(`slot ${plan.slot}: still holds keys after ${maxRounds} MIGRATE rounds`);
      const keys = (await probeList(node, getKeys, plan.slot)).filter((k) => k !== "");
      if (keys.length === 0) break;
      await at({ node, args: [...migrate, ...keys] });
      keysMigrated += keys.length;
      batches++;
    }
  }
  const errors: string[] = [];
  for (const c of plan.close) {
    try {
      await send(c);
    } catch (error) {
      errors.push(`${describe(c)}: ${errorMessage(error)}`);
    }
  }
  return { slot: plan.slot, keysMigrated, batches, durationMs: Date.now() - started, errors };
}

/** GETKEYSINSLOT answers an array, which probe would flatten to one string: read it as a list. */
async function probeList(node: SlotNode, args: string[], slot: number): Promise<string[]> {
  const client = nodeClient(node.ip, node.port);
  client.on("error", () => {});
  try {
    await client.connect();
    const reply = await client.call(args[0] ?? "", ...args.slice(1));
    return Array.isArray(reply) ? reply.map(String) : [];
  } catch (error) {
    throw new Error(`slot ${slot}: ${node.ip}:${node.port} ${args.join(" ")}: ${errorMessage(error)}`);
  } finally {
    client.disconnect();
  }
}
