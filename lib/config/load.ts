/**
 * Finding, loading and validating the config file. Everything here runs before any container
 * starts; every problem is a BadInputError (exit 2) naming the file and the field.
 *
 * - Looked for in the working directory: faultline.config.ts, .mts, .js or .json. More than one
 *   is bad input (which one wins would be a guess); `--config <file>` picks one explicitly.
 * - TS and JS are loaded with `import()` (the CLI runs under tsx, so .ts works) and must
 *   `export default` the config (`export default defineConfig({...})`); JSON is parsed, and a
 *   syntax error names its line and column.
 * - Validation is the schema (types, unknown keys, targets, scenarios: every issue listed), then
 *   each suite's own validation on `suiteFlags(config, suite)` (ranges, cross-field rules), so the
 *   file and the command line are held to the same rules.
 */
import { existsSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { extname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { tsImport } from "tsx/esm/api";
import { galeraPlan } from "../cli/run-galera.ts";
import { ndbPlan } from "../cli/run-ndb.ts";
import { redisPlan } from "../cli/run-redis.ts";
import { BadInputError, errorMessage } from "../core/errors.ts";
import { ConfigError, type ConfigIssue, fromSuiteError, fromZodError } from "./errors.ts";
import { withExitRefused } from "./exit-refused.ts";
import { plainData } from "./plain-data.ts";
import { configSchema, DEFAULT_CONFIG, type FaultlineConfig, SUITES, type SuiteName, suiteFlags } from "./schema.ts";

/** The names looked for in the working directory, in this order. */
export const CONFIG_FILES = ["faultline.config.ts", "faultline.config.mts", "faultline.config.js", "faultline.config.json"] as const;

export interface LoadedConfig {
  /** The file the config came from; undefined when there is none (the defaults). */
  path: string | undefined;
  config: FaultlineConfig;
}

/** The config of `cwd` (or of `explicitPath`, relative to `cwd`), validated; the defaults when there is no file. */
export async function loadConfig(cwd: string, explicitPath?: string): Promise<LoadedConfig> {
  const path = explicitPath === undefined ? findConfigFile(cwd) : resolve(cwd, explicitPath);
  if (path === undefined) return { path: undefined, config: DEFAULT_CONFIG };
  if (!existsSync(path)) throw new BadInputError("--config", `${path} does not exist`, "Give the path of a faultline.config.ts or .json.");
  if (statSync(path).isDirectory())
    throw new BadInputError("--config", `${path} is a directory`, "Give the path of a faultline.config.ts or .json file.");
  return { path, config: validateConfig(await readConfigFile(path), path) };
}

/** The one config file in `cwd`, if any; several is bad input. */
export function findConfigFile(cwd: string): string | undefined {
  const found = CONFIG_FILES.map((name) => resolve(cwd, name)).filter((p) => existsSync(p));
  if (found.length > 1)
    throw new BadInputError(
      "config",
      `${found.length} config files in ${cwd}: ${found.map((p) => p.slice(cwd.length + 1)).join(", ")} (which one applies would be a guess)`,
      "Keep one, or choose one with --config <file>.",
    );
  return found[0];
}

/** The file's contents as plain data (see plain-data.ts), before validation. */
export async function readConfigFile(path: string): Promise<unknown> {
  if (extname(path) === ".json") return plainData(parseJson(await readFile(path, "utf8"), path), path);
  if (!LOADABLE.includes(extname(path)))
    throw new BadInputError(
      path,
      `is not a ${LOADABLE.join(", ")} or .json file`,
      "Write the config as faultline.config.ts or faultline.config.json.",
    );
  let module: Record<string, unknown>;
  try {
    // tsx loads TypeScript wherever the file is: beside a package.json without "type": "module" too.
    const imported = await withExitRefused(path, () => tsImport(pathToFileURL(path).href, import.meta.url));
    module = unwrapCommonJs(imported as Record<string, unknown>);
  } catch (error) {
    if (error instanceof BadInputError) throw error;
    throw new BadInputError(path, `could not be loaded: ${errorMessage(error)}`, "Fix the file so that it runs (npx tsx <file>).");
  }
  if (!("default" in module) || module.default === undefined)
    throw new BadInputError(
      path,
      "has no default export",
      'End it with export default defineConfig({ ... }) (import { defineConfig } from "faultline").',
    );
  return plainData(module.default, path);
}

/** The extensions a config file is imported from (besides .json, which is parsed). */
const LOADABLE = [".ts", ".mts", ".cts", ".js", ".mjs", ".cjs"];

/**
 * A TypeScript file Node takes for CommonJS comes back as { default: <its exports> }, the
 * exports marked __esModule: its own exports are those.
 */
function unwrapCommonJs(module: Record<string, unknown>): Record<string, unknown> {
  const inner = module.default as Record<string, unknown> | undefined;
  return inner !== null && typeof inner === "object" && inner.__esModule === true ? inner : module;
}

/** JSON.parse, with the line and column of a syntax error (Node 20's messages do not always give its position). */
export function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const offset = jsonErrorOffset(text);
    const before = text.slice(0, offset).split("\n");
    const line = before.length;
    const column = (before.at(-1)?.length ?? 0) + 1;
    throw new BadInputError(
      `${path}:${line}:${column}`,
      `is not valid JSON at line ${line}, column ${column}: ${errorMessage(error).split("\n")[0]}`,
      "Fix the JSON there (no comments or trailing commas in .json; use faultline.config.ts for those).",
    );
  }
}

