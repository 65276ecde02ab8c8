import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BadInputError } from "../core/errors.ts";
import { badInput } from "../core/testing.ts";
import { configuredFlags, configuredSuites, mergedExitCode, suiteOfTarget, targetsBySuite } from "./run-config.ts";

async function dirWith(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "fl-config-"));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

async function refusal(promise: Promise<unknown>): Promise<BadInputError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof BadInputError) return error;
    throw error;
  }
  throw new Error("expected bad input");
}

describe("faultline run from the config file", () => {
  it("runs the suites the file names, in suite order, after validating all of them", async () => {
    const dir = await dirWith({
      "faultline.config.json": JSON.stringify({ suites: { ndb: {}, redis: { scenarios: ["slot-coverage"] } } }),
    });
    expect(await configuredSuites(undefined, dir)).toEqual(["redis", "ndb"]);
  });

  it("without a file, or a file naming no suite, or a bad value in any suite: bad input before anything starts", async () => {
    const empty = await dirWith({});
    const none = await refusal(configuredSuites(undefined, empty));
    expect(none.field).toBe("config");
    expect(none.message).toContain("name a suite: npx faultline run redis");
    expect((await refusal(configuredSuites("missing.json", empty))).field).toBe("--config");
    const noSuite = await dirWith({ "faultline.config.json": JSON.stringify({ suites: {} }) });
    expect((await refusal(configuredSuites(undefined, noSuite))).field).toBe("config.suites");
    const bad = await dirWith({ "faultline.config.json": JSON.stringify({ suites: { redis: {}, galera: { nodes: 2 } } }) });
    expect((await refusal(configuredSuites(undefined, bad))).message).toContain("config.suites.galera.nodes");
  });

  it("flags on the command line win over the file's; the file's settings stay unless named again", async () => {
    const dir = await dirWith({
      "faultline.config.json": JSON.stringify({ suites: { galera: { nodes: 5, settings: { a: "1", b: "2" }, durationMs: 30000 } } }),
    });
    const flags = await configuredFlags("galera", { nodes: "4", set: ["b=3"] }, undefined, dir);
    expect(flags.nodes).toBe("4");
    expect(flags.duration).toBe("30000");
    expect(flags.set).toEqual(["a=1", "b=2", "b=3"]);
  });

  it("merges exit codes as verdicts merge: a false anywhere is 1, else anything not 0 is 2", () => {
    expect(mergedExitCode([0, 0])).toBe(0);
    expect(mergedExitCode([0, 2, 1])).toBe(1);
    expect(mergedExitCode([0, 2])).toBe(2);
    expect(mergedExitCode([])).toBe(0);
  });
});

describe("suiteOfTarget", () => {
  it("catalog names by their kind: redis and valkey to redis, mariadb and pxc to galera, ndb to ndb", () => {
    expect(suiteOfTarget("redis-7.0")).toBe("redis");
    expect(suiteOfTarget("redis-8.0")).toBe("redis");
    expect(suiteOfTarget("valkey-8.1")).toBe("redis");
    expect(suiteOfTarget("mariadb-10.11")).toBe("galera");
    expect(suiteOfTarget("mariadb-galera-11.8")).toBe("galera");
    expect(suiteOfTarget("pxc-8.0")).toBe("galera");
    expect(suiteOfTarget("ndb-8.0")).toBe("ndb");
  });

  it("Galera and NDB image references by the image's name", () => {
    expect(suiteOfTarget("percona/percona-xtradb-cluster:8.0")).toBe("galera");
    expect(suiteOfTarget("mariadb:11.8")).toBe("galera");
    expect(suiteOfTarget("mysql/mysql-cluster:8.0")).toBe("ndb");
    expect(suiteOfTarget("container-registry.oracle.com/mysql/community-cluster:8.0")).toBe("ndb");
    // The registry path does not decide: "sandbox" holds "ndb", the image is MariaDB.
    expect(suiteOfTarget("registry.example.com/sandbox/mariadb:11.8")).toBe("galera");
    expect(suiteOfTarget("registry.example.com/galera-images/mysql-cluster:8.0")).toBe("ndb");
  });

  it("a name that fits no suite is bad input naming --target and the catalog", () => {
    const error = badInput(() => suiteOfTarget("foo"));
    expect(error.field).toBe("--target");
    expect(error.message).toContain('"foo" belongs to no suite');
    expect(error.message).toContain("redis-7.0");
    expect(error.message).toContain("ndb-8.0");
    // Only names that are some suite's target are offered.
    expect(error.message).not.toContain("toxiproxy");
    expect(error.message).not.toContain("debian-bookworm");
    // A catalog-like name that is not in the catalog, and catalog images that are no suite's target.
    expect(badInput(() => suiteOfTarget("redis-9.9")).field).toBe("--target");
    expect(badInput(() => suiteOfTarget("toxiproxy")).field).toBe("--target");
    expect(badInput(() => suiteOfTarget("debian-bookworm")).field).toBe("--target");
  });

  it("only Galera and NDB take image references: a Redis or Valkey reference is bad input", () => {
    expect(badInput(() => suiteOfTarget("redis:7.0")).message).toContain('"redis:7.0" belongs to no suite');
    expect(badInput(() => suiteOfTarget("valkey/valkey:8.1")).field).toBe("--target");
    expect(badInput(() => suiteOfTarget("mysql:8.0")).field).toBe("--target");
  });
});

describe("targetsBySuite", () => {
  it("groups targets by suite, suites and targets in the order given", () => {
    expect([...targetsBySuite("redis-7.0,mariadb-10.11,redis-8.0")]).toEqual([
      ["redis", ["redis-7.0", "redis-8.0"]],
      ["galera", ["mariadb-10.11"]],
    ]);
    expect([...targetsBySuite(" ndb-8.0 , pxc-8.0,,valkey-8.1 ")]).toEqual([
      ["ndb", ["ndb-8.0"]],
      ["galera", ["pxc-8.0"]],
      ["redis", ["valkey-8.1"]],
    ]);
  });

  it("no target at all is bad input naming --target", () => {
    for (const empty of ["", " , ", ","]) {
      const error = badInput(() => targetsBySuite(empty));
      expect(error.field).toBe("--target");
      expect(error.message).toContain("is empty");
    }
  });

  it("one target that fits no suite refuses the whole list", () => {
    const error = badInput(() => targetsBySuite("redis-7.0,nope"));
    expect(error.field).toBe("--target");
    expect(error.message).toContain('"nope"');
  });
});
