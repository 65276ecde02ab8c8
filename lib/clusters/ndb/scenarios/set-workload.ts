import { availabilityChecker } from "../../../checkers/availability.ts";
import { setChecker } from "../../../checkers/set.ts";
import { finalGaleraSetReads, prepareGaleraSet, runGaleraSet } from "../../../workloads/galera-set.ts";
import type { NdbScenarioContext, NdbScenarioOutcome } from "./scenario.ts";

const sqlNodes = (ctx: NdbScenarioContext) => ctx.cluster.plan.sql.map((n) => n.name);

/** Unique inserts into an NDBCLUSTER table through every SQL node (the set workload shared with Galera). */
export async function startNdbSet(ctx: NdbScenarioContext): Promise<{ done: Promise<void> }> {
  const nodes = sqlNodes(ctx);
  await prepareGaleraSet(ctx.cluster.pool(nodes[0] ?? "sql1"), undefined, "NDBCLUSTER");
  const pools = new Map(nodes.map((n) => [n, ctx.cluster.pool(n)]));
  const done = runGaleraSet(
    pools,
    ctx.store.recorder,
    { workers: ctx.options.workers, durationMs: ctx.options.durationMs, pauseMs: 5, opTimeoutMs: 5000, nodes },
    ctx.signal,
  );
  return { done };
}

/** A final read through every SQL node (NDB has no wsrep_sync_wait: a committed row is visible at once) and the set checks. */
export async function finishNdbSet(ctx: NdbScenarioContext): Promise<NdbScenarioOutcome["checks"]> {
  const nodes = sqlNodes(ctx);
  await finalGaleraSetReads(new Map(nodes.map((n) => [n, ctx.cluster.pool(n)])), ctx.store.recorder, ctx.options.workers, {
    syncWait: false,
  });
  return [
    { checker: setChecker, options: { readF: "final-read" } },
    { checker: availabilityChecker, options: {} },
  ];
}
