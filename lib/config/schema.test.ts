import { describe, expect, it } from "vitest";
import { galeraPlan } from "../cli/run-galera.ts";
import { ndbPlan } from "../cli/run-ndb.ts";
import { redisPlan } from "../cli/run-redis.ts";
import { BadInputError } from "../core/errors.ts";
import { badInput } from "../core/testing.ts";
import { defineConfig } from "./define-config.ts";
import { ConfigError, configPath, didYouMean } from "./errors.ts";
import { validateConfig } from "./load.ts";
import { configSchema, DEFAULT_CONFIG, suiteFlags } from "./schema.ts";

/** The ConfigError a config gets, failing when it is valid. */
function problems(input: unknown): ConfigError {
  const error = badInput(() => validateConfig(input, "faultline.config.json"));
  expect(error).toBeInstanceOf(ConfigError);
  expect(error.exitCode).toBe(2);
  return error as ConfigError;
}

/** The one problem a config has: its path and text. */
function problem(input: unknown): { path: string; problem: string } {
  const error = problems(input);
  expect(error.issues).toHaveLength(1);
  return error.issues[0] as { path: string; problem: string };
}

describe("defaults", () => {
  it("equal the CLI's: the suites' own validation gives the same plan from the config's flags as from no flags", () => {
    expect(galeraPlan(suiteFlags(DEFAULT_CONFIG, "galera"))).toEqual(galeraPlan({}));
    expect(ndbPlan(suiteFlags(DEFAULT_CONFIG, "ndb"))).toEqual(ndbPlan({}));
    const jobs = (plan: ReturnType<typeof redisPlan>) => plan.jobs.map((j) => `${j.scenario} on ${j.target}`);
    expect(jobs(redisPlan(suiteFlags(DEFAULT_CONFIG, "redis")))).toEqual(jobs(redisPlan({})));
    // The flags themselves, as run-redis.ts defaults them.
    expect(suiteFlags(DEFAULT_CONFIG, "redis")).toEqual({
      target: "redis-7.0",
      scenario: "set",
      masters: "3",
      replicas: "1",
      nodeTimeout: "2000",
      set: [],
      duration: "20000",
      faultMs: "8000",
      workers: "8",
      marginMs: "3000",
      readyTimeout: "120000",
      fault: "partition",
      repeat: "1",
    });
    expect(() => redisPlan(suiteFlags(DEFAULT_CONFIG, "redis"))).not.toThrow();
    expect(DEFAULT_CONFIG.reports).toEqual({ dir: "reports", junit: true, allure: true, html: true });
    expect(DEFAULT_CONFIG.repeat).toBe(1);
  });

  it("fill in every suite, given or not; an empty config is valid", () => {
    expect(validateConfig({}, "x")).toEqual(DEFAULT_CONFIG);
    const c = validateConfig({ suites: { galera: { nodes: 5 } } }, "x");
    expect(c.suites.galera.nodes).toBe(5);
    expect(c.suites.galera.durationMs).toBe(20_000);
    expect(c.suites.redis).toEqual(DEFAULT_CONFIG.suites.redis);
  });

  it("defineConfig is the identity (for typing)", () => {
    const input = { repeat: 2 };
    expect(defineConfig(input)).toBe(input);
  });
});

describe("suiteFlags: a suite section as the flags object its run command takes", () => {
  const config = configSchema.parse({
    suites: {
      redis: { targets: ["redis-8.0", "valkey-8.1"], scenarios: ["set", "crossslot"], settings: { appendfsync: "always" }, fault: "kill" },
      galera: {
        targets: ["pxc-8.0"],
        flavor: "pxc",
        sst: "clone",
        settings: { innodb_flush_log_at_trx_commit: 2 },
        providerOptions: { "evs.suspect_timeout": "PT3S" },
        bankGating: true,
      },
      ndb: { targets: ["mysql/mysql-cluster:8.0"], dataNodes: 4, settings: { MaxNoOfTables: 128 } },
    },
  });

  it("redis: lists comma-joined, numbers as strings, settings as name=value", () => {
    expect(suiteFlags(config, "redis")).toMatchObject({
      target: "redis-8.0,valkey-8.1",
      scenario: "set,crossslot",
      set: ["appendfsync=always"],
      fault: "kill",
    });
  });

  it("galera: flavor, sst, settings and provider options; the plan takes them unchanged", () => {
    const flags = suiteFlags(config, "galera");
    expect(flags).toMatchObject({
      target: "pxc-8.0",
      scenario: "all",
      flavor: "pxc",
      sst: "clone",
      nodes: "3",
      set: ["innodb_flush_log_at_trx_commit=2"],
      providerOption: ["evs.suspect_timeout=PT3S"],
      bankGating: true,
      recoveryMs: "30000",
    });
    const plan = galeraPlan(flags);
    expect(plan.topologies[0]).toMatchObject({ image: "pxc-8.0", sstMethod: "clone", providerOptions: { "evs.suspect_timeout": "PT3S" } });
    expect(plan.options.bankGating).toBe(true);
  });

  it("galera without flavor or sst leaves them to the plan (the flavor's defaults)", () => {
    const flags = suiteFlags(DEFAULT_CONFIG, "galera");
    expect(flags).not.toHaveProperty("flavor");
    expect(flags).not.toHaveProperty("sst");
  });

  it("ndb: the one target as --image, every topology flag", () => {
    expect(suiteFlags(config, "ndb")).toMatchObject({
      image: "mysql/mysql-cluster:8.0",
      dataNodes: "4",
      replicas: "2",
      heartbeatDbApi: "1000",
      arbitrationTimeout: "3000",
      set: ["MaxNoOfTables=128"],
    });
    expect(ndbPlan(suiteFlags(config, "ndb")).topology).toMatchObject({ dataNodes: 4, settings: { MaxNoOfTables: "128" } });
  });
});

