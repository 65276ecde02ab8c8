import { describe, expect, it } from "vitest";
import { galeraPlan } from "../cli/run-galera.ts";
import { ndbPlan } from "../cli/run-ndb.ts";
import { redisPlan } from "../cli/run-redis.ts";
import { BadInputError } from "../core/errors.ts";
import { badInput } from "../core/testing.ts";
import { defineConfig } from "./define-config.ts";
import { ConfigError, configPath, describeValue, didYouMean } from "./errors.ts";
import { validateConfig } from "./load.ts";
import { configSchema, DEFAULT_CONFIG, KNOWN_KEYS, suiteFlags } from "./schema.ts";

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
      chaosMs: "60000",
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
        sst: "xtrabackup-v2",
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
      sst: "xtrabackup-v2",
      nodes: "3",
      set: ["innodb_flush_log_at_trx_commit=2"],
      providerOption: ["evs.suspect_timeout=PT3S"],
      bankGating: true,
      recoveryMs: "30000",
    });
    const plan = galeraPlan(flags);
    expect(plan.topologies[0]).toMatchObject({
      image: "pxc-8.0",
      sstMethod: "xtrabackup-v2",
      providerOptions: { "evs.suspect_timeout": "PT3S" },
    });
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
      "is set by faultline itself: faultline's timing bounds are made of it. Use nodeTimeoutMs.",
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
    // A reference Docker would refuse is not a target either.
    const bad = problem({ suites: { galera: { targets: ["mariadb-10.11", "Percona/PXC:8.0"] } } });
    expect(bad.path).toBe("config.suites.galera.targets[1]");
    expect(bad.problem).toContain('found "Percona/PXC:8.0"');
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

/** `{ suites: { <suite>: { <key>: value } } }`, or a root or reports key with `suite` "" or "reports". */
function at(section: string, key: string, value: unknown): unknown {
  if (section === "") return { [key]: value };
  if (section === "reports") return { reports: { [key]: value } };
  return { suites: { [section]: { [key]: value } } };
}
const pathOf = (section: string, key: string) =>
  section === "" ? `config.${key}` : section === "reports" ? `config.reports.${key}` : `config.suites.${section}.${key}`;

/**
 * A wrong type for every key of every section, with what the message says was expected and
 * found. The coverage test below fails when the schema gains a key this table does not have.
 */
/** The isolation models, as an unknown model's message lists them. */
const MODELS =
  '"read-uncommitted", "read-committed", "repeatable-read", "snapshot-isolation", "serializable", "strong-session-read-uncommitted", "strong-session-read-committed", "strong-session-snapshot-isolation", "strong-session-serializable", "strong-snapshot-isolation", "strict-serializable"';

