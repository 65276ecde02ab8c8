import { describe, expect, it } from "vitest";
import { seededRandom } from "./random.ts";

const draws = (seed: number, n: number) => {
  const r = seededRandom(seed);
  return Array.from({ length: n }, () => r.next());
};

describe("seededRandom", () => {
  it("gives the same sequence for the same seed", () => {
    expect(draws(42, 100)).toEqual(draws(42, 100));
  });

  it("gives a different sequence for another seed, and does not repeat one value", () => {
    expect(draws(42, 10)).not.toEqual(draws(43, 10));
    expect(new Set(draws(42, 100)).size).toBe(100);
  });

  it("keeps values in [0, 1) and spreads them over the range", () => {
    const values = draws(7, 10_000);
    // One assertion over the range, not 20,000 (each expect is an Allure step: slow on a loaded machine).
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(values.filter((v) => v < 0.5).length).toBeGreaterThan(4500);
    expect(values.filter((v) => v < 0.5).length).toBeLessThan(5500);
  });

  it("treats the seed as an unsigned 32-bit integer", () => {
    expect(draws(-1, 5)).toEqual(draws(2 ** 32 - 1, 5));
  });

  it("int(max) is an integer in [0, max) and hits every value", () => {
    const r = seededRandom(3);
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) {
      const v = r.int(7);
      expect(Number.isInteger(v)).toBe(true);
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(7);
      seen.add(v);
    }
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    for (let i = 0; i < 50; i++) expect(r.int(1)).toBe(0);
  });

  it("pick returns an item and throws on an empty list", () => {
    const r = seededRandom(5);
    const items = ["a", "b", "c"];
    const seen = new Set<string>();
    for (let i = 0; i < 100; i++) {
      const p = r.pick(items);
      expect(items).toContain(p);
      seen.add(p);
    }
    expect(seen.size).toBe(3);
    expect(() => r.pick([])).toThrow(RangeError);
    expect(() => r.pick([])).toThrow(/cannot pick from an empty list/);
  });

  it("shuffle is a permutation, leaves its input alone, and is deterministic", () => {
    const items = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];
    const shuffled = seededRandom(9).shuffle(items);
    expect([...shuffled].sort()).toEqual(items);
    expect(items).toEqual(["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"]);
    expect(seededRandom(9).shuffle(items)).toEqual(shuffled);
  });

  it("shuffle actually reorders (some seed moves things) and handles 0 and 1 items", () => {
    const items = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const orders = new Set<string>();
    for (let seed = 1; seed <= 10; seed++) orders.add(seededRandom(seed).shuffle(items).join());
    expect(orders.size).toBeGreaterThan(5);
    expect(orders.has(items.join())).toBe(false);
    expect(seededRandom(1).shuffle([])).toEqual([]);
    expect(seededRandom(1).shuffle(["x"])).toEqual(["x"]);
  });
});
