import { Redis } from "ioredis";

/**
 * A direct connection to one node, for status commands: no retries, no offline queue, a
 * per-command timeout, so a dead or paused node answers with an error instead of hanging.
 */
export function nodeClient(host: string, port: number): Redis {
  return new Redis({
    host,
    port,
    lazyConnect: true,
    connectTimeout: 2000,
    commandTimeout: 2000,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
}

/** Sends one command on a fresh connection and closes it; for occasional probes. */
export async function probe(host: string, port: number, command: string, ...args: string[]): Promise<string> {
  const client = nodeClient(host, port);
  client.on("error", () => {});
  try {
    await client.connect();
    return String(await client.call(command, ...args));
  } finally {
    client.disconnect();
  }
}
