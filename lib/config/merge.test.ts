import { describe, expect, it } from "vitest";
import type { RunGaleraFlags } from "../cli/run-galera.ts";
import { galeraPlan } from "../cli/run-galera.ts";
import { ndbPlan } from "../cli/run-ndb.ts";
import type { RunRedisFlags } from "../cli/run-redis.ts";
import { redisPlan } from "../cli/run-redis.ts";
import { badInput } from "../core/testing.ts";
import { validateConfig } from "./load.ts";
import { mergeFlags } from "./merge.ts";
import { suiteFlags } from "./schema.ts";

const config = validateConfig(
  {
    suites: {
      redis: { targets: ["redis-8.0"], masters: 4, settings: { appendfsync: "always", maxmemory: "64mb" } },
      galera: {
        nodes: 5,
        durationMs: 40_000,
        settings: { innodb_flush_log_at_trx_commit: 2 },
        providerOptions: { "evs.suspect_timeout": "PT3S" },
      },
      ndb: { dataNodes: 4, targets: ["mysql/mysql-cluster:8.0"] },
    },
  },
  "test",
);

describe("mergeFlags: CLI flags over the file's", () => {
  it("a flag given replaces the file's value; flags not given (or undefined) keep it", () => {
    const merged = mergeFlags(suiteFlags(config, "galera"), { nodes: "7", duration: undefined, scenario: "bank" });
    expect(merged).toMatchObject({ nodes: "7", duration: "40000", scenario: "bank", target: "mariadb-10.11" });
    expect(mergeFlags(suiteFlags(config, "galera"), {})).toEqual(suiteFlags(config, "galera"));
  });

  it("is pure: neither input changes", () => {
    const file = suiteFlags(config, "galera");
    const before = structuredClone(file);
    const cli: Partial<RunGaleraFlags> = { set: ["max_connections=500"], nodes: "3" };
    mergeFlags(file, cli);
    expect(file).toEqual(before);
    expect(cli).toEqual({ set: ["max_connections=500"], nodes: "3" });
  });

  it("--set and --provider-option pairs come after the file's: the command line wins per name, the file's others stay", () => {
    const merged = mergeFlags(suiteFlags(config, "galera"), {
      set: ["innodb_flush_log_at_trx_commit=1", "max_connections=500"],
      providerOption: ["evs.suspect_timeout=PT4S"],
    });
    expect(merged.set).toEqual(["innodb_flush_log_at_trx_commit=2", "innodb_flush_log_at_trx_commit=1", "max_connections=500"]);
    const topology = galeraPlan(merged).topologies[0];
    expect(topology?.settings).toEqual({ innodb_flush_log_at_trx_commit: "1", max_connections: "500" });
    expect(topology?.providerOptions).toEqual({ "evs.suspect_timeout": "PT4S" });
    expect(topology?.nodes).toBe(5);
  });

  it("redis: --image (the alias of --target) replaces the file's targets too", () => {
    const file = suiteFlags(config, "redis");
    expect(mergeFlags(file, { image: "valkey-8.1" } as Partial<RunRedisFlags>)).not.toHaveProperty("target");
    expect(mergeFlags(file, { image: "valkey-8.1" }).image).toBe("valkey-8.1");
    expect(mergeFlags(file, { target: "redis-7.2", image: "valkey-8.1" }).target).toBe("redis-7.2");
    expect(mergeFlags(file, { masters: "5" })).toMatchObject({ target: "redis-8.0", masters: "5" });
  });

  it("the suites' own validation runs on the merged flags: a bad flag is reported by its flag name", () => {
    expect(badInput(() => galeraPlan(mergeFlags(suiteFlags(config, "galera"), { nodes: "two" }))).field).toBe("--nodes");
    expect(badInput(() => galeraPlan(mergeFlags(suiteFlags(config, "galera"), { nodes: "2" }))).field).toBe("nodes");
    // The file's 4 data nodes with --replicas 3 from the command line: not a multiple.
    expect(badInput(() => ndbPlan(mergeFlags(suiteFlags(config, "ndb"), { replicas: "3" }))).field).toBe("data-nodes");
    expect(ndbPlan(mergeFlags(suiteFlags(config, "ndb"), { replicas: "4" })).topology).toMatchObject({
      image: "mysql/mysql-cluster:8.0",
      dataNodes: 4,
      replicas: 4,
    });
    expect(badInput(() => redisPlan(mergeFlags(suiteFlags(config, "redis"), { duration: "-1" }))).field).toBe("--duration");
  });
});
