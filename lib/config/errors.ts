/**
 * Config problems as one BadInputError (exit 2, before anything starts) that lists every
 * problem, each naming the field by its path in the config (`config.suites.galera.nodes`),
 * what was expected and what was found, with a "did you mean" for near misses.
 *
 * Two sources: zod's issues (shapes, types, unknown keys, enums, unknown targets and scenarios)
 * and the BadInputError a suite's own validation throws on `suiteFlags(...)` (ranges and
 * cross-field rules), whose flag-style field (`--fault-ms`, `data-nodes`, `set.x`) is mapped
 * back to the config key it came from.
 */
import type { z } from "zod";
import { didYouMean } from "../core/did-you-mean.ts";
import { BadInputError } from "../core/errors.ts";
import { KNOWN_KEYS, type SuiteName } from "./schema.ts";

export { didYouMean };

export interface ConfigIssue {
  /** The field, from the config's root: `config.suites.redis.targets[1]`. */
  path: string;
  /** What was expected and what was found. */
  problem: string;
}

/** Every problem of one config file; `field` is the first problem's path. */
export class ConfigError extends BadInputError {
  readonly issues: readonly ConfigIssue[];
  readonly source: string;
  constructor(source: string, issues: readonly ConfigIssue[]) {
    const first = issues[0] ?? { path: "config", problem: "is not valid" };
    super(first.path, first.problem, "");
    this.issues = issues;
    this.source = source;
    // BadInputError writes "field: problem. fix"; a config error lists every issue instead.
    const count = issues.length === 1 ? "1 problem" : `${issues.length} problems`;
    this.message = [
      `${source}: ${count}, nothing was started:`,
      ...issues.map((i) => `  ${i.path}: ${i.problem}`),
      "Fix the config (every key, its type and default: docs/config.md).",
    ].join("\n");
  }
}

/** `["suites", "redis", "targets", 1]` as `config.suites.redis.targets[1]`; keys that are not identifiers in brackets. */
export function configPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === "number") return `${out}[${key}]`;
    const name = String(key);
    return /^[A-Za-z_$][\w$]*$/.test(name) ? `${out}.${name}` : `${out}[${JSON.stringify(name)}]`;
  }, "config");
}

