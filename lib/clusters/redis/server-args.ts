import type { RedisTopology } from "./topology.ts";

/** Binaries differ by flavor: Debian's valkey ships no redis-* names. */
export interface RedisBinaries {
  server: string;
  cli: string;
}

export function binariesFor(kind: string): RedisBinaries {
  return kind === "valkey" ? { server: "valkey-server", cli: "valkey-cli" } : { server: "redis-server", cli: "redis-cli" };
}

/**
 * Command line of one cluster node. `cluster-announce-ip` is the node's own address, so peers
 * learn it from the gossip rather than from the socket (which a proxy would rewrite).
 */
export function serverCommand(binaries: RedisBinaries, t: RedisTopology, ip: string): string[] {
  return [
    binaries.server,
    "--port",
    String(t.port),
    "--bind",
    "0.0.0.0",
    "--protected-mode",
    "no",
    "--dir",
    "/tmp",
    "--cluster-enabled",
    "yes",
    "--cluster-config-file",
    "nodes.conf",
    "--cluster-node-timeout",
    String(t.nodeTimeoutMs),
    "--cluster-announce-ip",
    ip,
    "--appendonly",
    "yes",
  ];
}
