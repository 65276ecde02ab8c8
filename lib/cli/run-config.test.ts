import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { ConfigError } from "../config/errors.ts";
import { BadInputError } from "../core/errors.ts";
import { silentLogger } from "../core/logger.ts";
import { badInput } from "../core/testing.ts";
import { createProgress } from "./progress.ts";
import { configuredFlags, configuredSuites, mergedExitCode, runConfigured, suiteOfTarget, targetsBySuite } from "./run-config.ts";
import type { RunSession } from "./suite-plan.ts";
import { withRuntime } from "./with-runtime.ts";

// Bad input must be refused before anything starts: opening the runtime (Docker) here fails the test.
vi.mock("./with-runtime.ts", () => ({
  withRuntime: vi.fn(async () => {
    throw new Error("withRuntime was called: something would have started");
  }),
}));

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

  it("a reference Docker would refuse is named as such, not as a target of no suite", () => {
    const e = badInput(() => suiteOfTarget("percona/pxc:8.0 "));
    expect(e.field).toBe("--target");
    expect(e.message).toContain('"percona/pxc:8.0 " is not an image reference Docker accepts: it contains white space');
    expect(e.message).toContain("Write it as [registry[:port]/]name[:tag][@sha256:digest]");
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

describe("faultline run: bad --repeat, --target and config refused before anything starts", () => {
  const session = (): RunSession => ({ logger: silentLogger, print: () => {}, progress: createProgress("off") });
  const configFile = async (config: unknown) =>
    join(await dirWith({ "faultline.config.json": JSON.stringify(config) }), "faultline.config.json");

  it.each(["0", "1001", "x", "", "2.5"])("--repeat %j", async (repeat) => {
    vi.mocked(withRuntime).mockClear();
    const error = await refusal(runConfigured(await configFile({}), { target: "redis-7.0", repeat }, session()));
    expect(error.field).toBe("--repeat");
    expect(error.message).toBe(`--repeat: ${JSON.stringify(repeat)} is not a whole number from 1 to 1000. Give e.g. --repeat 5.`);
    expect(withRuntime).not.toHaveBeenCalled();
  });

  it("--target naming no suite's target, or nothing at all", async () => {
    vi.mocked(withRuntime).mockClear();
    const file = await configFile({});
    const unknown = await refusal(runConfigured(file, { target: "redis-7.0,cassandra-5" }, session()));
    expect(unknown.field).toBe("--target");
    expect(unknown.message).toContain('--target: "cassandra-5" belongs to no suite. Use redis-7.0, redis-7.2');
    const empty = await refusal(runConfigured(file, { target: " , " }, session()));
    expect(empty.message).toBe("--target: is empty. Give one or more targets, comma-separated, e.g. --target redis-7.0,redis-8.0.");
    expect(withRuntime).not.toHaveBeenCalled();
  });

  it("a bad value in a suite --target does not choose still refuses the run (the whole file is checked)", async () => {
    vi.mocked(withRuntime).mockClear();
    const error = await refusal(runConfigured(await configFile({ suites: { galera: { nodes: 2 } } }), { target: "redis-7.0" }, session()));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.field).toBe("config.suites.galera.nodes");
    expect(error.message).toContain("config.suites.galera.nodes: 2 is not a whole number from 3 to 15");
    expect(withRuntime).not.toHaveBeenCalled();
  });

  it("a file that names no suite, and no --target", async () => {
    vi.mocked(withRuntime).mockClear();
    const error = await refusal(runConfigured(await configFile({ repeat: 2 }), {}, session()));
    expect(error.message).toBe("config.suites: names no suite. Add suites.redis, suites.galera or suites.ndb to the file.");
    expect(withRuntime).not.toHaveBeenCalled();
  });

  it("configuredFlags (run redis|galera|ndb): --config to a missing file, or a bad file, before the flags are read", async () => {
    const dir = await dirWith({ "faultline.config.json": JSON.stringify({ suites: { ndb: { dataNodes: 3 } } }) });
    const missing = await refusal(configuredFlags("redis", {}, "nope.json", dir));
    expect(missing.message).toBe(`--config: ${join(dir, "nope.json")} does not exist. Give the path of a faultline.config.ts or .json.`);
    const bad = await refusal(configuredFlags("redis", {}, undefined, dir));
    expect(bad.field).toBe("config.suites.ndb.dataNodes");
    expect(bad.message).toContain("config.suites.ndb.dataNodes: 3 is not a multiple of replicas (2)");
  });
});
