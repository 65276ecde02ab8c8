import { describe, expect, it } from "vitest";
import { seededRandom } from "../core/random.ts";
import { type NodeSelector, selectNodes } from "./node-selectors.ts";

const N5 = ["n3", "n1", "n5", "n2", "n4"];
const sorted = (xs: readonly string[]) => [...xs].sort();

function expectSortedDistinctSubset(chosen: readonly string[], nodes: readonly string[]): void {
  expect(chosen).toEqual(sorted(chosen));
  expect(new Set(chosen).size).toBe(chosen.length);
  for (const n of chosen) expect(nodes).toContain(n);
}

describe("selectNodes", () => {
  it("one, given: that node", () => {
    expect(selectNodes({ kind: "one", node: "n2" }, N5, seededRandom(1))).toEqual(["n2"]);
  });

  it("one, given but unknown: throws", () => {
    expect(() => selectNodes({ kind: "one", node: "n9" }, N5, seededRandom(1))).toThrow(/n9 is not one of n3, n1, n5, n2, n4/);
  });

  it("one, random: one node of the list, every node reachable over seeds, deterministic per seed", () => {
    const seen = new Set<string>();
    for (let seed = 1; seed <= 60; seed++) {
      const chosen = selectNodes({ kind: "one" }, N5, seededRandom(seed));
      expect(chosen.length).toBe(1);
      expect(N5).toContain(chosen[0]);
      expect(selectNodes({ kind: "one" }, N5, seededRandom(seed))).toEqual(chosen);
      seen.add(chosen[0] as string);
    }
    expect(sorted([...seen])).toEqual(["n1", "n2", "n3", "n4", "n5"]);
  });

  it("one, random, on no nodes: throws", () => {
    expect(() => selectNodes({ kind: "one" }, [], seededRandom(1))).toThrow(/empty/);
  });

  it("minority is majority-1 nodes: 1 of 3, 2 of 5, 3 of 6", () => {
    for (const [nodes, size] of [
      [["n1", "n2", "n3"], 1],
      [N5, 2],
      [["n6", "n5", "n4", "n3", "n2", "n1"], 3],
    ] as const) {
      for (let seed = 1; seed <= 20; seed++) {
        const chosen = selectNodes({ kind: "minority" }, nodes, seededRandom(seed));
        expect(chosen.length).toBe(size);
        expectSortedDistinctSubset(chosen, nodes);
      }
    }
  });

  it("majority is the majority size: 2 of 3, 3 of 5, 4 of 6", () => {
    for (const [nodes, size] of [
      [["n1", "n2", "n3"], 2],
      [N5, 3],
      [["n6", "n5", "n4", "n3", "n2", "n1"], 4],
    ] as const) {
      for (let seed = 1; seed <= 20; seed++) {
        const chosen = selectNodes({ kind: "majority" }, nodes, seededRandom(seed));
        expect(chosen.length).toBe(size);
        expectSortedDistinctSubset(chosen, nodes);
      }
    }
  });

  it("minority and majority vary with the seed", () => {
    const minorities = new Set<string>();
    for (let seed = 1; seed <= 40; seed++) minorities.add(selectNodes({ kind: "minority" }, N5, seededRandom(seed)).join());
    expect(minorities.size).toBeGreaterThan(1);
  });

  it("all: every node, sorted", () => {
    expect(selectNodes({ kind: "all" }, N5, seededRandom(1))).toEqual(["n1", "n2", "n3", "n4", "n5"]);
  });

  it("primaries: the named nodes sorted, validated against the node list", () => {
    expect(selectNodes({ kind: "primaries", primaries: ["n4", "n1"] }, N5, seededRandom(1))).toEqual(["n1", "n4"]);
    expect(() => selectNodes({ kind: "primaries", primaries: ["n1", "n7"] }, N5, seededRandom(1))).toThrow(/n7 is not one of/);
  });

  it("nodes: the given nodes sorted, validated", () => {
    expect(selectNodes({ kind: "nodes", nodes: ["n5", "n2", "n3"] }, N5, seededRandom(1))).toEqual(["n2", "n3", "n5"]);
    expect(() => selectNodes({ kind: "nodes", nodes: ["x"] }, N5, seededRandom(1))).toThrow(/x is not one of/);
  });

  it("is deterministic for a seed, for every kind", () => {
    const selectors: NodeSelector[] = [
      { kind: "one" },
      { kind: "minority" },
      { kind: "majority" },
      { kind: "all" },
      { kind: "primaries", primaries: ["n2"] },
      { kind: "nodes", nodes: ["n4", "n3"] },
    ];
    for (const s of selectors) expect(selectNodes(s, N5, seededRandom(99))).toEqual(selectNodes(s, N5, seededRandom(99)));
  });

  it("does not mutate its inputs", () => {
    const nodes = [...N5];
    const primaries = ["n4", "n1"];
    selectNodes({ kind: "all" }, nodes, seededRandom(1));
    selectNodes({ kind: "majority" }, nodes, seededRandom(1));
    selectNodes({ kind: "primaries", primaries }, nodes, seededRandom(1));
    expect(nodes).toEqual(N5);
    expect(primaries).toEqual(["n4", "n1"]);
  });
});
