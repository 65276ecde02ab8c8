import type { TimedLine } from "../../runtime/timed-lines.ts";
import type { LoggedEvent } from "../event-figure.ts";

/**
 * Primary-component events in a Galera node's own error log, as MariaDB 10.11 and 11.8 write
 * them (captured: fixtures/galera/logs/, fixtures/galera/mariadb-10.11/): group communication
 * hands each new component to the node with `New COMPONENT: primary = yes|no, bootstrap = ...,
 * my_idx = N, memb_num = M`, the moment `wsrep_cluster_status` follows; `Shifting JOINED ->
 * SYNCED` when the node has caught up. (MariaDB 11.8 stamps its lines in whole seconds; the
 * times come from Docker's stamps.)
 */
export type GaleraLogEvent = LoggedEvent & ({ kind: "component"; primary: boolean; members: number } | { kind: "synced" });

const COMPONENT = /New COMPONENT: primary = (yes|no), bootstrap = (?:yes|no), my_idx = \d+, memb_num = (\d+)/;
const SYNCED = /Shifting JOINED -> SYNCED/;

export function galeraLogEvents(node: string, lines: readonly TimedLine[]): GaleraLogEvent[] {
  return lines.flatMap(({ atMs, text }): GaleraLogEvent[] => {
    const c = COMPONENT.exec(text);
    if (c) return [{ atMs, node, text, kind: "component", primary: c[1] === "yes", members: Number(c[2]) }];
    return SYNCED.test(text) ? [{ atMs, node, text, kind: "synced" }] : [];
  });
}

/** A node's component is non-Primary. */
export const nonPrimary = (e: GaleraLogEvent) => e.kind === "component" && !e.primary;

/** A node's component is Primary with `members` nodes. */
export const primaryOf = (members: number) => (e: GaleraLogEvent) => e.kind === "component" && e.primary && e.members === members;

/** Every started node's primary-component events from `sinceMs` on, read from its own log (an unreadable log adds none). */
export async function clusterLogEvents(
  nodes: ReadonlyArray<{ name: string; container: { timedLogs(sinceMs?: number): Promise<TimedLine[]> } }>,
  sinceMs: number,
): Promise<GaleraLogEvent[]> {
  const perNode = await Promise.all(nodes.map(async (n) => galeraLogEvents(n.name, await n.container.timedLogs(sinceMs).catch(() => []))));
  return perNode.flat();
}
