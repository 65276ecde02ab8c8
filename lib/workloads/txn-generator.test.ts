import { describe, expect, it } from "vitest";
import { seededRandom } from "../core/random.ts";
import type { MicroOp } from "../history/micro-op.ts";
import { txnGenerator } from "./txn-generator.ts";

const draw = (seed: number, n: number, kind: "list-append" | "rw-register" = "list-append", maxWritesPerKey = 4) => {
  const g = txnGenerator(seededRandom(seed), { kind, activeKeys: 3, maxOps: 4, maxWritesPerKey });
  const txns = Array.from({ length: n }, () => g.next());
  return { txns, keysUsed: g.keysUsed() };
};

describe("txnGenerator (Elle's list-append and rw-register transactions)", () => {
  it("gives 1 to maxOps micro-ops, reads null on the invoke, about half of them reads", () => {
    const { txns } = draw(1, 2000);
    const lengths = new Set(txns.map((t) => t.length));
    expect([...lengths].sort()).toEqual([1, 2, 3, 4]);
    const ops = txns.flat();
    for (const [f, , value] of ops.filter(([f]) => f === "r")) expect([f, value]).toEqual(["r", null]);
    const reads = ops.filter(([f]) => f === "r").length;
    expect(reads / ops.length).toBeGreaterThan(0.4);
    expect(reads / ops.length).toBeLessThan(0.6);
  });

  it("never writes one element twice to a key, counting from 1 per key", () => {
    for (const kind of ["list-append", "rw-register"] as const) {
      const { txns } = draw(2, 3000, kind);
      const seen = new Map<unknown, unknown[]>();
      for (const [f, key, value] of txns.flat()) {
        if (f === "r") continue;
        expect(f).toBe(kind === "list-append" ? "append" : "w");
        seen.set(key, [...(seen.get(key) ?? []), value]);
      }
      for (const values of seen.values()) expect(values).toEqual(values.map((_, i) => i + 1));
    }
  });

  it("keeps activeKeys keys in play, each retired after maxWritesPerKey writes for a fresh one", () => {
    const { txns, keysUsed } = draw(3, 400);
    const writes = new Map<unknown, number>();
    for (const [f, key] of txns.flat()) if (f !== "r") writes.set(key, (writes.get(key) ?? 0) + 1);
    expect(Math.max(...writes.values())).toBe(4);
    // Every key but the last few active ones took its 4 writes.
    const full = [...writes.values()].filter((n) => n === 4).length;
    expect(full).toBeGreaterThanOrEqual(keysUsed - 3);
    // A transaction's keys are among a handful: transactions conflict.
    for (const t of txns) expect(new Set(t.map(([, k]) => k)).size).toBeLessThanOrEqual(4);
    const keys = (t: MicroOp[]) => t.map(([, k]) => Number(k));
    const late = txns.slice(-50).flatMap(keys);
    expect(Math.max(...late) - Math.min(...late)).toBeLessThan(3 + 50);
  });

  it("is the same for the same seed, and another for another", () => {
    expect(draw(7, 100)).toEqual(draw(7, 100));
    expect(draw(7, 100)).not.toEqual(draw(8, 100));
  });

  it("refuses options that are not whole numbers from 1", () => {
    expect(() => txnGenerator(seededRandom(1), { kind: "list-append", activeKeys: 0, maxOps: 4, maxWritesPerKey: 8 })).toThrow(
      /activeKeys must be a whole number from 1, got 0/,
    );
    expect(() => txnGenerator(seededRandom(1), { kind: "list-append", activeKeys: 2, maxOps: 1.5, maxWritesPerKey: 8 })).toThrow(/maxOps/);
  });
});
