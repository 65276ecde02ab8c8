import { BadInputError } from "../../core/errors.ts";
import { shownSetting } from "../../core/redact.ts";
import { MAX_DETECTION_MS } from "../../core/time-limits.ts";
import { checkSettingValue } from "../setting-value.ts";

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

interface OwnedSetting {
  /** Names (and, ending in "-", prefixes: every cluster-announce-* setting) in redis.conf's spelling, aliases included. */
  names: readonly string[];
  why: string;
  fix: string;
}

const LEAVE = "Leave it to faultline.";
const BYPASS =
  "the cluster bus and replication go through the mesh: a port or an announced address of the node's own would let traffic bypass the proxies, and partitions would silently not cut it";

/**
 * Settings faultline sets itself, or keeps unset, on every node, with why. Overriding one would
 * break the cluster it builds, take traffic out of the mesh, or lock faultline out of the node
 * (its clients, probes and replicas connect without credentials, and use CLUSTER, CONFIG, INFO).
 */
const OWNED_SETTINGS: readonly OwnedSetting[] = [
  { names: ["port", "bind", "protected-mode"], why: "faultline's clients and the mesh reach every node there", fix: LEAVE },
  { names: ["dir", "cluster-enabled", "cluster-config-file"], why: "faultline needs them to build the cluster", fix: LEAVE },
  { names: ["cluster-node-timeout"], why: "faultline's timing bounds are made of it", fix: "Use --node-timeout." },
  {
    names: ["cluster-port", "cluster-announce-", "replica-announce-", "slave-announce-", "cluster-preferred-endpoint-type"],
    why: BYPASS,
    fix: LEAVE,
  },
  { names: ["replicaof", "slaveof"], why: "faultline builds the replication itself (CLUSTER REPLICATE)", fix: "Use --replicas." },
  {
    names: ["requirepass", "masterauth", "masteruser", "aclfile", "user"],
    why: "faultline's clients, probes and replicas connect without credentials: with them it could not talk to the node",
    fix: "Leave authentication off in a test cluster.",
  },
  { names: ["rename-command"], why: "faultline's setup and probes use CLUSTER, CONFIG and INFO by their names", fix: LEAVE },
];

/** Why faultline owns the redis.conf setting `name` (lower case, as validated), or undefined when it is the user's. */
export function ownedRedisSetting(name: string): OwnedSetting | undefined {
  return OWNED_SETTINGS.find((o) => o.names.some((n) => (n.endsWith("-") ? name.startsWith(n) : name === n)));
}

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
    const owned = ownedRedisSetting(name);
    if (owned) throw new BadInputError(`--set ${name}`, `is set by faultline itself: ${owned.why}`, owned.fix);
    checkSettingValue(`--set ${name}`, name, value);
    if (value === "" || /[\s"']/.test(value))
      throw new BadInputError(
        `--set ${name}`,
        `value ${shownSetting(name, value)} is empty or holds spaces or quotes`,
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
