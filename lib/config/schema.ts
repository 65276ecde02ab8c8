/**
 * The config file's schema (`faultline.config.ts` / `.json`), its defaults, and the mapping of
 * a resolved suite section onto the flags object its `faultline run <suite>` already takes.
 *
 * Decisions:
 * - Every object is strict (`z.strictObject`, zod 4's `.strict()`): an unknown key is refused,
 *   with the known keys and a "did you mean" (lib/config/errors.ts).
 * - The schema checks shapes and types only (whole numbers, strings, enums) plus the few rules
 *   nothing else owns (`repeat`, at least one target, NDB's single target). Ranges and cross-field
 *   rules (3+ masters, data nodes a multiple of replicas, fault-ms within duration, ...) stay with
 *   each suite's own validation (validateRedisTopology, galeraPlan, ndbPlan), which runs on
 *   `suiteFlags(config, suite)`: one source of truth for ranges (see lib/config/load.ts).
 * - Defaults equal the CLI's defaults (lib/cli/run-redis.ts, run-galera.ts, run-ndb.ts); every
 *   suite section is filled in, given or not, because `faultline run <suite>` names the suite.
 * - Targets and scenario names are checked here, each on its own (every bad name is reported),
 *   against the image catalog and the scenario registries.
 */

import { z } from "zod";
import { MODEL_NAMES } from "../checkers/models.ts";
import type { RunGaleraFlags } from "../cli/run-galera.ts";
import { GALERA_IMAGES, galeraImageOf } from "../cli/run-galera.ts";
import type { RunNdbFlags } from "../cli/run-ndb.ts";
import type { RunRedisFlags } from "../cli/run-redis.ts";
import { GALERA_SCENARIOS } from "../clusters/galera/scenarios/registry.ts";
import { NDB_SCENARIOS } from "../clusters/ndb/scenarios/registry.ts";
import { REDIS_SCENARIOS } from "../clusters/redis/scenarios/registry.ts";
import type { RedisFault } from "../clusters/redis/scenarios/scenario.ts";
import { CHAOS_DEFAULT_MS } from "../clusters/txn-options.ts";
import { CATALOG } from "../runtime/images/catalog.ts";
import { imageReferenceProblem, meantAsReference } from "../runtime/images/reference.ts";
import { ISOLATION_LEVELS } from "../workloads/isolation-level.ts";
import { GALERA_TIMING, NDB_TIMING, REDIS_TIMING, type TimingDefaults } from "./timing-defaults.ts";

export const SUITES = ["redis", "galera", "ndb"] as const;
export type SuiteName = (typeof SUITES)[number];

/** Catalog names each suite accepts as a target (Galera and NDB also take image references). */
export const REDIS_TARGETS: readonly string[] = CATALOG.filter((e) => e.kind === "redis" || e.kind === "valkey").map((e) => e.name);
/** Galera's short names (mariadb-10.11 for mariadb-galera-10.11, as `--target` takes them) and catalog names. */
export const GALERA_TARGETS: readonly string[] = Object.keys(GALERA_IMAGES).flatMap((name) =>
  name.startsWith("mariadb-galera-") ? [name.replace(/^mariadb-galera-/, "mariadb-"), name] : [name],
);
export const NDB_TARGETS: readonly string[] = CATALOG.filter((e) => e.kind === "ndb").map((e) => e.name);

/** An image reference outside the catalog (`percona/percona-xtradb-cluster:8.0`): Galera and NDB accept these. */
/** A target outside the catalog: an image reference (a / or a :) that Docker would accept. */
const isImageReference = (target: string) => meantAsReference(target) && imageReferenceProblem(target) === undefined;

const REDIS_FAULTS = ["partition", "kill", "pause", "none"] as const satisfies readonly RedisFault[];

/** A whole number (the suites' own validation checks its range). */
const int = () => z.int();
/** name: value pairs for a server's own settings; numbers and booleans are written as they read. */
const settings = () => z.record(z.string().regex(/^[^=]+$/), z.union([z.string(), z.number(), z.boolean()])).default({});

