import { describe, expect, it } from "vitest";
import { seededRandom } from "../core/random.ts";
import {
  bridge,
  type Grudge,
  halves,
  isolate,
  majoritiesRing,
  majority,
  majoritySize,
  minority,
  oneWay,
  type PartitionKind,
  planPartition,
  reachable,
  split,
} from "./grudge.ts";

const N3 = ["n1", "n2", "n3"];
const N5 = ["n1", "n2", "n3", "n4", "n5"];
const N6 = ["n1", "n2", "n3", "n4", "n5", "n6"];

/** Pairs [x, y] where x holds a grudge against y but y holds none against x. */
function oneWayPairs(grudge: Grudge): string[][] {
  const out: string[][] = [];
  for (const [x, ys] of Object.entries(grudge)) for (const y of ys) if (!(grudge[y] ?? []).includes(x)) out.push([x, y]);
  return out.sort((a, b) => a.join().localeCompare(b.join()));
}

function isSymmetric(grudge: Grudge): boolean {
  return oneWayPairs(grudge).length === 0;
}

/** Every node reaches a majority including itself, and no two nodes reach the same set. */
function expectRingProperty(nodes: readonly string[], grudge: Grudge): void {
  const reach = reachable(nodes, grudge);
  const m = majoritySize(nodes.length);
  for (const x of nodes) {
    const r = reach[x] ?? [];
    expect(r).toContain(x);
    expect(r.length).toBeGreaterThanOrEqual(m);
  }
  const sets = nodes.map((x) => (reach[x] ?? []).slice().sort().join(","));
  expect(new Set(sets).size).toBe(nodes.length);
}

describe("helpers used by these tests", () => {
  it("isSymmetric and oneWayPairs can tell a one-way grudge from a symmetric one", () => {
    expect(isSymmetric({ n1: ["n2"], n2: ["n1"] })).toBe(true);
    expect(isSymmetric({ n1: ["n2"] })).toBe(false);
    expect(oneWayPairs({ n1: ["n2", "n3"], n3: ["n1"] })).toEqual([["n1", "n2"]]);
  });
});

describe("majoritySize", () => {
  it("is floor(n/2)+1", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 9].map(majoritySize)).toEqual([1, 2, 2, 3, 3, 4, 4, 5]);
  });
});

describe("isolate", () => {
  it("cuts the target from both others on 3 nodes, both ways", () => {
    expect(isolate(N3, "n2")).toEqual({ n2: ["n1", "n3"], n1: ["n2"], n3: ["n2"] });
  });

  it("cuts the target from all four others on 5 nodes", () => {
    expect(isolate(N5, "n3")).toEqual({ n3: ["n1", "n2", "n4", "n5"], n1: ["n3"], n2: ["n3"], n4: ["n3"], n5: ["n3"] });
  });

  it("on 6 nodes the others still reach each other and only the target is alone", () => {
    const g = isolate(N6, "n6");
    expect(g).toEqual({ n6: ["n1", "n2", "n3", "n4", "n5"], n1: ["n6"], n2: ["n6"], n3: ["n6"], n4: ["n6"], n5: ["n6"] });
    expect(reachable(N6, g)).toEqual({
      n1: ["n1", "n2", "n3", "n4", "n5"],
      n2: ["n1", "n2", "n3", "n4", "n5"],
      n3: ["n1", "n2", "n3", "n4", "n5"],
      n4: ["n1", "n2", "n3", "n4", "n5"],
      n5: ["n1", "n2", "n3", "n4", "n5"],
      n6: ["n6"],
    });
    expect(isSymmetric(g)).toBe(true);
  });

  it("rejects an unknown target, too few nodes and repeated names", () => {
    expect(() => isolate(N3, "n9")).toThrow(/isolate: n9 is not one of n1, n2, n3/);
    expect(() => isolate(["n1"], "n1")).toThrow(/isolate needs at least 2 nodes, got 1/);
    expect(() => isolate(["n1", "n2", "n1"], "n1")).toThrow(/node names repeat/);
    expect(() => isolate(["n1", "n2", "n1"], "n1")).toThrow(RangeError);
  });
});

