import { describe, expect, it } from "vitest";
import { BadInputError } from "../../core/errors.ts";
import { DEFAULT_REDIS_TOPOLOGY, nodeCount, type RedisTopology, validateRedisTopology } from "./topology.ts";

const images = ["redis-7.0", "redis-8.0", "valkey-8.1"];

function badInput(input: Partial<RedisTopology>): BadInputError {
  try {
    validateRedisTopology(input, images);
  } catch (error) {
    if (error instanceof BadInputError) return error;
    throw error;
  }
  throw new Error("expected a BadInputError");
}

describe("validateRedisTopology", () => {
  it("fills in the defaults", () => {
    expect(validateRedisTopology({}, images)).toEqual({
      image: "redis-7.0",
      masters: 3,
      replicasPerMaster: 1,
      nodeTimeoutMs: 5000,
      port: 6379,
      settings: {},
    });
    expect(DEFAULT_REDIS_TOPOLOGY).toEqual({
      image: "redis-7.0",
      masters: 3,
      replicasPerMaster: 1,
      nodeTimeoutMs: 5000,
      port: 6379,
      settings: {},
    });
  });

  it("keeps given values", () => {
    expect(
      validateRedisTopology(
        { image: "valkey-8.1", masters: 5, replicasPerMaster: 0, nodeTimeoutMs: 100, port: 7000, settings: { appendfsync: "always" } },
        images,
      ),
    ).toEqual({
      image: "valkey-8.1",
      masters: 5,
      replicasPerMaster: 0,
      nodeTimeoutMs: 100,
      port: 7000,
      settings: { appendfsync: "always" },
    });
  });

  it("refuses --set of a setting the harness owns, a malformed name, or a value with spaces, naming it", () => {
    const field = (settings: Record<string, string>) => {
      try {
        validateRedisTopology({ settings }, images);
      } catch (error) {
        return `${(error as { field?: string; message: string }).field} | ${(error as Error).message}`;
      }
      return "accepted";
    };
    expect(field({ "cluster-announce-ip": "1.2.3.4" })).toContain(
      "--set cluster-announce-ip | --set cluster-announce-ip: is set by faultline itself",
    );
    expect(field({ "cluster-node-timeout": "10" })).toContain("Use --node-timeout.");
    expect(field({ Maxmemory: "1mb" })).toContain("is not a redis.conf setting name");
    expect(field({ save: "900 1" })).toContain('value "900 1" is empty or holds spaces or quotes');
    expect(field({ "cluster-replica-no-failover": "yes" })).toBe("accepted");
  });

  it("does not let a caller's object alias the defaults", () => {
    const t = validateRedisTopology({}, images);
    t.masters = 99;
    expect(DEFAULT_REDIS_TOPOLOGY.masters).toBe(3);
  });

  it("masters 2 is a BadInputError on the field masters", () => {
    const error = badInput({ masters: 2 });
    expect(error.field).toBe("masters");
    expect(error.message).toBe(
      "masters: 2 is not a whole number from 3 to 100. Redis Cluster needs at least 3 masters to elect a replica; use 3 or more.",
    );
  });

  it.each([
    [{ masters: 3.5 }, "masters"],
    [{ masters: 101 }, "masters"],
    [{ masters: Number.NaN }, "masters"],
    [{ replicasPerMaster: -1 }, "replicas"],
    [{ replicasPerMaster: 6 }, "replicas"],
    [{ nodeTimeoutMs: 99 }, "node-timeout"],
    [{ nodeTimeoutMs: 600_001 }, "node-timeout"],
    [{ port: 0 }, "port"],
    [{ port: 65536 }, "port"],
  ] as Array<[Partial<RedisTopology>, string]>)("%j is refused on the field %s", (input, field) => {
    expect(badInput(input).field).toBe(field);
  });

  it("accepts the bounds", () => {
    expect(validateRedisTopology({ masters: 100, replicasPerMaster: 5, nodeTimeoutMs: 600_000, port: 55535 }, images).port).toBe(55535);
  });

  it("a port without room for the bus port is refused", () => {
    const error = badInput({ port: 55536 });
    expect(error.field).toBe("port");
    expect(error.message).toBe("port: 55536 leaves no room for the bus port 65536. Use a port below 55536.");
  });

  it("an unknown image is refused, listing the known ones", () => {
    const error = badInput({ image: "mariadb-galera-10.11" });
    expect(error.field).toBe("image");
    expect(error.message).toBe(
      'image: "mariadb-galera-10.11" is not a Redis-compatible image of the catalog. Use one of: redis-7.0, redis-8.0, valkey-8.1.',
    );
  });
});

describe("nodeCount", () => {
  it("is masters times (1 + replicas)", () => {
    expect(nodeCount(DEFAULT_REDIS_TOPOLOGY)).toBe(6);
    expect(nodeCount({ ...DEFAULT_REDIS_TOPOLOGY, masters: 4, replicasPerMaster: 2 })).toBe(12);
    expect(nodeCount({ ...DEFAULT_REDIS_TOPOLOGY, replicasPerMaster: 0 })).toBe(3);
  });
});

describe("server settings", () => {
  it("passes --set settings to every node, the harness's own settings winning", async () => {
    const { serverCommand } = await import("./server-args.ts");
    const t = validateRedisTopology({ settings: { "cluster-replica-no-failover": "yes", appendonly: "no" } }, ["redis-7.0"]);
    const cmd = serverCommand({ server: "redis-server", cli: "redis-cli" }, t, "10.0.0.11");
    expect(cmd.join(" ")).toContain("--cluster-replica-no-failover yes");
    expect(cmd.join(" ")).toContain("--appendonly no");
    expect(cmd.join(" ")).toContain("--cluster-announce-ip 10.0.0.11");
    expect(cmd.filter((a) => a === "--appendonly")).toHaveLength(1);
  });
});