describe("unknown keys, at every level, with the known keys and a did-you-mean", () => {
  it.each([
    [{ sutes: {} }, "config.sutes", '"suites"'],
    [{ suites: { redi: {} } }, "config.suites.redi", '"redis"'],
    [{ suites: { redis: { mastrs: 3 } } }, "config.suites.redis.mastrs", '"masters"'],
    [{ suites: { galera: { node: 3 } } }, "config.suites.galera.node", '"nodes"'],
    [{ suites: { ndb: { datanodes: 4 } } }, "config.suites.ndb.datanodes", '"dataNodes"'],
    [{ reports: { junt: true } }, "config.reports.junt", '"junit"'],
  ])("%j", (input, path, near) => {
    const p = problem(input);
    expect(p.path).toBe(path);
    expect(p.problem).toContain(`found unknown key "${path.split(".").at(-1)}"`);
    expect(p.problem).toContain(`did you mean ${near}?`);
    expect(p.problem).toMatch(/^expected one of the keys /);
  });

  it("names the field as the error's field and in the message", () => {
    const error = problems({ suites: { redis: { mastrs: 3 } } });
    expect(error.field).toBe("config.suites.redis.mastrs");
    expect(error.message).toContain("faultline.config.json: 1 problem, nothing was started:");
    expect(error.message).toContain("config.suites.redis.mastrs: expected one of the keys targets, scenarios, masters");
  });
});

describe("wrong types: expected and found", () => {
  it.each([
    [{ suites: { galera: { nodes: "3" } } }, "config.suites.galera.nodes", 'expected a whole number, found "3" (a string)'],
    [{ suites: { redis: { masters: 3.5 } } }, "config.suites.redis.masters", "expected a whole number, found 3.5 (not a whole number)"],
    [{ suites: { redis: { targets: "redis-7.0" } } }, "config.suites.redis.targets", 'expected a list, found "redis-7.0" (a string)'],
    [
      { suites: { ndb: { scenarios: "replication" } } },
      "config.suites.ndb.scenarios",
      'expected "all" or a list, found "replication" (a string)',
    ],
    [{ suites: { galera: { bankGating: "yes" } } }, "config.suites.galera.bankGating", 'expected true or false, found "yes" (a string)'],
    [
      { suites: { redis: { settings: ["appendfsync=always"] } } },
      "config.suites.redis.settings",
      "expected an object of name: value pairs, found a list of 1",
    ],
    [
      { suites: { galera: { providerOptions: { "evs.suspect_timeout": null } } } },
      'config.suites.galera.providerOptions["evs.suspect_timeout"]',
      "expected a string or a whole number or true or false, found null",
    ],
    [{ suites: [] }, "config.suites", "expected an object, found a list of 0"],
    [{ reports: { dir: "" } }, "config.reports.dir", 'expected a non-empty string, found "" (a string)'],
    [{ repeat: "2" }, "config.repeat", 'expected a whole number, found "2" (a string)'],
  ])("%j", (input, path, text) => {
    const p = problem(input);
    expect(p.path).toBe(path);
    expect(p.problem).toContain(text);
  });

  it("enums list their options and suggest the near one", () => {
    expect(problem({ suites: { redis: { fault: "partion" } } })).toEqual({
      path: "config.suites.redis.fault",
      problem: 'expected one of "partition", "kill", "pause", "none", found "partion" (a string); did you mean "partition"?',
    });
    expect(problem({ suites: { galera: { flavor: "percona" } } }).problem).toContain('expected one of "mariadb", "pxc"');
    expect(problem({ suites: { ndb: { arbitration: "disabled" } } }).problem).toContain('did you mean "Disabled"?');
  });

  it("a config that is not an object at all", () => {
    expect(problem([1, 2])).toEqual({ path: "config", problem: "expected an object, found a list of 2 ([1,2])" });
  });
});

