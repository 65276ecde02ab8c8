import { appendFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { type Clock, monotonicClock } from "../core/clock.ts";
import type { Op, OpInput } from "./op.ts";

/**
 * Append-only history: ops get their index and monotonic time when recorded, in the order
 * recorded, by workers and the nemesis alike. Each line is written to the JSONL file at once
 * (synchronously), so a run that crashes keeps every op recorded before the crash.
 */
export class HistoryRecorder {
  readonly #ops: Op[] = [];
  readonly #clock: Clock;
  readonly #path: string | undefined;

  constructor(options: { path?: string; clock?: Clock } = {}) {
    this.#clock = options.clock ?? monotonicClock();
    this.#path = options.path;
    if (this.#path) mkdirSync(dirname(this.#path), { recursive: true });
  }

  get clock(): Clock {
    return this.#clock;
  }

  record(input: OpInput): Op {
    const op: Op = { ...input, index: this.#ops.length, time: this.#clock.nowNs(), wall: new Date().toISOString() };
    this.#ops.push(op);
    if (this.#path) appendFileSync(this.#path, `${JSON.stringify(op)}\n`);
    return op;
  }

  ops(): readonly Op[] {
    return this.#ops;
  }
}