describe("split and halves", () => {
  it("halves 3 nodes as [n1 n2] | [n3]", () => {
    expect(halves(N3)).toEqual({ n1: ["n3"], n2: ["n3"], n3: ["n1", "n2"] });
  });

  it("halves 5 nodes as [n1 n2 n3] | [n4 n5], the first half the majority", () => {
    expect(halves(N5)).toEqual({
      n1: ["n4", "n5"],
      n2: ["n4", "n5"],
      n3: ["n4", "n5"],
      n4: ["n1", "n2", "n3"],
      n5: ["n1", "n2", "n3"],
    });
  });

  it("halves 6 nodes as [n1 n2 n3] | [n4 n5 n6]", () => {
    expect(halves(N6)).toEqual({
      n1: ["n4", "n5", "n6"],
      n2: ["n4", "n5", "n6"],
      n3: ["n4", "n5", "n6"],
      n4: ["n1", "n2", "n3"],
      n5: ["n1", "n2", "n3"],
      n6: ["n1", "n2", "n3"],
    });
  });

  it("is a complete bipartite cut, symmetric, and each side still reaches itself", () => {
    for (const nodes of [N3, N5, N6]) {
      const g = halves(nodes);
      const size = Math.ceil(nodes.length / 2);
      const first = nodes.slice(0, size);
      const second = nodes.slice(size);
      for (const x of first) expect(g[x]).toEqual(second);
      for (const y of second) expect(g[y]).toEqual(first);
      expect(isSymmetric(g)).toBe(true);
      const reach = reachable(nodes, g);
      for (const x of first) expect(reach[x]).toEqual(first);
      for (const y of second) expect(reach[y]).toEqual(second);
    }
  });

  it("split takes an explicit size", () => {
    expect(split(N5, 1)).toEqual({ n1: ["n2", "n3", "n4", "n5"], n2: ["n1"], n3: ["n1"], n4: ["n1"], n5: ["n1"] });
    expect(split(N6, 2)).toEqual({
      n1: ["n3", "n4", "n5", "n6"],
      n2: ["n3", "n4", "n5", "n6"],
      n3: ["n1", "n2"],
      n4: ["n1", "n2"],
      n5: ["n1", "n2"],
      n6: ["n1", "n2"],
    });
  });

  it("split rejects a size that leaves an empty side or is not an integer", () => {
    expect(() => split(N5, 0)).toThrow(/leaves an empty side/);
    expect(() => split(N5, 5)).toThrow(/leaves an empty side/);
    expect(() => split(N5, 1.5)).toThrow(/leaves an empty side/);
    expect(() => split(N5, -1)).toThrow(RangeError);
  });

  it("split and halves reject too few nodes and repeated names", () => {
    expect(() => halves(["n1"])).toThrow(/split needs at least 2 nodes, got 1/);
    expect(() => halves([])).toThrow(/split needs at least 2 nodes, got 0/);
    expect(() => halves(["n1", "n2", "n2"])).toThrow(/node names repeat: n1, n2, n2/);
  });
});

describe("minority and majority", () => {
  it("minority defaults to majority-1 nodes: 1 of 3, 2 of 5, 3 of 6", () => {
    expect(minority(N3)).toEqual({ n1: ["n2", "n3"], n2: ["n1"], n3: ["n1"] });
    expect(minority(N5)).toEqual({
      n1: ["n3", "n4", "n5"],
      n2: ["n3", "n4", "n5"],
      n3: ["n1", "n2"],
      n4: ["n1", "n2"],
      n5: ["n1", "n2"],
    });
    expect(minority(N6)).toEqual({
      n1: ["n4", "n5", "n6"],
      n2: ["n4", "n5", "n6"],
      n3: ["n4", "n5", "n6"],
      n4: ["n1", "n2", "n3"],
      n5: ["n1", "n2", "n3"],
      n6: ["n1", "n2", "n3"],
    });
  });

  it("majority defaults to the majority size: 2 of 3, 3 of 5, 4 of 6", () => {
    expect(majority(N3)).toEqual({ n1: ["n3"], n2: ["n3"], n3: ["n1", "n2"] });
    expect(majority(N5)).toEqual({
      n1: ["n4", "n5"],
      n2: ["n4", "n5"],
      n3: ["n4", "n5"],
      n4: ["n1", "n2", "n3"],
      n5: ["n1", "n2", "n3"],
    });
    expect(majority(N6)).toEqual({
      n1: ["n5", "n6"],
      n2: ["n5", "n6"],
      n3: ["n5", "n6"],
      n4: ["n5", "n6"],
      n5: ["n1", "n2", "n3", "n4"],
      n6: ["n1", "n2", "n3", "n4"],
    });
  });

  it("takes explicit sizes", () => {
    expect(minority(N5, 1)).toEqual(split(N5, 1));
    expect(minority(N5, 1)).toEqual({ n1: ["n2", "n3", "n4", "n5"], n2: ["n1"], n3: ["n1"], n4: ["n1"], n5: ["n1"] });
    expect(majority(N5, 4)).toEqual({ n1: ["n5"], n2: ["n5"], n3: ["n5"], n4: ["n5"], n5: ["n1", "n2", "n3", "n4"] });
    expect(majority(N6, 5)).toEqual({
      n1: ["n6"],
      n2: ["n6"],
      n3: ["n6"],
      n4: ["n6"],
      n5: ["n6"],
      n6: ["n1", "n2", "n3", "n4", "n5"],
    });
  });

  it("rejects a minority that is a majority", () => {
    expect(() => minority(N3, 2)).toThrow(/minority: 2 of 3 nodes is not a minority/);
    expect(() => minority(N5, 3)).toThrow(/minority: 3 of 5 nodes is not a minority/);
    expect(() => minority(N6, 4)).toThrow(/minority: 4 of 6 nodes is not a minority/);
  });

  it("rejects a majority that is not a majority", () => {
    expect(() => majority(N3, 1)).toThrow(/majority: 1 of 3 nodes is not a majority/);
    expect(() => majority(N5, 2)).toThrow(/majority: 2 of 5 nodes is not a majority/);
    expect(() => majority(N6, 3)).toThrow(/majority: 3 of 6 nodes is not a majority/);
  });

  it("rejects sizes that leave an empty side", () => {
    expect(() => minority(N5, 0)).toThrow(/leaves an empty side/);
    expect(() => majority(N5, 5)).toThrow(/leaves an empty side/);
  });
});

