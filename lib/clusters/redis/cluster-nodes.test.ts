import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type ClusterNode, isMaster, parseClusterNodes, slotCount } from "./cluster-nodes.ts";

const fixture = (path: string) => readFileSync(new URL(`../../../fixtures/redis/${path}`, import.meta.url), "utf8");

// Node ids of the captured Redis 7.0 cluster (fixtures/redis/README.md).
const N1 = "62b4e675eee31b7133f85e44334b976fc1d48268"; // 10.213.250.11
const N2 = "bbb6dd3dac445307ed3c5b4b40bf7668ea1dbd72"; // 10.213.250.12
const N3 = "3e07ab18b6bb7b2b7a33d75a6ba4125e740ae093"; // 10.213.250.13
const N4 = "85814dca85a2d3941b15b79e1e4fc232f41f867e"; // 10.213.250.14
const N5 = "8df2257b6d1bdf7cf58a6e6f859513103f574e91"; // 10.213.250.15
const N6 = "bc03fd7b88822ce70cab6934f6bc232850f0dc0f"; // 10.213.250.16

const byIp = (nodes: ClusterNode[], ip: string) => nodes.find((n) => n.ip === ip) as ClusterNode;

describe("parseClusterNodes on a real healthy Redis 7.0 cluster", () => {
  const nodes = parseClusterNodes(fixture("redis-7.0/cluster-nodes-ok.txt"));

  it("parses every line exactly, in order", () => {
    const node = (
      id: string,
      ip: string,
      flags: string[],
      masterId: string | undefined,
      configEpoch: number,
      slots: Array<[number, number]>,
    ): ClusterNode => ({ id, ip, port: 6379, busPort: 16379, flags, masterId, configEpoch, linkState: "connected", slots });
    expect(nodes).toEqual([
      node(N2, "10.213.250.12", ["master"], undefined, 2, [[5461, 10922]]),
      node(N4, "10.213.250.14", ["slave"], N3, 3, []),
      node(N5, "10.213.250.15", ["slave"], N1, 1, []),
      node(N3, "10.213.250.13", ["master"], undefined, 3, [[10923, 16383]]),
      node(N6, "10.213.250.16", ["slave"], N2, 2, []),
      node(N1, "10.213.250.11", ["myself", "master"], undefined, 1, [[0, 5460]]),
    ]);
  });

  it("counts masters (myself,master included) and their slots", () => {
    expect(nodes.filter(isMaster).map((n) => n.ip)).toEqual(["10.213.250.12", "10.213.250.13", "10.213.250.11"]);
    expect(nodes.map(slotCount)).toEqual([5462, 0, 0, 5461, 0, 5461]);
    expect(nodes.reduce((sum, n) => sum + slotCount(n), 0)).toBe(16384);
  });
});

