import type { MicroOp, TxnKey, TxnKind, TxnValue } from "../history/micro-op.ts";

/** A transaction inside a simulated store: its micro-ops, filled in with what its reads returned when it ran. */
export interface SimTxn {
  mops: MicroOp[];
  /** Snapshot time (snapshot isolation). */
  snapshot: number;
}

/** A simulated store: `begin` when the transaction takes its snapshot, `commit` when it takes effect or aborts. */
export interface SimStore {
  begin(txn: SimTxn, time: number): void;
  /** Runs the transaction's micro-ops, fills in its reads, and reports whether it committed. */
  commit(txn: SimTxn, time: number, abort: boolean): boolean;
}

type State = TxnValue | readonly TxnValue[] | null;

/** The value after a write: an appended list, or the register's new value. */
function apply(kind: TxnKind, current: State, written: TxnValue): State {
  return kind === "list-append" ? [...((current as readonly TxnValue[] | null) ?? []), written] : written;
}

/** What a read returns of a state: an empty list or null for a key never written. */
function readOf(kind: TxnKind, state: State | undefined): State {
  if (kind === "list-append") return [...((state as readonly TxnValue[] | undefined | null) ?? [])];
  return (state as TxnValue | null | undefined) ?? null;
}

/**
 * A serial store: each transaction runs whole at one instant between its invoke and its
 * completion, on the one current state. Its histories are strictly serializable.
 */
export function serialStore(kind: TxnKind): SimStore {
  const state = new Map<TxnKey, State>();
  return {
    begin: () => {},
    commit(txn, _time, abort) {
      if (abort) return false;
      const local = new Map<TxnKey, State>();
      txn.mops = txn.mops.map(([f, key, value]) => {
        const current = local.has(key) ? (local.get(key) as State) : (state.get(key) ?? null);
        if (f === "r") return [f, key, readOf(kind, current)];
        local.set(key, apply(kind, current, value as TxnValue));
        return [f, key, value];
      });
      for (const [key, value] of local) state.set(key, value);
      return true;
    },
  };
}

/**
 * A snapshot-isolation store: a transaction reads the state committed when it began (plus its
 * own writes), and commits only if no transaction that committed after it began wrote a key it
 * writes (first committer wins); otherwise it aborts. Its histories are snapshot isolated and
 * can show write skew, which serializability forbids. Versions are kept per key with their
 * commit times, so a snapshot read is the last version committed at or before the snapshot.
 */
export function snapshotStore(kind: TxnKind): SimStore {
  const versions = new Map<TxnKey, { time: number; value: State }[]>();
  const at = (key: TxnKey, time: number): State => {
    const list = versions.get(key) ?? [];
    for (let i = list.length - 1; i >= 0; i--) if ((list[i]?.time as number) <= time) return list[i]?.value ?? null;
    return null;
  };
  return {
    begin(txn, time) {
      txn.snapshot = time;
    },
    commit(txn, time, abort) {
      const writes = new Set(txn.mops.filter(([f]) => f !== "r").map(([, key]) => key));
      const conflict = [...writes].some((key) => (versions.get(key)?.at(-1)?.time ?? -1) > txn.snapshot);
      if (abort || conflict) return false;
      const local = new Map<TxnKey, State>();
      txn.mops = txn.mops.map(([f, key, value]) => {
        const current = local.has(key) ? (local.get(key) as State) : at(key, txn.snapshot);
        if (f === "r") return [f, key, readOf(kind, current)];
        local.set(key, apply(kind, current, value as TxnValue));
        return [f, key, value];
      });
      for (const [key, value] of local) versions.set(key, [...(versions.get(key) ?? []), { time, value }]);
      return true;
    },
  };
}