/**
 * A target name checked against what the suite accepts (each name on its own, so every bad
 * name is reported, with the names known for "did you mean").
 */
const targetName = (accept: (target: string) => boolean, known: readonly string[], expected: string) =>
  z
    .string()
    .min(1)
    .superRefine((target, ctx) => {
      if (!accept(target)) ctx.addIssue({ code: "custom", input: target, params: { expected, known } });
    });
const targets = (name: z.ZodType<string>, fallback: string) => z.array(name).min(1).default([fallback]);

/** A scenario name of the suite's registry; `"all"` (every scenario, in the registry's order) as the whole value or an item, as `--scenario` takes it. */
const scenarios = (registry: ReadonlyArray<{ name: string }>, fallback: string[] | "all") => {
  const known = registry.map((s) => s.name);
  const name = z
    .string()
    .min(1)
    .superRefine((scenario, ctx) => {
      if (scenario !== "all" && !known.includes(scenario))
        ctx.addIssue({ code: "custom", input: scenario, params: { expected: `one of: ${known.join(", ")}, or "all"`, known } });
    });
  return z.union([z.literal("all"), z.array(name).min(1)]).default(fallback);
};

/**
 * The append scenarios' keys (`--isolation`, `--model`, `--seed`, `--chaos-ms`); `isolation`
 * only where transactions have a level to ask for (the SQL suites).
 */
const txn = () => ({
  /** The isolation model judged against (gating); default: the engine's claimed model. */
  model: z.enum(MODEL_NAMES).optional(),
  /** Seed of the transactions and of append-chaos's faults; default: a fresh one per run, printed. */
  seed: int().optional(),
  /** How long append-chaos runs (ms). */
  chaosMs: int().default(CHAOS_DEFAULT_MS),
});
const isolation = () => ({
  /** The isolation level each transaction asks for; default: the server's own. */
  isolation: z.enum(ISOLATION_LEVELS).optional(),
});

/** Timing and load keys; the suite's validation (scenarioTiming, runRedis) checks their ranges. */
const timing = (d: TimingDefaults) => ({
  /** How long each scenario's workload runs (ms). */
  durationMs: int().default(d.durationMs),
  /** How long a fault is held (ms); faults start at a quarter of durationMs and must end before it. */
  faultMs: int().default(d.faultMs),
  /** Concurrent clients. */
  workers: int().default(d.workers),
  /** Added to timing bounds (ms). */
  marginMs: int().default(d.marginMs),
  /** Deadline for the cluster to become ready (ms): `--ready-timeout`. */
  readyMs: int().default(d.readyMs),
});

export const redisSchema = z.strictObject({
  targets: targets(
    targetName(
      (t) => REDIS_TARGETS.includes(t),
      REDIS_TARGETS,
      `a Redis-compatible image of the catalog: one of ${REDIS_TARGETS.join(", ")}`,
    ),
    "redis-7.0",
  ),
  scenarios: scenarios(REDIS_SCENARIOS, ["set"]),
  masters: int().default(3),
  /** Replicas per master. */
  replicas: int().default(1),
  /** cluster-node-timeout (ms). */
  nodeTimeoutMs: int().default(2000),
  /** redis.conf settings for every node (`--set`). */
  settings: settings(),
  ...timing(REDIS_TIMING),
  ...txn(),
  /** The fault of the `set` scenario, on the first master. */
  fault: z.enum(REDIS_FAULTS).default("partition"),
});

