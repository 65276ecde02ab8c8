import { type ClusterNode, isMaster, slotCount } from "./cluster-nodes.ts";

/**
 * The failover bound of the Redis Cluster specification: a replica starts its election once
 * the master is FAIL (after node-timeout), after DELAY = 500 ms + random 0..500 ms + rank x 1000 ms,
 * and wins within about node-timeout x 2 at most (the election timeout); the margin absorbs
 * gossip propagation and measurement. The bound measured against is node-timeout + 1000 +
 * rank x 1000 + margin.
 */
export function failoverBoundMs(nodeTimeoutMs: number, replicaRank: number, marginMs: number): number {
  return nodeTimeoutMs + 1000 + replicaRank * 1000 + marginMs;
}

/** One poll: what each answering node (by name) said at `atMs` after the fault took effect. */
export interface ViewSample {
  atMs: number;
  views: Record<string, { nodes: ClusterNode[]; state: string }>;
}

export interface FailoverTimeline {
  /** First time any peer flagged the victim `fail?` (PFAIL). */
  pfailMs: number | null;
  /** First time any peer flagged it `fail`. */
  failMs: number | null;
  /** First time a former replica of the victim was a master owning slots, seen by itself. */
  promotedMs: number | null;
  promoted: string | null;
  /** First time every answering node other than the victim said cluster_state:ok after the promotion. */
  okMs: number | null;
}

/**
 * Reads the failover out of polled views. `victim` is the failed master's address; `replicas`
 * maps each of its replicas' node name to its address.
 */
export function failoverTimeline(
  samples: readonly ViewSample[],
  victim: { name: string; address: string },
  replicas: Record<string, string>,
): FailoverTimeline {
  const t: FailoverTimeline = { pfailMs: null, failMs: null, promotedMs: null, promoted: null, okMs: null };
  const addressOf = (n: ClusterNode) => `${n.ip}:${n.port}`;
  for (const s of samples) {
    for (const [name, view] of Object.entries(s.views)) {
      if (name === victim.name) continue;
      const seen = view.nodes.find((n) => addressOf(n) === victim.address);
      if (seen?.flags.includes("fail?") && t.pfailMs === null) t.pfailMs = s.atMs;
      if (seen?.flags.includes("fail") && t.failMs === null) {
        t.failMs = s.atMs;
        t.pfailMs ??= s.atMs;
      }
      const own = replicas[name];
      if (own && t.promotedMs === null) {
        const self = view.nodes.find((n) => n.flags.includes("myself"));
        if (self && isMaster(self) && slotCount(self) > 0) {
          t.promotedMs = s.atMs;
          t.promoted = name;
        }
      }
    }
    if (t.promotedMs !== null && t.okMs === null) {
      const others = Object.entries(s.views).filter(([name]) => name !== victim.name);
      if (others.length > 0 && others.every(([, v]) => v.state === "ok")) t.okMs = s.atMs;
    }
  }
  return t;
}
