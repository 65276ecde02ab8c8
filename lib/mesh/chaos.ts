import { seededRandom } from "../core/random.ts";
import type { Grudge } from "./grudge.ts";
import { type FaultAction, type FaultChoice, planFault } from "./schedule.ts";
import { latency } from "./toxics.ts";

/**
 * Jepsen's standard nemesis mix (jepsen.nemesis.combined: partitions, kills, pauses, packet
 * faults), one fault at a time: a node cut off, the nodes split into a minority and a
 * majority, a majorities ring (every node sees a majority, no two the same one), a bridge, one
 * node killed, one node paused, slow links on one node or on every link. Each engine removes
 * what it cannot survive by design (chaosChoices).
 */
export const STANDARD_MIX: readonly FaultChoice[] = [
  { kind: "partition", partition: "isolate", mode: "reset" },
  { kind: "partition", partition: "halves", mode: "blackhole" },
  { kind: "partition", partition: "majorities-ring", mode: "reset" },
  { kind: "partition", partition: "bridge", mode: "reset" },
  { kind: "process", fault: "kill", nodes: { kind: "one" } },
  { kind: "process", fault: "pause", nodes: { kind: "one" } },
  { kind: "toxic", toxic: latency(100, 50), on: "one-node" },
  { kind: "toxic", toxic: latency(50, 25), on: "all" },
];

/**
 * The seeded stream of a chaos run's faults: the same seed and nodes give the same faults in
 * the same order, so a run is replayed with `--seed`. Only the order is replayed, not the
 * timing: each fault starts once the cluster recovered from the one before.
 */
export function chaosFaults(seed: number, nodes: readonly string[], choices: readonly FaultChoice[] = STANDARD_MIX): () => FaultAction {
  if (choices.length === 0) throw new RangeError("chaos needs at least one fault choice");
  const random = seededRandom(seed);
  return () => planFault(random.pick(choices), nodes, random);
}

const grudgeText = (g: Grudge) =>
  Object.entries(g)
    .filter(([, cut]) => cut.length > 0)
    .map(([node, cut]) => `${node} -x- ${[...cut].sort().join(",")}`)
    .join("; ");

/** One line for the log and the report: "partition (reset) n1 -x- n2,n3; ...", "kill n2", "latency 100 ms on n3". */
export function describeFault(action: FaultAction): string {
  switch (action.kind) {
    case "partition":
      return `partition (${action.mode}) ${grudgeText(action.grudge)}`;
    case "process":
      return `${action.fault} ${action.nodes.join(",")}`;
    case "toxic": {
      const where = "all" in action.selector ? "every link" : "node" in action.selector ? action.selector.node : action.selector.link;
      return `${action.toxic.type} ${JSON.stringify(action.toxic.attributes)} on ${where}`;
    }
    case "heal":
      return "heal";
  }
}

/** A seed for a run that was given none: printed, so the run can be replayed. */
export function freshSeed(): number {
  return Math.floor(Math.random() * 2 ** 31);
}
