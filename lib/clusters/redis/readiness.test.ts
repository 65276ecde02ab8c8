import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseClusterNodes } from "./cluster-nodes.ts";
import { parseInfo } from "./info.ts";
import { type NodeSnapshot, SLOT_COUNT, slotOwners, unmetConditions, viewSignature } from "./readiness.ts";

const fixture = (path: string) => readFileSync(new URL(`../../../fixtures/redis/${path}`, import.meta.url), "utf8");

const expected = { masters: 3, nodes: 6 };

/** The captured view is n1's; node k's own view differs only in where `myself,` sits. */
function viewOf(nodesText: string, ip: string): string {
  return nodesText
    .split("\n")
    .map((line) => line.replace(" myself,", " "))
    .map((line) => (line.split(" ")[1]?.startsWith(`${ip}:`) ? line.replace(/ (master|slave)/, " myself,$1") : line))
    .join("\n");
}

interface Capture {
  nodes: string;
  info: string;
  master: string;
  replica: string;
}

function readCapture(engine: "redis-7.0" | "valkey-8.1"): Capture {
  return {
    nodes: fixture(`${engine}/cluster-nodes-ok.txt`),
    info: fixture(`${engine}/cluster-info-ok.txt`),
    master: fixture(`${engine}/info-replication-master.txt`),
    replica: fixture(`${engine}/info-replication-replica.txt`),
  };
}

/** Six snapshots n1..n6 (10.213.250.11..16) of a healthy cluster, each overridable. */
function healthy(capture: Capture, override: Record<string, Partial<{ nodes: string; info: string; replication: string }>> = {}) {
  const parsed = parseClusterNodes(capture.nodes);
  return [1, 2, 3, 4, 5, 6].map((k): NodeSnapshot => {
    const name = `n${k}`;
    const ip = `10.213.250.1${k}`;
    const isReplica = parsed.find((n) => n.ip === ip)?.flags.includes("slave");
    const o = override[name] ?? {};
    return {
      name,
      clusterInfo: parseInfo(o.info ?? capture.info),
      nodes: parseClusterNodes(o.nodes ?? viewOf(capture.nodes, ip)),
      replication: parseInfo(o.replication ?? (isReplica ? capture.replica : capture.master)),
    };
  });
}

const redis = readCapture("redis-7.0");
const snapshot = (name: string, nodes: string, info = redis.info, replication = redis.master): NodeSnapshot => ({
  name,
  clusterInfo: parseInfo(info),
  nodes: parseClusterNodes(nodes),
  replication: parseInfo(replication),
});

