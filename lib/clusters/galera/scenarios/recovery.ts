import { errorMessage } from "../../../core/errors.ts";
import { allNodesEvent, type EventFigure, eventFigure } from "../../event-figure.ts";
import { clusterLogEvents, primaryOf } from "../log-events.ts";
import { stateTransferOf } from "../state-transfer.ts";
import type { GaleraScenarioContext } from "./scenario.ts";

export interface Recovery {
  /** From the heal to every node Primary, Synced, one view; null when the bound passed first. */
  recoveredMs: number | null;
  /** How each node caught up, read from its log since the heal: IST, SST or none. */
  stateTransfer: Record<string, string>;
  /**
   * From the heal to every node in one Primary component of the full size, by the nodes' own
   * logs (`New COMPONENT: primary = yes ... memb_num = N`); polling's recoveredMs (which also
   * waits for Synced) is its cross-check.
   */
  primaryAgain: EventFigure;
  reasons: string[];
}

/**
 * Heals every fault and waits, within the recovery bound, for the whole cluster to be ready
 * again. When the bound passes, it waits once more as long (so final reads have a cluster to
 * read from if it heals late) unless `waitOn` is false (a cluster not expected to heal by itself).
 */
export async function recoverAfterHeal(ctx: GaleraScenarioContext, waitOn = true): Promise<Recovery> {
  const { cluster, nemesis, options } = ctx;
  const before = new Map(await Promise.all(cluster.nodes.map(async (n) => [n.name, (await n.container.logs("all")).length] as const)));
  await nemesis.heal();
  const healedAt = Date.now();
  let recoveredMs: number | null = null;
  const reasons: string[] = [];
  try {
    await cluster.waitForReady(options.recoveryMs);
    recoveredMs = Date.now() - healedAt;
  } catch (error) {
    reasons.push(`not Primary and Synced everywhere within ${options.recoveryMs} ms of the heal: ${errorMessage(error).split("\n")[0]}`);
    // Still wait (once more the bound) so the final reads have a cluster to read from, if it heals late.
    if (waitOn) await cluster.waitForReady(options.recoveryMs).catch(() => {});
  }
  const stateTransfer: Record<string, string> = {};
  for (const n of cluster.nodes) {
    const log = await n.container.logs("all");
    stateTransfer[n.name] = stateTransferOf(log.slice(before.get(n.name) ?? 0));
  }
  const events = await clusterLogEvents(cluster.nodes, healedAt);
  const primaryAgain = eventFigure(recoveredMs, allNodesEvent(events, cluster.names, healedAt, primaryOf(cluster.nodes.length)), healedAt);
  return { recoveredMs, stateTransfer, primaryAgain, reasons };
}
