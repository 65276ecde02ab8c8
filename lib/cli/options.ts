import { BadInputError } from "../core/errors.ts";
import { formatLimit } from "../core/time-limits.ts";

/** A whole-number flag, or a message naming the flag and the fix (exit 2 before anything starts). */
export function intFlag(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^-?\d+$/.test(value.trim()))
    throw new BadInputError(`--${flag}`, `"${value}" is not a whole number`, `Give --${flag} a number, e.g. --${flag} ${fallback}.`);
  return Number(value);
}

/** A comma-separated flag as a list (empty items dropped), or the fallback's items. */
export const list = (value: string | undefined, fallback: string): string[] =>
  (value ?? fallback)
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * A comma-separated flag that must name something: its items, the fallback's when it is not
 * given, and bad input when it is given but empty (a run that selects nothing verifies nothing).
 */
export function givenList(flag: string, value: string | undefined, fallback: string, example: string): string[] {
  const items = list(value, fallback);
  if (items.length === 0)
    throw new BadInputError(flag, `${JSON.stringify(value)} names nothing`, `Give one or more, comma-separated, e.g. ${flag} ${example}.`);
  return items;
}

/** Repeated name=value flags (--set, --provider-option) as a record; a pair without "=" is bad input naming the flag. */
export function parsePairs(flag: string, pairs: readonly string[], example: string): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new BadInputError(flag, `"${pair}" is not name=value`, `Write it like ${flag} ${example}.`);
    settings[pair.slice(0, eq).trim()] = pair.slice(eq + 1);
  }
  return settings;
}

/**
 * A duration flag's upper bound (lib/core/time-limits.ts): longer is bad input naming the flag
 * and the bound. Node's timers misread delays above 2^31-1 ms, and nothing a test waits for
 * takes longer than these bounds.
 */
export function checkAtMost(flag: string, valueMs: number, maxMs: number): void {
  if (valueMs > maxMs)
    throw new BadInputError(
      flag,
      `${valueMs} ms is longer than faultline takes (at most ${maxMs} ms, ${formatLimit(maxMs)})`,
      `Give ${flag} ${maxMs} or less.`,
    );
}