describe("parseClusterNodes on real special states", () => {
  it("leaves out a migrating marker [93->-id]", () => {
    const nodes = parseClusterNodes(fixture("redis-7.0/cluster-nodes-migrating.txt"));
    const n1 = byIp(nodes, "10.213.250.11");
    expect(n1.flags).toEqual(["myself", "master"]);
    expect(n1.slots).toEqual([[0, 5460]]);
  });

  it("leaves out an importing marker [93-<-id]", () => {
    const nodes = parseClusterNodes(fixture("redis-7.0/cluster-nodes-importing.txt"));
    expect(byIp(nodes, "10.213.250.12").slots).toEqual([[5461, 10922]]);
  });

  it("parses multiple ranges and a single slot", () => {
    const nodes = parseClusterNodes(fixture("redis-7.0/cluster-nodes-split-slots.txt"));
    const n1 = byIp(nodes, "10.213.250.11");
    const n2 = byIp(nodes, "10.213.250.12");
    expect(n1.slots).toEqual([
      [0, 92],
      [94, 5460],
    ]);
    expect(n2.slots).toEqual([
      [93, 93],
      [5461, 10922],
    ]);
    expect(slotCount(n1)).toBe(5460);
    expect(slotCount(n2)).toBe(5463);
  });

  it("strips a ,hostname suffix from the address", () => {
    const n3 = byIp(parseClusterNodes(fixture("redis-7.0/cluster-nodes-hostname.txt")), "10.213.250.13");
    expect(n3).toMatchObject({ id: N3, ip: "10.213.250.13", port: 6379, busPort: 16379, flags: ["master"], slots: [[10923, 16383]] });
  });

  it("reads the fail? flag of a paused master", () => {
    const n3 = byIp(parseClusterNodes(fixture("redis-7.0/cluster-nodes-pfail.txt")), "10.213.250.13");
    expect(n3.flags).toEqual(["master", "fail?"]);
    expect(n3.slots).toEqual([[10923, 16383]]);
    expect(isMaster(n3)).toBe(true);
  });

  it("reads the fail flag and the promoted replica after failover", () => {
    const nodes = parseClusterNodes(fixture("redis-7.0/cluster-nodes-failed-over.txt"));
    const n3 = byIp(nodes, "10.213.250.13");
    const n4 = byIp(nodes, "10.213.250.14");
    expect(n3).toMatchObject({ flags: ["master", "fail"], slots: [], configEpoch: 3 });
    expect(n4).toMatchObject({ flags: ["master"], masterId: undefined, slots: [[10923, 16383]], configEpoch: 7 });
  });

  it("reads a failed replica", () => {
    const nodes = parseClusterNodes(fixture("redis-7.0/cluster-nodes-shard-down.txt"));
    expect(byIp(nodes, "10.213.250.13")).toMatchObject({ flags: ["slave", "fail"], masterId: N4 });
    expect(byIp(nodes, "10.213.250.14")).toMatchObject({ flags: ["master", "fail"], slots: [[10923, 16383]] });
  });

  it("parses Valkey 8.1 output (ping/pong 0 0 on the myself line)", () => {
    const nodes = parseClusterNodes(fixture("valkey-8.1/cluster-nodes-ok.txt"));
    expect(nodes).toHaveLength(6);
    expect(nodes[0]).toEqual({
      id: "922b9719d4e4d76c2b824e3c05706f99c1e47d26",
      ip: "10.213.250.11",
      port: 6379,
      busPort: 16379,
      flags: ["myself", "master"],
      masterId: undefined,
      configEpoch: 1,
      linkState: "connected",
      slots: [[0, 5460]],
    });
    expect(nodes.filter(isMaster).reduce((s, n) => s + slotCount(n), 0)).toBe(16384);
    const pfail = parseClusterNodes(fixture("valkey-8.1/cluster-nodes-pfail.txt"));
    expect(byIp(pfail, "10.213.250.13").flags).toEqual(["master", "fail?"]);
  });
});

describe("parseClusterNodes, hand-written edge cases", () => {
  it("handles CRLF, blank lines, a noaddr node and a disconnected link", () => {
    const text =
      "\r\n" + "e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca :0@0 master,fail,noaddr - 1700000000000 1700000000000 4 disconnected\r\n" + "\r\n";
    expect(parseClusterNodes(text)).toEqual([
      {
        id: "e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca",
        ip: "",
        port: 0,
        busPort: 0,
        flags: ["master", "fail", "noaddr"],
        masterId: undefined,
        configEpoch: 4,
        linkState: "disconnected",
        slots: [],
      },
    ]);
  });

  it("empty text gives no nodes", () => {
    expect(parseClusterNodes("")).toEqual([]);
    expect(parseClusterNodes("\n\n")).toEqual([]);
  });

  it("a line with too few fields is an error quoting it", () => {
    expect(() => parseClusterNodes("abc 10.0.0.1:6379@16379 master -")).toThrow(
      'CLUSTER NODES line has 4 fields, expected at least 8: "abc 10.0.0.1:6379@16379 master -"',
    );
  });

  it("an address without a bus port is an error", () => {
    expect(() => parseClusterNodes("abc 10.0.0.1:6379 master - 0 0 1 connected 0-16383")).toThrow(
      'CLUSTER NODES address "10.0.0.1:6379" is not ip:port@busport',
    );
  });
});
