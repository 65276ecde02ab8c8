import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseClusterCheck } from "./cluster-check.ts";
import { isMaster, parseClusterNodes, slotCount } from "./cluster-nodes.ts";
import { parseClusterShards, type Shard } from "./cluster-shards.ts";
import { parseInfo } from "./info.ts";

const fixture = (path: string) => readFileSync(new URL(`../../../fixtures/redis/${path}`, import.meta.url), "utf8");

/** The `redis-cli --json` object shape turned into what ioredis returns: [name, value, name, value, ...] arrays. */
function toResp(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toResp);
  if (typeof value === "object" && value !== null) return Object.entries(value).flatMap(([key, v]) => [key, toResp(v)]);
  return value;
}

/** Every leaf of a nested array, in order, as text (what redis-cli prints one a line without a TTY). */
const leaves = (value: unknown): string[] => (Array.isArray(value) ? value.flatMap(leaves) : [String(value)]);

/** One healthy-cluster shard as expected: [master n, its offset, replica n, its offset, replica health]. */
type ShardRow = [number, number, number, number, "online" | "loading"];

interface Target {
  name: "redis-7.0" | "redis-8.0" | "valkey-8.1";
  /** First three octets of the capture network of the *-ok fixtures (cluster-check-* were all taken on 10.213.251). */
  net: string;
  /** Node ids of n1..n6 (ip <net>.11 .. <net>.16) in the *-ok fixtures. */
  ids: [string, string, string, string, string, string];
  /** `slave0` of INFO replication on master n1. */
  slave0: string;
  /** n (1-based) of the replica whose INFO replication was captured, and its master's n. */
  replica: { n: number; masterN: number };
  /** CLUSTER SHARDS in reply order. */
  shards: ShardRow[];
  /** replication-offset values in cluster-shards-ok.txt, in order. */
  textOffsets: string[];
  /** Words redis-cli --cluster check uses in its per-master summary lines. */
  checkWords: { replicas: string; masters: string };
}

const targets: Target[] = [
  {
    name: "redis-7.0",
    net: "10.213.250",
    ids: [
      "62b4e675eee31b7133f85e44334b976fc1d48268",
      "bbb6dd3dac445307ed3c5b4b40bf7668ea1dbd72",
      "3e07ab18b6bb7b2b7a33d75a6ba4125e740ae093",
      "85814dca85a2d3941b15b79e1e4fc232f41f867e",
      "8df2257b6d1bdf7cf58a6e6f859513103f574e91",
      "bc03fd7b88822ce70cab6934f6bc232850f0dc0f",
    ],
    slave0: "ip=10.213.250.15,port=6379,state=online,offset=14,lag=0",
    replica: { n: 4, masterN: 3 },
    shards: [
      [2, 14, 6, 14, "online"],
      [3, 14, 4, 14, "online"],
      [1, 28, 5, 28, "online"],
    ],
    textOffsets: ["14", "14", "14", "14", "14", "14"],
    checkWords: { replicas: "slaves", masters: "masters" },
  },
  {
    name: "redis-8.0",
    net: "10.213.251",
    ids: [
      "10f664a4cce715c1910ae3d9ecb25e1cc749de30",
      "5af7be4b64ae0dfd47ddc884a90f8cb89d75fbd5",
      "3e6600f7c8e3bdec9177930b9f096808216aa988",
      "9c47e49126d767600c4bbd96850323e53347a7b6",
      "32daaf3125eff2e4929bed6c5f8323c838c428ae",
      "7e3506429bda2140543df6bc947f570c5cd5e004",
    ],
    slave0: "ip=10.213.251.15,port=6379,state=online,offset=14,lag=0",
    replica: { n: 5, masterN: 1 },
    shards: [
      [3, 14, 4, 14, "online"],
      [2, 14, 6, 14, "online"],
      [1, 14, 5, 14, "online"],
    ],
    textOffsets: ["14", "14", "14", "14", "14", "14"],
    checkWords: { replicas: "slaves", masters: "masters" },
  },
  {
    name: "valkey-8.1",
    net: "10.213.250",
    ids: [
      "922b9719d4e4d76c2b824e3c05706f99c1e47d26",
      "7b866ec33db29b157176eec761e028b09252de06",
      "405e04fce25619439398abfbf7512dbbe8ab8fbb",
      "33c42a268ebf77fd39d94a76b22b6ba86ecf4c20",
      "33446a02c9214db2840afcc31c1a18c3f84698aa",
      "f1fdbb5f26ee3574eb0a4aca9be66c783c758bc4",
    ],
    // Valkey appends the replica type.
    slave0: "ip=10.213.250.15,port=6379,state=online,offset=14,lag=0,type=replica",
    replica: { n: 4, masterN: 3 },
    // Captured right after create: n3 reported offset 0 and replica n6 was still "loading".
    shards: [
      [3, 0, 4, 14, "online"],
      [1, 14, 5, 14, "online"],
      [2, 14, 6, 0, "loading"],
    ],
    textOffsets: ["0", "14", "14", "14", "14", "0"],
    checkWords: { replicas: "replicas", masters: "primaries" },
  },
];