describe("bridge", () => {
  it("3 nodes: [n1] n2 [n3]", () => {
    const g = bridge(N3);
    expect(g).toEqual({ n1: ["n3"], n3: ["n1"] });
    expect("n2" in g).toBe(false);
    expect(reachable(N3, g)).toEqual({ n1: ["n1", "n2"], n2: ["n1", "n2", "n3"], n3: ["n2", "n3"] });
  });

  it("5 nodes: [n1 n2] n3 [n4 n5]", () => {
    const g = bridge(N5);
    expect(g).toEqual({ n1: ["n4", "n5"], n2: ["n4", "n5"], n4: ["n1", "n2"], n5: ["n1", "n2"] });
    expect(reachable(N5, g).n3).toEqual(N5);
  });

  it("6 nodes: [n1 n2] n3 [n4 n5 n6]", () => {
    const g = bridge(N6);
    expect(g).toEqual({
      n1: ["n4", "n5", "n6"],
      n2: ["n4", "n5", "n6"],
      n4: ["n1", "n2"],
      n5: ["n1", "n2"],
      n6: ["n1", "n2"],
    });
    expect(reachable(N6, g).n3).toEqual(N6);
  });

  it("the bridge has no entry, appears in nobody's list, and the grudge is symmetric", () => {
    for (const [nodes, bridgeNode] of [
      [N3, "n2"],
      [N5, "n3"],
      [N6, "n3"],
    ] as const) {
      const g = bridge(nodes);
      expect(Object.keys(g)).not.toContain(bridgeNode);
      for (const list of Object.values(g)) expect(list).not.toContain(bridgeNode);
      expect(Object.keys(g).length).toBe(nodes.length - 1);
      expect(isSymmetric(g)).toBe(true);
    }
  });

  it("rejects fewer than 3 nodes and repeated names", () => {
    expect(() => bridge(["n1", "n2"])).toThrow(/bridge needs at least 3 nodes, got 2/);
    expect(() => bridge(["n1", "n2", "n1"])).toThrow(/node names repeat/);
  });
});

