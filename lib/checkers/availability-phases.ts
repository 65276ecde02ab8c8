import { NEMESIS, type Op } from "../history/op.ts";
import { nsToMs, type TimedOutcome } from "./availability-outcomes.ts";

export type PhaseKind = "before" | "fault" | "after";

export interface Phase {
  kind: PhaseKind;
  /** The faults in effect during the phase (empty outside faults). */
  faults: string[];
  startMs: number;
  /** null: the history ended in this phase. */
  endMs: number | null;
  ok: number;
  fail: number;
  info: number;
  total: number;
  /** ok / total; null when no op completed in the phase (no evidence either way). */
  rate: number | null;
}

interface Segment {
  kind: PhaseKind;
  faults: string[];
  start: number;
  end: number | undefined;
}

/**
 * Cuts the run at nemesis `info`s into disjoint phases, in time order. A fault taking effect while
 * another holds starts a new fault phase naming both (so no op is counted twice); a heal ends them
 * all, like faultWindows. Every healed stretch is an "after" phase, also between two faults: it is
 * the recovery after a heal. A heal with nothing in effect changes nothing.
 */
function segments(history: readonly Op[]): Segment[] {
  const result: Segment[] = [{ kind: "before", faults: [], start: 0, end: undefined }];
  let active: string[] = [];
  const open = (kind: PhaseKind, time: number) => {
    const last = result[result.length - 1];
    if (last) last.end = time;
    result.push({ kind, faults: [...active], start: time, end: undefined });
  };
  for (const op of history) {
    if (op.process !== NEMESIS || op.type !== "info") continue;
    if (op.f !== "heal") {
      active.push(op.f);
      open("fault", op.time);
    } else if (active.length > 0) {
      active = [];
      open("after", op.time);
    }
  }
  return result;
}

/**
 * Success rate per phase. An op belongs to the phase in which its outcome became known (its
 * completion): a request sent just before a partition that times out inside it failed because of
 * the fault, and must not count against the healthy "before" phase. Phases are (start, end]:
 * a completion at the very instant a fault took effect still belongs to the phase before.
 */
export function phases(history: readonly Op[], outcomes: readonly TimedOutcome[]): Phase[] {
  const segs = segments(history);
  const counts = segs.map(() => ({ ok: 0, fail: 0, info: 0 }));
  for (const o of outcomes) {
    // The first phase has no lower bound: it takes everything up to the first fault.
    const i = segs.findLastIndex((s, j) => j === 0 || s.start < o.completed);
    const c = counts[i];
    if (c) c[o.outcome] += 1;
  }
  return segs.map((s, i) => {
    const { ok, fail, info } = counts[i] ?? { ok: 0, fail: 0, info: 0 };
    const total = ok + fail + info;
    return {
      kind: s.kind,
      faults: s.faults,
      startMs: nsToMs(s.start),
      endMs: s.end === undefined ? null : nsToMs(s.end),
      ok,
      fail,
      info,
      total,
      rate: total === 0 ? null : ok / total,
    };
  });
}
