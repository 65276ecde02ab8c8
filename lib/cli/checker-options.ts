import { CHECKER_OPTIONS } from "../checkers/registry.ts";
// From core, not config/errors.ts: that module imports the config schema, whose imports lead back here (check-command).
import { didYouMean } from "../core/did-you-mean.ts";
import { BadInputError } from "../core/errors.ts";

/**
 * `--option` names and values checked against the chosen checkers, before any runs. A name no
 * chosen checker takes was ignored before, so a typo (maxRecoveryMS) judged without the bound
 * the user meant: now it is refused with the near name and every option the checkers take.
 * A value is checked by every chosen checker that takes the name.
 */
export function checkCheckerOptions(checkers: readonly string[], options: Readonly<Record<string, unknown>>): void {
  for (const [name, value] of Object.entries(options)) {
    const takers = checkers.filter((c) => CHECKER_OPTIONS[c]?.[name] !== undefined);
    if (takers.length === 0) throw unknownOption(checkers, name);
    for (const checker of takers) {
      const parsed = CHECKER_OPTIONS[checker]?.[name]?.safeParse(value);
      if (parsed && !parsed.success) {
        const issue = parsed.error.issues[0];
        const at = issue && issue.path.length > 0 ? ` at ${issue.path.map(String).join(".")}` : "";
        throw new BadInputError(
          `--option ${name}`,
          `${JSON.stringify(value) ?? String(value)} is not a value ${checker} takes${at}: ${issue?.message ?? "not valid"}`,
          `Give it as JSON, e.g. --option ${name}=${example(checker, name)}.`,
        );
      }
    }
  }
}

function unknownOption(checkers: readonly string[], name: string): BadInputError {
  const elsewhere = Object.keys(CHECKER_OPTIONS).filter((c) => !checkers.includes(c) && CHECKER_OPTIONS[c]?.[name] !== undefined);
  if (elsewhere.length > 0)
    return new BadInputError(
      `--option ${name}`,
      `is an option of ${elsewhere.join(", ")}, which --checker does not name (it names ${checkers.join(", ")})`,
      `Add ${elsewhere[0]} to --checker, or leave the option out.`,
    );
  const known = checkers.flatMap((c) => Object.keys(CHECKER_OPTIONS[c] ?? {}));
  const near = didYouMean(name, known);
  const listed = checkers.map((c) => {
    const names = Object.keys(CHECKER_OPTIONS[c] ?? {});
    return `${c} takes ${names.length > 0 ? names.join(", ") : "no option"}`;
  });
  return new BadInputError(
    `--option ${name}`,
    `is not an option of ${checkers.join(", ")}${near ? ` (did you mean ${near}?)` : ""}`,
    `${listed.join("; ")}.`,
  );
}

const EXAMPLES: Record<string, string> = {
  readF: "read",
  f: "final-read",
  minSuccessRate: '{"after":0.9}',
  expectedNodes: '["n1","n2"]',
  initial: "0",
  includeLinearization: "true",
  total: "1000",
  model: "serializable",
  wfrKeys: "true",
  sequentialKeys: "true",
  linearizableKeys: "true",
};
const example = (_checker: string, name: string) => EXAMPLES[name] ?? (name.endsWith("Ms") ? "5000" : "3");
