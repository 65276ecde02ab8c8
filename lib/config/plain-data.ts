/**
 * A config file's value as plain data (objects, lists, strings, numbers, booleans, null), or
 * every way it is not, as one ConfigError naming each place by its config path.
 *
 * A `.ts` config is code: its default export can hold a getter that throws, a BigInt, a cycle,
 * a function or a class instance, and a JSON file can nest a value 100000 levels deep. Whatever
 * walks such a value afterwards (the schema, a message quoting it, JSON.stringify) would crash
 * with "Maximum call stack size exceeded", "Do not know how to serialize a BigInt" or
 * "Converting circular structure". So the value is copied once, here, every property read once
 * inside a try, and nothing past MAX_CONFIG_DEPTH is walked: the copy is safe for anyone to walk.
 */
import { errorMessage } from "../core/errors.ts";
import { printableLine } from "../core/printable.ts";
import { ConfigError, type ConfigIssue, configPath } from "./errors.ts";

/**
 * The deepest a config may nest. Its deepest key is 4 levels down (suites.galera.settings.name);
 * the margin leaves room for what the schema will refuse anyway with a better message.
 */
export const MAX_CONFIG_DEPTH = 16;

const FIX_BY_KIND: Record<string, string> = {
  bigint: "write it as a number (5, not 5n)",
  function: "give the value itself, not a function",
  symbol: "give a string",
};

/** `value` copied as plain data; throws a ConfigError listing every part of it that is not. */
export function plainData(value: unknown, source: string): unknown {
  const issues: ConfigIssue[] = [];
  const copy = walk(value, [], new Set(), issues);
  if (issues.length > 0) throw new ConfigError(source, issues);
  return copy;
}

function walk(value: unknown, path: PropertyKey[], ancestors: Set<object>, issues: ConfigIssue[]): unknown {
  const at = configPath(path);
  if (value === null || ["string", "number", "boolean", "undefined"].includes(typeof value)) return value;
  if (typeof value !== "object") {
    issues.push({ path: at, problem: `is a ${typeof value}, not data: ${FIX_BY_KIND[typeof value] ?? "give a plain value"}` });
    return undefined;
  }
  if (ancestors.has(value)) {
    issues.push({ path: at, problem: "refers back to an object that contains it (a cycle): give each value as data, once" });
    return undefined;
  }
  if (path.length >= MAX_CONFIG_DEPTH) {
    issues.push({
      path: at,
      problem: `nests deeper than ${MAX_CONFIG_DEPTH} levels (a config's deepest key is 4 levels down): remove the nesting`,
    });
    return undefined;
  }
  const isArray = Array.isArray(value);
  const prototype = Object.getPrototypeOf(value);
  if (!isArray && prototype !== Object.prototype && prototype !== null) {
    const kind = typeof prototype?.constructor?.name === "string" ? prototype.constructor.name : "an object with a prototype";
    issues.push({ path: at, problem: `is a ${printableLine(kind)}, not plain data: give an object literal, a list or a plain value` });
    return undefined;
  }
  let keys: string[];
  try {
    keys = isArray ? Array.from({ length: value.length }, (_, i) => String(i)) : Object.keys(value);
  } catch (error) {
    issues.push({ path: at, problem: `could not be read: listing its keys threw ${printableLine(errorMessage(error))}` });
    return undefined;
  }
  ancestors.add(value);
  const out: Record<string, unknown> | unknown[] = isArray ? [] : {};
  for (const key of keys) {
    const childPath = [...path, isArray ? Number(key) : key];
    let child: unknown;
    try {
      child = (value as Record<string, unknown>)[key];
    } catch (error) {
      issues.push({
        path: configPath(childPath),
        problem: `could not be read: its getter threw ${printableLine(errorMessage(error))}. Give a plain value there`,
      });
      continue;
    }
    (out as Record<string, unknown>)[key] = walk(child, childPath, ancestors, issues);
  }
  ancestors.delete(value);
  return out;
}
