import type { Op } from "../history/op.ts";
import { NEMESIS } from "../history/op.ts";
import { clientOperations } from "../history/pairs.ts";
import { setChecker } from "./set.ts";
import type { Checker, CheckResult } from "./verdict.ts";

export interface LossWindowOptions {
  /** The node(s) allowed to lose writes: masters cut off with a minority. */
  node: string | string[];
  /** How long after the fault took effect it may still acknowledge writes that are then lost. */
  windowMs: number;
  /**
   * Replication is asynchronous: a write acknowledged just before the cut may not have reached
   * the replica yet. The window opens when applying the fault began (its invoke), less this much.
   */
  lagMs?: number;
  /** The fault that opens the window (default the first nemesis `partition` info). */
  fault?: string;
  readF?: string;
}

/**
 * Lost writes judged against what the store promises. Redis Cluster's specification lets a
 * master cut off with a minority acknowledge writes until it notices (node-timeout), and those
 * may be lost when it rejoins; so may writes it acknowledged just before the cut that had not
 * reached its replica (asynchronous replication). Every lost acknowledged add is classified:
 * inside the window (acknowledged on that node's slots from lagMs before the fault began
 * being applied until windowMs after it took effect) it is reported by name as allowed;
 * anywhere else it is a violation. An op's `node` is the master that owned its key's slot when
 * the run started. Writes the node acknowledged in the window
 * and that survived are reported as kept. Unknown when the set itself cannot be judged.
 */
export const lossWindowChecker: Checker<LossWindowOptions> = {
  name: "loss-window",
  check(history: readonly Op[], options: LossWindowOptions): CheckResult {
    const fault = options.fault ?? "partition";
    const opened = history.find((o) => o.process === NEMESIS && o.type === "info" && o.f === fault && o.error === undefined);
    const applying = opened
      ? [...history].reverse().find((o) => o.process === NEMESIS && o.type === "invoke" && o.f === fault && o.index < opened.index)
      : undefined;
    const set = setChecker.check(history, { readF: options.readF ?? "read" });
    if (!opened)
      return { checker: "loss-window", valid: "unknown", reason: `no ${fault} took effect in the history: no window to judge by` };
    if (set.valid === "unknown") return { checker: "loss-window", valid: "unknown", reason: `the set cannot be judged: ${set.reason}` };
    const nodes = Array.isArray(options.node) ? options.node : [options.node];
    const start = opened.time;
    const lagMs = options.lagMs ?? 100;
    const from = (applying?.time ?? start) - lagMs * 1e6;
    const end = start + options.windowMs * 1e6;
    const lost = new Set((set.lost as unknown[]).map((v) => JSON.stringify(v)));
    const acked = clientOperations(history).filter((o) => o.f === "add" && o.outcome === "ok" && o.completion);
    const inWindow = (o: (typeof acked)[number]) =>
      o.invoke.node !== undefined && nodes.includes(o.invoke.node) && (o.completion?.time ?? 0) >= from && (o.completion?.time ?? 0) <= end;
    const lostAllowed = acked.filter((o) => lost.has(JSON.stringify(o.invoke.value)) && inWindow(o));
    const lostViolating = acked.filter((o) => lost.has(JSON.stringify(o.invoke.value)) && !inWindow(o));
    const keptInWindow = acked.filter((o) => !lost.has(JSON.stringify(o.invoke.value)) && inWindow(o));
    const ms = (t: number) => Math.round((t - start) / 1e3) / 1e3;
    const describe = (o: (typeof acked)[number]) => ({
      element: o.invoke.value,
      node: o.invoke.node ?? null,
      ackedAtMs: ms(o.completion?.time ?? 0),
    });
    return {
      checker: "loss-window",
      // Unexpected or duplicated elements are never allowed, window or not.
      valid: lostViolating.length === 0 && (set.unexpected as unknown[]).length === 0 && (set.duplicated as unknown[]).length === 0,
      ...(lostViolating.length > 0
        ? { reason: `${lostViolating.length} acknowledged writes lost outside ${nodes.join("/")}'s ${options.windowMs} ms window` }
        : {}),
      node: options.node,
      windowMs: options.windowMs,
      lagMs,
      faultAtNs: start,
      windowFromMs: ms(from),
      lostInWindow: lostAllowed.map(describe),
      lostOutsideWindow: lostViolating.map(describe),
      keptInWindow: keptInWindow.length,
      ackedInWindow: lostAllowed.length + keptInWindow.length,
      unexpected: set.unexpected,
      duplicated: set.duplicated,
    };
  },
};
