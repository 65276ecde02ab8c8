import { relative } from "node:path";
import { CHECKERS } from "../checkers/registry.ts";
import { composeResults, runChecker, type Validity } from "../checkers/verdict.ts";
import { BadInputError } from "../core/errors.ts";
import { loadHistory } from "../history/loader.ts";
import { findingLines } from "../report/findings.ts";
import { checkCheckerOptions } from "./checker-options.ts";
import { list } from "./options.ts";

export { findingLines };

export interface CheckFlags {
  checker: string;
  json?: boolean;
  option?: string[];
}

/** Exit code of a verdict (docs/architecture.md, "Exit codes"): 0 true, 1 false, 2 unknown. */
export function exitCodeOf(valid: Validity): number {
  return valid === true ? 0 : valid === false ? 1 : 2;
}

/** `--option name=value` pairs; values are JSON when they parse as JSON, strings otherwise. A name given twice is bad input. */
export function parseCheckerOptions(pairs: readonly string[]): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  const given: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0)
      throw new BadInputError("--option", `${JSON.stringify(pair)} is not name=value`, "Write it like --option maxRecoveryMs=5000.");
    const name = pair.slice(0, eq);
    const raw = pair.slice(eq + 1);
    if (given[name] !== undefined)
      throw new BadInputError(`--option ${name}`, `given twice: ${given[name]} and ${raw}`, "Give each option once.");
    given[name] = raw;
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      // a bare string
    }
    options[name] = value;
  }
  return options;
}

/**
 * `faultline check <history> --checker a,b`: re-judges a stored or hand-written history. The
 * checkers and their options are checked first, then the history (bad input: exit 2, naming
 * the flag or the line); a checker that crashes gives "unknown", never a verdict it did not
 * reach, and so does a history with no client operation (checking nothing is never a pass).
 */
export async function checkCommand(path: string, flags: CheckFlags, out: (text: string) => void): Promise<number> {
  const names = list(flags.checker, "");
  if (names.length === 0)
    throw new BadInputError(
      "--checker",
      `${JSON.stringify(flags.checker)} names no checker, and checking nothing is never a pass`,
      `Give one or more of: ${Object.keys(CHECKERS).join(", ")}, e.g. --checker set.`,
    );
  for (const name of names) {
    if (!CHECKERS[name])
      throw new BadInputError(
        "--checker",
        `${JSON.stringify(name)} is not a checker`,
        `Use one or more of: ${Object.keys(CHECKERS).join(", ")}.`,
      );
  }
  const options = parseCheckerOptions(flags.option ?? []);
  checkCheckerOptions(names, options);
  for (const name of names) CHECKERS[name]?.validateOptions?.(options);
  const history = await loadHistory(path);
  const results = names.map((name) => runChecker(CHECKERS[name] as NonNullable<(typeof CHECKERS)[string]>, history, options));
  const composed = composeResults(results);
  if (flags.json) {
    out(JSON.stringify({ history: path, ops: history.length, ...composed }, null, 2));
  } else {
    out(`${relative(process.cwd(), path) || path}: ${history.length} ops`);
    for (const r of results) {
      out(`  ${r.checker}: ${String(r.valid)}${r.reason ? ` (${r.reason})` : ""}`);
      for (const line of findingLines(r)) out(`    ${line}`);
    }
    out(`verdict: ${String(composed.valid)}`);
  }
  return exitCodeOf(composed.valid);
}