export const galeraSchema = z.strictObject({
  targets: targets(
    targetName(
      (t) => GALERA_IMAGES[galeraImageOf(t)] !== undefined || isImageReference(t),
      GALERA_TARGETS,
      `one of ${GALERA_TARGETS.join(", ")}, or an image reference (with / or :) such as percona/percona-xtradb-cluster:8.0`,
    ),
    "mariadb-10.11",
  ),
  scenarios: scenarios(GALERA_SCENARIOS, "all"),
  /** mariadb | pxc, for image references outside the catalog (default: guessed from the name). */
  flavor: z.enum(["mariadb", "pxc"]).optional(),
  nodes: int().default(3),
  /** SST method (default: the flavor's, rsync for MariaDB, xtrabackup-v2 for PXC). */
  sst: z.string().min(1).optional(),
  /** my.cnf settings for every node (`--set`). */
  settings: settings(),
  /** wsrep provider options (`--provider-option`), merged over faultline's tight failure detection. */
  providerOptions: settings(),
  /** Bank anomalies fail the run (default: advisory, Galera is not serializable). */
  bankGating: z.boolean().default(false),
  ...txn(),
  ...isolation(),
  ...timing(GALERA_TIMING),
  /** Bound on Primary and Synced everywhere after a heal or crash recovery (ms). */
  recoveryMs: int().default(GALERA_TIMING.recoveryMs),
});

export const ndbSchema = z.strictObject({
  /** One image per run (`run ndb --image`): a list of exactly one, for symmetry with the other suites. */
  targets: z
    .array(
      targetName(
        (t) => NDB_TARGETS.includes(t) || isImageReference(t),
        NDB_TARGETS,
        `one of ${NDB_TARGETS.join(", ")}, or an image reference (with / or :) such as container-registry.oracle.com/mysql/community-cluster:8.0`,
      ),
    )
    .length(1)
    .default(["ndb-8.0"]),
  scenarios: scenarios(NDB_SCENARIOS, "all"),
  /** Data nodes, a multiple of replicas. */
  dataNodes: int().default(2),
  /** NoOfReplicas. */
  replicas: int().default(2),
  sqlNodes: int().default(1),
  /** HeartbeatIntervalDbDb (ms). */
  heartbeatMs: int().default(1000),
  /** HeartbeatIntervalDbApi (ms). */
  heartbeatDbApiMs: int().default(1000),
  /** DataMemory, digits with an optional K, M or G suffix. */
  dataMemory: z.string().min(1).default("80M"),
  arbitration: z.enum(["Default", "Disabled", "WaitExternal"]).default("Default"),
  /** ArbitrationTimeout (ms). */
  arbitrationTimeoutMs: int().default(3000),
  /** config.ini [ndbd default] parameters (`--set`). */
  settings: settings(),
  ...txn(),
  ...isolation(),
  ...timing(NDB_TIMING),
  /** Bound on a node or the cluster being started again (ms). */
  recoveryMs: int().default(NDB_TIMING.recoveryMs),
});

export const reportsSchema = z.strictObject({
  /** Where run directories and reports go, relative to the working directory. */
  dir: z.string().min(1).default("reports"),
  /** JUnit XML in each run directory and at <dir>/junit/faultline-<suite>.xml (every run of the invocation). */
  junit: z.boolean().default(true),
  /** Allure results of every run at <dir>/allure-results (`allure generate` reads them). */
  allure: z.boolean().default(true),
  /** The HTML timeline of each run and <dir>/matrix.html. */
  html: z.boolean().default(true),
});

export const suitesSchema = z.strictObject({
  redis: redisSchema.prefault({}),
  galera: galeraSchema.prefault({}),
  ndb: ndbSchema.prefault({}),
});

export const configSchema = z.strictObject({
  suites: suitesSchema.prefault({}),
  reports: reportsSchema.prefault({}),
  /** How many times every selected scenario runs. Nothing else checks it, so its range is here. */
  repeat: z.int().min(1).max(1000).default(1),
});

/** What a config file holds: every key optional. */
export type FaultlineConfigInput = z.input<typeof configSchema>;
/** A validated config, defaults filled in. */
export type FaultlineConfig = z.output<typeof configSchema>;

/** The keys each object of the schema knows, by path (`""` the root), for "did you mean". */
export const KNOWN_KEYS: Readonly<Record<string, readonly string[]>> = {
  "": Object.keys(configSchema.shape),
  suites: Object.keys(suitesSchema.shape),
  reports: Object.keys(reportsSchema.shape),
  "suites.redis": Object.keys(redisSchema.shape),
  "suites.galera": Object.keys(galeraSchema.shape),
  "suites.ndb": Object.keys(ndbSchema.shape),
};

