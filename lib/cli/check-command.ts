import { relative } from "node:path";
import { CHECKERS } from "../checkers/registry.ts";
import { composeResults, runChecker, type Validity } from "../checkers/verdict.ts";
import { BadInputError } from "../core/errors.ts";
import { loadHistory } from "../history/loader.ts";
import { findingLines } from "../report/findings.ts";

export { findingLines };

export interface CheckFlags {
  checker: string;
  json?: boolean;
  option?: string[];
}

/** Exit code of a verdict (DESIGN.md): 0 true, 1 false, 2 unknown. */
export function exitCodeOf(valid: Validity): number {
  return valid === true ? 0 : valid === false ? 1 : 2;
}

/** `--option name=value` pairs; values are JSON when they parse as JSON, strings otherwise. */
export function parseCheckerOptions(pairs: readonly string[]): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new BadInputError("--option", `"${pair}" is not name=value`, "Write it like --option maxRecoveryMs=5000.");
    const raw = pair.slice(eq + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      // a bare string
    }
    options[pair.slice(0, eq)] = value;
  }
  return options;
}

/**
 * `faultline check <history> --checker a,b`: re-judges a stored or hand-written history. The
 * history is validated first (bad input: exit 2, naming the line); a checker that crashes gives
 * "unknown", never a verdict it did not reach.
 */
export async function checkCommand(path: string, flags: CheckFlags, out: (text: string) => void): Promise<number> {
  const names = flags.checker
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  for (const name of names) {
    if (!CHECKERS[name])
      throw new BadInputError("--checker", `"${name}" is not a checker`, `Use one or more of: ${Object.keys(CHECKERS).join(", ")}.`);
  }
  const options = parseCheckerOptions(flags.option ?? []);
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
