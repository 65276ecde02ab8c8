import { type Random, seededRandom } from "../core/random.ts";
import type { MicroOp, TxnKey, TxnKind } from "../history/micro-op.ts";
import { type SimStore, type SimTxn, serialStore, snapshotStore } from "./txn-gen-stores.ts";
import type { TxnSpec } from "./txn-history.ts";

/** A seeded workload run against a simulated store (for tests and the benchmark, not for real clusters). */
export interface GenOptions {
  seed: number;
  kind: TxnKind;
  store: "serial" | "snapshot-isolation";
  txns: number;
  /** Concurrent processes (default 10). */
  processes?: number;
  /** Keys in use at a time (default 8); a key written maxWritesPerKey times is replaced by a fresh one. */
  keys?: number;
  /** Writes per key before it is retired (default 16): keeps lists and version orders short, as in Elle's generator. */
  maxWritesPerKey?: number;
  /** Micro-ops per transaction, from 1 (default 4). */
  maxMops?: number;
  /** Share of transactions that abort (fail) before taking effect (default 0.05). */
  failRate?: number;
  /** Share of completions recorded as info, whether or not they took effect (default 0.05). */
  infoRate?: number;
}

/** A key picked with an exponential skew: the first active key about twice as likely as the second. */
function pickKey(random: Random, active: readonly number[]): number {
  for (const key of active) if (random.next() < 0.5) return key;
  return active.at(-1) as number;
}

/**
 * Generates a history: `processes` clients each invoke a transaction, wait for it and invoke the
 * next, against the chosen store. A transaction takes its snapshot a little after its invoke and
 * commits before its completion (at once, for the serial store), so a transaction that
 * completed before another began is ordered before it. Written values count up per key from 1,
 * so they are unique per key.
 */
export function generateTxns(o: GenOptions): TxnSpec[] {
  const random = seededRandom(o.seed);
  const processes = o.processes ?? 10;
  const maxWrites = o.maxWritesPerKey ?? 16;
  const maxMops = o.maxMops ?? 4;
  const store: SimStore = o.store === "serial" ? serialStore(o.kind) : snapshotStore(o.kind);
  let nextKey = o.keys ?? 8;
  const active = Array.from({ length: nextKey }, (_, i) => i);
  const written = new Map<TxnKey, number>();
  const workload = (): MicroOp[] => {
    const mops: MicroOp[] = [];
    const n = 1 + random.int(maxMops);
    for (let i = 0; i < n; i++) {
      const key = pickKey(random, active);
      if (random.next() < 0.5) {
        mops.push(["r", key, null]);
        continue;
      }
      const count = (written.get(key) ?? 0) + 1;
      written.set(key, count);
      mops.push([o.kind === "list-append" ? "append" : "w", key, count]);
      if (count >= maxWrites) active[active.indexOf(key)] = nextKey++;
    }
    return mops;
  };

  // Events in time order; ties broken by insertion, so runs replay exactly from the seed.
  type Event = { time: number; seq: number; run: () => void };
  const queue: Event[] = [];
  let seq = 0;
  const at = (time: number, run: () => void) => {
    const event = { time, seq: seq++, run };
    let i = queue.length;
    queue.push(event);
    // Binary-heap sift-up by (time, seq).
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = queue[parent] as Event;
      if (p.time < event.time || (p.time === event.time && p.seq < event.seq)) break;
      queue[i] = p;
      i = parent;
    }
    queue[i] = event;
  };
  const pop = (): Event | undefined => {
    const top = queue[0];
    const last = queue.pop();
    if (!top || !last || queue.length === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= queue.length) break;
      const r = l + 1;
      const lower = (a: Event, b: Event) => a.time < b.time || (a.time === b.time && a.seq < b.seq);
      const child = r < queue.length && lower(queue[r] as Event, queue[l] as Event) ? r : l;
      if (!lower(queue[child] as Event, last)) break;
      queue[i] = queue[child] as Event;
      i = child;
    }
    queue[i] = last;
    return top;
  };

  const specs: TxnSpec[] = [];
  let invoked = 0;
  const invoke = (process: number, time: number) => {
    if (invoked >= o.txns) return;
    invoked++;
    const txn: SimTxn = { mops: workload(), snapshot: time };
    const abort = random.next() < (o.failRate ?? 0.05);
    const spec: TxnSpec = { process, invoke: time, mops: txn.mops };
    specs.push(spec);
    const begin = time + 1 + random.int(20);
    at(begin, () => {
      store.begin(txn, begin);
      const commit = o.store === "serial" ? begin : begin + 1 + random.int(40);
      at(commit, () => {
        const committed = store.commit(txn, commit, abort);
        spec.mops = txn.mops;
        const complete = commit + 1 + random.int(20);
        spec.complete = complete;
        spec.outcome = random.next() < (o.infoRate ?? 0.05) ? "info" : committed ? "ok" : "fail";
        at(complete, () => {
          const next = complete + random.int(10);
          at(next, () => invoke(process, next));
        });
      });
    });
  };
  for (let p = 0; p < processes; p++) {
    const first = random.int(10);
    at(first, () => invoke(p, first));
  }
  for (let e = pop(); e; e = pop()) e.run();
  return specs;
}
