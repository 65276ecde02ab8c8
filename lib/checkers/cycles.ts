import type { CycleAnomaly, Variant } from "./anomalies.ts";
import { type CycleClass, cycleClasses, STATES } from "./cycle-classes.ts";
import { DATA, type DependencyGraph, PROCESS, REALTIME } from "./dependency-graph.ts";
import { type Components, stronglyConnected } from "./scc.ts";

/** One step of a cycle: an edge of the graph. */
export interface CycleEdge {
  edge: number;
  from: number;
  to: number;
  type: number;
}

/** A cycle found: its edges in order, the first one the anchor the search started on. */
export interface FoundCycle {
  name: CycleAnomaly;
  edges: CycleEdge[];
  /** False when a transaction appears twice: a closed walk, still a witness (docs/isolation.md). */
  simple: boolean;
}

export interface ClassResult {
  /** Strongly connected components (of the variant's edges) holding a cycle of the class. */
  components: number;
  /** The shortest cycles found, shortest first, at most `maxCycles`. */
  cycles: FoundCycle[];
  /** Components where the search ran out of budget before finding one or ruling it out. */
  undecided: number;
}

export interface SearchLimits {
  maxCycles: number;
  /** performance.now() after which no new search starts: what is left is undecided. */
  deadline: number;
  /** Edge relaxations per class and component before giving up on it. */
  maxSteps: number;
}

/** After a first cycle in a component, how many more anchors may be tried for a shorter one. */
const EXTRA_ANCHORS = 8;

/**
 * Searches every cycle class of the given variants: Tarjan's components first (no cycle leaves
 * its component), then from each edge of the class's anchor type inside one, a breadth-first
 * search over (transaction, automaton state) back to the anchor's source, which yields the
 * shortest walk of the class through that anchor (Elle's approach: Tarjan, then BFS within a
 * component). Components without a cycle of the class cost one Tarjan pass, not a search.
 */
export function searchCycles(graph: DependencyGraph, variants: readonly Variant[], limits: SearchLimits): Map<CycleAnomaly, ClassResult> {
  const byMask = new Map<number, Components>();
  const components = (mask: number) => {
    let c = byMask.get(mask);
    if (!c) {
      c = stronglyConnected(graph, mask);
      byMask.set(mask, c);
    }
    return c;
  };
  const searcher = new AnchoredSearch(graph);
  const results = new Map<CycleAnomaly, ClassResult>();
  for (const variant of variants) {
    const outer = components(DATA | (variant === "-process" ? PROCESS : variant === "-realtime" ? PROCESS | REALTIME : 0));
    for (const cls of cycleClasses(variant)) {
      results.set(cls.name, searchClass(graph, cls, components(cls.allowed), outer, searcher, limits));
    }
  }
  return results;
}

function searchClass(
  graph: DependencyGraph,
  cls: CycleClass,
  inner: Components,
  outer: Components,
  searcher: AnchoredSearch,
  limits: SearchLimits,
): ClassResult {
  const anchors = anchorsByComponent(graph, cls.anchor, inner);
  const foundIn = new Set<number>();
  const undecidedIn = new Set<number>();
  const best: FoundCycle[] = [];
  const seen = new Set<string>();
  for (const [component, positions] of anchors) {
    const members = membersOf(inner, component);
    searcher.prepare(members);
    let steps = 0;
    let found = 0;
    let extra = 0;
    let decided = true;
    for (const anchor of positions) {
      if (found > 0 && extra++ >= EXTRA_ANCHORS) break;
      if (steps > limits.maxSteps || performance.now() > limits.deadline) {
        decided = found > 0;
        break;
      }
      const result = searcher.run(cls, anchor, inner, component);
      steps += result.steps;
      if (!result.cycle) continue;
      found++;
      const cycle: FoundCycle = {
        name: cls.name,
        edges: result.cycle,
        simple: new Set(result.cycle.map((e) => e.from)).size === result.cycle.length,
      };
      const key = result.cycle
        .map((e) => `${e.from}>${e.to}:${e.type}`)
        .sort()
        .join(" ");
      if (!seen.has(key)) {
        seen.add(key);
        keepShortest(best, cycle, limits.maxCycles);
      }
    }
    const outerComponent = outer.comp[members[0] as number] as number;
    if (found > 0) foundIn.add(outerComponent);
    else if (!decided) undecidedIn.add(outerComponent);
  }
  for (const c of foundIn) undecidedIn.delete(c);
  return { components: foundIn.size, cycles: best, undecided: undecidedIn.size };
}

function keepShortest(best: FoundCycle[], cycle: FoundCycle, max: number): void {
  const at = best.findIndex((b) => cycle.edges.length < b.edges.length);
  best.splice(at === -1 ? best.length : at, 0, cycle);
  if (best.length > max) best.length = max;
}

