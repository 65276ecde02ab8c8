/**
 * CLI flags over the config file's flags (both as the `faultline run <suite>` flags object,
 * the file's from `suiteFlags(config, suite)`). Pure. Rules:
 *
 * - A flag given on the command line replaces the file's value; a flag not given (absent or
 *   undefined, as commander leaves it) keeps the file's.
 * - Repeatable name=value flags (`--set`, `--provider-option`) are appended after the file's
 *   pairs: the suite reads pairs in order and the last one of a name wins, so the command line
 *   overrides per name and keeps the file's other settings.
 * - Redis takes `--image` as an alias of `--target` (runRedis reads `target ?? image`): an
 *   `--image` on the command line replaces the file's targets too.
 *
 * The merged flags go through the suite's own validation (galeraPlan, ndbPlan, runRedis) as
 * before: a bad flag is reported by its flag name, a bad file value by loadConfig.
 */

const PAIR_FLAGS = new Set(["set", "providerOption"]);

export function mergeFlags<F extends object>(file: F, cli: Partial<F>): F {
  const merged = { ...file } as Record<string, unknown>;
  for (const [key, value] of Object.entries(cli)) {
    if (value === undefined) continue;
    if (PAIR_FLAGS.has(key) && Array.isArray(value)) {
      const before = merged[key];
      merged[key] = [...(Array.isArray(before) ? before : []), ...value];
    } else merged[key] = value;
  }
  // --image is --target's alias (Redis): when only the alias is given, the file's target must not win over it.
  const given = cli as Record<string, unknown>;
  if (given.image !== undefined && given.target === undefined && "target" in merged) delete merged.target;
  return merged as unknown as F;
}
