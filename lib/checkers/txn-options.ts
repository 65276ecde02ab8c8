import { didYouMean } from "../core/did-you-mean.ts";
import { BadInputError } from "../core/errors.ts";
import { type Assumption, DEFAULT_MODEL, grants, isModelName, MODEL_NAMES, type ModelName } from "./models.ts";

/** Options of the list-append and rw-register checkers, as `--option name=value` gives them. */
export interface TxnCheckerOptions {
  /** The isolation model the store claims (default strict-serializable). */
  model?: string;
  /** Cases shown per anomaly (default 3); all are counted. */
  maxCases?: number;
  /** Wall-clock budget of the cycle search (default 60,000 ms); what is left undecided makes the verdict unknown. */
  timeLimitMs?: number;
  /** Edge relaxations per anomaly class and component before the search gives up on it (default 20,000,000). */
  maxSteps?: number;
  /** rw-register: infer version orders from writes following reads in a transaction (default: when the model grants it). */
  wfrKeys?: boolean;
  /** rw-register: infer version orders from each process's order (default: when the model grants it). */
  sequentialKeys?: boolean;
  /** rw-register: infer version orders from realtime order (default: when the model grants it). */
  linearizableKeys?: boolean;
}

export interface TxnSettings {
  model: ModelName;
  maxCases: number;
  timeLimitMs: number;
  maxSteps: number;
  /** The version-order assumptions to use (rw-register). */
  assumptions: Assumption[];
}

const FLAGS: Record<Assumption, "wfrKeys" | "sequentialKeys" | "linearizableKeys"> = {
  "writes-follow-reads": "wfrKeys",
  "sequential-keys": "sequentialKeys",
  "linearizable-keys": "linearizableKeys",
};

/**
 * The options checked and completed: an unknown model is bad input naming the known ones, with a
 * did-you-mean. Options this checker does not know are left alone (every checker of one `check`
 * command gets the same options).
 */
export function txnSettings(options: TxnCheckerOptions | undefined): TxnSettings {
  const o = options ?? {};
  const model = o.model ?? DEFAULT_MODEL;
  if (!isModelName(model)) {
    const near = typeof model === "string" ? didYouMean(model, MODEL_NAMES) : undefined;
    throw new BadInputError(
      "--option model",
      `${JSON.stringify(model)} is not an isolation model`,
      `${near ? `Did you mean "${near}"? ` : ""}Use one of: ${MODEL_NAMES.join(", ")}.`,
    );
  }
  const whole = (name: "maxCases" | "timeLimitMs" | "maxSteps", fallback: number, min: number) => {
    const value = o[name];
    if (value === undefined) return fallback;
    if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
      throw new BadInputError(
        `--option ${name}`,
        `${JSON.stringify(value)} is not a whole number from ${min}`,
        `Write it like --option ${name}=${fallback}.`,
      );
    }
    return value;
  };
  const assumptions = (Object.keys(FLAGS) as Assumption[]).filter((a) => {
    const flag = o[FLAGS[a]];
    if (flag !== undefined && typeof flag !== "boolean") {
      throw new BadInputError(
        `--option ${FLAGS[a]}`,
        `${JSON.stringify(flag)} is not true or false`,
        `Write it like --option ${FLAGS[a]}=true.`,
      );
    }
    return flag ?? grants(model).includes(a);
  });
  return {
    model,
    maxCases: whole("maxCases", 3, 1),
    timeLimitMs: whole("timeLimitMs", 60_000, 1),
    maxSteps: whole("maxSteps", 20_000_000, 1),
    assumptions,
  };
}