describe("impossible values: the suites' own validation, reported by config path", () => {
  it.each([
    [{ suites: { redis: { durationMs: -1 } } }, "config.suites.redis.durationMs", "-1 ms is out of range. Give 1000 to 3600000 ms."],
    [{ suites: { galera: { durationMs: -1 } } }, "config.suites.galera.durationMs", "-1 ms is out of range. Give 4000 to 3600000 ms."],
    [{ suites: { ndb: { durationMs: -1 } } }, "config.suites.ndb.durationMs", "-1 ms is out of range"],
    [{ suites: { ndb: { replicas: 0 } } }, "config.suites.ndb.replicas", "0 is not a whole number from 1 to 4"],
    [{ suites: { redis: { replicas: 6 } } }, "config.suites.redis.replicas", "6 is not a whole number from 0 to 5"],
    [{ suites: { redis: { masters: 2 } } }, "config.suites.redis.masters", "2 is not a whole number from 3 to 100"],
    [{ suites: { galera: { nodes: 2 } } }, "config.suites.galera.nodes", "2 is not a whole number from 3 to 15"],
    [{ suites: { galera: { sst: "clone" } } }, "config.suites.galera.sst", '"clone" is not an SST method of mariadb'],
    [{ suites: { redis: { workers: 0 } } }, "config.suites.redis.workers", "0 is out of range"],
    [{ suites: { galera: { recoveryMs: 10 } } }, "config.suites.galera.recoveryMs", "10 ms is too short"],
    [{ suites: { ndb: { dataMemory: "lots" } } }, "config.suites.ndb.dataMemory", '"lots" is not a memory size'],
    [
      { suites: { redis: { settings: { "cluster-node-timeout": 100 } } } },
      'config.suites.redis.settings["cluster-node-timeout"]',
      "is set by faultline itself. Use nodeTimeoutMs.",
    ],
    [
      { suites: { galera: { providerOptions: { "evs.keepalive_period": "PT1S" } } } },
      'config.suites.galera.providerOptions["evs.keepalive_period"]',
      "is not below evs.suspect_timeout / 3",
    ],
    [
      { suites: { ndb: { settings: { NoOfReplicas: 2 } } } },
      "config.suites.ndb.settings.NoOfReplicas",
      "is set by faultline in config.ini",
    ],
  ])("%j", (input, path, text) => {
    const p = problem(input);
    expect(p.path).toBe(path);
    expect(p.problem).toContain(text);
  });

  it("data nodes not a multiple of replicas: the NDB rule, flag names turned into config keys", () => {
    expect(problem({ suites: { ndb: { dataNodes: 3, replicas: 2 } } })).toEqual({
      path: "config.suites.ndb.dataNodes",
      problem:
        "3 is not a multiple of replicas (2): NDB forms node groups of NoOfReplicas data nodes and refuses the config. Use 2 or 4 data nodes, or replicas 1 or 3.",
    });
  });

  it("a fault that does not fit in the duration names both keys", () => {
    const p = problem({ suites: { redis: { durationMs: 10_000, faultMs: 9000 } } });
    expect(p.path).toBe("config.suites.redis.faultMs");
    expect(p.problem).toContain("the fault starts at a quarter of durationMs (10000 ms)");
    expect(p.problem).toContain("Lower faultMs or raise durationMs.");
    // ... but the set scenario without a fault has nothing to fit.
    expect(() => validateConfig({ suites: { redis: { durationMs: 10_000, faultMs: 9000, fault: "none" } } }, "x")).not.toThrow();
  });

  it("ranges nothing else owns are the schema's: repeat, at least one target, NDB's single target", () => {
    expect(problem({ repeat: 0 })).toEqual({ path: "config.repeat", problem: "expected 1 or more, found 0 (a number)" });
    expect(problem({ repeat: 5000 }).problem).toBe("expected 1000 or less, found 5000 (a number)");
    expect(problem({ suites: { redis: { targets: [] } } }).problem).toBe("expected at least 1 item, found a list of 0 ([])");
    expect(problem({ suites: { ndb: { targets: ["ndb-8.0", "mysql/mysql-cluster:8.4"] } } })).toMatchObject({
      path: "config.suites.ndb.targets",
      problem: expect.stringContaining("expected exactly 1 item, found a list of 2"),
    });
  });
});

