import { isTxnKey, isTxnValue, kindOfWrite, type MicroOpF, showKey, showValue, type TxnKind } from "./micro-op.ts";
import type { Op } from "./op.ts";

/**
 * The loader's checks on transaction ops (docs/history-format.md), so a checker never guesses
 * what a malformed transaction meant: micro-op shapes, one kind per history (list-append or
 * rw-register), completions that repeat their invoke's micro-ops (same length, f and key at
 * every position, writes unchanged) with reads carrying the kind's value, and every element or
 * value written at most once per key over the whole history. A problem comes back as a sentence
 * (the loader adds the line number); nothing is thrown here.
 */
export class TxnValidator {
  #kind: { kind: TxnKind; line: number; why: string } | undefined;
  /** key -> value written -> line of the invoke that wrote it. */
  readonly #written = new Map<unknown, Map<unknown, number>>();

  /** Checks an invoke's micro-ops and records what it writes. */
  invoke(op: Op, line: number): string | undefined {
    const shape = this.#shape(op.value, "invoke", line);
    if (shape) return shape;
    const mops = op.value as unknown[][];
    for (const [i, [f, key, value]] of mops.entries()) {
      if (f === "r" && value !== null)
        return `micro-op ${i} reads ${showKey(key as string)} with value ${showValue(value)} on the invoke: a read's value is null until its ok`;
    }
    for (const [f, key, value] of mops) {
      if (f === "r") continue;
      let byValue = this.#written.get(key);
      if (!byValue) {
        byValue = new Map();
        this.#written.set(key, byValue);
      }
      const first = byValue.get(value);
      if (first !== undefined) {
        const where = first === line ? "earlier in this transaction" : `first at line ${first}`;
        return `key ${showKey(key as string)}: ${showValue(value)} is written again (${where}); every element or value written must be unique per key over the whole history`;
      }
      byValue.set(value, line);
    }
    return undefined;
  }

  /** Checks a completion against its invoke; `fail` and `info` may leave the value out (the invoke's stands). */
  complete(op: Op, invoke: Op, line: number): string | undefined {
    if (op.type !== "ok" && (op.value === undefined || op.value === null)) return undefined;
    const shape = this.#shape(op.value, op.type, line);
    if (shape) return shape;
    const mops = op.value as unknown[][];
    const invoked = invoke.value as unknown[][];
    if (mops.length !== invoked.length) {
      return `${op.type} has ${mops.length} micro-ops, its invoke (index ${invoke.index}) ${invoked.length}: a completion repeats its invoke's micro-ops`;
    }
    for (const [i, mop] of mops.entries()) {
      const [f, key, value] = mop;
      const [f0, key0, value0] = invoked[i] as unknown[];
      if (f !== f0 || key !== key0) {
        return `micro-op ${i} is ${showValue([f, key])}, its invoke's (index ${invoke.index}) ${showValue([f0, key0])}: same f and key at every position`;
      }
      if (f !== "r" && value !== value0) {
        return `micro-op ${i} writes ${showValue(value)} to key ${showKey(key as string)}, its invoke wrote ${showValue(value0)}: writes are unchanged on completion`;
      }
      if (f === "r" && op.type === "ok") {
        const problem = this.#readValue(value, i, line);
        if (problem) return problem;
      }
    }
    return undefined;
  }

  /** The value an ok read returned: a list of elements (list-append) or one value or null (rw-register). */
  #readValue(value: unknown, i: number, line: number): string | undefined {
    if (value === undefined) return `micro-op ${i} is a read on an ok with no value: an ok read carries what it read`;
    if (Array.isArray(value)) {
      const bad = value.findIndex((e) => !isTxnValue(e));
      if (bad >= 0) return `micro-op ${i} read a list whose element ${bad} is ${showValue(value[bad])}: elements are strings or numbers`;
      return this.#claim("list-append", line, `micro-op ${i} read a list`);
    }
    if (value !== null && !isTxnValue(value)) {
      return `micro-op ${i} read ${showValue(value)}: a list (list-append), or a string, number or null (rw-register)`;
    }
    return this.#claim("rw-register", line, `micro-op ${i} read a single value`);
  }

  /** A txn value's shape: a non-empty list of [f, key, value] with known f, valid keys and written values, one kind. */
  #shape(value: unknown, type: string, line: number): string | undefined {
    if (!Array.isArray(value) || value.length === 0) {
      return `a txn ${type} needs value: a non-empty list of micro-ops such as ["append", "k", 1] or ["r", "k", null], got ${showValue(value)}`;
    }
    for (const [i, mop] of value.entries()) {
      if (!Array.isArray(mop) || mop.length !== 3) return `micro-op ${i} is ${showValue(mop)}: a micro-op is [f, key, value]`;
      const [f, key, written] = mop as unknown[];
      if (f !== "append" && f !== "r" && f !== "w")
        return `micro-op ${i} has f ${showValue(f)}: one of "append", "r" (list-append), "w", "r" (rw-register)`;
      if (!isTxnKey(key)) return `micro-op ${i} has key ${showValue(key)}: a string or an integer`;
      const writes = kindOfWrite(f as MicroOpF);
      if (writes && !isTxnValue(written))
        return `micro-op ${i} writes ${showValue(written)}: a written element or value is a string or a number`;
      if (writes) {
        const problem = this.#claim(writes, line, `micro-op ${i} is ${f === "append" ? "an append" : "a w"}`);
        if (problem) return problem;
      }
    }
    return undefined;
  }

  /** Settles the history's kind on its first evidence; later evidence of the other kind is a problem naming both lines. */
  #claim(kind: TxnKind, line: number, why: string): string | undefined {
    if (!this.#kind) {
      this.#kind = { kind, line, why };
      return undefined;
    }
    if (this.#kind.kind === kind) return undefined;
    const first = this.#kind;
    return `${why}, which makes it ${kind}, but the history is ${first.kind} (line ${first.line}: ${first.why}); one history is one kind`;
  }
}