describe("majoritiesRing", () => {
  it("3 nodes: a path (the two ends cut from each other), symmetric, each end seeing a different majority", () => {
    const g = majoritiesRing(N3);
    expect(g).toEqual({ n1: ["n3"], n3: ["n1"] });
    expect(reachable(N3, g)).toEqual({ n1: ["n1", "n2"], n2: ["n1", "n2", "n3"], n3: ["n2", "n3"] });
    expectRingProperty(N3, g);
    expect(oneWayPairs(g)).toEqual([]);
  });

  it("5 nodes: each node cuts the two opposite nodes, symmetrically", () => {
    const g = majoritiesRing(N5);
    expect(g).toEqual({
      n1: ["n3", "n4"],
      n2: ["n4", "n5"],
      n3: ["n1", "n5"],
      n4: ["n1", "n2"],
      n5: ["n2", "n3"],
    });
    expect(reachable(N5, g)).toEqual({
      n1: ["n1", "n2", "n5"],
      n2: ["n1", "n2", "n3"],
      n3: ["n2", "n3", "n4"],
      n4: ["n3", "n4", "n5"],
      n5: ["n1", "n4", "n5"],
    });
    expectRingProperty(N5, g);
    expect(isSymmetric(g)).toBe(true);
  });

  it("6 nodes: each node cuts only the opposite node, so each reaches a distinct set of 5 (a majority), symmetrically", () => {
    const g = majoritiesRing(N6);
    expect(g).toEqual({ n1: ["n4"], n2: ["n5"], n3: ["n6"], n4: ["n1"], n5: ["n2"], n6: ["n3"] });
    expect(reachable(N6, g)).toEqual({
      n1: ["n1", "n2", "n3", "n5", "n6"],
      n2: ["n1", "n2", "n3", "n4", "n6"],
      n3: ["n1", "n2", "n3", "n4", "n5"],
      n4: ["n2", "n3", "n4", "n5", "n6"],
      n5: ["n1", "n3", "n4", "n5", "n6"],
      n6: ["n1", "n2", "n4", "n5", "n6"],
    });
    expectRingProperty(N6, g);
    expect(oneWayPairs(g)).toEqual([]);
  });

  it("4 and 7 nodes keep the ring property and symmetry too", () => {
    for (const nodes of [
      ["n1", "n2", "n3", "n4"],
      ["n1", "n2", "n3", "n4", "n5", "n6", "n7"],
    ]) {
      const g = majoritiesRing(nodes);
      expectRingProperty(nodes, g);
      expect(oneWayPairs(g)).toEqual([]);
      expect(Object.keys(g).length).toBeGreaterThan(0);
    }
  });

  it("the ring-property check rejects a grudge where two nodes see the same majority", () => {
    expect(() => expectRingProperty(N5, halves(N5))).toThrow();
  });

  it("rejects fewer than 3 nodes and repeated names", () => {
    expect(() => majoritiesRing(["n1", "n2"])).toThrow(/majoritiesRing needs at least 3 nodes, got 2/);
    expect(() => majoritiesRing(["n1", "n2", "n3", "n3"])).toThrow(/node names repeat/);
  });
});

describe("oneWay and reachable", () => {
  it("oneWay cuts only from -> to", () => {
    const g = oneWay("n1", "n2");
    expect(g).toEqual({ n1: ["n2"] });
    expect(reachable(N3, g)).toEqual({ n1: ["n1", "n3"], n2: ["n1", "n2", "n3"], n3: ["n1", "n2", "n3"] });
  });

  it("oneWay rejects a node cut from itself", () => {
    expect(() => oneWay("n1", "n1")).toThrow(/oneWay: n1 cannot be cut from itself/);
  });

  it("reachable with no grudge is everyone for everyone, in node order", () => {
    expect(reachable(N3, {})).toEqual({ n1: N3, n2: N3, n3: N3 });
  });

  it("reachable ignores grudge entries about nodes outside the list", () => {
    expect(reachable(["n1", "n2"], { n1: ["n9"], n9: ["n1"] })).toEqual({ n1: ["n1", "n2"], n2: ["n1", "n2"] });
  });
});

describe("planPartition", () => {
  const kinds: PartitionKind[] = ["isolate", "halves", "minority", "majority", "bridge", "majorities-ring"];

  it("is deterministic for the same seed", () => {
    for (const kind of kinds) {
      expect(planPartition(kind, N5, seededRandom(7))).toEqual(planPartition(kind, N5, seededRandom(7)));
    }
  });

  it("differs for another seed", () => {
    for (const kind of kinds) {
      expect(planPartition(kind, N5, seededRandom(1))).not.toEqual(planPartition(kind, N5, seededRandom(2)));
    }
  });

  it("applies the named planner to the nodes shuffled by the seeded source", () => {
    const order = seededRandom(11).shuffle(N6);
    expect(planPartition("isolate", N6, seededRandom(11))).toEqual(isolate(order, order[0] as string));
    expect(planPartition("halves", N6, seededRandom(11))).toEqual(halves(order));
    expect(planPartition("minority", N6, seededRandom(11))).toEqual(minority(order));
    expect(planPartition("majority", N6, seededRandom(11))).toEqual(majority(order));
    expect(planPartition("bridge", N6, seededRandom(11))).toEqual(bridge(order));
    expect(planPartition("majorities-ring", N6, seededRandom(11))).toEqual(majoritiesRing(order));
  });

  it("keeps each planner's shape: isolate leaves exactly one node alone", () => {
    const g = planPartition("isolate", N5, seededRandom(3));
    const alone = Object.entries(reachable(N5, g)).filter(([, r]) => r.length === 1);
    expect(alone.length).toBe(1);
    const minoritySide = Object.values(reachable(N5, planPartition("minority", N5, seededRandom(3)))).map((r) => r.length);
    expect(minoritySide.sort()).toEqual([2, 2, 3, 3, 3]);
  });

  it("does not mutate the node list", () => {
    const nodes = [...N5];
    planPartition("halves", nodes, seededRandom(5));
    expect(nodes).toEqual(N5);
  });
});
