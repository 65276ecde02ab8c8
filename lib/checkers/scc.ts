import type { DependencyGraph } from "./dependency-graph.ts";

/** Strongly connected components of the graph restricted to some edge types. */
export interface Components {
  /** Component id of every node. */
  comp: Int32Array;
  /** Nodes per component id. */
  sizes: Int32Array;
  count: number;
}

/**
 * Tarjan's algorithm over the edges whose type is in `mask`, iterative (an explicit call stack):
 * a recursive version overflows Node's stack well before 100,000 transactions in a chain.
 * Linear in nodes plus edges. The graph has no self-edges, so a component is a cycle's home
 * exactly when it has two nodes or more.
 */
export function stronglyConnected(graph: DependencyGraph, mask: number): Components {
  const n = graph.nodeCount;
  const { offsets, targets, types } = graph;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack = new Int32Array(n);
  const callNode = new Int32Array(n);
  const callEdge = new Int32Array(n);
  const comp = new Int32Array(n);
  const sizeList: number[] = [];
  let sp = 0;
  let counter = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    let csp = 0;
    const enter = (v: number) => {
      index[v] = counter;
      low[v] = counter;
      counter++;
      stack[sp++] = v;
      onStack[v] = 1;
      callNode[csp] = v;
      callEdge[csp] = offsets[v] as number;
      csp++;
    };
    enter(root);
    while (csp > 0) {
      const v = callNode[csp - 1] as number;
      const p = callEdge[csp - 1] as number;
      if (p < (offsets[v + 1] as number)) {
        callEdge[csp - 1] = p + 1;
        if (((types[p] as number) & mask) === 0) continue;
        const w = targets[p] as number;
        if (index[w] === -1) enter(w);
        else if (onStack[w] === 1 && (index[w] as number) < (low[v] as number)) low[v] = index[w] as number;
        continue;
      }
      csp--;
      if (csp > 0) {
        const parent = callNode[csp - 1] as number;
        if ((low[v] as number) < (low[parent] as number)) low[parent] = low[v] as number;
      }
      if (low[v] === index[v]) {
        const id = sizeList.length;
        let size = 0;
        let w: number;
        do {
          w = stack[--sp] as number;
          onStack[w] = 0;
          comp[w] = id;
          size++;
        } while (w !== v);
        sizeList.push(size);
      }
    }
  }
  return { comp, sizes: Int32Array.from(sizeList), count: sizeList.length };
}
