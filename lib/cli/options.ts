import { BadInputError } from "../core/errors.ts";

/** A whole-number flag, or a message naming the flag and the fix (exit 2 before anything starts). */
export function intFlag(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^-?\d+$/.test(value.trim()))
    throw new BadInputError(`--${flag}`, `"${value}" is not a whole number`, `Give --${flag} a number, e.g. --${flag} ${fallback}.`);
  return Number(value);
}