describe("unmetConditions", () => {
  it("a ready Redis 7.0 cluster, seen from all six nodes, has no unmet condition", () => {
    const snapshots = healthy(redis);
    expect(snapshots.map((s) => s.nodes.find((n) => n.flags.includes("myself"))?.ip)).toEqual([
      "10.213.250.11",
      "10.213.250.12",
      "10.213.250.13",
      "10.213.250.14",
      "10.213.250.15",
      "10.213.250.16",
    ]);
    expect(unmetConditions(snapshots, expected)).toEqual([]);
  });

  it("a ready Valkey 8.1 cluster has no unmet condition", () => {
    expect(unmetConditions(healthy(readCapture("valkey-8.1")), expected)).toEqual([]);
  });

  it("one node reporting cluster_state:fail", () => {
    const snapshots = healthy(redis, { n2: { info: fixture("redis-7.0/cluster-info-shard-down.txt") } });
    expect(unmetConditions(snapshots, expected)).toEqual(["n2: cluster_state is fail, not ok"]);
  });

  it("a node with 16000 slots assigned", () => {
    const info = redis.info.replace("cluster_slots_assigned:16384", "cluster_slots_assigned:16000");
    expect(unmetConditions(healthy(redis, { n3: { info } }), expected)).toEqual(["n3: 16000 of 16384 slots assigned"]);
  });

  it("a node whose CLUSTER INFO lacks the fields", () => {
    expect(unmetConditions(healthy(redis, { n1: { info: "" } }), expected)).toEqual([
      "n1: cluster_state is (missing), not ok",
      "n1: 0 of 16384 slots assigned",
    ]);
  });

  it("a replica whose master link is down (real capture)", () => {
    const snapshots = healthy(redis, { n5: { replication: fixture("redis-7.0/info-replication-replica-link-down.txt") } });
    expect(unmetConditions(snapshots, expected)).toEqual(["n5: replica link to its master is down, not up"]);
  });

  it("a replica without master_link_status", () => {
    const snapshots = healthy(redis, { n4: { replication: "# Replication\r\nrole:slave\r\n" } });
    expect(unmetConditions(snapshots, expected)).toEqual(["n4: replica link to its master is (missing), not up"]);
  });

  it("two nodes with different views (one saw a failover, with its failed master)", () => {
    const snapshots = healthy(redis, { n2: { nodes: fixture("redis-7.0/cluster-nodes-failed-over.txt") } });
    expect(unmetConditions(snapshots, expected)).toEqual([
      "n2: sees 10.213.250.13:6379 as master,fail",
      "slot ownership views differ: n1+n3+n4+n5+n6 vs n2",
    ]);
  });

  it("views that differ only in slot ranges are reported", () => {
    const snapshots = healthy(redis, { n6: { nodes: fixture("redis-7.0/cluster-nodes-split-slots.txt") } });
    expect(unmetConditions(snapshots, expected)).toEqual(["slot ownership views differ: n1+n2+n3+n4+n5 vs n6"]);
  });

  it("a ,hostname suffix does not make a view differ", () => {
    const snapshots = healthy(redis, { n3: { nodes: fixture("redis-7.0/cluster-nodes-hostname.txt") } });
    expect(unmetConditions(snapshots, expected)).toEqual([]);
  });

  it("migrating/importing markers are not ownership", () => {
    const snapshots = [
      snapshot("n1", fixture("redis-7.0/cluster-nodes-migrating.txt")),
      snapshot("n2", fixture("redis-7.0/cluster-nodes-importing.txt")),
    ];
    expect(unmetConditions(snapshots, expected)).toEqual([]);
  });

  it("a slot range claimed by two masters", () => {
    const nodes = redis.nodes.replace("connected 5461-10922", "connected 5000-10922");
    expect(unmetConditions([snapshot("n1", nodes)], expected)).toEqual(["n1: 461 slots are claimed by more than one master"]);
  });

  it("uncovered slots, and too few masters owning slots", () => {
    const nodes = redis.nodes.replace(" connected 10923-16383", " connected");
    expect(unmetConditions([snapshot("n1", nodes)], expected)).toEqual([
      "n1: 5461 slots have no master",
      "n1: 2 masters own slots, expected 3",
    ]);
  });

  it("a paused master seen as fail? (real capture)", () => {
    const s = snapshot("n1", fixture("redis-7.0/cluster-nodes-pfail.txt"), fixture("redis-7.0/cluster-info-pfail.txt"));
    expect(unmetConditions([s], expected)).toEqual(["n1: sees 10.213.250.13:6379 as master,fail?"]);
  });

  it("a paused Valkey master seen as fail? (real capture)", () => {
    const s = snapshot("n1", fixture("valkey-8.1/cluster-nodes-pfail.txt"), fixture("valkey-8.1/cluster-info-pfail.txt"));
    expect(unmetConditions([s], expected)).toEqual(["n1: sees 10.213.250.13:6379 as master,fail?"]);
  });

  it("a whole shard down: cluster_state fail and both nodes failed (real capture)", () => {
    const s = snapshot("n1", fixture("redis-7.0/cluster-nodes-shard-down.txt"), fixture("redis-7.0/cluster-info-shard-down.txt"));
    expect(unmetConditions([s], expected)).toEqual([
      "n1: cluster_state is fail, not ok",
      "n1: sees 10.213.250.14:6379 as master,fail",
      "n1: sees 10.213.250.13:6379 as slave,fail",
    ]);
  });

  it("a node that knows fewer or more nodes than expected", () => {
    expect(unmetConditions([snapshot("n1", redis.nodes)], { masters: 3, nodes: 7 })).toEqual(["n1: knows 6 nodes, expected 7"]);
    const five = redis.nodes
      .split("\n")
      .filter((l) => !l.includes("10.213.250.16:"))
      .join("\n");
    expect(unmetConditions([snapshot("n1", five)], expected)).toEqual(["n1: knows 5 nodes, expected 6"]);
  });

  it("a node in handshake is named", () => {
    const text = `${redis.nodes.trimEnd()}\n0f9c0aa1d0c2b8e4b1c1a8f0e8d3a1b2c3d4e5f6 10.213.250.17:6379@16379 handshake - 1700000000000 0 0 disconnected\n`;
    expect(unmetConditions([snapshot("n1", text)], expected)).toEqual([
      "n1: knows 7 nodes, expected 6",
      "n1: sees 10.213.250.17:6379 as handshake",
    ]);
  });

  it("no snapshots, no conditions", () => {
    expect(unmetConditions([], expected)).toEqual([]);
  });
});

describe("slotOwners", () => {
  it("maps each of the 16384 slots to its masters; replicas own nothing", () => {
    const owners = slotOwners(parseClusterNodes(fixture("redis-7.0/cluster-nodes-split-slots.txt")));
    expect(owners).toHaveLength(SLOT_COUNT);
    expect(owners[0]).toEqual(["62b4e675eee31b7133f85e44334b976fc1d48268"]);
    expect(owners[93]).toEqual(["bbb6dd3dac445307ed3c5b4b40bf7668ea1dbd72"]);
    expect(owners[16383]).toEqual(["3e07ab18b6bb7b2b7a33d75a6ba4125e740ae093"]);
    expect(owners.every((o) => o.length === 1)).toBe(true);
  });

  it("ignores slot numbers past 16383", () => {
    const owners = slotOwners(parseClusterNodes("aaa 10.0.0.1:6379@16379 master - 0 0 1 connected 16380-20000"));
    expect(owners.filter((o) => o.length > 0)).toHaveLength(4);
  });
});

describe("viewSignature", () => {
  it("is the same from every node of a healthy cluster and names replicas by their master's address", () => {
    const views = healthy(redis).map((s) => viewSignature(s.nodes));
    expect(new Set(views).size).toBe(1);
    expect(views[0]).toBe(
      [
        "10.213.250.11:6379 master 0-5460",
        "10.213.250.12:6379 master 5461-10922",
        "10.213.250.13:6379 master 10923-16383",
        "10.213.250.14:6379 replica-of 10.213.250.13:6379",
        "10.213.250.15:6379 replica-of 10.213.250.11:6379",
        "10.213.250.16:6379 replica-of 10.213.250.12:6379",
      ].join("\n"),
    );
  });
});
