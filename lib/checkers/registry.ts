import { z } from "zod";
import { MAX_DEADLINE_MS } from "../core/time-limits.ts";
import { availabilityChecker } from "./availability.ts";
import { bankChecker } from "./bank.ts";
import { convergenceChecker } from "./convergence.ts";
import { listAppendChecker } from "./list-append.ts";
import { registerChecker } from "./register.ts";
import { rwRegisterChecker } from "./rw-register.ts";
import { setChecker } from "./set.ts";
import type { Checker } from "./verdict.ts";

/** Checkers by the name `faultline check --checker` takes. */
// biome-ignore lint/suspicious/noExplicitAny: each checker has its own options type; the CLI passes parsed JSON.
export const CHECKERS: Record<string, Checker<any>> = {
  set: setChecker,
  availability: availabilityChecker,
  convergence: convergenceChecker,
  register: registerChecker,
  bank: bankChecker,
  "list-append": listAppendChecker,
  "rw-register": rwRegisterChecker,
};

/** A duration option: whole milliseconds, bounded like every duration (lib/core/time-limits.ts). */
const durationMs = () =>
  z
    .number({ error: `expected a whole number of milliseconds from 0 to ${MAX_DEADLINE_MS} (24 h)` })
    .int({ error: `expected a whole number of milliseconds from 0 to ${MAX_DEADLINE_MS} (24 h)` })
    .min(0, { error: `expected a whole number of milliseconds from 0 to ${MAX_DEADLINE_MS} (24 h)` })
    .max(MAX_DEADLINE_MS, { error: `expected at most ${MAX_DEADLINE_MS} ms (24 h)` });
const rate = () => z.number().min(0).max(1, { error: "expected a rate from 0 to 1" });
const wholeFrom = (min: number) =>
  z
    .number()
    .int()
    .min(min, { error: `expected a whole number from ${min}` });
const name = () => z.string().min(1, { error: "expected a non-empty string" });
const flag = () => z.boolean({ error: "expected true or false" });
/** The transactional checkers' shared options (the model's own name is checked by the checker, with a did-you-mean). */
const txnOptions = () => ({ model: z.unknown(), maxCases: wholeFrom(1), timeLimitMs: durationMs(), maxSteps: wholeFrom(1) });

/**
 * The options each checker takes (`faultline check --option name=value`), with the values
 * each accepts: a name no chosen checker takes, or a value it would misread, is bad input
 * before any checker runs. Names and meanings are the checkers' own option types.
 */
export const CHECKER_OPTIONS: Record<string, Record<string, z.ZodType>> = {
  set: { readF: name() },
  availability: {
    maxUnavailableMs: durationMs(),
    maxRecoveryMs: durationMs(),
    minSuccessRate: z.strictObject({ before: rate().optional(), fault: rate().optional(), after: rate().optional() }),
  },
  convergence: { f: name(), minNodes: wholeFrom(1), expectedNodes: z.array(name()) },
  register: { initial: z.unknown(), maxStates: wholeFrom(1), timeLimitMs: durationMs(), includeLinearization: z.boolean() },
  bank: { total: z.number(), accounts: wholeFrom(0) },
  "list-append": txnOptions(),
  "rw-register": { ...txnOptions(), wfrKeys: flag(), sequentialKeys: flag(), linearizableKeys: flag() },
};
