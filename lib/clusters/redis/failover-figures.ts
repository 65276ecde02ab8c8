import { type EventFigure, eventFigure, figureSources } from "../event-figure.ts";
import type { FailoverTimeline } from "./failover-timeline.ts";
import { failoverFromLogs, type RedisLogEvent, redisLogEvents } from "./log-events.ts";
import type { StartedRedisCluster } from "./redis-cluster.ts";

export type FailoverFigures = {
  pfailMs: EventFigure;
  failMs: EventFigure;
  promotedMs: EventFigure;
  okMs: EventFigure;
};

/** Every node's cluster events from `sinceMs` on, read from its own log (a log that cannot be read adds none). */
export async function clusterLogEvents(cluster: StartedRedisCluster, sinceMs: number): Promise<RedisLogEvent[]> {
  const perNode = await Promise.all(
    cluster.nodes.map(async (n) => redisLogEvents(n.name, await n.container.timedLogs(sinceMs).catch(() => []))),
  );
  return perNode.flat();
}

/**
 * A failover's figures from the servers' own lines where they exist (FAIL, promotion, state
 * ok), polling otherwise (PFAIL is not logged at notice level) and as the cross-check.
 */
export function failoverFigures(
  timeline: FailoverTimeline,
  events: readonly RedisLogEvent[],
  o: { faultAtMs: number; victim: string; victimId: string; replicas: readonly string[]; others: readonly string[] },
): FailoverFigures {
  const logged = failoverFromLogs(events, o);
  const failMs = eventFigure(timeline.failMs, logged.fail, o.faultAtMs);
  return {
    pfailMs: pfailFigure(timeline.pfailMs, failMs),
    failMs,
    promotedMs: eventFigure(timeline.promotedMs, logged.promoted, o.faultAtMs),
    okMs: eventFigure(timeline.okMs, logged.ok, o.faultAtMs),
  };
}

/**
 * PFAIL is never logged: polling only. A node marks a peer PFAIL before anyone can count it
 * FAIL, so a poll that first saw PFAIL after the logged FAIL saw it late: the figure is then
 * the FAIL's time, its upper bound, and says so.
 */
function pfailFigure(sampledMs: number | null, fail: EventFigure): EventFigure {
  const figure = eventFigure(sampledMs, undefined, 0);
  if (sampledMs === null || fail.source !== "server-log" || fail.ms === null || sampledMs <= fail.ms) return figure;
  return {
    ...figure,
    ms: fail.ms,
    evidence: `polling first saw PFAIL at ${sampledMs} ms, after the logged FAIL: PFAIL comes first, so at most the FAIL's time`,
  };
}

export { figureSources };
