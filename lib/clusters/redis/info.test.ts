import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseInfo } from "./info.ts";

const fixture = (path: string) => readFileSync(new URL(`../../../fixtures/redis/${path}`, import.meta.url), "utf8");

describe("parseInfo on real Redis 7.0 replies", () => {
  it("parses CLUSTER INFO (CRLF endings) into exact fields", () => {
    const info = parseInfo(fixture("redis-7.0/cluster-info-ok.txt"));
    expect(Object.keys(info)).toHaveLength(17);
    expect(info.cluster_state).toBe("ok");
    expect(info.cluster_slots_assigned).toBe("16384");
    expect(info.cluster_slots_ok).toBe("16384");
    expect(info.cluster_known_nodes).toBe("6");
    expect(info.cluster_size).toBe("3");
    expect(info.total_cluster_links_buffer_limit_exceeded).toBe("0");
  });

  it("reads a failing cluster's state", () => {
    const info = parseInfo(fixture("redis-7.0/cluster-info-shard-down.txt"));
    expect(info.cluster_state).toBe("fail");
    expect(info.cluster_slots_ok).toBe("10923");
    expect(info.cluster_slots_fail).toBe("5461");
  });

  it("parses INFO replication of a master, skipping the # header, keeping colons in values", () => {
    const info = parseInfo(fixture("redis-7.0/info-replication-master.txt"));
    expect(info["# Replication"]).toBeUndefined();
    expect(info.role).toBe("master");
    expect(info.connected_slaves).toBe("1");
    expect(info.slave0).toBe("ip=10.213.250.15,port=6379,state=online,offset=14,lag=0");
    expect(info.master_link_status).toBeUndefined();
  });

  it("parses INFO replication of a replica with its link up and down", () => {
    const up = parseInfo(fixture("redis-7.0/info-replication-replica.txt"));
    expect(up.role).toBe("slave");
    expect(up.master_host).toBe("10.213.250.13");
    expect(up.master_port).toBe("6379");
    expect(up.master_link_status).toBe("up");
    const down = parseInfo(fixture("redis-7.0/info-replication-replica-link-down.txt"));
    expect(down.master_link_status).toBe("down");
    expect(down.master_link_down_since_seconds).toBe("2");
    expect(down.master_last_io_seconds_ago).toBe("-1");
  });
});

describe("parseInfo on real Valkey 8.1 replies", () => {
  it("parses CLUSTER INFO and INFO replication", () => {
    expect(parseInfo(fixture("valkey-8.1/cluster-info-ok.txt")).cluster_state).toBe("ok");
    const replica = parseInfo(fixture("valkey-8.1/info-replication-replica.txt"));
    expect(replica.role).toBe("slave");
    expect(replica.master_link_status).toBe("up");
    expect(replica.replicas_repl_buffer_size).toBe("0");
  });
});

describe("parseInfo, hand-written edge cases", () => {
  it("skips blank lines, headers, lines without a colon or starting with one", () => {
    expect(parseInfo("# Server\r\n\r\nredis_version:7.0.15\r\nnonsense\r\n:novalue\r\nempty:\r\n")).toEqual({
      redis_version: "7.0.15",
      empty: "",
    });
  });

  it("gives an empty object for empty text", () => {
    expect(parseInfo("")).toEqual({});
  });
});
