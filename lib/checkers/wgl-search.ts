import { ILLEGAL, type RegisterOp, step } from "./register-model.ts";

/**
 * Linearizability of one register's history by Wing & Gong's search with Lowe's memo
 * (as in Knossos "linear" and Porcupine): the history is a doubly linked list of call and
 * return entries in time order; an op may be linearized next while its call precedes the
 * first return still in the list (nothing that had to happen before it is pending);
 * linearizing lifts its call and return out of the list, a dead end puts them back
 * (dancing links). Configurations (set of linearized ops, register state) already explored
 * are not explored again: the same set in the same state has the same future.
 *
 * Indeterminate ops (`definite: false`: info, or relaxed by the minimizer) have no return
 * entry, so nothing ever waits for them and they can be left out. One register-specific
 * pruning keeps many of them from blowing up the search: an indeterminate op is only worth
 * linearizing right before an op that observes the state (a read or a cas). In any valid
 * order, an indeterminate op followed by a write, or by nothing, can be dropped without
 * changing any op's outcome, so restricting the search to such orders loses no history.
 * Two more prunings follow from it: the observer must be a candidate right then (lifting an
 * op with no return entry exposes no new candidate), so an indeterminate op is lifted only
 * if a candidate wants the value it produces; and two indeterminate candidates with the
 * same effect are interchangeable (both may be linearized at any later point), so once one
 * has been tried at a search level, the other is not.
 */

export interface SearchBudget {
  /** Most configurations the search may visit (the memo's size, so this bounds memory). */
  maxStates: number;
  /** performance.now() after which the search gives up. */
  deadline: number;
}

export type SearchResult =
  | { outcome: "linearizable"; states: number; order: RegisterOp[] }
  | { outcome: "violation"; states: number }
  | { outcome: "budget"; states: number; exhausted: "maxStates" | "timeLimitMs" };

const HEAD = 0;
const NIL = -1;
/** Clock reads are not free; once per this many steps keeps the overrun negligible. */
const CLOCK_EVERY = 1024;

const callEntry = (op: number) => 1 + 2 * op;
const returnEntry = (op: number) => 2 + 2 * op;
const isCall = (entry: number) => entry % 2 === 1;
const opOf = (entry: number) => (entry - 1) >> 1;

/** Scratch of one search level (one linearized set), computed lazily: only indeterminate candidates need it. */
interface Level {
  /** States the candidates that observe the state require. */
  wanted?: Set<number>;
  /** Effects of the indeterminate candidates already tried here. */
  tried?: Set<string>;
}

interface Frame {
  op: number;
  state: number;
  afterIndeterminate: boolean;
  level: Level;
}

/** `ops` in invoke order keeps memo keys short (the linearized set is stored above its lowest gap). */
export function searchLinearization(ops: readonly RegisterOp[], initial: number, budget: SearchBudget): SearchResult {
  const list = buildList(ops);
  let remaining = ops.filter((op) => op.definite).length;
  if (remaining === 0) return { outcome: "linearizable", states: 0, order: [] };

  const linearized = new LinearizedSet(ops.length);
  const seen = new Set<string>();
  const stack: Frame[] = [];
  let state = initial;
  let afterIndeterminate = false;
  let level: Level = {};
  const effects = ops.map((op) => `${op.requires},${op.produces}`);
  let entry = list.next[HEAD] ?? NIL;
  for (let steps = 0; ; steps++) {
    if (steps % CLOCK_EVERY === 0 && performance.now() >= budget.deadline) {
      return { outcome: "budget", states: seen.size, exhausted: "timeLimitMs" };
    }
    if (entry !== NIL && isCall(entry)) {
      const i = opOf(entry);
      const op = ops[i] as RegisterOp;
      let next = op.f === "write" && afterIndeterminate ? ILLEGAL : step(state, op);
      if (next !== ILLEGAL && !op.definite) {
        level.tried ??= new Set();
        level.wanted ??= wantedInWindow(list.next, ops);
        const effect = effects[i] as string;
        if (level.tried.has(effect) || !level.wanted.has(op.produces)) next = ILLEGAL;
        level.tried.add(effect);
      }
      if (next !== ILLEGAL) {
        linearized.add(i);
        const key = `${linearized.key()}|${next}|${op.definite ? 0 : 1}`;
        if (!seen.has(key)) {
          if (seen.size >= budget.maxStates) return { outcome: "budget", states: seen.size, exhausted: "maxStates" };
          seen.add(key);
          stack.push({ op: i, state, afterIndeterminate, level });
          // Lifting an op without a return entry leaves the candidates as they were, bar itself.
          level = op.definite ? {} : { wanted: level.wanted };
          state = next;
          afterIndeterminate = !op.definite;
          list.lift(i, op.definite);
          if (op.definite && --remaining === 0) {
            return { outcome: "linearizable", states: seen.size, order: stack.map((f) => ops[f.op] as RegisterOp) };
          }
          entry = list.next[HEAD] ?? NIL;
          continue;
        }
        linearized.delete(i);
      }
      entry = list.next[entry] ?? NIL;
      continue;
    }
    // A return entry (or the end): the op it closes cannot be linearized in this order. Backtrack.
    const frame = stack.pop();
    if (!frame) return { outcome: "violation", states: seen.size };
    const op = ops[frame.op] as RegisterOp;
    list.unlift(frame.op, op.definite);
    linearized.delete(frame.op);
    if (op.definite) remaining++;
    state = frame.state;
    afterIndeterminate = frame.afterIndeterminate;
    level = frame.level;
    entry = list.next[callEntry(frame.op)] ?? NIL;
  }
}

