import type { TimedLine } from "../../runtime/timed-lines.ts";
import type { LoggedEvent } from "../event-figure.ts";

/**
 * Cluster events in a Redis or Valkey node's own log (notice level, which is what the servers
 * run at). Wordings captured from redis 7.0.15, 8.0.2 and valkey 8.1.1 (fixtures/redis/logs/):
 * - `Marking node <id> () as failing (quorum reached).`: this node declared <id> FAIL;
 * - `FAIL message received from <id> () about <id>`: it learned the FAIL from a peer;
 * - `Failover election won: I'm the new master.` (Valkey: `primary`): this replica is promoted;
 * - `Cluster state changed: ok` / `fail`.
 * PFAIL is not logged at notice level: it stays sampled.
 */
export type RedisLogEvent = LoggedEvent &
  ({ kind: "marked-failing" | "fail-received"; about: string } | { kind: "promoted" } | { kind: "state"; ok: boolean });

const MARKED = /Marking node ([0-9a-f]{40})\b.* as failing \(quorum reached\)/;
const RECEIVED = /FAIL message received from [0-9a-f]{40}\b.* about ([0-9a-f]{40})/;
const PROMOTED = /Failover election won: I'm the new (?:master|primary)/;
const STATE = /Cluster state changed: (ok|fail)\b/;
/** How far apart Docker may stamp two containers' lines about one moment (see failoverFromLogs). */
const CROSS_NODE_SKEW_MS = 10;

/** The events in one node's timed log lines, in log order. */
export function redisLogEvents(node: string, lines: readonly TimedLine[]): RedisLogEvent[] {
  return lines.flatMap(({ atMs, text }): RedisLogEvent[] => {
    const base = { atMs, node, text };
    const marked = MARKED.exec(text)?.[1];
    if (marked) return [{ ...base, kind: "marked-failing", about: marked }];
    const received = RECEIVED.exec(text)?.[1];
    if (received) return [{ ...base, kind: "fail-received", about: received }];
    if (PROMOTED.test(text)) return [{ ...base, kind: "promoted" }];
    const state = STATE.exec(text)?.[1];
    return state ? [{ ...base, kind: "state", ok: state === "ok" }] : [];
  });
}

/**
 * A failover as the nodes logged it, from the fault on: the first FAIL of the victim anywhere,
 * the promotion of one of its replicas, and when every node but the victim said
 * `cluster_state:ok` again after the promotion (a node that never logged `fail` stayed ok).
 */
export function failoverFromLogs(
  events: readonly RedisLogEvent[],
  o: { faultAtMs: number; victim: string; victimId: string; replicas: readonly string[]; others: readonly string[] },
): { fail?: RedisLogEvent; promoted?: RedisLogEvent; ok?: RedisLogEvent } {
  const after = events.filter((e) => e.atMs >= o.faultAtMs && e.node !== o.victim);
  const first = (match: (e: RedisLogEvent) => boolean) => after.filter(match).sort((a, b) => a.atMs - b.atMs)[0];
  const fail = first((e) => (e.kind === "marked-failing" || e.kind === "fail-received") && e.about === o.victimId);
  const promoted = first((e) => e.kind === "promoted" && o.replicas.includes(e.node));
  if (!promoted) return { ...(fail ? { fail } : {}) };
  let ok: RedisLogEvent | undefined = promoted.kind === "promoted" ? promoted : undefined;
  for (const node of o.others) {
    const states = after.filter((e) => e.node === node && e.kind === "state").sort((a, b) => a.atMs - b.atMs);
    if (!states.some((e) => e.kind === "state" && !e.ok)) continue;
    // Its first ok from the promotion on. Docker stamps each container's lines as it reads its
    // pipe: across containers the order within a few milliseconds is not the servers' (seen: a
    // peer's ok stamped 0.15 ms before the promotion line it followed).
    const back = states.find((e) => e.kind === "state" && e.ok && e.atMs >= promoted.atMs - CROSS_NODE_SKEW_MS);
    if (!back) return { ...(fail ? { fail } : {}), promoted };
    if (!ok || back.atMs > ok.atMs) ok = back;
  }
  return { ...(fail ? { fail } : {}), promoted, ...(ok ? { ok } : {}) };
}
