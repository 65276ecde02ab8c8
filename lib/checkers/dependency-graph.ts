/**
 * The dependency graph between committed transactions (nodes 0..n-1), its edges typed as in
 * Adya's direct serialization graph plus the orders a model may add: ww (write-write), wr
 * (write-read), rw (read-write, the anti-dependency), process (session order) and realtime. It
 * is stored flat (typed arrays, adjacency in compressed sparse rows) because a history of
 * 100,000 transactions makes millions of edges: objects per edge would cost ten times the memory.
 */

export const WW = 1;
export const WR = 2;
export const RW = 4;
export const PROCESS = 8;
export const REALTIME = 16;
/** The edges a version order gives: what Adya's DSG is made of. */
export const DATA = WW | WR | RW;

export type EdgeName = "ww" | "wr" | "rw" | "process" | "realtime";

export const EDGE_NAMES: Readonly<Record<number, EdgeName>> = {
  [WW]: "ww",
  [WR]: "wr",
  [RW]: "rw",
  [PROCESS]: "process",
  [REALTIME]: "realtime",
};
const BITS = [WW, WR, RW, PROCESS, REALTIME] as const;

/** A growable Int32 column. */
class Column {
  data: Int32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Int32Array(capacity);
  }
  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }
  done(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}

/**
 * Why an edge holds, for the explainer: the micro-op positions on either side (-1 when the edge
 * is not about a micro-op, such as realtime) and a small code the analysis that made it defines.
 */
export interface EdgeWhy {
  aMop: number;
  bMop: number;
  note: number;
}

export interface DependencyGraph {
  nodeCount: number;
  /** Adjacency: node v's out-edges are positions offsets[v] .. offsets[v+1]-1. */
  offsets: Int32Array;
  targets: Int32Array;
  /** One type bit per adjacency position. */
  types: Uint8Array;
  /** The edge id of each adjacency position, for `from`, `why`. */
  edgeIds: Int32Array;
  from(edge: number): number;
  why(edge: number): EdgeWhy;
  /** Edges by type, after removing duplicates (same from, to and type). */
  counts: Record<EdgeName, number>;
}

/** Collects edges, then freezes them into a DependencyGraph. Self-edges are dropped: a transaction does not depend on itself. */
export class GraphBuilder {
  readonly #nodeCount: number;
  readonly #from = new Column();
  readonly #to = new Column();
  readonly #type = new Column();
  readonly #aMop = new Column();
  readonly #bMop = new Column();
  readonly #note = new Column();

  constructor(nodeCount: number) {
    this.#nodeCount = nodeCount;
  }

  add(from: number, to: number, type: number, aMop = -1, bMop = -1, note = 0): void {
    if (from === to) return;
    this.#from.push(from);
    this.#to.push(to);
    this.#type.push(type);
    this.#aMop.push(aMop);
    this.#bMop.push(bMop);
    this.#note.push(note);
  }

  build(): DependencyGraph {
    const n = this.#nodeCount;
    const from = this.#from.done();
    const to = this.#to.done();
    const type = this.#type.done();
    const aMop = this.#aMop.done();
    const bMop = this.#bMop.done();
    const note = this.#note.done();
    // Counting sort of edge ids by source, then one pass per source dropping repeats of (to, type).
    const starts = new Int32Array(n + 1);
    for (let e = 0; e < from.length; e++) {
      const at = (from[e] as number) + 1;
      starts[at] = (starts[at] as number) + 1;
    }
    for (let v = 0; v < n; v++) starts[v + 1] = (starts[v + 1] as number) + (starts[v] as number);
    const order = new Int32Array(from.length);
    const fill = starts.slice(0, n);
    for (let e = 0; e < from.length; e++) {
      const v = from[e] as number;
      const at = fill[v] as number;
      order[at] = e;
      fill[v] = at + 1;
    }
    const seen = BITS.map(() => new Int32Array(n).fill(-1));
    const offsets = new Int32Array(n + 1);
    const targets = new Int32Array(from.length);
    const types = new Uint8Array(from.length);
    const edgeIds = new Int32Array(from.length);
    const counts: Record<EdgeName, number> = { ww: 0, wr: 0, rw: 0, process: 0, realtime: 0 };
    let out = 0;
    for (let v = 0; v < n; v++) {
      offsets[v] = out;
      for (let i = starts[v] as number; i < (starts[v + 1] as number); i++) {
        const e = order[i] as number;
        const t = type[e] as number;
        const marks = seen[BITS.indexOf(t as (typeof BITS)[number])] as Int32Array;
        const target = to[e] as number;
        if (marks[target] === v) continue;
        marks[target] = v;
        targets[out] = target;
        types[out] = t;
        edgeIds[out] = e;
        const name = EDGE_NAMES[t] as EdgeName;
        counts[name] += 1;
        out++;
      }
    }
    offsets[n] = out;
    return {
      nodeCount: n,
      offsets,
      targets: targets.subarray(0, out),
      types: types.subarray(0, out),
      edgeIds: edgeIds.subarray(0, out),
      from: (edge) => from[edge] as number,
      why: (edge) => ({ aMop: aMop[edge] as number, bMop: bMop[edge] as number, note: note[edge] as number }),
      counts,
    };
  }
}
