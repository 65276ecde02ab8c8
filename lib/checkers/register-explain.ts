import { indeterminate, type RegisterOp } from "./register-model.ts";
import { type SearchBudget, searchLinearization } from "./wgl-search.ts";

/** An op as a violation report shows it. */
export interface ReportedOp {
  index: number;
  process: number;
  f: string;
  value: unknown;
  outcome: "ok" | "info";
  invokeTime: number;
  completeTime: number | null;
}

export interface Violation {
  /**
   * Ops that cannot be linearized together, whatever every other op did (had it happened at
   * any time after its invoke, or never): each is needed, since treating any one of them as
   * indeterminate too makes the rest linearizable.
   */
  ops: ReportedOp[];
  /** Indeterminate ops in the failing prefix that produce a value those ops observe: context for a reader, not part of the proof. */
  indeterminate: ReportedOp[];
  /** False when the budget ran out first: `ops` still cannot be linearized, but some may be unnecessary. */
  minimal: boolean;
  /** Configurations the minimizing searches visited. */
  states: number;
}

/**
 * Shrinks a non-linearizable register history to the ops that prove it. First the shortest
 * failing prefix, cut at a completion: linearizability is prefix-closed, so the prefixes fail
 * from some point on and a binary search finds it. Ops still pending at the cut may or may
 * not have happened by then, so there they are indeterminate. Then ops are relaxed to
 * indeterminate, halves before singles, while the prefix still fails. Relaxing rather than
 * deleting matters: deleting the write a stale read saw would leave "a read of a value
 * never written", a different and misleading violation. Relaxing is monotone (more
 * freedom never breaks a linearization), so one pass leaves every remaining op necessary.
 */
export function explainViolation(ops: readonly RegisterOp[], initial: number, budget: SearchBudget): Violation {
  let statesLeft = budget.maxStates;
  let states = 0;
  let minimal = true;
  /** true: fails; false: linearizable; undefined: budget ran out (no claim either way). */
  const fails = (candidate: RegisterOp[]): boolean | undefined => {
    const result = searchLinearization(candidate, initial, { maxStates: statesLeft, deadline: budget.deadline });
    states += result.states;
    statesLeft -= result.states;
    if (result.outcome === "budget") minimal = false;
    return result.outcome === "budget" ? undefined : result.outcome === "violation";
  };

  const completions = ops.filter((op) => op.definite).sort(byCompletion);
  // The whole history fails, hence so does the prefix up to its last completion (later ops are all indeterminate).
  let lo = 1;
  let hi = completions.length;
  while (lo < hi && minimal) {
    const mid = (lo + hi) >> 1;
    const verdict = fails(prefix(ops, completions[mid - 1] as RegisterOp));
    if (verdict === true) hi = mid;
    else if (verdict === false) lo = mid + 1;
  }
  const failing = prefix(ops, completions[hi - 1] as RegisterOp);

  const relaxed = new Set<number>();
  const withRelaxed = (extra: readonly number[]) => {
    const all = new Set([...relaxed, ...extra]);
    return failing.flatMap((op) => (all.has(op.index) ? relax(op) : [op]));
  };
  const tryRelax = (chunk: number[]): void => {
    if (!minimal || chunk.length === 0) return;
    const verdict = fails(withRelaxed(chunk));
    if (verdict === true) {
      for (const i of chunk) relaxed.add(i);
    } else if (verdict === false && chunk.length > 1) {
      const half = chunk.length >> 1;
      tryRelax(chunk.slice(0, half));
      tryRelax(chunk.slice(half));
    }
  };
  const candidates = failing.filter((op) => op.definite).map((op) => op.index);
  // Relaxing everything leaves nothing definite, which is trivially linearizable: start from halves.
  tryRelax(candidates.slice(0, candidates.length >> 1));
  tryRelax(candidates.slice(candidates.length >> 1));

  const core = failing.filter((op) => op.definite && !relaxed.has(op.index));
  return { ops: core.map(report), indeterminate: producersFor(core, failing).map(report), minimal, states };
}

function byCompletion(a: RegisterOp, b: RegisterOp): number {
  return (a.completeTime ?? Infinity) - (b.completeTime ?? Infinity) || (a.completeIndex ?? 0) - (b.completeIndex ?? 0);
}

/** The history as it stood right after `cut` completed: later invokes absent, pending ops indeterminate. */
function prefix(ops: readonly RegisterOp[], cut: RegisterOp): RegisterOp[] {
  const time = cut.completeTime ?? Infinity;
  const index = cut.completeIndex ?? Infinity;
  const before = (t: number, i: number) => t < time || (t === time && i <= index);
  return ops.flatMap((op) => {
    if (!before(op.invokeTime, op.index)) return [];
    const completed = op.definite && before(op.completeTime ?? Infinity, op.completeIndex ?? Infinity);
    return completed ? [op] : relax(op);
  });
}

/** An indeterminate read constrains nothing (its value is unknown), so it goes; others may or may not have happened. */
function relax(op: RegisterOp): RegisterOp[] {
  return op.f === "read" ? [] : [indeterminate(op)];
}

/** Indeterminate ops of the prefix whose result some reported op (or another such cas) observes. */
function producersFor(core: readonly RegisterOp[], failing: readonly RegisterOp[]): RegisterOp[] {
  const pool = failing.filter((op) => !op.definite);
  const observed = new Set(core.filter((op) => op.f !== "write").map((op) => op.requires));
  const chosen = new Set<RegisterOp>();
  for (let grew = true; grew; ) {
    grew = false;
    for (const op of pool) {
      if (chosen.has(op) || !observed.has(op.produces)) continue;
      chosen.add(op);
      if (op.f === "cas") observed.add(op.requires);
      grew = true;
    }
  }
  return pool.filter((op) => chosen.has(op));
}

function report(op: RegisterOp): ReportedOp {
  return {
    index: op.index,
    process: op.process,
    f: op.f,
    value: op.value,
    outcome: op.outcome,
    invokeTime: op.invokeTime,
    completeTime: op.completeTime ?? null,
  };
}