describe("unknown targets and scenarios: against the catalog and the registries", () => {
  it("redis targets are catalog names only", () => {
    const p = problem({ suites: { redis: { targets: ["redis-7.0", "redis-6.0"] } } });
    expect(p.path).toBe("config.suites.redis.targets[1]");
    expect(p.problem).toContain("expected a Redis-compatible image of the catalog: one of redis-7.0, redis-7.2, redis-8.0, valkey-8.1");
    expect(p.problem).toContain('found "redis-6.0" (a string); did you mean "redis-7.0"?');
    expect(problem({ suites: { redis: { targets: ["redis:7.2"] } } }).path).toBe("config.suites.redis.targets[0]");
  });

  it("galera takes short names, catalog names and image references", () => {
    const ok = validateConfig(
      { suites: { galera: { targets: ["mariadb-10.11", "mariadb-galera-11.8", "pxc-8.0", "percona/percona-xtradb-cluster:8.0"] } } },
      "x",
    );
    expect(ok.suites.galera.targets).toHaveLength(4);
    const p = problem({ suites: { galera: { targets: ["mariadb-10.6"] } } });
    expect(p.path).toBe("config.suites.galera.targets[0]");
    expect(p.problem).toContain(
      "expected one of mariadb-10.11, mariadb-galera-10.11, mariadb-11.8, mariadb-galera-11.8, pxc-8.0, or an image reference",
    );
    expect(p.problem).toContain('did you mean "mariadb-10.11"?');
  });

  it("ndb takes its catalog name or an image reference", () => {
    expect(
      validateConfig({ suites: { ndb: { targets: ["container-registry.oracle.com/mysql/community-cluster:8.0"] } } }, "x"),
    ).toBeTruthy();
    expect(problem({ suites: { ndb: { targets: ["ndb-8.4"] } } })).toMatchObject({
      path: "config.suites.ndb.targets[0]",
      problem: expect.stringContaining('did you mean "ndb-8.0"?'),
    });
  });

  it("scenarios are names of the suite's registry, or all", () => {
    expect(validateConfig({ suites: { redis: { scenarios: "all" }, galera: { scenarios: ["bank", "register"] } } }, "x")).toBeTruthy();
    const p = problem({ suites: { galera: { scenarios: ["bank", "isolate-on"] } } });
    expect(p.path).toBe("config.suites.galera.scenarios[1]");
    expect(p.problem).toContain("expected one of: replication, isolate-one,");
    expect(p.problem).toContain('found "isolate-on" (a string); did you mean "isolate-one"?');
    expect(problem({ suites: { redis: { scenarios: ["bank"] } } }).path).toBe("config.suites.redis.scenarios[0]");
  });
});

describe("every problem is listed, not just the first", () => {
  it("all schema issues at once, then (once the shapes are right) the first rule each suite breaks", () => {
    const error = problems({
      suites: {
        redis: { mastrs: 3, targets: ["redis-6.0"] },
        galera: { nodes: "3", scenarios: ["isolate-on"] },
      },
      repeat: 0,
    });
    expect(error.issues.map((i) => i.path).sort()).toEqual([
      "config.repeat",
      "config.suites.galera.nodes",
      "config.suites.galera.scenarios[0]",
      "config.suites.redis.mastrs",
      "config.suites.redis.targets[0]",
    ]);
    expect(error.message).toMatch(/^faultline\.config\.json: 5 problems, nothing was started:\n/);
    for (const issue of error.issues) expect(error.message).toContain(`  ${issue.path}: ${issue.problem}`);

    const rules = problems({ suites: { redis: { masters: 2 }, galera: { nodes: 2 }, ndb: { dataNodes: 3 } } });
    expect(rules.issues.map((i) => i.path)).toEqual([
      "config.suites.redis.masters",
      "config.suites.galera.nodes",
      "config.suites.ndb.dataNodes",
    ]);
    expect(rules).toBeInstanceOf(BadInputError);
  });
});

describe("helpers", () => {
  it("configPath: identifiers dotted, indexes and other keys in brackets", () => {
    expect(configPath([])).toBe("config");
    expect(configPath(["suites", "redis", "targets", 2])).toBe("config.suites.redis.targets[2]");
    expect(configPath(["suites", "galera", "providerOptions", "evs.suspect_timeout"])).toBe(
      'config.suites.galera.providerOptions["evs.suspect_timeout"]',
    );
  });

  it("didYouMean: close names only", () => {
    expect(didYouMean("mastrs", ["masters", "replicas"])).toBe("masters");
    expect(didYouMean("DataNodes", ["dataNodes"])).toBe("dataNodes");
    expect(didYouMean("banana", ["masters", "replicas"])).toBeUndefined();
  });
});
