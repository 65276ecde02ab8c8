import { type ClusterNode, isMaster, slotCount } from "./cluster-nodes.ts";

export const SLOT_COUNT = 16384;

/** What one node says about the cluster at one moment. */
export interface NodeSnapshot {
  name: string;
  clusterInfo: Record<string, string>;
  nodes: ClusterNode[];
  replication: Record<string, string>;
}

/**
 * Everything that keeps a cluster from being ready, in words naming the node: state ok,
 * every slot owned by exactly one master in each node's view, every node known, every
 * replica's link up (a replica that never finished its first sync never fails over), and
 * all views identical. Empty means ready.
 */
export function unmetConditions(snapshots: readonly NodeSnapshot[], expected: { masters: number; nodes: number }): string[] {
  const unmet: string[] = [];
  const views = new Map<string, string[]>();
  for (const s of snapshots) {
    const state = s.clusterInfo.cluster_state ?? "(missing)";
    if (state !== "ok") unmet.push(`${s.name}: cluster_state is ${state}, not ok`);
    const assigned = Number(s.clusterInfo.cluster_slots_assigned ?? 0);
    if (assigned !== SLOT_COUNT) unmet.push(`${s.name}: ${assigned} of ${SLOT_COUNT} slots assigned`);
    if (s.nodes.length !== expected.nodes) unmet.push(`${s.name}: knows ${s.nodes.length} nodes, expected ${expected.nodes}`);
    const failing = s.nodes.filter((n) => n.flags.some((f) => f === "fail" || f === "fail?" || f === "handshake" || f === "noaddr"));
    for (const n of failing) unmet.push(`${s.name}: sees ${n.ip}:${n.port} as ${n.flags.join(",")}`);
    const owners = slotOwners(s.nodes);
    const uncovered = owners.filter((o) => o.length === 0).length;
    const shared = owners.filter((o) => o.length > 1).length;
    if (uncovered > 0) unmet.push(`${s.name}: ${uncovered} slots have no master`);
    if (shared > 0) unmet.push(`${s.name}: ${shared} slots are claimed by more than one master`);
    const owningMasters = s.nodes.filter((n) => isMaster(n) && slotCount(n) > 0).length;
    if (owningMasters !== expected.masters) unmet.push(`${s.name}: ${owningMasters} masters own slots, expected ${expected.masters}`);
    if (s.replication.role === "slave" && s.replication.master_link_status !== "up") {
      unmet.push(`${s.name}: replica link to its master is ${s.replication.master_link_status ?? "(missing)"}, not up`);
    }
    const signature = viewSignature(s.nodes);
    views.set(signature, [...(views.get(signature) ?? []), s.name]);
  }
  if (views.size > 1) {
    unmet.push(`slot ownership views differ: ${[...views.values()].map((names) => names.join("+")).join(" vs ")}`);
  }
  return unmet;
}

/** For each slot, the ids of the masters claiming it. */
export function slotOwners(nodes: readonly ClusterNode[]): string[][] {
  const owners: string[][] = Array.from({ length: SLOT_COUNT }, () => []);
  for (const n of nodes) {
    if (!isMaster(n)) continue;
    for (const [from, to] of n.slots) for (let slot = from; slot <= to && slot < SLOT_COUNT; slot++) owners[slot]?.push(n.id);
  }
  return owners;
}

/** Slot ranges by owner address, and each replica's master, in one comparable string. */
export function viewSignature(nodes: readonly ClusterNode[]): string {
  const byId = new Map(nodes.map((n) => [n.id, `${n.ip}:${n.port}`]));
  return nodes
    .map((n) =>
      isMaster(n)
        ? `${byId.get(n.id)} master ${n.slots.map(([a, b]) => `${a}-${b}`).join(",")}`
        : `${byId.get(n.id)} replica-of ${byId.get(n.masterId ?? "") ?? n.masterId}`,
    )
    .sort()
    .join("\n");
}
