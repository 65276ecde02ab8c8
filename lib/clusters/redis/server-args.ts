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
 * redis.conf settings of one cluster node, passed as `--name value` arguments.
 * `cluster-announce-ip` is the node's own address, so peers learn it from the gossip rather
 * than from the socket (which a proxy would rewrite). `repl-diskless-sync-delay 0`: Redis 7
 * otherwise waits 5 s before a replica's first full sync, and a replica that has not synced
 * cannot fail over, so readiness would wait on a timer rather than on the cluster.
 */
export function serverSettings(t: RedisTopology, ip: string): Record<string, string> {
  return {
    // The user's settings first, so the harness's own (validated not to clash) come last and win.
    ...t.settings,
    port: String(t.port),
    bind: "0.0.0.0",
    "protected-mode": "no",
    dir: "/tmp",
    "cluster-enabled": "yes",
    "cluster-config-file": "nodes.conf",
    "cluster-node-timeout": String(t.nodeTimeoutMs),
    "cluster-announce-ip": ip,
    appendonly: t.settings.appendonly ?? "yes",
    "repl-diskless-sync-delay": t.settings["repl-diskless-sync-delay"] ?? "0",
  };
}

export function serverCommand(binaries: RedisBinaries, t: RedisTopology, ip: string): string[] {
  return [binaries.server, ...Object.entries(serverSettings(t, ip)).flatMap(([name, value]) => [`--${name}`, value])];
}
