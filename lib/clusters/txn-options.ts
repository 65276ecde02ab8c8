import type { ModelName } from "../checkers/models.ts";
import type { TxnKind } from "../history/micro-op.ts";
import { freshSeed } from "../mesh/chaos.ts";
import type { IsolationLevel } from "../workloads/isolation-level.ts";

/** What the transactional (append) scenarios take from the command line, on top of timing. */
export interface TxnScenarioOptions {
  /** `--isolation`: the level each SQL transaction asks for; undefined keeps the server's default. */
  isolation?: IsolationLevel;
  /** `--model`: the model judged against (gating); undefined: the engine's claimed model. */
  model?: ModelName;
  /**
   * `--seed`: append-chaos's fault order and the workload's transactions. Without it each run
   * draws a fresh one (runSeed) and reports it, so a run can be replayed.
   */
  seed?: number;
  /** `--chaos-ms`: how long append-chaos's workload and faults run (default 60 s). */
  chaosMs: number;
}

/** The fault an append scenario applies during its workload. */
export type TxnFault = "none" | "partition" | "crash" | "chaos";

export const TXN_FAULTS: readonly TxnFault[] = ["none", "partition", "crash", "chaos"];

/** `append`, `append-partition`, `append-crash`, `append-chaos`. */
export function appendScenarioName(fault: TxnFault): string {
  return txnScenarioName("list-append", fault);
}

/**
 * A transactional scenario's name: `append…` for list-append, `rw-register…` for rw-register,
 * then the fault (`-partition`, `-crash`, `-chaos`; nothing for a healthy cluster).
 */
export function txnScenarioName(kind: TxnKind, fault: TxnFault): string {
  const base = kind === "list-append" ? "append" : "rw-register";
  return fault === "none" ? base : `${base}-${fault}`;
}

/** "list-append transactions" / "rw-register transactions": how a scenario's description starts. */
export function txnWorkloadWords(kind: TxnKind): string {
  return `${kind} transactions`;
}

/** Jepsen's usual length of a chaos run: append-chaos's default for --chaos-ms. */
export const CHAOS_DEFAULT_MS = 60_000;

/**
 * How long each append-chaos fault is held: --fault-ms, but short enough that a run sees about
 * six of them (at least a second each), whatever its length.
 */
export function chaosFaultMs(faultMs: number, chaosMs: number): number {
  return Math.min(faultMs, Math.max(1000, Math.floor(chaosMs / 6)));
}

/** The run's seed: --seed's, or a fresh one (reported with the results, so the run can be replayed). */
export function runSeed(options: { seed?: number | undefined }): number {
  return options.seed ?? freshSeed();
}
