import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseClusterShards, type Shard, type ShardNode } from "./cluster-shards.ts";

const fixture = (path: string) => readFileSync(new URL(`../../../fixtures/redis/${path}`, import.meta.url), "utf8");

/** The `redis-cli --json` object shape turned into what ioredis returns: [name, value, name, value, ...] arrays. */
function toResp(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toResp);
  if (typeof value === "object" && value !== null) return Object.entries(value).flatMap(([key, v]) => [key, toResp(v)]);
  return value;
}

// Node ids of the captured Redis 7.0 cluster (fixtures/redis/README.md).
const N1 = "62b4e675eee31b7133f85e44334b976fc1d48268"; // 10.213.250.11
const N2 = "bbb6dd3dac445307ed3c5b4b40bf7668ea1dbd72"; // 10.213.250.12
const N3 = "3e07ab18b6bb7b2b7a33d75a6ba4125e740ae093"; // 10.213.250.13
const N4 = "85814dca85a2d3941b15b79e1e4fc232f41f867e"; // 10.213.250.14
const N5 = "8df2257b6d1bdf7cf58a6e6f859513103f574e91"; // 10.213.250.15
const N6 = "bc03fd7b88822ce70cab6934f6bc232850f0dc0f"; // 10.213.250.16

const node = (id: string, ip: string, role: ShardNode["role"], replicationOffset: number, health: ShardNode["health"] = "online") => ({
  id,
  port: 6379,
  ip,
  endpoint: ip,
  role,
  replicationOffset,
  health,
});

const redis70: Shard[] = [
  { slots: [[5461, 10922]], nodes: [node(N2, "10.213.250.12", "master", 14), node(N6, "10.213.250.16", "replica", 14)] },
  { slots: [[10923, 16383]], nodes: [node(N3, "10.213.250.13", "master", 14), node(N4, "10.213.250.14", "replica", 14)] },
  { slots: [[0, 5460]], nodes: [node(N1, "10.213.250.11", "master", 28), node(N5, "10.213.250.15", "replica", 28)] },
];

const json70 = JSON.parse(fixture("redis-7.0/cluster-shards-ok.json")) as unknown;

describe("parseClusterShards on the real Redis 7.0 reply", () => {
  it("reads the ioredis nested-array shape exactly", () => {
    const resp = toResp(json70);
    // The helper really produced the alternating shape, not the objects.
    expect((resp as unknown[][])[0]?.slice(0, 3)).toEqual(["slots", [5461, 10922], "nodes"]);
    expect(parseClusterShards(resp)).toEqual(redis70);
  });

  it("reads the object shape (redis-cli --json) to the same result", () => {
    expect(parseClusterShards(json70)).toEqual(redis70);
  });

  it("reads Map-shaped shards and nodes (RESP3 maps)", () => {
    const asMaps = (json70 as Array<{ slots: number[]; nodes: object[] }>).map(
      (shard) =>
        new Map<string, unknown>([
          ["slots", shard.slots],
          ["nodes", shard.nodes.map((n) => new Map(Object.entries(n)))],
        ]),
    );
    expect(parseClusterShards(asMaps)).toEqual(redis70);
  });
});

