import type { Command, Option } from "commander";
import { BadInputError } from "../core/errors.ts";

/**
 * A flag that takes one value, given twice, is bad input: commander keeps the last value, so
 * `--duration 1 --duration 2` ran 2 and `--target a --target b` ran b alone, the earlier value
 * dropped without a word. Every option of `program` and its subcommands that takes a value
 * and has no parser of its own is given one that refuses a second value. Repeatable flags
 * (`--set`, `--provider-option`, `--option`) are variadic or collect their values with their own
 * parser, and stay repeatable.
 */
export function refuseRepeatedValues(program: Command): void {
  for (const option of program.options as readonly Option[]) {
    if (!(option.required || option.optional) || option.variadic || option.parseArg) continue;
    const flag = option.long ?? option.short ?? option.flags;
    option.argParser((value: string, previous: unknown) => {
      if (previous !== undefined)
        throw new BadInputError(
          flag,
          `given twice: ${JSON.stringify(previous)} and ${JSON.stringify(value)}, and only one can apply`,
          `Give ${flag} once${flag === "--target" || flag === "--scenario" || flag === "--only" ? ", with a comma-separated list for several" : ""}.`,
        );
      return value;
    });
  }
  for (const command of program.commands) refuseRepeatedValues(command);
}