/** Adjacency positions of `type` edges with both ends in one component, by component, in order. */
function anchorsByComponent(graph: DependencyGraph, type: number, c: Components): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (let v = 0; v < graph.nodeCount; v++) {
    for (let p = graph.offsets[v] as number; p < (graph.offsets[v + 1] as number); p++) {
      if (graph.types[p] !== type) continue;
      const component = c.comp[v] as number;
      if (c.comp[graph.targets[p] as number] !== component) continue;
      let list = out.get(component);
      if (!list) {
        list = [];
        out.set(component, list);
      }
      list.push(p);
    }
  }
  return out;
}

const membersCache = new WeakMap<Components, { start: Int32Array; nodes: Int32Array }>();

/** The nodes of one component, grouped once per Components by a counting sort. */
function membersOf(c: Components, component: number): Int32Array {
  let grouped = membersCache.get(c);
  if (!grouped) {
    const start = new Int32Array(c.count + 1);
    for (const id of c.comp) start[id + 1] = (start[id + 1] as number) + 1;
    for (let i = 0; i < c.count; i++) start[i + 1] = (start[i + 1] as number) + (start[i] as number);
    const fill = start.slice(0, c.count);
    const nodes = new Int32Array(c.comp.length);
    c.comp.forEach((id, v) => {
      const at = fill[id] as number;
      nodes[at] = v;
      fill[id] = at + 1;
    });
    grouped = { start, nodes };
    membersCache.set(c, grouped);
  }
  return grouped.nodes.subarray(grouped.start[component], grouped.start[component + 1]);
}

/**
 * Breadth-first search over (transaction, state) pairs of one component, numbered locally so
 * its arrays are the component's size, not the graph's. Visits are stamped with the run number
 * instead of cleared between runs.
 */
class AnchoredSearch {
  readonly #graph: DependencyGraph;
  readonly #local: Int32Array;
  #stamp = new Int32Array(0);
  #parent = new Int32Array(0);
  #via = new Int32Array(0);
  #queue = new Int32Array(0);
  #run = 0;
  /** The component being searched: product id / STATES is a position in it. */
  #members: Int32Array = new Int32Array(0);

  constructor(graph: DependencyGraph) {
    this.#graph = graph;
    this.#local = new Int32Array(graph.nodeCount);
  }

  prepare(members: Int32Array): void {
    this.#members = members;
    members.forEach((v, i) => {
      this.#local[v] = i;
    });
    const size = members.length * STATES;
    if (this.#stamp.length < size) {
      this.#stamp = new Int32Array(size);
      this.#parent = new Int32Array(size);
      this.#via = new Int32Array(size);
      this.#queue = new Int32Array(size);
      this.#run = 0;
    }
  }

  /** The shortest walk of the class that starts with the anchor edge (an adjacency position) and returns to its source. */
  run(cls: CycleClass, anchor: number, c: Components, component: number): { cycle: CycleEdge[] | undefined; steps: number } {
    const g = this.#graph;
    const source = g.from(g.edgeIds[anchor] as number);
    const first = g.targets[anchor] as number;
    const run = ++this.#run;
    const stamp = this.#stamp;
    const start = (this.#local[first] as number) * STATES + cls.start;
    stamp[start] = run;
    this.#parent[start] = -1;
    this.#queue[0] = start;
    let head = 0;
    let tail = 1;
    let steps = 0;
    while (head < tail) {
      const product = this.#queue[head++] as number;
      const state = product % STATES;
      const node = this.#members[Math.floor(product / STATES)] as number;
      for (let p = g.offsets[node] as number; p < (g.offsets[node + 1] as number); p++) {
        const bit = g.types[p] as number;
        if ((bit & cls.allowed) === 0) continue;
        const next = g.targets[p] as number;
        if (c.comp[next] !== component) continue;
        steps++;
        const nextState = cls.step(state, bit);
        if (nextState < 0) continue;
        if (next === source) {
          if (cls.accepts(nextState)) return { cycle: this.#walk(anchor, product, p), steps };
          continue;
        }
        const id = (this.#local[next] as number) * STATES + nextState;
        if (stamp[id] === run) continue;
        stamp[id] = run;
        this.#parent[id] = product;
        this.#via[id] = p;
        this.#queue[tail++] = id;
      }
    }
    return { cycle: undefined, steps };
  }

  #walk(anchor: number, last: number, closing: number): CycleEdge[] {
    const g = this.#graph;
    const edge = (p: number): CycleEdge => {
      const id = g.edgeIds[p] as number;
      return { edge: id, from: g.from(id), to: g.targets[p] as number, type: g.types[p] as number };
    };
    const middle: CycleEdge[] = [];
    for (let product = last; this.#parent[product] !== -1; product = this.#parent[product] as number) {
      middle.push(edge(this.#via[product] as number));
    }
    return [edge(anchor), ...middle.reverse(), edge(closing)];
  }
}
