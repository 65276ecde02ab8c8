import { Cluster } from "ioredis";

/**
 * An ioredis Cluster client for workloads: short timeouts so a cut-off node shows as failed
 * operations within a second, and a bounded reconnect loop. Retries on MOVED/ASK are safe
 * (the command did not run); everything the client cannot vouch for is recorded as `info`.
 */
export function clusterClient(seeds: ReadonlyArray<{ ip: string; port: number }>): Cluster {
  const client = new Cluster(
    seeds.map((s) => ({ host: s.ip, port: s.port })),
    {
      redisOptions: { commandTimeout: 1000, connectTimeout: 1000, maxRetriesPerRequest: 1 },
      slotsRefreshTimeout: 1000,
      retryDelayOnClusterDown: 100,
      retryDelayOnFailover: 100,
      retryDelayOnTryAgain: 100,
      maxRedirections: 16,
      clusterRetryStrategy: (times) => (times > 100 ? null : 100),
    },
  );
  // Errors surface on the operations; the client's own error events would only repeat them.
  client.on("error", () => {});
  return client;
}
