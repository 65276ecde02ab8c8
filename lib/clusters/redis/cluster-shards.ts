/**
 * CLUSTER SHARDS (Redis >= 7.0, Valkey). ioredis returns the RESP2 reply as nested arrays of
 * alternating field names and values:
 *
 *   [["slots", [0, 5460], "nodes", [["id", "…", "port", 6379, "ip", "…", "endpoint", "…",
 *     "role", "master", "replication-offset", 14, "health", "online"], …]], …]
 *
 * The object shape (`redis-cli --json CLUSTER SHARDS`, RESP3 maps, `Map`s) is read too.
 * Unknown fields are ignored (later versions may add some); a missing or ill-typed known field
 * is an Error naming where it is.
 */

export type ShardNodeRole = "master" | "replica";
export type ShardNodeHealth = "online" | "failed" | "loading";

export interface ShardNode {
  id: string;
  /** Plain-text port; 0 when the node announces only a TLS port. */
  port: number;
  ip: string;
  /** Preferred endpoint: ip, hostname or "?" depending on `cluster-preferred-endpoint-type`. */
  endpoint: string;
  role: ShardNodeRole;
  replicationOffset: number;
  health: ShardNodeHealth;
  /** Present only when the node announces a TLS port. */
  tlsPort?: number;
  /** Present only when the node announces a hostname. */
  hostname?: string;
}

export interface Shard {
  /** Inclusive slot ranges in reply order; empty for a shard without slots. */
  slots: Array<[number, number]>;
  nodes: ShardNode[];
}

const SLOTS = 16384;
const ROLES: readonly string[] = ["master", "replica"];
const HEALTHS: readonly string[] = ["online", "failed", "loading"];

export function parseClusterShards(reply: unknown): Shard[] {
  if (!Array.isArray(reply)) throw new Error(`CLUSTER SHARDS reply: expected an array of shards, got ${describe(reply)}`);
  return reply.map((shard, i) => parseShard(shard, `CLUSTER SHARDS reply[${i}]`));
}

function parseShard(raw: unknown, where: string): Shard {
  const fields = toFields(raw, where);
  const slotsRaw = required(fields, "slots", where);
  const nodesRaw = required(fields, "nodes", where);
  if (!Array.isArray(nodesRaw)) throw new Error(`${where}.nodes: expected an array of nodes, got ${describe(nodesRaw)}`);
  return {
    slots: parseSlots(slotsRaw, `${where}.slots`),
    nodes: nodesRaw.map((node, j) => parseNode(node, `${where}.nodes[${j}]`)),
  };
}

function parseSlots(raw: unknown, where: string): Array<[number, number]> {
  if (!Array.isArray(raw)) throw new Error(`${where}: expected a flat array of slot range bounds, got ${describe(raw)}`);
  if (raw.length % 2 !== 0) throw new Error(`${where}: expected pairs of start/end slots, got ${raw.length} values`);
  const ranges: Array<[number, number]> = [];
  for (let k = 0; k < raw.length; k += 2) {
    const from = toInteger(raw[k], `${where}[${k}]`);
    const to = toInteger(raw[k + 1], `${where}[${k + 1}]`);
    if (from < 0 || to >= SLOTS || from > to) throw new Error(`${where}: slot range ${from}-${to} is not within 0-${SLOTS - 1} in order`);
    ranges.push([from, to]);
  }
  return ranges;
}

function parseNode(raw: unknown, where: string): ShardNode {
  const fields = toFields(raw, where);
  const role = toText(required(fields, "role", where), `${where}.role`);
  if (!ROLES.includes(role)) throw new Error(`${where}.role: "${role}" is not one of ${ROLES.join(", ")}`);
  const health = toText(required(fields, "health", where), `${where}.health`);
  if (!HEALTHS.includes(health)) throw new Error(`${where}.health: "${health}" is not one of ${HEALTHS.join(", ")}`);
  const id = toText(required(fields, "id", where), `${where}.id`);
  if (id === "") throw new Error(`${where}.id: empty node id`);
  const tlsPort = fields.has("tls-port") ? toPort(fields.get("tls-port"), `${where}.tls-port`) : undefined;
  if (!fields.has("port") && tlsPort === undefined) throw new Error(`${where}: has neither "port" nor "tls-port"`);
  const node: ShardNode = {
    id,
    port: fields.has("port") ? toPort(fields.get("port"), `${where}.port`) : 0,
    ip: toText(required(fields, "ip", where), `${where}.ip`),
    endpoint: toText(required(fields, "endpoint", where), `${where}.endpoint`),
    role: role as ShardNodeRole,
    replicationOffset: toInteger(required(fields, "replication-offset", where), `${where}.replication-offset`),
    health: health as ShardNodeHealth,
  };
  if (tlsPort !== undefined) node.tlsPort = tlsPort;
  if (fields.has("hostname")) node.hostname = toText(fields.get("hostname"), `${where}.hostname`);
  return node;
}

/** Reads an alternating [name, value, ...] array, a Map or a plain object into a Map. */
function toFields(raw: unknown, where: string): Map<string, unknown> {
  if (Array.isArray(raw)) {
    if (raw.length % 2 !== 0) throw new Error(`${where}: expected alternating field names and values, got ${raw.length} elements`);
    const fields = new Map<string, unknown>();
    for (let k = 0; k < raw.length; k += 2) {
      fields.set(toText(raw[k], `${where}[${k}] (field name)`), raw[k + 1]);
    }
    return fields;
  }
  if (raw instanceof Map) {
    const fields = new Map<string, unknown>();
    for (const [key, value] of raw) fields.set(toText(key, `${where} (field name)`), value);
    return fields;
  }
  if (typeof raw === "object" && raw !== null && !Buffer.isBuffer(raw)) return new Map(Object.entries(raw));
  throw new Error(`${where}: expected a field/value array or an object, got ${describe(raw)}`);
}

function required(fields: Map<string, unknown>, name: string, where: string): unknown {
  if (!fields.has(name)) throw new Error(`${where}: missing field "${name}"`);
  return fields.get(name);
}

function toText(value: unknown, where: string): string {
  if (typeof value === "string") return value;
  if (Buffer.isBuffer(value)) return value.toString("utf8");
  throw new Error(`${where}: expected a string, got ${describe(value)}`);
}

function toInteger(value: unknown, where: string): number {
  const n = typeof value === "string" && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== "number" || !Number.isSafeInteger(n)) throw new Error(`${where}: expected an integer, got ${describe(value)}`);
  return n;
}

function toPort(value: unknown, where: string): number {
  const port = toInteger(value, where);
  if (port < 0 || port > 65535) throw new Error(`${where}: ${port} is not a port number`);
  return port;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === "object") return "an object";
  return `${typeof value} ${String(value)}`;
}
