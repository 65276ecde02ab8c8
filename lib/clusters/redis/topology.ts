import { BadInputError } from "../../core/errors.ts";
import { MAX_DETECTION_MS } from "../../core/time-limits.ts";

/** What a Redis Cluster run is made of; validated before anything starts. */
export interface RedisTopology {
  /** Catalog image name (redis-7.0, redis-8.0, valkey-8.1, ...). */
  image: string;
  masters: number;
  replicasPerMaster: number;
  nodeTimeoutMs: number;
  port: number;
  /** Further redis.conf settings for every node (`--set name=value`). */
  settings: Record<string, string>;
}

/** Settings the harness sets itself: overriding them would break the cluster it builds. */
export const HARNESS_SETTINGS = [
  "port",
  "bind",
  "dir",
  "cluster-enabled",
  "cluster-config-file",
  "cluster-announce-ip",
  "cluster-node-timeout",
  "protected-mode",
];

export const DEFAULT_REDIS_TOPOLOGY: RedisTopology = {
  image: "redis-7.0",
  masters: 3,
  replicasPerMaster: 1,
  nodeTimeoutMs: 5000,
  port: 6379,
  settings: {},
};

/** Redis Cluster needs three masters to elect; more than 16384 masters cannot each own a slot. */
export function validateRedisTopology(input: Partial<RedisTopology>, knownImages: readonly string[]): RedisTopology {
  const t = { ...DEFAULT_REDIS_TOPOLOGY, ...input };
  const integer = (field: string, value: number, min: number, max: number, fix: string) => {
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new BadInputError(field, `${value} is not a whole number from ${min} to ${max}`, fix);
    }
  };
  integer("masters", t.masters, 3, 100, "Redis Cluster needs at least 3 masters to elect a replica; use 3 or more.");
  integer("replicas", t.replicasPerMaster, 0, 5, "Use 0 to 5 replicas per master.");
  integer("node-timeout", t.nodeTimeoutMs, 100, MAX_DETECTION_MS, `Give cluster-node-timeout in milliseconds, 100 to ${MAX_DETECTION_MS}.`);
  integer("port", t.port, 1, 65535, "Use a TCP port from 1 to 65535 (the bus port is port + 10000).");
  if (t.port + 10000 > 65535)
    throw new BadInputError("port", `${t.port} leaves no room for the bus port ${t.port + 10000}`, "Use a port below 55536.");
  for (const [name, value] of Object.entries(t.settings)) {
    if (!/^[a-z][a-z0-9-]*$/.test(name))
      throw new BadInputError(
        `--set ${name}`,
        "is not a redis.conf setting name",
        "Names are lower-case words joined by dashes, e.g. --set appendfsync=always.",
      );
    if (HARNESS_SETTINGS.includes(name)) {
      throw new BadInputError(
        `--set ${name}`,
        "is set by faultline itself",
        name === "cluster-node-timeout" ? "Use --node-timeout." : "Leave it to faultline; it is needed to build the cluster.",
      );
    }
    if (value === "" || /[\s"']/.test(value))
      throw new BadInputError(
        `--set ${name}`,
        `value "${value}" is empty or holds spaces or quotes`,
        "Give one word, e.g. --set appendfsync=always.",
      );
  }
  if (!knownImages.includes(t.image)) {
    throw new BadInputError(
      "image",
      `"${t.image}" is not a Redis-compatible image of the catalog`,
      `Use one of: ${knownImages.join(", ")}.`,
    );
  }
  return t;
}

export function nodeCount(t: RedisTopology): number {
  return t.masters * (1 + t.replicasPerMaster);
}
