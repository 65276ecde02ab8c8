/**
 * Transactions in a history (docs/history-format.md): one op with `f: "txn"` whose value is a
 * list of micro-ops written as Elle writes them, `[f, key, value]`. A list-append history has
 * `["append", k, element]` and `["r", k, list]`; an rw-register history `["w", k, value]` and
 * `["r", k, value]` (null: the key's initial, unwritten value). On the invoke a read's value is
 * null; on the `ok` it is what the read returned.
 */

/** The `f` of a transaction op. */
export const TXN_F = "txn";

/** A key: a string or an integer (1 and "1" are different keys). */
export type TxnKey = string | number;

/** An element appended or a register value written: a string or a finite number. */
export type TxnValue = string | number;

export type MicroOpF = "append" | "r" | "w";

/** One micro-op: `[f, key, value]`. */
export type MicroOp = readonly [f: MicroOpF, key: TxnKey, value: unknown];

/** Which of Elle's two workloads a history is; one history is one kind. */
export type TxnKind = "list-append" | "rw-register";

/** A written element or value as a message shows it. */
export function showValue(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

/** A key as a message shows it (strings quoted, so key 1 and key "1" read differently). */
export function showKey(key: TxnKey): string {
  return JSON.stringify(key);
}

export function isTxnKey(key: unknown): key is TxnKey {
  return typeof key === "string" || (typeof key === "number" && Number.isSafeInteger(key));
}

export function isTxnValue(value: unknown): value is TxnValue {
  return typeof value === "string" || (typeof value === "number" && Number.isFinite(value));
}

/** The kind a micro-op's f alone implies (a read implies nothing until its value is known). */
export function kindOfWrite(f: MicroOpF): TxnKind | undefined {
  return f === "append" ? "list-append" : f === "w" ? "rw-register" : undefined;
}
