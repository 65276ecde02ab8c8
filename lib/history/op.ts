/**
 * One history line (docs/architecture.md, "The history format"): every invoke gets exactly one completion from the same
 * process; `info` means the outcome is unknown; faults are ops of process "nemesis", an
 * `invoke` when applying starts and an `info` once it has taken effect.
 */
export type OpType = "invoke" | "ok" | "fail" | "info";

export const NEMESIS = "nemesis";

export interface Op {
  index: number;
  process: number | typeof NEMESIS;
  type: OpType;
  f: string;
  key?: string;
  value?: unknown;
  /** Monotonic nanoseconds since the run started. */
  time: number;
  node?: string;
  wall?: string;
  error?: string;
}

export type OpInput = Omit<Op, "index" | "time" | "wall">;