/** What the candidates (calls before the first return) that observe the state need it to be. */
function wantedInWindow(next: Int32Array, ops: readonly RegisterOp[]): Set<number> {
  const wanted = new Set<number>();
  for (let entry = next[HEAD] ?? NIL; entry !== NIL && isCall(entry); entry = next[entry] ?? NIL) {
    const op = ops[opOf(entry)] as RegisterOp;
    if (op.f !== "write") wanted.add(op.requires);
  }
  return wanted;
}

/** Call and return entries by time; ties by history index, which the recorder assigns in time order. */
function buildList(ops: readonly RegisterOp[]) {
  const events: { entry: number; time: number; index: number }[] = [];
  ops.forEach((op, i) => {
    events.push({ entry: callEntry(i), time: op.invokeTime, index: op.index });
    if (op.definite) events.push({ entry: returnEntry(i), time: op.completeTime ?? Infinity, index: op.completeIndex ?? Infinity });
  });
  events.sort((a, b) => a.time - b.time || a.index - b.index);
  const size = 1 + 2 * ops.length;
  const next = new Int32Array(size).fill(NIL);
  const prev = new Int32Array(size).fill(NIL);
  let last = HEAD;
  for (const { entry } of events) {
    next[last] = entry;
    prev[entry] = last;
    last = entry;
  }
  const unlink = (e: number) => {
    const p = prev[e] as number;
    const n = next[e] as number;
    next[p] = n;
    if (n !== NIL) prev[n] = p;
  };
  // Relinking in reverse order of unlinking restores the list exactly, since an unlinked entry keeps its own pointers.
  const relink = (e: number) => {
    const n = next[e] as number;
    next[prev[e] as number] = e;
    if (n !== NIL) prev[n] = e;
  };
  return {
    next,
    lift(op: number, definite: boolean) {
      unlink(callEntry(op));
      if (definite) unlink(returnEntry(op));
    },
    unlift(op: number, definite: boolean) {
      if (definite) relink(returnEntry(op));
      relink(callEntry(op));
    },
  };
}

/**
 * The linearized ops as a bit set. Real-time order makes the set mostly "everything up to
 * some point", so the key is the lowest op not yet linearized plus the bits above it: short
 * strings even for long histories, where the whole bit set would cost n bits per memo entry.
 */
class LinearizedSet {
  readonly #done: Uint8Array;
  #bits = 0n;
  #low = 0;

  constructor(size: number) {
    this.#done = new Uint8Array(size);
  }

  add(i: number): void {
    this.#done[i] = 1;
    this.#bits |= 1n << BigInt(i);
    while (this.#low < this.#done.length && this.#done[this.#low] === 1) this.#low++;
  }

  delete(i: number): void {
    this.#done[i] = 0;
    this.#bits &= ~(1n << BigInt(i));
    if (i < this.#low) this.#low = i;
  }

  key(): string {
    return `${this.#low}:${(this.#bits >> BigInt(this.#low)).toString(36)}`;
  }
}
