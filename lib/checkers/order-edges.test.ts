import { describe, expect, it } from "vitest";
import { seededRandom } from "../core/random.ts";
import { processOrder, realtimeOrder } from "./order-edges.ts";
import type { Txn } from "./txn-ops.ts";

/** Transactions with invoke and completion indices; ids in invoke order, as transactions() makes them. */
function txns(spans: readonly [process: number, invoke: number, complete: number | undefined, outcome?: Txn["outcome"]][]): Txn[] {
  return [...spans]
    .sort((a, b) => a[1] - b[1])
    .map(([process, index, completeIndex, outcome], id) => ({
      id,
      index,
      completeIndex,
      process,
      node: undefined,
      outcome: outcome ?? "ok",
      mops: [],
    }));
}

/** Who reaches whom through the linked edges (transitive closure), as "a<b" pairs. */
function closure(all: readonly Txn[], edges: readonly [Txn, Txn][]): Set<string> {
  const out = new Map<Txn, Txn[]>(all.map((t) => [t, []]));
  for (const [a, b] of edges) out.get(a)?.push(b);
  const pairs = new Set<string>();
  for (const start of all) {
    const seen = new Set<Txn>();
    const stack = [...(out.get(start) ?? [])];
    for (let t = stack.pop(); t; t = stack.pop()) {
      if (seen.has(t)) continue;
      seen.add(t);
      pairs.add(`${start.index}<${t.index}`);
      stack.push(...(out.get(t) ?? []));
    }
  }
  return pairs;
}

describe("realtimeOrder", () => {
  it("links each transaction to the frontier: a before b whenever a completed (ok) before b was invoked, through as few edges as needed", () => {
    // a [0,1] b [2,3] c [4,5]: a chain; d [2,6] overlaps b and c.
    const all = txns([
      [0, 0, 1],
      [1, 2, 3],
      [0, 4, 5],
      [2, 2.5, 6],
    ]);
    const edges: [Txn, Txn][] = [];
    realtimeOrder(all, (a, b) => edges.push([a, b]));
    expect(edges.map(([a, b]) => `${a.index}<${b.index}`)).toEqual(["0<2", "0<2.5", "2<4"]);
  });

  it("on random histories (with info and fail), the edges' closure is exactly 'completed ok before invoked', with at most concurrency edges per transaction", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const random = seededRandom(seed);
      const spans: [number, number, number | undefined, Txn["outcome"]][] = [];
      const processes = 6;
      for (let p = 0; p < processes; p++) {
        let t = random.int(5);
        for (let i = 0; i < 30; i++) {
          const invoke = t + random.next();
          const complete = invoke + 1 + random.int(15) + random.next();
          const outcome = random.pick(["ok", "ok", "ok", "ok", "info", "fail"] as const);
          spans.push([p, invoke, outcome === "info" && random.next() < 0.5 ? undefined : complete, outcome]);
          t = complete + random.int(3);
        }
      }
      const all = txns(spans);
      const edges: [Txn, Txn][] = [];
      realtimeOrder(all, (a, b) => edges.push([a, b]));
      const brute = new Set<string>();
      for (const a of all) {
        for (const b of all)
          if (a.outcome === "ok" && a.completeIndex !== undefined && a.completeIndex < b.index) brute.add(`${a.index}<${b.index}`);
      }
      expect(closure(all, edges)).toEqual(brute);
      // Nothing leaves a transaction that did not complete ok: it may take effect after any later invoke.
      expect(edges.every(([a]) => a.outcome === "ok")).toBe(true);
      const perTarget = new Map<Txn, number>();
      for (const [, b] of edges) perTarget.set(b, (perTarget.get(b) ?? 0) + 1);
      expect(Math.max(...perTarget.values())).toBeLessThanOrEqual(processes);
    }
  });
});

describe("processOrder", () => {
  it("links each transaction after its process's last ok one; an info one is linked to but not from", () => {
    const all = txns([
      [0, 0, 1],
      [0, 2, 3, "info"],
      [0, 4, 5],
      [1, 1, 6, "fail"],
      [1, 7, 8],
    ]);
    const edges: string[] = [];
    processOrder(all, (a, b) => edges.push(`${a.index}<${b.index}`));
    expect(edges).toEqual(["0<2", "0<4"]);
  });
});