const WRONG_TYPES: Record<string, Record<string, [value: unknown, text: string, path?: string]>> = {
  "": {
    suites: ["redis", 'expected an object, found "redis" (a string)'],
    reports: ["out", 'expected an object, found "out" (a string)'],
    repeat: [2.5, "expected a whole number, found 2.5 (not a whole number)"],
  },
  suites: {
    redis: [[], "expected an object, found a list of 0 ([])"],
    galera: [null, "expected an object, found null"],
    ndb: ["ndb-8.0", 'expected an object, found "ndb-8.0" (a string)'],
  },
  reports: {
    dir: [3, "expected a string, found 3 (a number)"],
    junit: ["yes", 'expected true or false, found "yes" (a string)'],
    allure: [1, "expected true or false, found 1 (a number)"],
    html: [null, "expected true or false, found null"],
  },
  redis: {
    targets: [[3], "expected a string, found 3 (a number)", "config.suites.redis.targets[0]"],
    scenarios: [5, 'expected "all" or a list, found 5 (a number)'],
    masters: ["3", 'expected a whole number, found "3" (a string)'],
    replicas: ["1", 'expected a whole number, found "1" (a string)'],
    nodeTimeoutMs: ["2s", 'expected a whole number, found "2s" (a string)'],
    settings: ["appendfsync=always", 'expected an object of name: value pairs, found "appendfsync=always" (a string)'],
    durationMs: ["20s", 'expected a whole number, found "20s" (a string)'],
    faultMs: [8000.5, "expected a whole number, found 8000.5 (not a whole number)"],
    workers: [8.5, "expected a whole number, found 8.5 (not a whole number)"],
    marginMs: [true, "expected a whole number, found true (a boolean)"],
    readyMs: ["2m", 'expected a whole number, found "2m" (a string)'],
    fault: [1, 'expected one of "partition", "kill", "pause", "none", found 1 (a number)'],
    model: [3, `expected one of ${MODELS}, found 3 (a number)`],
    seed: ["7", 'expected a whole number, found "7" (a string)'],
    chaosMs: [60.5, "expected a whole number, found 60.5 (not a whole number)"],
  },
  galera: {
    targets: [["pxc-8.0", 8], "expected a string, found 8 (a number)", "config.suites.galera.targets[1]"],
    scenarios: [true, 'expected "all" or a list, found true (a boolean)'],
    flavor: [1, 'expected one of "mariadb", "pxc", found 1 (a number)'],
    nodes: [[3], "expected a whole number, found a list of 1 ([3])"],
    sst: [1, "expected a string, found 1 (a number)"],
    settings: [[], "expected an object of name: value pairs, found a list of 0 ([])"],
    providerOptions: ["evs.suspect_timeout=PT3S", 'expected an object of name: value pairs, found "evs.suspect_timeout=PT3S" (a string)'],
    bankGating: [1, "expected true or false, found 1 (a number)"],
    durationMs: ["20000", 'expected a whole number, found "20000" (a string)'],
    faultMs: [null, "expected a whole number, found null"],
    workers: ["6", 'expected a whole number, found "6" (a string)'],
    marginMs: [3000.5, "expected a whole number, found 3000.5 (not a whole number)"],
    readyMs: ["3m", 'expected a whole number, found "3m" (a string)'],
    recoveryMs: ["30s", 'expected a whole number, found "30s" (a string)'],
    isolation: [
      "read uncommitted",
      'expected one of "read-uncommitted", "read-committed", "repeatable-read", "serializable", found "read uncommitted" (a string); did you mean "read-uncommitted"?',
    ],
    model: ["si", `expected one of ${MODELS}, found "si" (a string)`],
    seed: [1.5, "expected a whole number, found 1.5 (not a whole number)"],
    chaosMs: ["60s", 'expected a whole number, found "60s" (a string)'],
  },
  ndb: {
    targets: [[1], "expected a string, found 1 (a number)", "config.suites.ndb.targets[0]"],
    scenarios: [{}, 'expected "all" or a list, found an object ({})'],
    dataNodes: ["2", 'expected a whole number, found "2" (a string)'],
    replicas: [2.5, "expected a whole number, found 2.5 (not a whole number)"],
    sqlNodes: [false, "expected a whole number, found false (a boolean)"],
    heartbeatMs: ["1s", 'expected a whole number, found "1s" (a string)'],
    heartbeatDbApiMs: [true, "expected a whole number, found true (a boolean)"],
    dataMemory: [80, "expected a string, found 80 (a number)"],
    arbitration: [0, 'expected one of "Default", "Disabled", "WaitExternal", found 0 (a number)'],
    arbitrationTimeoutMs: ["3s", 'expected a whole number, found "3s" (a string)'],
    settings: [true, "expected an object of name: value pairs, found true (a boolean)"],
    durationMs: ["30000", 'expected a whole number, found "30000" (a string)'],
    faultMs: [[10_000], "expected a whole number, found a list of 1 ([10000])"],
    workers: ["4", 'expected a whole number, found "4" (a string)'],
    marginMs: ["0", 'expected a whole number, found "0" (a string)'],
    readyMs: [300_000.5, "expected a whole number, found 300000.5 (not a whole number)"],
    recoveryMs: [null, "expected a whole number, found null"],
    isolation: [2, 'expected one of "read-uncommitted", "read-committed", "repeatable-read", "serializable", found 2 (a number)'],
    model: [null, `expected one of ${MODELS}, found null`],
    seed: [true, "expected a whole number, found true (a boolean)"],
    chaosMs: [[1], "expected a whole number, found a list of 1 ([1])"],
  },
};

