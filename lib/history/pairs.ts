import { NEMESIS, type Op } from "./op.ts";

/** A client operation: its invoke and the completion from the same process (absent if the history ended first). */
export interface Operation {
  process: number;
  f: string;
  key: string | undefined;
  invoke: Op;
  completion: Op | undefined;
  /** ok: took effect; fail: certainly did not; info: unknown (also when the history ended without completion). */
  outcome: "ok" | "fail" | "info";
  /** Value the operation read or wrote, as its completion reports it (invoke's value when it has none). */
  value: unknown;
}

/**
 * Pairs each client invoke with the next completion of the same process, in history order.
 * Nemesis ops are skipped. Assumes a history the loader validated (one completion per invoke).
 */
export function clientOperations(history: readonly Op[]): Operation[] {
  const open = new Map<number, Operation>();
  const operations: Operation[] = [];
  for (const op of history) {
    if (op.process === NEMESIS) continue;
    const process = op.process;
    if (op.type === "invoke") {
      const operation: Operation = { process, f: op.f, key: op.key, invoke: op, completion: undefined, outcome: "info", value: op.value };
      open.set(process, operation);
      operations.push(operation);
    } else {
      const operation = open.get(process);
      if (!operation) continue;
      operation.completion = op;
      operation.outcome = op.type;
      if (op.value !== undefined) operation.value = op.value;
      open.delete(process);
    }
  }
  return operations;
}

/** Nemesis faults as windows: from the `info` of an inject to the `info` of the heal that ends it. */
export interface FaultWindow {
  f: string;
  value: unknown;
  /** When the fault had taken effect (its `info`). */
  start: number;
  /** When the heal had taken effect; undefined when the history ends with the fault in place. */
  end: number | undefined;
}

/** Faults that are done once applied (nothing to heal). */
const ONE_OFF = new Set(["restart"]);

export function faultWindows(history: readonly Op[]): FaultWindow[] {
  const windows: FaultWindow[] = [];
  let openWindows: FaultWindow[] = [];
  for (const op of history) {
    if (op.process !== NEMESIS || op.type !== "info") continue;
    if (op.f === "heal") {
      // A heal that reported an error may not have taken effect: its faults stay open.
      if (op.error !== undefined) continue;
      for (const w of openWindows) w.end = op.time;
      openWindows = [];
    } else if (ONE_OFF.has(op.f)) {
      // A restart is over once it has taken effect; it holds nothing open until a heal.
      windows.push({ f: op.f, value: op.value, start: op.time, end: op.time });
    } else {
      // A fault that reported an error may be half applied: it counts as in effect.
      const w: FaultWindow = { f: op.f, value: op.value, start: op.time, end: undefined };
      windows.push(w);
      openWindows.push(w);
    }
  }
  return windows;
}