// The same in all three captures: redis-cli --cluster create assigned these.
const SLOTS_OF: Record<number, [number, number]> = { 1: [0, 5460], 2: [5461, 10922], 3: [10923, 16383] };
const MASTER_OF: Record<number, number> = { 4: 3, 5: 1, 6: 2 };

describe.each(targets)("$name fixtures", (t) => {
  const ip = (n: number) => `${t.net}.1${n}`;
  const id = (n: number) => t.ids[n - 1] as string;
  const dir = t.name;

  describe("parseInfo", () => {
    it("CLUSTER INFO of the healthy cluster", () => {
      const info = parseInfo(fixture(`${dir}/cluster-info-ok.txt`));
      expect(Object.keys(info)).toHaveLength(17);
      expect(info.cluster_state).toBe("ok");
      expect(info.cluster_slots_assigned).toBe("16384");
      expect(info.cluster_slots_ok).toBe("16384");
      expect(info.cluster_slots_pfail).toBe("0");
      expect(info.cluster_slots_fail).toBe("0");
      expect(info.cluster_known_nodes).toBe("6");
      expect(info.cluster_size).toBe("3");
      expect(info.cluster_current_epoch).toBe("6");
      expect(info.cluster_my_epoch).toBe("1");
    });

    it("INFO replication of master n1: one online replica", () => {
      const info = parseInfo(fixture(`${dir}/info-replication-master.txt`));
      expect(info.role).toBe("master");
      expect(info.connected_slaves).toBe("1");
      expect(info.slave0).toBe(t.slave0);
      expect(info.master_link_status).toBeUndefined();
    });

    it("INFO replication of a replica: link up to the right master", () => {
      const info = parseInfo(fixture(`${dir}/info-replication-replica.txt`));
      expect(info.role).toBe("slave");
      expect(info.master_host).toBe(ip(t.replica.masterN));
      expect(info.master_port).toBe("6379");
      expect(info.master_link_status).toBe("up");
      expect(info.master_sync_in_progress).toBe("0");
      expect(info.slave_repl_offset).toBe("14");
    });

    it("CLUSTER INFO after DELSLOTS 0 on n1 (seen from n1): failing, 16383 slots", () => {
      const info = parseInfo(fixture(`${dir}/cluster-info-uncovered.txt`));
      expect(info.cluster_state).toBe("fail");
      expect(info.cluster_slots_assigned).toBe("16383");
      expect(info.cluster_slots_ok).toBe("16383");
      expect(info.cluster_size).toBe("3");
    });
  });

  describe("parseClusterNodes", () => {
    const nodes = parseClusterNodes(fixture(`${dir}/cluster-nodes-ok.txt`));
    const byN = (n: number) => nodes.find((node) => node.id === id(n));

    it("six connected nodes with the captured ids and addresses, n1 is myself", () => {
      expect(nodes).toHaveLength(6);
      for (const n of [1, 2, 3, 4, 5, 6]) {
        expect(byN(n)).toMatchObject({ ip: ip(n), port: 6379, busPort: 16379, linkState: "connected" });
      }
      expect(nodes.filter((node) => node.flags.includes("myself")).map((node) => node.id)).toEqual([id(1)]);
      expect(nodes.flatMap((node) => node.flags).filter((f) => f.startsWith("fail"))).toEqual([]);
    });

    it("three masters owning one range each, 16384 slots in all", () => {
      expect(
        nodes
          .filter(isMaster)
          .map((node) => node.id)
          .sort(),
      ).toEqual([id(1), id(2), id(3)].sort());
      for (const n of [1, 2, 3]) expect(byN(n)?.slots).toEqual([SLOTS_OF[n]]);
      expect(nodes.reduce((sum, node) => sum + slotCount(node), 0)).toBe(16384);
    });

    it("each replica follows its master and owns no slots", () => {
      for (const n of [4, 5, 6]) {
        const replica = byN(n);
        expect(replica?.flags).toEqual(["slave"]);
        expect(replica?.masterId).toBe(id(MASTER_OF[n] as number));
        expect(replica?.slots).toEqual([]);
      }
    });

    it("after DELSLOTS 0 on n1, n1 owns 1-5460 and 16383 slots remain", () => {
      const uncovered = parseClusterNodes(fixture(`${dir}/cluster-nodes-uncovered.txt`));
      const myself = uncovered.filter((node) => node.flags.includes("myself"));
      expect(myself.map((node) => [node.ip, node.slots])).toEqual([["10.213.251.11", [[1, 5460]]]]);
      expect(uncovered.reduce((sum, node) => sum + slotCount(node), 0)).toBe(16383);
    });
  });

  describe("parseClusterShards", () => {
    const json = JSON.parse(fixture(`${dir}/cluster-shards-ok.json`)) as unknown;
    const shards = parseClusterShards(toResp(json));
    const shardNode = (n: number, role: "master" | "replica", replicationOffset: number, health: "online" | "loading") => ({
      id: id(n),
      port: 6379,
      ip: ip(n),
      endpoint: ip(n),
      role,
      replicationOffset,
      health,
    });

    it("the captured raw text is the same reply as the --json capture, but for offsets", () => {
      // The two were taken one after the other; on Redis 7.0 n1 wrote in between (offsets 14 -> 28).
      const maskOffsets = (tokens: string[]) => tokens.map((token, k) => (tokens[k - 1] === "replication-offset" ? "*" : token));
      const text = fixture(`${dir}/cluster-shards-ok.txt`).split("\n").filter(Boolean);
      expect(text).toHaveLength(3 * (4 + 2 * 14));
      expect(maskOffsets(text)).toEqual(maskOffsets(leaves(toResp(json))));
      expect(text.filter((_, k) => text[k - 1] === "replication-offset")).toEqual(t.textOffsets);
    });

    it("three shards of one master and one replica, exactly", () => {
      const expected: Shard[] = t.shards.map(([m, mOffset, r, rOffset, rHealth]) => ({
        slots: [SLOTS_OF[m] as [number, number]],
        nodes: [shardNode(m, "master", mOffset, "online"), shardNode(r, "replica", rOffset, rHealth)],
      }));
      expect(shards).toEqual(expected);
    });

    it("slot ranges sum to 16384 and match CLUSTER NODES of the same cluster", () => {
      const total = shards.flatMap((s) => s.slots).reduce((sum, [from, to]) => sum + to - from + 1, 0);
      expect(total).toBe(16384);
      const nodes = parseClusterNodes(fixture(`${dir}/cluster-nodes-ok.txt`));
      for (const shard of shards) {
        const master = shard.nodes.find((n) => n.role === "master");
        expect(nodes.find((n) => n.id === master?.id)?.slots).toEqual(shard.slots);
        for (const replica of shard.nodes.filter((n) => n.role === "replica")) {
          expect(nodes.find((n) => n.id === replica.id)?.masterId).toBe(master?.id);
        }
      }
    });

    it("the object shape reads the same", () => {
      expect(parseClusterShards(json)).toEqual(shards);
    });
  });

  describe("parseClusterCheck", () => {
    it("healthy cluster", () => {
      const text = fixture(`${dir}/cluster-check-ok.txt`);
      expect(parseClusterCheck(text)).toEqual({ ok: true, slotsCovered: true, agreeConfig: true, openSlots: [], errors: [] });
      expect(text).toContain(`-> 0 keys | 5461 slots | 1 ${t.checkWords.replicas}.`);
      expect(text).toContain(`[OK] 0 keys in 3 ${t.checkWords.masters}.`);
    });

    it("slot 0 deleted on its master: not covered, nodes disagree", () => {
      const text = fixture(`${dir}/cluster-check-uncovered.txt`);
      expect(parseClusterCheck(text)).toEqual({
        ok: false,
        slotsCovered: false,
        agreeConfig: false,
        openSlots: [],
        errors: ["Nodes don't agree about configuration!", "Not all 16384 slots are covered by nodes."],
      });
      expect(text).toContain("slots:[1-5460] (5460 slots) master");
    });

    it("slot 93 migrating n1 -> n2 and 7000 importing on n3: open, still ok", () => {
      expect(parseClusterCheck(fixture(`${dir}/cluster-check-open-slots.txt`))).toEqual({
        ok: true,
        slotsCovered: true,
        agreeConfig: true,
        openSlots: [93, 7000],
        errors: [],
      });
    });
  });
});

