import { showKey, showValue, type TxnKey } from "../history/micro-op.ts";
import type { Assumption } from "./models.ts";
import { processOrder, realtimeOrder } from "./order-edges.ts";
import type { KeyView, Version } from "./rw-register-reads.ts";
import type { Findings } from "./txn-findings.ts";
import { txnName } from "./txn-findings.ts";
import type { Txn } from "./txn-ops.ts";

/** Where a version-order fact comes from: the initial state needs no assumption, the rest each need one. */
export type Source = "initial" | Assumption;

/** u < v in key's version order, and why: `a` and `b` are the transactions the inference rests on. */
export interface VersionEdge {
  key: TxnKey;
  from: Version;
  to: Version;
  source: Source;
  a?: Txn;
  b?: Txn;
}

export interface RegisterOrders {
  edges: VersionEdge[];
  /** key -> from -> to -> edge id (the first inference of each pair is kept). */
  byKey: Map<TxnKey, Map<Version, Map<Version, number>>>;
}

/**
 * Version orders of rw-register keys, a partial order per key (Elle 5.2), from sources added
 * one at a time:
 *   initial: null (the unwritten state) precedes every written value;
 *   writes-follow-reads: a transaction that read u and then wrote v puts u < v;
 *   sequential-keys: a transaction touching the key after another of its process saw it later;
 *   linearizable-keys: likewise for one that began after the other completed (realtime).
 * A source that closes a cycle in a key's order is reported (cyclic-versions) and its facts for
 * that key are dropped, so the order stays a partial order. Only committed transactions count.
 */
export function registerVersionOrders(
  nodes: readonly Txn[],
  views: ReadonlyMap<Txn, ReadonlyMap<TxnKey, KeyView>>,
  assumptions: readonly Assumption[],
  findings: Findings,
): RegisterOrders {
  const orders: RegisterOrders = { edges: [], byKey: new Map() };
  // One cyclic-versions finding per key: a later source closing a cycle there is dropped as well, not reported again.
  const cyclic = new Set<TxnKey>();
  const layer = (source: Source, collect: (add: (e: VersionEdge) => void) => void) => {
    const candidates = new Map<TxnKey, VersionEdge[]>();
    collect((e) => {
      if (e.from === e.to) return;
      const list = candidates.get(e.key);
      if (list) list.push(e);
      else candidates.set(e.key, [e]);
    });
    for (const [key, edges] of candidates) {
      const graph = orders.byKey.get(key) ?? new Map<Version, Map<Version, number>>();
      // The key's order with the new facts added, as facts, to find a cycle and say what made it.
      const trial = new Map([...graph].map(([u, out]) => [u, new Map([...out].map(([v, id]) => [v, orders.edges[id] as VersionEdge]))]));
      for (const e of edges) {
        const out = trial.get(e.from) ?? new Map<Version, VersionEdge>();
        if (!out.has(e.to)) out.set(e.to, e);
        trial.set(e.from, out);
      }
      const cycle = findCycle(trial);
      if (cycle) {
        const facts = cycle.map(([u, v]) => trial.get(u)?.get(v) as VersionEdge);
        const needs = [...new Set(facts.flatMap((f) => (f.source === "initial" ? [] : [f.source])))];
        if (cyclic.has(key)) continue;
        cyclic.add(key);
        const txns = [...new Set(facts.flatMap((f) => [f.a, f.b]).filter((t): t is Txn => t !== undefined))];
        findings.add(
          "cyclic-versions",
          txns,
          () =>
            `key ${showKey(key)}: what ${source} infers closes a cycle in its version order (${facts.map((f) => `${showVersion(f.from)} < ${showVersion(f.to)}: ${describeVersionEdge(f)}`).join("; ")}), so that inference is dropped for this key`,
          key,
          needs,
        );
        continue;
      }
      for (const e of edges) {
        if (graph.get(e.from)?.has(e.to)) continue;
        orders.edges.push(e);
        const out = graph.get(e.from) ?? new Map<Version, number>();
        out.set(e.to, orders.edges.length - 1);
        graph.set(e.from, out);
      }
      orders.byKey.set(key, graph);
    }
  };
  const touching = new Map<TxnKey, Txn[]>();
  for (const txn of nodes) {
    for (const key of views.get(txn)?.keys() ?? []) {
      const list = touching.get(key);
      if (list) list.push(txn);
      else touching.set(key, [txn]);
    }
  }
  const view = (txn: Txn, key: TxnKey) => views.get(txn)?.get(key) as KeyView;

  layer("initial", (add) => {
    for (const txn of nodes)
      for (const [key, v] of views.get(txn) ?? []) if (v.write) add({ key, from: null, to: v.write.value, source: "initial", b: txn });
  });
  if (assumptions.includes("writes-follow-reads")) {
    layer("writes-follow-reads", (add) => {
      for (const txn of nodes) {
        for (const [key, v] of views.get(txn) ?? []) {
          const last = v.reads.at(-1);
          if (v.write && last && last.value !== null)
            add({ key, from: last.value, to: v.write.value, source: "writes-follow-reads", a: txn, b: txn });
        }
      }
    });
  }
  const ordered = (source: Assumption, order: typeof processOrder) => {
    if (!assumptions.includes(source)) return;
    layer(source, (add) => {
      for (const [key, txns] of touching)
        order(txns, (a, b) => add({ key, from: view(a, key).final, to: view(b, key).first, source, a, b }));
    });
  };
  ordered("sequential-keys", processOrder);
  ordered("linearizable-keys", realtimeOrder);
  return orders;
}

/** A cycle of a key's version graph as its edges [u, v], found by an iterative depth-first search; undefined when acyclic. */
function findCycle(graph: Map<Version, Map<Version, unknown>>): [Version, Version][] | undefined {
  const state = new Map<Version, 1 | 2>();
  const parent = new Map<Version, Version>();
  for (const root of graph.keys()) {
    if (state.has(root)) continue;
    const stack: [Version, Iterator<Version>][] = [[root, (graph.get(root) ?? new Map()).keys()]];
    state.set(root, 1);
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as [Version, Iterator<Version>];
      const next = top[1].next();
      if (next.done) {
        state.set(top[0], 2);
        stack.pop();
        continue;
      }
      const w = next.value;
      if (state.get(w) === 1) {
        const cycle: [Version, Version][] = [[top[0], w]];
        for (let at = top[0]; at !== w; at = parent.get(at) as Version) cycle.unshift([parent.get(at) as Version, at]);
        return cycle;
      }
      if (state.has(w)) continue;
      state.set(w, 1);
      parent.set(w, top[0]);
      stack.push([w, (graph.get(w) ?? new Map()).keys()]);
    }
  }
  return undefined;
}

function showVersion(v: Version): string {
  return v === null ? "null" : showValue(v);
}

/** Why u < v, in words. */
export function describeVersionEdge(e: VersionEdge): string {
  const u = e.from === null ? "the initial null" : showValue(e.from);
  switch (e.source) {
    case "initial":
      return `every written value follows the initial null`;
    case "writes-follow-reads":
      return `${txnName(e.b as Txn)} read ${u} before writing ${showValue(e.to)} (writes follow reads)`;
    case "sequential-keys":
      return `process ${e.a?.process} saw ${u} in ${txnName(e.a as Txn)} before ${showValue(e.to)} in ${txnName(e.b as Txn)} (keys assumed sequential)`;
    case "linearizable-keys":
      return `${txnName(e.a as Txn)} saw ${u} and completed before ${txnName(e.b as Txn)}, which saw ${showValue(e.to)}, began (keys assumed linearizable)`;
  }
}
