import { showKey, showValue, type TxnKey, type TxnKind } from "../history/micro-op.ts";
import type { Findings } from "./txn-findings.ts";
import { txnName } from "./txn-findings.ts";
import type { Txn } from "./txn-ops.ts";

/** The initial version of every key, as a map key (no element or value is this symbol). */
const INITIAL = Symbol("initial");

/**
 * Lost update (Elle's direct search, as Adya's H_lu generalized): two committed transactions read
 * the same version of a key and then both wrote the key, so one of the two writes was made
 * without seeing the other. Only `ok` transactions count: an info one's reads are unknown. The
 * version read is the transaction's first read of the key before writing it: for a list the
 * list's last element (or the empty list), for a register the value (null: initial).
 */
export function lostUpdates(txns: readonly Txn[], kind: TxnKind, findings: Findings): void {
  const groups = new Map<TxnKey, Map<unknown, Txn[]>>();
  for (const txn of txns) {
    if (txn.outcome !== "ok") continue;
    const firstRead = new Map<TxnKey, unknown>();
    const wrote = new Set<TxnKey>();
    for (const [f, key, value] of txn.mops) {
      if (f === "r") {
        if (!wrote.has(key) && !firstRead.has(key)) firstRead.set(key, versionOf(value, kind));
        continue;
      }
      if (wrote.has(key)) continue;
      wrote.add(key);
      if (!firstRead.has(key)) continue;
      const byVersion = groups.get(key) ?? new Map<unknown, Txn[]>();
      groups.set(key, byVersion);
      const version = firstRead.get(key);
      const writers = byVersion.get(version);
      if (writers) writers.push(txn);
      else byVersion.set(version, [txn]);
    }
  }
  for (const [key, byVersion] of groups) {
    for (const [version, writers] of byVersion) {
      if (writers.length < 2) continue;
      const read = version === INITIAL ? (kind === "list-append" ? "the empty list" : "its initial null") : showValue(version);
      const verb = kind === "list-append" ? "appended to it" : "wrote it";
      findings.add(
        "lost-update",
        writers,
        () =>
          `key ${showKey(key)}: ${writers.length === 2 ? `${writers.map(txnName).join(" and ")} both` : `${writers.map(txnName).join(", ")} all`} read ${read}${kind === "list-append" && version !== INITIAL ? " as its last element" : ""} and then ${verb}, so each wrote without seeing the others' writes (lost update)`,
        key,
      );
    }
  }
}

function versionOf(value: unknown, kind: TxnKind): unknown {
  if (kind === "list-append") return (value as readonly unknown[]).at(-1) ?? INITIAL;
  return value ?? INITIAL;
}
