import { describe, expect, it } from "vitest";
import type { CycleAnomaly, Variant } from "./anomalies.ts";
import { type ClassResult, searchCycles } from "./cycles.ts";
import { EDGE_NAMES, GraphBuilder, PROCESS, REALTIME, RW, WR, WW } from "./dependency-graph.ts";
import { stronglyConnected } from "./scc.ts";

type Edge = [from: number, to: number, type: number];

function graphOf(nodes: number, edges: readonly Edge[]) {
  const b = new GraphBuilder(nodes);
  for (const [from, to, type] of edges) b.add(from, to, type);
  return b.build();
}

const limits = { maxCycles: 3, deadline: Number.POSITIVE_INFINITY, maxSteps: 1_000_000 };

/** Found classes with their component counts, and each class's first cycle as "0 -ww-> 1 -rw-> 0". */
function found(nodes: number, edges: readonly Edge[], variants: readonly Variant[] = [""]): Record<string, string> {
  const results = searchCycles(graphOf(nodes, edges), variants, limits);
  const out: Record<string, string> = {};
  for (const [name, r] of results as Map<CycleAnomaly, ClassResult>) {
    if (r.components === 0 && r.undecided === 0) continue;
    const cycle = r.cycles[0];
    const path = cycle ? `${cycle.edges.map((e) => `${e.from} -${EDGE_NAMES[e.type]}->`).join(" ")} ${cycle.edges[0]?.from}` : "";
    out[name] = `x${r.components}${r.undecided ? ` undecided ${r.undecided}` : ""}: ${path}`;
  }
  return out;
}

describe("stronglyConnected", () => {
  it("finds components under an edge mask, iteratively on a chain of 200,000 (a recursive Tarjan overflows the stack)", () => {
    const n = 200_000;
    const edges: Edge[] = [];
    for (let i = 0; i + 1 < n; i++) edges.push([i, i + 1, WW]);
    edges.push([n - 1, 0, RW]);
    const g = graphOf(n, edges);
    expect(stronglyConnected(g, WW).count).toBe(n);
    const all = stronglyConnected(g, WW | RW);
    expect(all.count).toBe(1);
    expect(all.sizes[0]).toBe(n);
  });

  it("separates two cycles joined by a one-way edge", () => {
    const g = graphOf(4, [
      [0, 1, WW],
      [1, 0, WR],
      [1, 2, WW],
      [2, 3, RW],
      [3, 2, WW],
    ]);
    const c = stronglyConnected(g, WW | WR | RW);
    expect(c.count).toBe(2);
    expect(c.comp[0]).toBe(c.comp[1]);
    expect(c.comp[2]).toBe(c.comp[3]);
    expect(c.comp[0]).not.toBe(c.comp[2]);
  });
});

describe("searchCycles: one name per cycle, by its edges", () => {
  it("G0: ww only", () => {
    expect(
      found(2, [
        [0, 1, WW],
        [1, 0, WW],
      ]),
    ).toEqual({ G0: "x1: 0 -ww-> 1 -ww-> 0" });
  });

  it("G1c: ww and wr, at least one wr", () => {
    expect(
      found(2, [
        [0, 1, WW],
        [1, 0, WR],
      ]),
    ).toEqual({ G1c: "x1: 1 -wr-> 0 -ww-> 1" });
  });

  it("G-single: exactly one rw", () => {
    expect(
      found(3, [
        [0, 1, RW],
        [1, 2, WW],
        [2, 0, WR],
      ]),
    ).toEqual({ "G-single": "x1: 0 -rw-> 1 -ww-> 2 -wr-> 0" });
  });

  it("G2-item: two adjacent rw (write skew); G-nonadjacent: two rw apart", () => {
    expect(
      found(2, [
        [0, 1, RW],
        [1, 0, RW],
      ]),
    ).toEqual({ "G2-item": "x1: 0 -rw-> 1 -rw-> 0" });
    expect(
      found(4, [
        [0, 1, RW],
        [1, 2, WR],
        [2, 3, RW],
        [3, 0, WR],
      ]),
    ).toEqual({ "G-nonadjacent": "x1: 0 -rw-> 1 -wr-> 2 -rw-> 3 -wr-> 0" });
  });

  it("adjacency wraps around: rw, wr, rw closes rw to rw, so G2-item, not G-nonadjacent", () => {
    expect(
      found(3, [
        [0, 1, RW],
        [1, 2, WR],
        [2, 0, RW],
      ]),
    ).toEqual({ "G2-item": "x1: 0 -rw-> 1 -wr-> 2 -rw-> 0" });
  });

  it("a component with several cycles reports each class it has, counted once per component", () => {
    // 0 -ww-> 1 -ww-> 0 (G0) and 1 -rw-> 2 -wr-> 1 (G-single), one component.
    expect(
      found(3, [
        [0, 1, WW],
        [1, 0, WW],
        [1, 2, RW],
        [2, 1, WR],
      ]),
    ).toEqual({
      G0: "x1: 0 -ww-> 1 -ww-> 0",
      "G-single": "x1: 1 -rw-> 2 -wr-> 1",
    });
  });

  it("counts components: two separate G0 cycles", () => {
    expect(
      found(4, [
        [0, 1, WW],
        [1, 0, WW],
        [2, 3, WW],
        [3, 2, WW],
      ]),
    ).toEqual({ G0: "x2: 0 -ww-> 1 -ww-> 0" });
  });

  it("finds the shortest walk of the class, not the first", () => {
    // 0 -rw-> 1, then a long way back (1 -> 2 -> 3 -> 4 -> 0) and a short one (1 -> 0).
    const edges: Edge[] = [
      [0, 1, RW],
      [1, 2, WW],
      [2, 3, WW],
      [3, 4, WW],
      [4, 0, WW],
      [1, 0, WR],
    ];
    expect(found(5, edges)).toEqual({ "G-single": "x1: 0 -rw-> 1 -wr-> 0" });
  });

  it("realtime and process variants need their edge in the cycle, and are only searched when asked", () => {
    // A stale read: 0 completed before 1 began (realtime), 1 did not see 0's write (rw).
    const stale: Edge[] = [
      [0, 1, REALTIME],
      [1, 0, RW],
    ];
    expect(found(2, stale)).toEqual({});
    expect(found(2, stale, ["", "-realtime"])).toEqual({ "G-single-realtime": "x1: 0 -realtime-> 1 -rw-> 0" });
    expect(
      found(
        2,
        [
          [0, 1, PROCESS],
          [1, 0, WW],
        ],
        ["", "-process"],
      ),
    ).toEqual({ "G0-process": "x1: 0 -process-> 1 -ww-> 0" });
    // A data cycle with a realtime edge beside it: the realtime cycle is its own finding (1 finished before 0
    // began, yet 0's write came first), and the G0 found without realtime edges names none.
    expect(
      found(
        2,
        [
          [0, 1, WW],
          [1, 0, WW],
          [1, 0, REALTIME],
        ],
        ["", "-realtime"],
      ),
    ).toEqual({
      G0: "x1: 0 -ww-> 1 -ww-> 0",
      "G0-realtime": "x1: 1 -realtime-> 0 -ww-> 1",
    });
  });

  it("a budget too small to finish leaves the component undecided, not clean", () => {
    const edges: Edge[] = [[0, 1, RW]];
    for (let i = 1; i < 50; i++) edges.push([i, i + 1, WW]);
    edges.push([50, 0, WW]);
    const results = searchCycles(graphOf(51, edges), [""], { ...limits, maxSteps: -1 });
    expect(results.get("G-single")).toEqual({ components: 0, cycles: [], undecided: 1 });
  });
});
