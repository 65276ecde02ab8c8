import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { findConfigFile, loadConfig, readConfigFile } from "../config/load.ts";
import { mergeFlags } from "../config/merge.ts";
import { GALERA_TARGETS, NDB_TARGETS, REDIS_TARGETS, SUITES, type SuiteFlags, type SuiteName, suiteFlags } from "../config/schema.ts";
import { BadInputError } from "../core/errors.ts";
import { badReference, meantAsReference } from "../runtime/images/reference.ts";
import { CATALOG } from "../runtime/images.ts";
import { list } from "./options.ts";
import { galeraImageOf, galeraSuitePlan } from "./run-galera.ts";
import { ndbSuitePlan } from "./run-ndb.ts";
import { checkRepeat, runPlans } from "./run-plans.ts";
import { redisPlan } from "./run-redis.ts";
import type { RunSession, SuitePlan } from "./suite-plan.ts";

/** A suite's flags: the config file's (defaults when there is none), with the command line's on top. */
export async function configuredFlags<S extends SuiteName>(
  suite: S,
  cli: Partial<SuiteFlags[S]>,
  configPath: string | undefined,
  cwd = process.cwd(),
): Promise<SuiteFlags[S]> {
  const { config } = await loadConfig(cwd, configPath);
  return mergeFlags(suiteFlags(config, suite), cli);
}

/** The suites a config file names, in the order `run` takes them; every suite is validated before any starts. */
export async function configuredSuites(configPath: string | undefined, cwd = process.cwd()): Promise<SuiteName[]> {
  const path = configPath === undefined ? findConfigFile(cwd) : resolve(cwd, configPath);
  if (path === undefined || !existsSync(path))
    throw new BadInputError(
      configPath === undefined ? "config" : "--config",
      path === undefined ? `no faultline.config.ts, .mts, .js or .json in ${cwd}` : `${path} does not exist`,
      "Write one (faultline.config.example.ts shows every key), or name a suite: npx faultline run redis.",
    );
  await loadConfig(cwd, configPath);
  const raw = (await readConfigFile(path)) as { suites?: Record<string, unknown> };
  const named = SUITES.filter((s) => raw.suites?.[s] !== undefined);
  if (named.length === 0)
    throw new BadInputError("config.suites", "names no suite", "Add suites.redis, suites.galera or suites.ndb to the file.");
  return named;
}

/** The exit code of several runs: 1 if any verdict was false, else 2 if any was unknown or failed, else 0 (as verdicts merge). */
export function mergedExitCode(codes: readonly number[]): number {
  if (codes.includes(1)) return 1;
  return codes.some((c) => c !== 0) ? 2 : 0;
}

/**
 * The suite a `--target` of `faultline run` belongs to: catalog names by their kind
 * (redis-*, valkey-* -> redis; mariadb-*, pxc-* -> galera; ndb-* -> ndb), image references by
 * the name of the image. A name that fits no suite is bad input.
 */
export function suiteOfTarget(target: string): SuiteName {
  const kind = CATALOG.find((e) => e.name === target || e.name === galeraImageOf(target))?.kind;
  if (kind === "redis" || kind === "valkey") return "redis";
  if (kind === "mariadb" || kind === "pxc") return "galera";
  if (kind === "ndb") return "ndb";
  if (meantAsReference(target)) {
    badReference(target, "percona/percona-xtradb-cluster:8.0", "--target");
    // The image's own name (no registry, path or tag): a registry path such as "sandbox/" must not decide.
    const name = (target.split("/").pop() ?? "").split(/[:@]/)[0] ?? "";
    if (/mariadb|galera|percona|pxc/i.test(name)) return "galera";
    if (/^(mysql-cluster|community-cluster)$|ndb/i.test(name)) return "ndb";
  }
  throw new BadInputError(
    "--target",
    `"${target}" belongs to no suite`,
    `Use ${[...REDIS_TARGETS, ...GALERA_TARGETS.filter((t) => !t.startsWith("mariadb-galera-")), ...NDB_TARGETS].join(", ")}, or a Galera or NDB image reference (percona/percona-xtradb-cluster:8.0, mysql/mysql-cluster:8.0).`,
  );
}

/** `--target a,b,c` split by suite, each suite's targets in the order given. */
export function targetsBySuite(targets: string): Map<SuiteName, string[]> {
  const names = list(targets, "");
  if (names.length === 0)
    throw new BadInputError("--target", "is empty", "Give one or more targets, comma-separated, e.g. --target redis-7.0,redis-8.0.");
  const bySuite = new Map<SuiteName, string[]>();
  for (const t of names) {
    const suite = suiteOfTarget(t);
    bySuite.set(suite, [...(bySuite.get(suite) ?? []), t]);
  }
  return bySuite;
}

export interface RunConfiguredFlags {
  target?: string;
  repeat?: string;
  json?: boolean;
}

/**
 * `faultline run` with no suite: every suite the config file names, with its settings, in one
 * run (one matrix). With `--target`, the targets choose the suites (each with the file's
 * settings, or the defaults) and replace their targets. Every suite's flags are checked before
 * any container starts.
 */
export async function runConfigured(configPath: string | undefined, flags: RunConfiguredFlags, session: RunSession): Promise<number> {
  const { config } = await loadConfig(process.cwd(), configPath);
  const bySuite = flags.target === undefined ? undefined : targetsBySuite(flags.target);
  const suites = bySuite ? SUITES.filter((s) => bySuite.has(s)) : await configuredSuites(configPath);
  const plans: SuitePlan[] = [];
  for (const suite of suites) {
    const targets = bySuite?.get(suite);
    if (suite === "redis") plans.push(redisPlan(await configuredFlags("redis", targets ? { target: targets.join(",") } : {}, configPath)));
    else if (suite === "galera")
      plans.push(galeraSuitePlan(await configuredFlags("galera", targets ? { target: targets.join(",") } : {}, configPath)));
    else
      for (const image of targets ?? [undefined])
        plans.push(ndbSuitePlan(await configuredFlags("ndb", image ? { image } : {}, configPath)));
  }
  session.logger.info(`suites ${suites.join(", ")}${bySuite ? " (from --target)" : " from the config file"}`);
  const repeat = checkRepeat(flags.repeat ?? config.repeat);
  return runPlans(plans, { repeat, json: flags.json }, session);
}
