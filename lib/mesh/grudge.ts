import type { Random } from "../core/random.ts";

/**
 * A partition as data (Jepsen's grudge): each node maps to the nodes it must not reach.
 * Planners are pure; applying a grudge is the mesh's job.
 */
export type Grudge = Record<string, string[]>;

function cutBetween(a: readonly string[], b: readonly string[]): Grudge {
  const grudge: Grudge = {};
  for (const x of a) grudge[x] = [...b];
  for (const y of b) grudge[y] = [...a];
  return grudge;
}

function requireNodes(nodes: readonly string[], min: number, planner: string): void {
  if (new Set(nodes).size !== nodes.length) throw new RangeError(`${planner}: node names repeat: ${nodes.join(", ")}`);
  if (nodes.length < min) throw new RangeError(`${planner} needs at least ${min} nodes, got ${nodes.length}`);
}

export function majoritySize(n: number): number {
  return Math.floor(n / 2) + 1;
}

/** `target` cut off from every other node, both ways. */
export function isolate(nodes: readonly string[], target: string): Grudge {
  requireNodes(nodes, 2, "isolate");
  if (!nodes.includes(target)) throw new RangeError(`isolate: ${target} is not one of ${nodes.join(", ")}`);
  return cutBetween(
    [target],
    nodes.filter((n) => n !== target),
  );
}

/** Two components, the first `size` nodes and the rest, cut from each other both ways. */
export function split(nodes: readonly string[], size: number): Grudge {
  requireNodes(nodes, 2, "split");
  if (!Number.isInteger(size) || size < 1 || size >= nodes.length) {
    throw new RangeError(`split: a component of ${size} of ${nodes.length} nodes leaves an empty side`);
  }
  return cutBetween(nodes.slice(0, size), nodes.slice(size));
}

/** Halves: the first ⌈n/2⌉ nodes against the rest (for odd n the first half is the majority). */
export function halves(nodes: readonly string[]): Grudge {
  return split(nodes, Math.ceil(nodes.length / 2));
}

/** A minority of `size` (the first nodes) against the majority. */
export function minority(nodes: readonly string[], size = majoritySize(nodes.length) - 1): Grudge {
  if (size >= majoritySize(nodes.length)) throw new RangeError(`minority: ${size} of ${nodes.length} nodes is not a minority`);
  return split(nodes, size);
}

/** A majority of `size` (the first nodes) against the minority. */
export function majority(nodes: readonly string[], size = majoritySize(nodes.length)): Grudge {
  if (size < majoritySize(nodes.length)) throw new RangeError(`majority: ${size} of ${nodes.length} nodes is not a majority`);
  return split(nodes, size);
}

/**
 * Two halves joined by one bridge node that reaches both: [a b] c [d e]. The bridge is the
 * last node of the first half; it needs at least 3 nodes.
 */
export function bridge(nodes: readonly string[]): Grudge {
  requireNodes(nodes, 3, "bridge");
  const firstHalf = nodes.slice(0, Math.ceil(nodes.length / 2));
  // The bridge (last of the first half) has no grudge and nobody holds one against it.
  return cutBetween(firstHalf.slice(0, -1), nodes.slice(firstHalf.length));
}

/**
 * Every node sees a majority (itself included), but no two nodes see the same one, and every
 * cut is two-way. In ring order each node reaches the nodes within ring distance d, where
 * d = ceil((m - 1) / 2) for a majority m: it sees 2d + 1 >= m nodes, and windows narrower
 * than the ring are all different. Three nodes are too few for a ring of distinct windows:
 * there the ring is a path, the two ends cut from each other ({a,b}, {a,b,c}, {b,c}).
 */
export function majoritiesRing(nodes: readonly string[]): Grudge {
  requireNodes(nodes, 3, "majoritiesRing");
  const n = nodes.length;
  if (n === 3) return cutBetween([nodes[0] as string], [nodes[2] as string]);
  const d = Math.ceil((majoritySize(n) - 1) / 2);
  const grudge: Grudge = {};
  nodes.forEach((node, i) => {
    const far = nodes.filter((_, j) => {
      const distance = Math.min(Math.abs(i - j), n - Math.abs(i - j));
      return distance > d;
    });
    if (far.length > 0) grudge[node] = far;
  });
  return grudge;
}

/** `from` cannot reach `to`; `to` still reaches `from`. */
export function oneWay(from: string, to: string): Grudge {
  if (from === to) throw new RangeError(`oneWay: ${from} cannot be cut from itself`);
  return { [from]: [to] };
}

/** The nodes each node can still reach, itself included. */
export function reachable(nodes: readonly string[], grudge: Grudge): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const x of nodes) out[x] = nodes.filter((y) => !(grudge[x] ?? []).includes(y));
  return out;
}

/** Planners by name, nodes shuffled by the seeded source first (Jepsen shuffles too). */
export type PartitionKind = "isolate" | "halves" | "minority" | "majority" | "bridge" | "majorities-ring";

export function planPartition(kind: PartitionKind, nodes: readonly string[], random: Random): Grudge {
  const order = random.shuffle(nodes);
  switch (kind) {
    case "isolate":
      return isolate(order, order[0] as string);
    case "halves":
      return halves(order);
    case "minority":
      return minority(order);
    case "majority":
      return majority(order);
    case "bridge":
      return bridge(order);
    case "majorities-ring":
      return majoritiesRing(order);
  }
}
