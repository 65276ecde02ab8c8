import { availabilityChecker } from "../../../checkers/availability.ts";
import { convergenceChecker } from "../../../checkers/convergence.ts";
import { setChecker } from "../../../checkers/set.ts";
import { finalGaleraSetReads, prepareGaleraSet, runGaleraSet } from "../../../workloads/galera-set.ts";
import type { GaleraScenarioContext, GaleraScenarioOutcome } from "./scenario.ts";

/**
 * The scenarios' background set workload: unique inserts through every node's pool (workers
 * bound to nodes round-robin) for --duration. Awaiting this starts it; awaiting `done` waits
 * for it to end.
 */
export async function startGaleraSet(
  ctx: GaleraScenarioContext,
  nodes: readonly string[] = ctx.cluster.names,
): Promise<{ done: Promise<void> }> {
  await prepareGaleraSet(ctx.cluster.pool(nodes[0] ?? "n1"));
  const done = runGaleraSet(
    ctx.cluster.pools(),
    ctx.store.recorder,
    { workers: ctx.options.workers, durationMs: ctx.options.durationMs, pauseMs: 5, opTimeoutMs: 5000, nodes: [...nodes] },
    ctx.signal,
  );
  return { done };
}

/**
 * Final reads on every node (causal: wsrep_sync_wait) and the history checks of the set:
 * no acknowledged insert missing (set), every node read the same rows (convergence), and how
 * available writes were (measured).
 */
export async function finishGaleraSet(
  ctx: GaleraScenarioContext,
  nodes: readonly string[] = ctx.cluster.names,
): Promise<GaleraScenarioOutcome["checks"]> {
  await finalGaleraSetReads(ctx.cluster.pools(nodes), ctx.store.recorder, ctx.options.workers, { syncWait: true });
  return [
    { checker: setChecker, options: { readF: "final-read" } },
    { checker: convergenceChecker, options: { f: "final-read", expectedNodes: [...nodes] } },
    { checker: availabilityChecker, options: {} },
  ];
}