describe("differences between targets that the harness must tolerate", () => {
  const warnings = (name: string) =>
    fixture(`${name}/cluster-check-open-slots.txt`)
      .split("\n")
      .filter((line) => line.startsWith("[WARNING] Node"))
      .map((line) => line.split(" ")[2])
      .sort();

  it("Valkey 8.1 also reports open slots on replicas; Redis only on the masters", () => {
    const masters = ["10.213.251.11:6379", "10.213.251.12:6379", "10.213.251.13:6379"];
    expect(warnings("redis-7.0")).toEqual(masters);
    expect(warnings("redis-8.0")).toEqual(masters);
    expect(warnings("valkey-8.1")).toEqual([...masters, "10.213.251.14:6379", "10.213.251.15:6379", "10.213.251.16:6379"]);
  });

  it("the myself line of CLUSTER NODES has pong 0 in Redis 8.0 and Valkey 8.1, a timestamp in Redis 7.0", () => {
    const pong = (name: string) =>
      fixture(`${name}/cluster-nodes-ok.txt`)
        .split("\n")
        .find((line) => line.includes("myself"))
        ?.split(" ")[5];
    expect(pong("redis-7.0")).toBe("1795789784000");
    expect(pong("redis-8.0")).toBe("0");
    expect(pong("valkey-8.1")).toBe("0");
  });
});
