import type { CycleAnomaly, CycleBase, Variant } from "./anomalies.ts";
import { PROCESS, REALTIME, RW, WR, WW } from "./dependency-graph.ts";

/**
 * Each cycle anomaly as a search: the edges a cycle of it may use, the edge every such cycle
 * has (the search starts on one: the anchor), and a small automaton over the edges taken after
 * it that accepts exactly the walks of that class. Product states stay below STATES, so a
 * breadth-first search over (transaction, state) finds the shortest walk of the class through
 * an anchor in time linear in the component's size.
 *
 * State bits: 0-1 the rw edges so far (0, 1, 2 meaning two or more), 2 the last edge was rw,
 * 3 two rw edges were adjacent, 4 a wr edge was taken.
 */
export const STATES = 32;

const LAST_RW = 4;
const ADJACENT = 8;
const SAW_WR = 16;

export interface CycleClass {
  name: CycleAnomaly;
  base: CycleBase;
  variant: Variant;
  /** Edge types the cycle may use. */
  allowed: number;
  /** Edge type every cycle of the class contains; the search starts with one. */
  anchor: number;
  /** The state after the anchor edge. */
  start: number;
  /** The state after taking an edge of type `bit`, or -1 when the class forbids it there. */
  step(state: number, bit: number): number;
  /** Whether a walk back to the anchor's source in this state closes a cycle of the class. */
  accepts(state: number): boolean;
}

function classOf(base: CycleBase, variant: Variant): CycleClass {
  const data = base === "G0" ? WW : base === "G1c" ? WW | WR : WW | WR | RW;
  const extra = variant === "-process" ? PROCESS : variant === "-realtime" ? PROCESS | REALTIME : 0;
  const anchor = variant === "-process" ? PROCESS : variant === "-realtime" ? REALTIME : base === "G0" ? WW : base === "G1c" ? WR : RW;
  // Bits the class's acceptance reads; the rest are dropped so equal futures share a state.
  const kept =
    base === "G0" ? 0 : base === "G1c" ? SAW_WR : base === "G-single" ? 3 : base === "G-nonadjacent" ? 3 | LAST_RW : 3 | LAST_RW | ADJACENT;
  const firstRw = anchor === RW;
  const step = (state: number, bit: number): number => {
    if (bit === RW) {
      const count = state & 3;
      if (base === "G-single" && count >= 1) return -1;
      if (base === "G-nonadjacent" && state & LAST_RW) return -1;
      const adjacent = state & LAST_RW ? ADJACENT : 0;
      return (Math.min(count + 1, 2) | LAST_RW | adjacent | (state & (ADJACENT | SAW_WR))) & kept;
    }
    return ((state & ~LAST_RW) | (bit === WR ? SAW_WR : 0)) & kept;
  };
  // The walk closes with the anchor: when both the anchor and the last edge are rw, they are adjacent.
  const wraps = (state: number) => firstRw && (state & LAST_RW) !== 0;
  const accepts = (state: number): boolean => {
    switch (base) {
      case "G0":
        return true;
      case "G1c":
        return (state & SAW_WR) !== 0;
      case "G-single":
        return (state & 3) === 1;
      case "G-nonadjacent":
        return (state & 3) === 2 && !wraps(state);
      case "G2-item":
        return (state & 3) === 2 && ((state & ADJACENT) !== 0 || wraps(state));
    }
  };
  return { name: `${base}${variant}`, base, variant, allowed: data | extra, anchor, start: step(0, anchor), step, accepts };
}

/** The classes searched for a variant, worst first (the order reports list them in). */
export function cycleClasses(variant: Variant): CycleClass[] {
  return (["G0", "G1c", "G-single", "G-nonadjacent", "G2-item"] as const).map((base) => classOf(base, variant));
}
