import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { findConfigFile, loadConfig, readConfigFile } from "../config/load.ts";
import { mergeFlags } from "../config/merge.ts";
import { SUITES, type SuiteFlags, type SuiteName, suiteFlags } from "../config/schema.ts";
import { BadInputError } from "../core/errors.ts";
import type { Logger } from "../core/logger.ts";
import { runGalera } from "./run-galera.ts";
import { runNdb } from "./run-ndb.ts";
import { runRedis } from "./run-redis.ts";

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

/** `faultline run` with no suite: every suite the config file names, one after another, with its settings. */
export async function runConfigured(configPath: string | undefined, logger: Logger, print: (text: string) => void): Promise<number> {
  const suites = await configuredSuites(configPath);
  const codes: number[] = [];
  for (const suite of suites) {
    logger.info(`suite ${suite} from the config file`);
    if (suite === "redis") codes.push(await runRedis(await configuredFlags("redis", {}, configPath), logger, print));
    else if (suite === "galera") codes.push(await runGalera(await configuredFlags("galera", {}, configPath), logger, print));
    else codes.push(await runNdb(await configuredFlags("ndb", {}, configPath), logger, print));
  }
  return mergedExitCode(codes);
}
