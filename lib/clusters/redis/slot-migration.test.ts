import { describe, expect, it } from "vitest";
import { migrateArgs, type SlotCommand, slotMigrationPlan } from "./slot-migration.ts";

const src = { id: "a".repeat(40), ip: "10.0.0.11", port: 6379 };
const dst = { id: "b".repeat(40), ip: "10.0.0.12", port: 6379 };
const other = { id: "c".repeat(40), ip: "10.0.0.13", port: 6379 };

const lines = (commands: readonly SlotCommand[]) => commands.map((c) => `${c.node.ip} ${c.args.join(" ")}`);

describe("slotMigrationPlan", () => {
  it("opens the slot on the target then the source, drains on the source, hands it over target, source, other masters", () => {
    const plan = slotMigrationPlan(866, src, dst, [other]);
    expect(plan.slot).toBe(866);
    expect(lines(plan.open)).toEqual([
      `10.0.0.12 CLUSTER SETSLOT 866 IMPORTING ${src.id}`,
      `10.0.0.11 CLUSTER SETSLOT 866 MIGRATING ${dst.id}`,
    ]);
    expect(plan.drain).toEqual({
      node: src,
      getKeys: ["CLUSTER", "GETKEYSINSLOT", "866", "100"],
      migrate: ["MIGRATE", "10.0.0.12", "6379", "", "0", "5000", "KEYS"],
    });
    expect(lines(plan.close)).toEqual([
      `10.0.0.12 CLUSTER SETSLOT 866 NODE ${dst.id}`,
      `10.0.0.11 CLUSTER SETSLOT 866 NODE ${dst.id}`,
      `10.0.0.13 CLUSTER SETSLOT 866 NODE ${dst.id}`,
    ]);
  });

  it("takes the batch size and MIGRATE timeout from the options", () => {
    const plan = slotMigrationPlan(0, src, dst, [], { batch: 10, migrateTimeoutMs: 2000 });
    expect(plan.drain?.getKeys).toEqual(["CLUSTER", "GETKEYSINSLOT", "0", "10"]);
    expect(plan.drain?.migrate).toEqual(["MIGRATE", "10.0.0.12", "6379", "", "0", "2000", "KEYS"]);
    expect(lines(plan.close)).toEqual([`10.0.0.12 CLUSTER SETSLOT 0 NODE ${dst.id}`, `10.0.0.11 CLUSTER SETSLOT 0 NODE ${dst.id}`]);
  });

  it("without moveKeys, has no drain step and still hands the slot over (the broken variant)", () => {
    const plan = slotMigrationPlan(16383, src, dst, [other], { moveKeys: false });
    expect(plan.drain).toBeUndefined();
    expect(lines(plan.open)).toHaveLength(2);
    expect(lines(plan.close)).toEqual([
      `10.0.0.12 CLUSTER SETSLOT 16383 NODE ${dst.id}`,
      `10.0.0.11 CLUSTER SETSLOT 16383 NODE ${dst.id}`,
      `10.0.0.13 CLUSTER SETSLOT 16383 NODE ${dst.id}`,
    ]);
  });
});

describe("migrateArgs", () => {
  it("moves several keys in one MIGRATE: empty key, db 0, timeout, KEYS", () => {
    expect(migrateArgs(dst, ["fl:set:3", "fl:set:40"], 5000)).toEqual([
      "MIGRATE",
      "10.0.0.12",
      "6379",
      "",
      "0",
      "5000",
      "KEYS",
      "fl:set:3",
      "fl:set:40",
    ]);
  });
});