/**
 * Where a JSON text first goes wrong (text.length when it ends too early). A scan without
 * recursion: the closers of the open objects and lists are kept on a list of their own, so a
 * text of 200000 "[" is measured, not a stack overflow.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const fail = (): never => {
    throw i;
  };
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i] as string)) i++;
  };
  const literal = (word: string) => {
    for (const ch of word) {
      if (text[i] !== ch) fail();
      i++;
    }
  };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === "\\") {
        i++;
        if (text[i] === "u") {
          for (let k = 0; k < 4; k++) if (!/[0-9a-fA-F]/.test(text[++i] ?? "")) fail();
        } else if (!'"\\/bfnrt'.includes(text[i] ?? "x")) fail();
      } else if ((text.charCodeAt(i) ?? 0) < 0x20) fail();
      i++;
    }
    if (text[i] !== '"') fail();
    i++;
  };
  // Sticky: matched where the scan is, without copying the rest of the text for every number.
  const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
  const number = () => {
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (!m) fail();
    i += (m as RegExpExecArray)[0].length;
  };
  // An object member's key and colon; its value comes next.
  const key = () => {
    ws();
    if (text[i] !== '"') fail();
    string();
    ws();
    if (text[i] !== ":") fail();
    i++;
  };
  const closers: string[] = [];
  try {
    for (;;) {
      // A value: a scalar, or the opening of an object or list (its first item comes next, unless it is empty).
      ws();
      const ch = text[i];
      if (ch === "{" || ch === "[") {
        const close = ch === "{" ? "}" : "]";
        i++;
        ws();
        if (text[i] !== close) {
          closers.push(close);
          if (close === "}") key();
          continue;
        }
        i++;
      } else if (ch === '"') string();
      else if (ch === "t") literal("true");
      else if (ch === "f") literal("false");
      else if (ch === "n") literal("null");
      else number();
      // After a value: close what ends here; a comma before the next item; or the end of the text.
      for (;;) {
        ws();
        const close = closers.at(-1);
        if (close === undefined) {
          if (i < text.length) fail();
          return text.length;
        }
        if (text[i] === close) {
          i++;
          closers.pop();
          continue;
        }
        if (text[i] !== ",") fail();
        i++;
        if (close === "}") key();
        break;
      }
    }
  } catch (at) {
    if (typeof at !== "number") throw at;
    return Math.min(at, text.length);
  }
}

/**
 * A config's data validated: the schema's issues all at once; then every suite's own
 * validation on its flags (the first problem of each suite). Throws one ConfigError.
 */
export function validateConfig(given: unknown, source: string): FaultlineConfig {
  // Safe to walk, whoever calls: no getter that throws, no BigInt, no cycle, no depth past the config's own.
  const input = plainData(given, source);
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error, input, source);
  const config = parsed.data;
  const issues: ConfigIssue[] = [];
  for (const suite of SUITES) {
    try {
      checkSuite(config, suite);
    } catch (error) {
      if (!(error instanceof BadInputError)) throw error;
      issues.push(fromSuiteError(error, suite));
    }
  }
  if (issues.length > 0) throw new ConfigError(source, issues);
  return config;
}

/** The suite's own validation (what `faultline run <suite>` runs before anything starts) on the config's flags. */
export function checkSuite(config: FaultlineConfig, suite: SuiteName): void {
  if (suite === "redis") redisPlan(suiteFlags(config, "redis"));
  else if (suite === "galera") galeraPlan(suiteFlags(config, "galera"));
  else ndbPlan(suiteFlags(config, "ndb"));
}