/** The config with nothing given: the CLI's defaults. */
export const DEFAULT_CONFIG: FaultlineConfig = configSchema.parse({});

export interface SuiteFlags {
  redis: RunRedisFlags;
  galera: RunGaleraFlags;
  ndb: RunNdbFlags;
}

const pairs = (record: Record<string, string | number | boolean>) => Object.entries(record).map(([k, v]) => `${k}=${v}`);
const scenarioFlag = (s: string[] | "all") => (s === "all" ? "all" : s.join(","));

/**
 * A resolved suite section as the flags object `faultline run <suite>` takes (strings, as
 * commander gives them), so the suite's own validation runs unchanged on it, and CLI flags can
 * be laid over it (lib/config/merge.ts). Pure.
 */
export function suiteFlags<S extends SuiteName>(config: FaultlineConfig, suite: S): SuiteFlags[S] {
  const repeat = String(config.repeat);
  const flags: SuiteFlags = {
    redis: { ...redisFlags(config.suites.redis), repeat },
    galera: { ...galeraFlags(config.suites.galera), repeat },
    ndb: { ...ndbFlags(config.suites.ndb), repeat },
  };
  return flags[suite];
}

type Timing = { durationMs: number; faultMs: number; workers: number; marginMs: number; readyMs: number };
type Txn = { model?: string | undefined; seed?: number | undefined; chaosMs: number; isolation?: string | undefined };
const txnFlags = (t: Txn) => ({
  ...(t.model === undefined ? {} : { model: t.model }),
  ...(t.seed === undefined ? {} : { seed: String(t.seed) }),
  chaosMs: String(t.chaosMs),
  ...(t.isolation === undefined ? {} : { isolation: t.isolation }),
});
const timingFlags = (t: Timing) => ({
  duration: String(t.durationMs),
  faultMs: String(t.faultMs),
  workers: String(t.workers),
  marginMs: String(t.marginMs),
  readyTimeout: String(t.readyMs),
});

function redisFlags(s: FaultlineConfig["suites"]["redis"]): RunRedisFlags {
  return {
    target: s.targets.join(","),
    scenario: scenarioFlag(s.scenarios),
    masters: String(s.masters),
    replicas: String(s.replicas),
    nodeTimeout: String(s.nodeTimeoutMs),
    set: pairs(s.settings),
    ...timingFlags(s),
    ...txnFlags(s),
    fault: s.fault,
  };
}

function galeraFlags(s: FaultlineConfig["suites"]["galera"]): RunGaleraFlags {
  return {
    target: s.targets.join(","),
    scenario: scenarioFlag(s.scenarios),
    ...(s.flavor === undefined ? {} : { flavor: s.flavor }),
    nodes: String(s.nodes),
    ...(s.sst === undefined ? {} : { sst: s.sst }),
    set: pairs(s.settings),
    providerOption: pairs(s.providerOptions),
    bankGating: s.bankGating,
    ...timingFlags(s),
    ...txnFlags(s),
    recoveryMs: String(s.recoveryMs),
  };
}

function ndbFlags(s: FaultlineConfig["suites"]["ndb"]): RunNdbFlags {
  return {
    image: s.targets[0] as string,
    scenario: scenarioFlag(s.scenarios),
    dataNodes: String(s.dataNodes),
    replicas: String(s.replicas),
    sqlNodes: String(s.sqlNodes),
    heartbeatMs: String(s.heartbeatMs),
    heartbeatDbApi: String(s.heartbeatDbApiMs),
    dataMemory: s.dataMemory,
    arbitration: s.arbitration,
    arbitrationTimeout: String(s.arbitrationTimeoutMs),
    set: pairs(s.settings),
    ...timingFlags(s),
    ...txnFlags(s),
    recoveryMs: String(s.recoveryMs),
  };
}
