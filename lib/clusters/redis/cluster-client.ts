import { Cluster } from "ioredis";

/**
 * An ioredis Cluster client for workloads, configured so the history tells the truth:
 * - redirections (MOVED, ASK, TRYAGAIN) are followed: the command did not run, so resending is safe;
 * - a command whose connection closed is NOT resent (retryDelayOnFailover 0, and no automatic
 *   resend of sent-but-unanswered commands): it may have run, and a replay could apply it twice
 *   or, for a compare-and-set, answer 0 for a cas that did apply; it is recorded `info`;
 * - CLUSTERDOWN is not retried (retryDelayOnClusterDown 0): it surfaces as a reply that proves
 *   the command did not run (`fail`).
 * Short timeouts make a cut-off node show as failed operations within a second.
 */
export function clusterClient(seeds: ReadonlyArray<{ ip: string; port: number }>): Cluster {
  const client = new Cluster(
    seeds.map((s) => ({ host: s.ip, port: s.port })),
    {
      redisOptions: { commandTimeout: 1000, connectTimeout: 1000, maxRetriesPerRequest: 1, autoResendUnfulfilledCommands: false },
      slotsRefreshTimeout: 1000,
      retryDelayOnClusterDown: 0,
      retryDelayOnFailover: 0,
      retryDelayOnTryAgain: 100,
      maxRedirections: 16,
      clusterRetryStrategy: (times) => (times > 100 ? null : 100),
    },
  );
  // Errors surface on the operations; the client's own error events would only repeat them.
  client.on("error", () => {});
  return client;
}
