import { setTimeout as sleep } from "node:timers/promises";
import { type Random, seededRandom } from "../core/random.ts";
import { type Grudge, type PartitionKind, planPartition } from "./grudge.ts";
import type { PartitionMode } from "./grudge-links.ts";
import type { Nemesis, ProcessFault } from "./nemesis.ts";
import { type NodeSelector, selectNodes } from "./node-selectors.ts";
import type { LinkSelector, ToxicSpec } from "./toxics.ts";

/** One fault, fully planned: which grudge, which nodes, which links. */
export type FaultAction =
  | { kind: "partition"; grudge: Grudge; mode: PartitionMode }
  | { kind: "toxic"; selector: LinkSelector; toxic: ToxicSpec }
  | { kind: "process"; fault: ProcessFault; nodes: string[] }
  | { kind: "heal" };

export interface ScheduledFault {
  /** Milliseconds after the schedule starts. */
  atMs: number;
  action: FaultAction;
}

/** A kind of fault a periodic schedule draws from; targets are chosen when the schedule is made. */
export type FaultChoice =
  | { kind: "partition"; partition: PartitionKind; mode: PartitionMode }
  | { kind: "process"; fault: ProcessFault; nodes: Exclude<NodeSelector, { kind: "nodes" }> }
  | { kind: "toxic"; toxic: ToxicSpec; on: "one-node" | "all" };

export interface PeriodicOptions {
  seed: number;
  nodes: readonly string[];
  durationMs: number;
  /** A fault starts every intervalMs... */
  intervalMs: number;
  /** ...and is healed faultMs later. */
  faultMs: number;
  choices: readonly FaultChoice[];
}

/** One choice planned on the nodes: the grudge, the nodes or the link drawn from `random`. */
export function planFault(choice: FaultChoice, nodes: readonly string[], random: Random): FaultAction {
  switch (choice.kind) {
    case "partition":
      return { kind: "partition", grudge: planPartition(choice.partition, nodes, random), mode: choice.mode };
    case "process":
      return { kind: "process", fault: choice.fault, nodes: selectNodes(choice.nodes, nodes, random) };
    case "toxic":
      return { kind: "toxic", toxic: choice.toxic, selector: choice.on === "all" ? { all: true } : { node: random.pick(nodes) } };
  }
}

/**
 * "Every intervalMs inject one of a set, heal faultMs later", deterministic under the seed,
 * always ending with a full heal at durationMs.
 */
export function periodicSchedule(options: PeriodicOptions): ScheduledFault[] {
  const { intervalMs, faultMs, durationMs } = options;
  if (options.choices.length === 0) throw new RangeError("a periodic schedule needs at least one fault choice");
  if (!(faultMs > 0 && faultMs < intervalMs))
    throw new RangeError(`faultMs (${faultMs}) must be above 0 and below intervalMs (${intervalMs})`);
  if (!(durationMs >= intervalMs)) throw new RangeError(`durationMs (${durationMs}) must be at least intervalMs (${intervalMs})`);
  const random = seededRandom(options.seed);
  const steps: ScheduledFault[] = [];
  for (let at = intervalMs; at + faultMs <= durationMs; at += intervalMs) {
    steps.push({ atMs: at, action: planFault(random.pick(options.choices), options.nodes, random) });
    steps.push({ atMs: at + faultMs, action: { kind: "heal" } });
  }
  return withFinalHeal(steps, durationMs);
}

/** A fixed script, checked (times in order, not negative) and closed with a full heal. */
export function scriptedSchedule(steps: readonly ScheduledFault[]): ScheduledFault[] {
  steps.forEach((s, i) => {
    if (!(s.atMs >= 0)) throw new RangeError(`step ${i}: atMs ${s.atMs} is negative`);
    const previous = steps[i - 1];
    if (previous && s.atMs < previous.atMs)
      throw new RangeError(`step ${i}: atMs ${s.atMs} comes before the step above (${previous.atMs})`);
  });
  return withFinalHeal([...steps], steps[steps.length - 1]?.atMs ?? 0);
}

function withFinalHeal(steps: ScheduledFault[], atMs: number): ScheduledFault[] {
  const last = steps[steps.length - 1];
  if (last?.action.kind === "heal" && last.atMs >= atMs) return steps;
  return [...steps, { atMs: Math.max(atMs, last?.atMs ?? 0), action: { kind: "heal" } }];
}

export async function applyFault(nemesis: Nemesis, action: FaultAction): Promise<void> {
  switch (action.kind) {
    case "partition":
      return nemesis.partition(action.grudge, action.mode);
    case "toxic":
      return nemesis.toxic(action.selector, action.toxic);
    case "process":
      return nemesis.processFault(action.fault, action.nodes);
    case "heal":
      return nemesis.heal();
  }
}

/**
 * Runs a schedule against the clock. Waiting here is the schedule itself, not a stand-in for
 * readiness. Whatever happens (an error, an abort), the run ends with a heal.
 */
export async function runSchedule(nemesis: Nemesis, schedule: readonly ScheduledFault[], signal?: AbortSignal): Promise<void> {
  const start = Date.now();
  let healed = false;
  let failure: { error: unknown } | undefined;
  try {
    for (const step of schedule) {
      const wait = start + step.atMs - Date.now();
      if (wait > 0) await sleep(wait, undefined, signal ? { signal } : undefined);
      signal?.throwIfAborted();
      healed = false;
      await applyFault(nemesis, step.action);
      healed = step.action.kind === "heal";
    }
  } catch (error) {
    failure = { error };
  }
  if (!healed || failure) {
    try {
      await nemesis.heal();
    } catch (healError) {
      // The fault that went wrong is the news; a heal failing after it must not hide it.
      if (!failure) throw healError;
    }
  }
  if (failure) throw failure.error;
}
