import { type MicroOp, TXN_F } from "../history/micro-op.ts";
import type { Op } from "../history/op.ts";

/** One transaction to write into a history: when it was invoked and completed, how, and its micro-ops as the ok would carry them. */
export interface TxnSpec {
  process: number;
  /** Invoke time (ns). */
  invoke: number;
  /** Completion time (ns); absent: the history ends before it completes. */
  complete?: number;
  /** Default ok. */
  outcome?: "ok" | "fail" | "info";
  /** Micro-ops with the values reads returned (only an ok shows them). */
  mops: readonly MicroOp[];
  node?: string;
}

/**
 * A history of transactions, events in time order (ties in the order given, completions of a
 * time before its invokes), indices in file order. Invokes carry null reads; an ok carries the
 * reads' values; fail and info repeat the invoke. For generators and tests: hand-written
 * fixtures are JSONL files.
 */
export function txnHistory(specs: readonly TxnSpec[]): Op[] {
  const events: { time: number; order: number; op: Omit<Op, "index"> }[] = [];
  specs.forEach((s, i) => {
    const invoked = s.mops.map(([f, k, v]): MicroOp => [f, k, f === "r" ? null : v]);
    const node = s.node === undefined ? {} : { node: s.node };
    events.push({
      time: s.invoke,
      order: 2 * i + 1,
      op: { process: s.process, type: "invoke", f: TXN_F, value: invoked, time: s.invoke, ...node },
    });
    if (s.complete === undefined) return;
    const type = s.outcome ?? "ok";
    events.push({
      time: s.complete,
      order: 2 * i,
      op: { process: s.process, type, f: TXN_F, value: type === "ok" ? s.mops : invoked, time: s.complete, ...node },
    });
  });
  events.sort((a, b) => a.time - b.time || (a.op.type === "invoke" ? 1 : 0) - (b.op.type === "invoke" ? 1 : 0) || a.order - b.order);
  return events.map((e, index) => ({ index, ...e.op }) as Op);
}

/** The history as JSON Lines, as `faultline check` reads it. */
export function toJsonl(history: readonly Op[]): string {
  return `${history.map((op) => JSON.stringify(op)).join("\n")}\n`;
}
