import type { Random } from "../core/random.ts";
import type { MicroOp, TxnKind } from "../history/micro-op.ts";

export interface TxnGeneratorOptions {
  kind: TxnKind;
  /** Keys in play at once: few, so that concurrent transactions touch the same keys and conflict. */
  activeKeys: number;
  /** Micro-ops per transaction, drawn from 1 to this (Elle's max-txn-length). */
  maxOps: number;
  /**
   * Writes a key takes before it is retired and a fresh key takes its place (Elle's
   * max-writes-per-key): lists stay short, so reads stay cheap and every read shows the order.
   */
  maxWritesPerKey: number;
}

/** The options every workload uses unless told otherwise (Elle's defaults, scaled to a short run). */
export const TXN_DEFAULTS: Omit<TxnGeneratorOptions, "kind"> = { activeKeys: 5, maxOps: 4, maxWritesPerKey: 64 };

/**
 * Elle's transaction generator: each call gives the micro-ops of one transaction's invoke, 1 to
 * maxOps reads and writes (half each) of keys drawn from a small set of active keys, so
 * transactions conflict. Keys are whole numbers from 0, each retired after maxWritesPerKey
 * writes for the next unused number. Every element appended (list-append) or value written
 * (rw-register) is new for its key, counting from 1, so a read names the write it saw. One
 * generator serves every worker of a run, which is what makes the values unique.
 */
export interface TxnGenerator {
  /** The micro-ops of the next transaction's invoke. */
  next(): MicroOp[];
  /** How many keys were used so far: keys are 0 to keysUsed() - 1 (final reads read them all). */
  keysUsed(): number;
}

export function txnGenerator(random: Random, options: TxnGeneratorOptions): TxnGenerator {
  const { kind, activeKeys, maxOps, maxWritesPerKey } = options;
  for (const [name, value] of Object.entries({ activeKeys, maxOps, maxWritesPerKey }))
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a whole number from 1, got ${value}`);
  const active = Array.from({ length: activeKeys }, (_, i) => i);
  let nextKey = activeKeys;
  const written = new Map<number, number>();
  const write = kind === "list-append" ? "append" : "w";
  const next = () => {
    const ops: MicroOp[] = [];
    const length = 1 + random.int(maxOps);
    for (let i = 0; i < length; i++) {
      const slot = random.int(active.length);
      const key = active[slot] as number;
      if (random.next() < 0.5) {
        ops.push(["r", key, null]);
        continue;
      }
      const value = (written.get(key) ?? 0) + 1;
      written.set(key, value);
      ops.push([write, key, value]);
      if (value >= maxWritesPerKey) {
        // Retired: later transactions use a fresh key; this one may still read it again.
        written.delete(key);
        active[slot] = nextKey++;
      }
    }
    return ops;
  };
  return { next, keysUsed: () => nextKey };
}