describe("a wrong type for every key of every section: the field, what was expected, what was found", () => {
  it("the table has every key the schema knows (a new key needs its bad-input cases)", () => {
    for (const [section, keys] of Object.entries(WRONG_TYPES)) {
      const known = KNOWN_KEYS[section === "" || section === "suites" || section === "reports" ? section : `suites.${section}`];
      expect(Object.keys(keys).sort(), section).toEqual([...(known ?? [])].sort());
    }
  });

  const cases = Object.entries(WRONG_TYPES).flatMap(([section, keys]) =>
    Object.entries(keys).map(([key, [value, text, path]]) => ({
      name: `${pathOf(section === "suites" ? "" : section, section === "suites" ? `suites.${key}` : key)} = ${JSON.stringify(value)}`,
      input: section === "suites" ? { suites: { [key]: value } } : at(section, key, value),
      path: path ?? (section === "suites" ? `config.suites.${key}` : pathOf(section, key)),
      text,
    })),
  );
  it.each(cases)("$name", ({ input, path, text }) => {
    const p = problem(input);
    expect(p.path).toBe(path);
    expect(p.problem).toBe(text);
  });
});

describe("impossible values of every checked key: the field by its config path, the rule, the fix in config keys", () => {
  it.each([
    // Redis.
    [{ masters: 101 }, "redis", "masters", "101 is not a whole number from 3 to 100. Redis Cluster needs at least 3 masters"],
    [{ replicas: -1 }, "redis", "replicas", "-1 is not a whole number from 0 to 5. Use 0 to 5 replicas per master."],
    [{ nodeTimeoutMs: 99 }, "redis", "nodeTimeoutMs", "99 is not a whole number from 100 to 600000"],
    [{ nodeTimeoutMs: 600_001 }, "redis", "nodeTimeoutMs", "600001 is not a whole number from 100 to 600000"],
    [{ durationMs: 999 }, "redis", "durationMs", "999 ms is out of range. Give 1000 to 3600000 ms."],
    [{ durationMs: 3_600_001 }, "redis", "durationMs", "3600001 ms is out of range. Give 1000 to 3600000 ms."],
    [{ faultMs: 50 }, "redis", "faultMs", "50 ms does not fit: the fault starts at a quarter of durationMs (20000 ms)"],
    [{ workers: 257 }, "redis", "workers", "257 is out of range. Use 1 to 256 workers."],
    [{ marginMs: -1 }, "redis", "marginMs", "-1 is negative. Give 0 or more milliseconds."],
    [{ settings: { Maxmemory: "1mb" } }, "redis", "settings.Maxmemory", "is not a redis.conf setting name"],
    [{ settings: { save: "900 1" } }, "redis", "settings.save", 'value "900 1" is empty or holds spaces or quotes'],
    [{ settings: { port: 7000 } }, "redis", "settings.port", "is set by faultline itself"],
    // Galera.
    [{ nodes: 16 }, "galera", "nodes", "16 is not a whole number from 3 to 15"],
    [{ targets: ["pxc-8.0"], sst: "rsync" }, "galera", "sst", '"rsync" is not an SST method of pxc. Use one of: xtrabackup-v2.'],
    [
      { targets: ["pxc-8.0"], sst: "clone" },
      "galera",
      "sst",
      `"clone" cannot run on pxc through faultline's mesh: the joiner's CLONE INSTANCE FROM dials the donor at the address its connection came from`,
    ],
    [{ targets: ["pxc-8.0"], sst: "clone" }, "galera", "sst", "Use sst xtrabackup-v2, or leave sst out (pxc's default is xtrabackup-v2)."],
    [
      { targets: ["registry.local/pxc:8"], flavor: "pxc", sst: "mariabackup" },
      "galera",
      "sst",
      '"mariabackup" is not an SST method of pxc',
    ],
    [{ durationMs: 3999 }, "galera", "durationMs", "3999 ms is out of range. Give 4000 to 3600000 ms."],
    [{ durationMs: 3_600_001 }, "galera", "durationMs", "3600001 ms is out of range"],
    [{ faultMs: 999 }, "galera", "faultMs", "999 ms does not fit: faults start at a quarter of durationMs (20000 ms)"],
    [
      { durationMs: 10_000, faultMs: 8000 },
      "galera",
      "faultMs",
      "8000 ms does not fit: faults start at a quarter of durationMs (10000 ms)",
    ],
    [{ workers: 0 }, "galera", "workers", "0 is out of range. Use 1 to 256 workers."],
    [{ workers: 257 }, "galera", "workers", "257 is out of range"],
    [{ marginMs: -1 }, "galera", "marginMs", "-1 is negative"],
    [{ readyMs: 9999 }, "galera", "readyMs", "9999 ms is too short. Give 10000 ms or more."],
    [{ settings: { wsrep_cluster_address: "gcomm://" } }, "galera", "settings.wsrep_cluster_address", "is set by faultline on every node"],
    [{ settings: { "bad name": 1 } }, "galera", 'settings["bad name"]', "is not a server setting name"],
    [{ settings: { init_connect: "a\nb" } }, "galera", "settings.init_connect", "contains a newline"],
    [
      { providerOptions: { "evs.suspect_timeout": "PT5S" } },
      "galera",
      'providerOptions["evs.suspect_timeout"]',
      "PT5S is above evs.inactive_timeout (PT4S); Galera would refuse to start",
    ],
    [
      { providerOptions: { "evs.suspect_timeout": "2s" } },
      "galera",
      "providerOptions",
      "evs.keepalive_period and evs.suspect_timeout must be ISO 8601 durations",
    ],
    [
      { providerOptions: { "gmcast.listen_addr": "tcp://0.0.0.0:4567" } },
      "galera",
      'providerOptions["gmcast.listen_addr"]',
      "goes through the mesh",
    ],
    [{ providerOptions: { "EVS.x": "1" } }, "galera", 'providerOptions["EVS.x"]', "is not a provider option name"],
    [{ providerOptions: { "pc.weight": "1;2" } }, "galera", 'providerOptions["pc.weight"]', "contains ';' or a newline"],
    // NDB.
    [{ dataNodes: 0 }, "ndb", "dataNodes", "0 is not a whole number from 1 to 144"],
    [{ dataNodes: 146 }, "ndb", "dataNodes", "146 is not a whole number from 1 to 144"],
    [{ replicas: 5, dataNodes: 10 }, "ndb", "replicas", "5 is not a whole number from 1 to 4"],
    [{ dataNodes: 4, replicas: 3 }, "ndb", "dataNodes", "4 is not a multiple of replicas (3)"],
    [{ sqlNodes: 0 }, "ndb", "sqlNodes", "0 is not a whole number from 1 to 50"],
    [{ sqlNodes: 51 }, "ndb", "sqlNodes", "51 is not a whole number from 1 to 50"],
    [{ heartbeatMs: 9 }, "ndb", "heartbeatMs", "9 is not a whole number from 10 to 600000"],
    [{ heartbeatDbApiMs: 99 }, "ndb", "heartbeatDbApiMs", "99 is not a whole number from 100 to 600000"],
    [{ arbitrationTimeoutMs: 9 }, "ndb", "arbitrationTimeoutMs", "9 is not a whole number from 10 to 600000"],
    [{ dataMemory: "1K" }, "ndb", "dataMemory", "1K is outside NDB's range for DataMemory (1M to 1024G)"],
    [{ dataMemory: "2T" }, "ndb", "dataMemory", '"2T" is not a memory size'],
    [{ durationMs: 3999 }, "ndb", "durationMs", "3999 ms is out of range. Give 4000 to 3600000 ms."],
    [{ durationMs: 3_600_001 }, "ndb", "durationMs", "3600001 ms is out of range"],
    [{ faultMs: 999 }, "ndb", "faultMs", "999 ms does not fit"],
    [{ faultMs: 25_000 }, "ndb", "faultMs", "25000 ms does not fit: faults start at a quarter of durationMs (30000 ms)"],
    [{ durationMs: 8000, faultMs: 6001 }, "ndb", "faultMs", "6001 ms does not fit: faults start at a quarter of durationMs (8000 ms)"],
    [{ workers: 257 }, "ndb", "workers", "257 is out of range"],
    [{ marginMs: -1 }, "ndb", "marginMs", "-1 is negative"],
    [{ readyMs: 9999 }, "ndb", "readyMs", "9999 ms is too short"],
    [{ recoveryMs: 999 }, "ndb", "recoveryMs", "999 ms is too short. Give 1000 ms or more."],
    [
      { settings: { MaxNoOfConcurentOperations: 1024 } },
      "ndb",
      "settings.MaxNoOfConcurentOperations",
      "is not an [ndbd default] parameter faultline knows how to check. Did you mean MaxNoOfConcurrentOperations",
    ],
    [{ settings: { MaxNoOfConcurrentOperations: 10 } }, "ndb", "settings.MaxNoOfConcurrentOperations", "10 is outside NDB's range"],
    [{ settings: { StopOnError: "maybe" } }, "ndb", "settings.StopOnError", '"maybe" is not a boolean'],
    [{ settings: { StopOnError: 1, stoponerror: 0 } }, "ndb", "settings.stoponerror", "repeats StopOnError (names are case-insensitive)"],
    [{ settings: { DataMemory: "100M" } }, "ndb", "settings.DataMemory", "DataMemory is set by faultline in config.ini. Use dataMemory."],
    [{ settings: { HeartbeatIntervalDbDb: 500 } }, "ndb", "settings.HeartbeatIntervalDbDb", "Use heartbeatMs (milliseconds)."],
  ])("%j in suites.%s: %s", (section, suite, key, text) => {
    const p = problem({ suites: { [suite]: section } });
    expect(p.path).toBe(`config.suites.${suite}.${key}`.replace(/\.\[/g, "["));
    expect(p.problem).toContain(text);
    // The fix names config keys, never the command line's flags.
    expect(p.problem).not.toMatch(/--[a-z]/);
  });

  it("edges of the ranges are accepted (the rules above are not off by one)", () => {
    expect(() =>
      validateConfig(
        {
          repeat: 1000,
          suites: {
            redis: { masters: 100, replicas: 0, nodeTimeoutMs: 100, durationMs: 1000, faultMs: 100, workers: 256, marginMs: 0 },
            galera: { nodes: 15, durationMs: 4000, faultMs: 3000, workers: 1, readyMs: 10_000, recoveryMs: 1000 },
            ndb: {
              dataNodes: 144,
              replicas: 4,
              sqlNodes: 50,
              heartbeatMs: 10,
              heartbeatDbApiMs: 100,
              arbitrationTimeoutMs: 10,
              dataMemory: "1M",
            },
          },
        },
        "x",
      ),
    ).not.toThrow();
    expect(() => validateConfig({ suites: { galera: { nodes: 3, durationMs: 3_600_000 } } }, "x")).not.toThrow();
  });
});

describe("more unknown keys, wrong-type targets and scenarios", () => {
  it("the command line's flag names in a config file: did you mean the config key", () => {
    for (const [input, path, near] of [
      [{ suites: { redis: { target: ["redis-7.0"] } } }, "config.suites.redis.target", "targets"],
      [{ suites: { redis: { duration: 1000 } } }, "config.suites.redis.duration", "durationMs"],
      [{ suites: { galera: { providerOption: {} } } }, "config.suites.galera.providerOption", "providerOptions"],
      [{ suites: { ndb: { heartbeatDbApi: 1000 } } }, "config.suites.ndb.heartbeatDbApi", "heartbeatDbApiMs"],
      [{ suites: { ndb: { image: "ndb-8.0" } } }, "config.suites.ndb.image", undefined],
    ] as const) {
      const p = problem(input);
      expect(p.path).toBe(path);
      expect(p.problem).toContain(`found unknown key "${path.split(".").at(-1)}"`);
      if (near) expect(p.problem).toContain(`did you mean "${near}"?`);
    }
  });

  it("an unknown key far from every known one: the known keys, and no guess", () => {
    expect(problem({ suites: { redis: { banana: 1 } } })).toEqual({
      path: "config.suites.redis.banana",
      problem:
        'expected one of the keys targets, scenarios, masters, replicas, nodeTimeoutMs, settings, durationMs, faultMs, workers, marginMs, readyMs, model, seed, chaosMs, fault, found unknown key "banana"',
    });
    expect(problem({ colour: "red" }).problem).toBe('expected one of the keys suites, reports, repeat, found unknown key "colour"');
  });

  it("a target of another suite is an unknown target of this one", () => {
    expect(problem({ suites: { redis: { targets: ["pxc-8.0"] } } })).toMatchObject({
      path: "config.suites.redis.targets[0]",
      problem: expect.stringMatching(/^expected a Redis-compatible image of the catalog: .*, found "pxc-8\.0" \(a string\)$/),
    });
    expect(problem({ suites: { galera: { targets: ["redis-7.0"] } } })).toMatchObject({
      path: "config.suites.galera.targets[0]",
      problem: expect.stringContaining(
        'or an image reference (with / or :) such as percona/percona-xtradb-cluster:8.0, found "redis-7.0" (a string)',
      ),
    });
    expect(problem({ suites: { ndb: { targets: ["mariadb-10.11"] } } })).toMatchObject({
      path: "config.suites.ndb.targets[0]",
      problem: expect.stringContaining("expected one of ndb-8.0, or an image reference (with / or :)"),
    });
  });

  it("an empty targets list: at least one (Redis, Galera), exactly one (NDB)", () => {
    expect(problem({ suites: { galera: { targets: [] } } })).toEqual({
      path: "config.suites.galera.targets",
      problem: "expected at least 1 item, found a list of 0 ([])",
    });
    expect(problem({ suites: { ndb: { targets: [] } } })).toEqual({
      path: "config.suites.ndb.targets",
      problem: "expected exactly 1 item, found a list of 0 ([])",
    });
  });

  it("an empty target or scenario name is named by its index", () => {
    const target = problems({ suites: { redis: { targets: [""] } } });
    expect(target.issues[0]).toEqual({
      path: "config.suites.redis.targets[0]",
      problem: 'expected a non-empty string, found "" (a string)',
    });
    const scenario = problems({ suites: { galera: { scenarios: ["bank", ""] } } });
    expect(scenario.issues[0]).toEqual({
      path: "config.suites.galera.scenarios[1]",
      problem: 'expected a non-empty string, found "" (a string)',
    });
  });

  it("unknown scenarios of every suite, with the registry's names and a did-you-mean", () => {
    expect(problem({ suites: { redis: { scenarios: ["failover-kil"] } } })).toEqual({
      path: "config.suites.redis.scenarios[0]",
      problem: expect.stringMatching(
        /^expected one of: slot-coverage, crossslot, .*, or "all", found "failover-kil" \(a string\); did you mean "failover-kill"\?$/,
      ),
    });
    expect(problem({ suites: { ndb: { scenarios: ["replicaton"] } } })).toEqual({
      path: "config.suites.ndb.scenarios[0]",
      problem:
        'expected one of: replication, data-node-failure, data-node-partition, arbitrator-loss, sql-node-failure, append, append-partition, append-crash, append-chaos, rw-register, rw-register-partition, rw-register-crash, rw-register-chaos, or "all", found "replicaton" (a string); did you mean "replication"?',
    });
    // "all" is written in lower case, as --scenario takes it.
    expect(problem({ suites: { redis: { scenarios: "ALL" } } })).toEqual({
      path: "config.suites.redis.scenarios",
      problem: 'expected "all" or a list, found "ALL" (a string)',
    });
    expect(problem({ suites: { ndb: { scenarios: [] } } })).toEqual({
      path: "config.suites.ndb.scenarios",
      problem: "expected at least 1 item, found a list of 0 ([])",
    });
  });

  it("a config that is not an object: null, a string, a number", () => {
    expect(problem(null)).toEqual({ path: "config", problem: "expected an object, found null" });
    expect(problem("x")).toEqual({ path: "config", problem: 'expected an object, found "x" (a string)' });
    expect(problem(5)).toEqual({ path: "config", problem: "expected an object, found 5 (a number)" });
  });

  it("repeat: negative, null", () => {
    expect(problem({ repeat: -1 })).toEqual({ path: "config.repeat", problem: "expected 1 or more, found -1 (a number)" });
    expect(problem({ repeat: null })).toEqual({ path: "config.repeat", problem: "expected a whole number, found null" });
  });

  it("a setting's value that is not a string, number or boolean", () => {
    expect(problem({ suites: { redis: { settings: { maxmemory: { mb: 64 } } } } })).toEqual({
      path: "config.suites.redis.settings.maxmemory",
      problem: 'expected a string or a whole number or true or false, found an object ({"mb":64})',
    });
  });
});

describe("found in review and now refused", () => {
  it("an empty setting name is named as such, not in zod's words", () => {
    const p = problem({ suites: { galera: { settings: { "": 1 } } } });
    expect(p.path).toBe('config.suites.galera.settings[""]');
    expect(p.problem).toBe('expected a setting name (not empty, no "="), found ""');
  });

  it("targets given as a string get one issue, the wrong type (not also the list's length check)", () => {
    expect(problems({ suites: { ndb: { targets: "ab" } } }).issues).toEqual([
      { path: "config.suites.ndb.targets", problem: 'expected a list, found "ab" (a string)' },
    ]);
  });

  it("an empty targets string gets one issue too", () => {
    expect(problems({ suites: { redis: { targets: "" } } }).issues).toEqual([
      { path: "config.suites.redis.targets", problem: 'expected a list, found "" (a string)' },
    ]);
  });

  it('a setting name with = is refused (it would be split at it: { "x=y": 1 } read as x = "y=1")', () => {
    expect(problem({ suites: { galera: { settings: { "x=y": 1 } } } })).toEqual({
      path: 'config.suites.galera.settings["x=y"]',
      problem: 'expected a setting name (not empty, no "="), found "x=y"',
    });
  });

  it("redis readyMs has the floor galera and ndb have: below 10000 ms is refused", () => {
    const p = problem({ suites: { redis: { readyMs: 0 } } });
    expect(p.path).toBe("config.suites.redis.readyMs");
    expect(p.problem).toContain("0 ms is too short");
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

describe("describeValue: any value, never a serializer's error", () => {
  it("a BigInt, a cycle, a value nested 100000 deep, a non-finite number", () => {
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.self = cycle;
    let deep: unknown[] = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(describeValue(5n)).toBe("5n (a BigInt)");
    expect(describeValue(cycle)).toBe('an object ({"a":1,"self":{"a":1,"self":{"a":1,"self":{...}}}})');
    expect(describeValue(deep)).toBe("a list of 1 ([[[[...]]]])");
    expect(describeValue(Number.POSITIVE_INFINITY)).toBe("Infinity (not a finite number)");
    expect(describeValue({ n: 1n, s: "a\u001bb" })).toBe('an object ({"n":1n,"s":"a\\u001bb"})');
  });
});