describe("parseClusterShards on constructed replies", () => {
  const nodeFields = (overrides: Record<string, unknown> = {}): unknown[] =>
    Object.entries({
      id: N1,
      port: 6379,
      ip: "10.0.0.1",
      endpoint: "10.0.0.1",
      role: "master",
      "replication-offset": 7,
      health: "online",
      ...overrides,
    }).flat();

  it("reads several ranges, a single slot, and a shard without slots", () => {
    const shards = parseClusterShards([
      ["slots", [0, 92, 93, 93, 94, 5460], "nodes", [nodeFields()]],
      ["slots", [], "nodes", [nodeFields({ id: N2, role: "master", health: "failed" })]],
    ]);
    expect(shards.map((s) => s.slots)).toEqual([
      [
        [0, 92],
        [93, 93],
        [94, 5460],
      ],
      [],
    ]);
    expect(shards[1]?.nodes[0]?.health).toBe("failed");
  });

  it("keeps optional hostname and tls-port, ignores unknown fields, accepts numeric strings", () => {
    const [shard] = parseClusterShards([
      [
        "slots",
        ["0", "16383"],
        "nodes",
        [nodeFields({ hostname: "n1.example", "tls-port": 6380, port: "6379", "replication-offset": "42", "future-field": [1] })],
      ],
    ]);
    expect(shard?.slots).toEqual([[0, 16383]]);
    expect(shard?.nodes[0]).toEqual({
      id: N1,
      port: 6379,
      tlsPort: 6380,
      hostname: "n1.example",
      ip: "10.0.0.1",
      endpoint: "10.0.0.1",
      role: "master",
      replicationOffset: 42,
      health: "online",
    });
  });

  it("accepts a TLS-only node (tls-port, no port) with port 0", () => {
    const fields = nodeFields({ "tls-port": 6380 });
    fields.splice(fields.indexOf("port"), 2);
    const [shard] = parseClusterShards([["slots", [0, 1], "nodes", [fields]]]);
    expect(shard?.nodes[0]?.port).toBe(0);
    expect(shard?.nodes[0]?.tlsPort).toBe(6380);
  });

  it("reads Buffer field names and values", () => {
    const fields = nodeFields().map((v) => (typeof v === "string" ? Buffer.from(v) : v));
    const [shard] = parseClusterShards([[Buffer.from("slots"), [0, 1], Buffer.from("nodes"), [fields]]]);
    expect(shard?.nodes[0]?.id).toBe(N1);
    expect(shard?.nodes[0]?.role).toBe("master");
  });

  it("returns [] for an empty reply", () => {
    expect(parseClusterShards([])).toEqual([]);
  });

  it.each<[string, unknown, RegExp]>([
    ["a non-array reply", "ERR unknown command", /reply: expected an array of shards, got "ERR unknown command"/],
    ["null", null, /reply: expected an array of shards, got null/],
    ["a shard that is a number", [5], /reply\[0\]: expected a field\/value array or an object, got number 5/],
    ["an odd field list", [["slots", [0, 1], "nodes"]], /reply\[0\]: expected alternating field names and values, got 3 elements/],
    ["a non-string field name", [[1, [0, 1], "nodes", []]], /reply\[0\]\[0\] \(field name\): expected a string, got number 1/],
    ["a missing nodes field", [["slots", [0, 1]]], /reply\[0\]: missing field "nodes"/],
    ["a missing slots field", [["nodes", []]], /reply\[0\]: missing field "slots"/],
    ["nodes that are not an array", [["slots", [0, 1], "nodes", "x"]], /reply\[0\]\.nodes: expected an array of nodes/],
    ["an odd slots list", [["slots", [0, 1, 2], "nodes", []]], /reply\[0\]\.slots: expected pairs of start\/end slots, got 3 values/],
    ["a slot past 16383", [["slots", [0, 16384], "nodes", []]], /reply\[0\]\.slots: slot range 0-16384 is not within 0-16383/],
    ["a reversed range", [["slots", [10, 5], "nodes", []]], /slot range 10-5 is not within 0-16383 in order/],
    ["a non-integer slot", [["slots", [0, 1.5], "nodes", []]], /reply\[0\]\.slots\[1\]: expected an integer, got number 1\.5/],
  ])("rejects %s", (_name, reply, message) => {
    expect(() => parseClusterShards(reply)).toThrow(message);
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ["the pre-7.0 role name slave", { role: "slave" }, /nodes\[0\]\.role: "slave" is not one of master, replica/],
    ["an unknown health", { health: "pfail" }, /nodes\[0\]\.health: "pfail" is not one of online, failed, loading/],
    ["a port out of range", { port: 70000 }, /nodes\[0\]\.port: 70000 is not a port number/],
    ["a non-numeric offset", { "replication-offset": "abc" }, /nodes\[0\]\.replication-offset: expected an integer, got "abc"/],
    ["an empty id", { id: "" }, /nodes\[0\]\.id: empty node id/],
    ["a numeric ip", { ip: 10 }, /nodes\[0\]\.ip: expected a string, got number 10/],
  ])("rejects a node with %s", (_name, overrides, message) => {
    expect(() => parseClusterShards([["slots", [0, 1], "nodes", [nodeFields(overrides)]]])).toThrow(message);
  });

  it.each(["id", "ip", "endpoint", "role", "replication-offset", "health"])("rejects a node without %s", (field) => {
    const fields = nodeFields();
    fields.splice(fields.indexOf(field), 2);
    expect(() => parseClusterShards([["slots", [0, 1], "nodes", [fields]]])).toThrow(`reply[0].nodes[0]: missing field "${field}"`);
  });

  it("rejects a node with neither port nor tls-port", () => {
    const fields = nodeFields();
    fields.splice(fields.indexOf("port"), 2);
    expect(() => parseClusterShards([["slots", [0, 1], "nodes", [fields]]])).toThrow(/nodes\[0\]: has neither "port" nor "tls-port"/);
  });
});