/** A value as it reads in a message: strings quoted, with their type; lists and objects shortened. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing (the key is missing)";
  if (value === null) return "null";
  if (typeof value === "string") return `${JSON.stringify(value)} (a string)`;
  if (typeof value === "number") return Number.isInteger(value) ? `${value} (a number)` : `${value} (not a whole number)`;
  if (typeof value === "boolean") return `${value} (a boolean)`;
  const json = JSON.stringify(value) ?? String(value);
  const short = json.length > 60 ? `${json.slice(0, 57)}...` : json;
  if (Array.isArray(value)) return `a list of ${value.length} (${short})`;
  return `an object (${short})`;
}

const TYPE_NAMES: Record<string, string> = {
  // Every number in the config is a whole number: zod says "number" when the input is not a number at all.
  number: "a whole number",
  int: "a whole number",
  string: "a string",
  boolean: "true or false",
  array: "a list",
  object: "an object",
  record: "an object of name: value pairs",
};

const suggestion = (given: unknown, known: readonly string[]) => {
  const near = typeof given === "string" ? didYouMean(given, known) : undefined;
  return near === undefined ? "" : `; did you mean ${JSON.stringify(near)}?`;
};

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

type Issue = z.core.$ZodIssue;

/** What an issue expected, in words (for unions: each branch's expectation). */
function expectedOf(issue: Issue): string {
  switch (issue.code) {
    case "invalid_type":
      return TYPE_NAMES[issue.expected] ?? issue.expected;
    case "invalid_value":
      return issue.values.length === 1
        ? JSON.stringify(issue.values[0])
        : `one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "too_small": {
      const n = Number(issue.minimum);
      if (issue.origin === "array")
        return issue.exact ? `exactly ${n} item${n === 1 ? "" : "s"}` : `at least ${n} item${n === 1 ? "" : "s"}`;
      if (issue.origin === "string") return n === 1 ? "a non-empty string" : `at least ${n} characters`;
      return issue.inclusive === false ? `more than ${n}` : `${n} or more`;
    }
    case "too_big": {
      const n = Number(issue.maximum);
      if (issue.origin === "array")
        return issue.exact ? `exactly ${n} item${n === 1 ? "" : "s"}` : `at most ${n} item${n === 1 ? "" : "s"}`;
      if (issue.origin === "string") return `at most ${n} characters`;
      return issue.inclusive === false ? `less than ${n}` : `${n} or less`;
    }
    case "custom":
      return String(issue.params?.expected ?? issue.message);
    default:
      return issue.message;
  }
}

/** One zod issue (paths relative to `base`) as config issues; `input` is the raw config, for what was found. */
function issuesOf(issue: Issue, input: unknown, base: readonly PropertyKey[]): ConfigIssue[] {
  const path = [...base, ...issue.path];
  const found = valueAt(input, path);
  switch (issue.code) {
    case "unrecognized_keys": {
      const known = KNOWN_KEYS[path.map(String).join(".")] ?? [];
      return issue.keys.map((key) => ({
        path: configPath([...path, key]),
        problem: `expected one of the keys ${known.join(", ")}, found unknown key ${JSON.stringify(key)}${suggestion(key, known)}`,
      }));
    }
    case "invalid_union": {
      // A branch that got past the value's own type (a list with one bad item) says more than the union does.
      const deeper = issue.errors.flat().filter((i) => i.path.length > 0);
      if (deeper.length > 0) return deeper.flatMap((i) => issuesOf(i, input, path));
      const expected = [...new Set(issue.errors.flat().map(expectedOf))].join(" or ");
      return [{ path: configPath(path), problem: `expected ${expected}, found ${describeValue(found)}` }];
    }
    case "invalid_value":
      return [
        {
          path: configPath(path),
          problem: `expected ${expectedOf(issue)}, found ${describeValue(found)}${suggestion(found, issue.values.map(String))}`,
        },
      ];
    case "custom": {
      const known = Array.isArray(issue.params?.known) ? (issue.params.known as string[]) : [];
      return [
        { path: configPath(path), problem: `expected ${expectedOf(issue)}, found ${describeValue(found)}${suggestion(found, known)}` },
      ];
    }
    case "invalid_key":
      return [
        {
          path: configPath(path),
          problem: `expected a setting name (not empty, no "="), found ${JSON.stringify(String(path.at(-1) ?? ""))}`,
        },
      ];
    default:
      return [{ path: configPath(path), problem: `expected ${expectedOf(issue)}, found ${describeValue(found)}` }];
  }
}

/** A value of the wrong type gets one issue: checks zod still ran on it at the same path (a list's length on a string) say nothing more. */
function withoutEchoes(issues: readonly Issue[]): Issue[] {
  const key = (i: Issue) => JSON.stringify(i.path.map(String));
  const wrongType = new Set(issues.filter((i) => i.code === "invalid_type").map(key));
  return issues.filter((i) => i.code === "invalid_type" || !wrongType.has(key(i)));
}

/** Every zod issue of a config, as one ConfigError. */
export function fromZodError(error: z.ZodError, input: unknown, source: string): ConfigError {
  return new ConfigError(
    source,
    withoutEchoes(error.issues).flatMap((issue) => issuesOf(issue, input, [])),
  );
}

/** Flag names (without `--`) and the fields the suites' validation uses, to the config key. */
const COMMON_FIELDS: Record<string, string> = {
  target: "targets",
  image: "targets",
  scenario: "scenarios",
  duration: "durationMs",
  "fault-ms": "faultMs",
  workers: "workers",
  "margin-ms": "marginMs",
  "ready-timeout": "readyMs",
  "recovery-ms": "recoveryMs",
  set: "settings",
};
const SUITE_FIELDS: Record<SuiteName, Record<string, string>> = {
  redis: { masters: "masters", replicas: "replicas", "node-timeout": "nodeTimeoutMs", fault: "fault" },
  galera: {
    nodes: "nodes",
    sst: "sst",
    flavor: "flavor",
    "bank-gating": "bankGating",
    "provider-option": "providerOptions",
    "provider-options": "providerOptions",
  },
  ndb: {
    "data-nodes": "dataNodes",
    replicas: "replicas",
    "sql-nodes": "sqlNodes",
    "heartbeat-ms": "heartbeatMs",
    "heartbeat-db-api": "heartbeatDbApiMs",
    "data-memory": "dataMemory",
    arbitration: "arbitration",
    "arbitration-timeout": "arbitrationTimeoutMs",
  },
};

/** The config key a suite's flag or field name stands for (undefined when it has none). */
export function configKeyOf(suite: SuiteName, flag: string): string | undefined {
  const name = flag.replace(/^--/, "");
  return SUITE_FIELDS[suite][name] ?? COMMON_FIELDS[name];
}

/**
 * A suite's BadInputError on flags made from the config, as a config issue: the field
 * (`--fault-ms`, `data-nodes`, `set.MaxNoOfTables`, `--set appendfsync`,
 * `provider-options.evs.suspect_timeout`) becomes its config path, and flag names in the
 * message become config keys (`Lower faultMs or raise durationMs.`).
 */
export function fromSuiteError(error: BadInputError, suite: SuiteName): ConfigIssue {
  const base = ["suites", suite];
  const field = error.field.replace(/^--/, "");
  const keyed = /^(set|provider-options?)[. ](.+)$/.exec(field);
  let path: PropertyKey[];
  if (keyed?.[1] && keyed[2]) path = [...base, configKeyOf(suite, keyed[1]) ?? keyed[1], keyed[2]];
  else path = [...base, configKeyOf(suite, field) ?? field];
  const prefix = `${error.field}: `;
  const text = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
  const problem = text.replace(/--([a-z][a-z-]*)/g, (whole, flag: string) => configKeyOf(suite, flag) ?? whole);
  return { path: configPath(path), problem };
}
