import type { MicroOp } from "../history/micro-op.ts";

/**
 * A list-append row's `val` as the list it holds: the elements of the comma-joined TEXT, each a
 * number when it is written as one. A missing row (undefined, NULL) is the empty list: the key
 * was never appended to. Anything else is kept as read (a string), so the checker reports what
 * the store returned (garbage-read) instead of the workload hiding it.
 */
export function listOfText(text: unknown): unknown[] {
  if (text === undefined || text === null) return [];
  const raw = Buffer.isBuffer(text) ? text.toString("utf8") : String(text);
  if (raw === "") return [];
  return raw.split(",").map(elementOf);
}

/** A list element as read from Redis or SQL: its number when it is written as a whole number, else the text. */
export function elementOf(text: unknown): unknown {
  const raw = Buffer.isBuffer(text) ? text.toString("utf8") : text;
  return typeof raw === "string" && /^-?\d{1,15}$/.test(raw) ? Number(raw) : raw;
}

/** An rw-register cell as its value: null for a missing row or NULL, the number when it is one, else as read. */
export function registerValueOf(cell: unknown): unknown {
  if (cell === undefined || cell === null) return null;
  if (typeof cell === "bigint") return Number(cell);
  return elementOf(cell);
}

/**
 * The micro-ops of an `ok` completion: the invoke's, each read carrying what it returned, in
 * order (`results[i]` is micro-op i's; writes keep their value). Throws when the counts differ:
 * that is a bug of the workload, never a store's answer.
 */
export function completedOps(invoke: readonly MicroOp[], results: readonly unknown[]): MicroOp[] {
  if (results.length !== invoke.length) throw new RangeError(`${results.length} results for ${invoke.length} micro-ops`);
  return invoke.map(([f, key, value], i) => (f === "r" ? ([f, key, results[i] ?? null] as const) : ([f, key, value] as const)));
}
