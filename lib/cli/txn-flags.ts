import { MODEL_NAMES, type ModelName } from "../checkers/models.ts";
import { CHAOS_DEFAULT_MS, type TxnScenarioOptions } from "../clusters/txn-options.ts";
import { didYouMean } from "../core/did-you-mean.ts";
import { BadInputError } from "../core/errors.ts";
import { MAX_DEADLINE_MS } from "../core/time-limits.ts";
import { ISOLATION_LEVELS, type IsolationLevel } from "../workloads/isolation-level.ts";
import { checkAtMost, intFlag } from "./options.ts";

/** The append scenarios' flags, as commander gives them. */
export interface TxnFlags {
  isolation?: string;
  model?: string;
  seed?: string;
  chaosMs?: string;
}

/** A name that must be one of `known`: bad input naming the flag, a did-you-mean and the names. */
function oneOf<T extends string>(flag: string, value: string, known: readonly T[], what: string, otherwise: string): T {
  if ((known as readonly string[]).includes(value)) return value as T;
  const near = didYouMean(value, known);
  throw new BadInputError(
    flag,
    `${JSON.stringify(value)} is not ${what}`,
    `${near ? `Did you mean "${near}"? ` : ""}Use one of: ${known.join(", ")}; ${otherwise}.`,
  );
}

/**
 * --isolation, --model, --seed and --chaos-ms checked (bad input before anything starts).
 * `sql` is false for Redis, whose transactions have no isolation level to ask for. A run
 * without --seed gets a fresh one, which every append-chaos run prints.
 */
export function txnScenarioOptions(flags: TxnFlags, sql: boolean): TxnScenarioOptions {
  if (!sql && flags.isolation !== undefined)
    throw new BadInputError(
      "--isolation",
      "is for SQL suites (galera, ndb)",
      "Leave it out: a Redis MULTI/EXEC has no isolation level to choose.",
    );
  const isolation =
    flags.isolation === undefined
      ? undefined
      : oneOf<IsolationLevel>(
          "--isolation",
          flags.isolation,
          ISOLATION_LEVELS,
          "an isolation level",
          "or leave --isolation out for the server's default",
        );
  const model =
    flags.model === undefined
      ? undefined
      : oneOf<ModelName>("--model", flags.model, MODEL_NAMES, "an isolation model", "or leave --model out for the engine's claimed model");
  const seed = intFlag("seed", flags.seed, 1);
  if (seed < 0 || seed > 2 ** 31 - 1)
    throw new BadInputError("--seed", `${seed} is out of range`, "Give a whole number from 0 to 2147483647.");
  const chaosMs = intFlag("chaos-ms", flags.chaosMs, CHAOS_DEFAULT_MS);
  if (chaosMs < 4000) throw new BadInputError("--chaos-ms", `${chaosMs} ms is too short`, "Give 4000 ms or more (default 60000).");
  checkAtMost("--chaos-ms", chaosMs, MAX_DEADLINE_MS);
  return {
    ...(isolation ? { isolation } : {}),
    ...(model ? { model } : {}),
    ...(flags.seed === undefined ? {} : { seed }),
    chaosMs,
  };
}
