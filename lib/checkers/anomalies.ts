/**
 * The anomalies the transactional checkers name (docs/isolation.md), and which imply which, so a
 * model that forbids an anomaly also forbids everything that implies it (Elle's
 * `implied-anomalies`, Kingsbury & Alvaro 2020, restricted to what these checkers detect).
 *
 * Cycle anomalies are disjoint classes of dependency cycles, named by their edges: G0 (ww only),
 * G1c (ww and wr, at least one wr), G-single (exactly one rw), G-nonadjacent (two or more rw, no
 * two adjacent), G2-item (two or more rw, some adjacent); with -process or -realtime when a
 * process (session) or realtime edge is part of the cycle. There are no predicate reads here, so
 * every anti-dependency is an item anti-dependency: Adya's G2-item is then any cycle with an rw
 * edge, which is why G-single and G-nonadjacent imply G2-item below.
 */

export const CYCLE_BASES = ["G0", "G1c", "G-single", "G-nonadjacent", "G2-item"] as const;
export type CycleBase = (typeof CYCLE_BASES)[number];
export const VARIANTS = ["", "-process", "-realtime"] as const;
export type Variant = (typeof VARIANTS)[number];
export type CycleAnomaly = `${CycleBase}${Variant}`;

/** Anomalies found without a cycle: from single reads, single transactions or a key's reads. */
export const DIRECT_ANOMALIES = [
  "G1a",
  "G1b",
  "internal",
  "non-repeatable-read",
  "garbage-read",
  "duplicate-elements",
  "incompatible-order",
  "dirty-update",
  "lost-update",
  "cyclic-versions",
] as const;
export type DirectAnomaly = (typeof DIRECT_ANOMALIES)[number];

export type AnomalyName = CycleAnomaly | DirectAnomaly;
/** Names only used to state what a model forbids (G1 is G1a, G1b or G1c; G1-process and G1-realtime likewise). */
type Umbrella = "G1" | "G1-process" | "G1-realtime";
export type ForbiddenName = AnomalyName | Umbrella;

export const CYCLE_ANOMALIES: readonly CycleAnomaly[] = CYCLE_BASES.flatMap((base) => VARIANTS.map((v): CycleAnomaly => `${base}${v}`));
export const ALL_ANOMALIES: readonly AnomalyName[] = [...DIRECT_ANOMALIES, ...CYCLE_ANOMALIES];

/** a -> what finding a also shows. */
const IMPLIES: Partial<Record<ForbiddenName, readonly ForbiddenName[]>> = {
  G1a: ["G1"],
  G1b: ["G1"],
  G1c: ["G1"],
  G1: ["G1-process"],
  "G1-process": ["G1-realtime"],
  "G1c-process": ["G1-process"],
  "G1c-realtime": ["G1-realtime"],
  // Adya: a write cycle is a cycle of dependencies.
  G0: ["G1c"],
  "G0-process": ["G1c-process"],
  "G0-realtime": ["G1c-realtime"],
  // One rw edge is a case of rw edges none adjacent; with items only, any rw cycle is G2-item.
  "G-single": ["G-nonadjacent"],
  "G-single-process": ["G-nonadjacent-process"],
  "G-single-realtime": ["G-nonadjacent-realtime"],
  "G-nonadjacent": ["G2-item"],
  "G-nonadjacent-process": ["G2-item-process"],
  "G-nonadjacent-realtime": ["G2-item-realtime"],
  // Lost update: two transactions read one version and both wrote the key, a G2-item cycle (Elle).
  "lost-update": ["G2-item"],
  // A transaction reading one key twice and seeing another's write in between: rw to that writer, wr back.
  "non-repeatable-read": ["G-single"],
  // Elle: reads that fit no single order, and committed writes over aborted ones, imply an aborted read.
  "incompatible-order": ["G1a"],
  "dirty-update": ["G1a"],
};

// A cycle without process or realtime edges is trivially one with none of them; process order is realtime order.
for (const base of CYCLE_BASES) {
  IMPLIES[base] = [...(IMPLIES[base] ?? []), `${base}-process`];
  IMPLIES[`${base}-process`] = [...(IMPLIES[`${base}-process`] ?? []), `${base}-realtime`];
}

/** Every anomaly `name` implies, itself included. */
export function impliedBy(name: ForbiddenName): Set<ForbiddenName> {
  const out = new Set<ForbiddenName>([name]);
  const queue: ForbiddenName[] = [name];
  for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
    for (const implied of IMPLIES[next] ?? []) {
      if (!out.has(implied)) {
        out.add(implied);
        queue.push(implied);
      }
    }
  }
  return out;
}

export function isCycleAnomaly(name: string): name is CycleAnomaly {
  return (CYCLE_ANOMALIES as readonly string[]).includes(name);
}
