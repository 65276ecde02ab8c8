import type { ScenarioTiming } from "../clusters/scenario-timing.ts";
import { BadInputError } from "../core/errors.ts";
import { MAX_DEADLINE_MS, MAX_MARGIN_MS } from "../core/time-limits.ts";
import { checkAtMost, intFlag } from "./options.ts";

/** The timing and load flags every database suite takes. */
export interface ScenarioTimingFlags {
  duration?: string;
  faultMs?: string;
  workers?: string;
  marginMs?: string;
  readyTimeout?: string;
  recoveryMs?: string;
}

/**
 * The flags as numbers, each checked: faults start at a quarter of --duration and must end
 * before it does; bounds and deadlines have a floor and a ceiling (lib/core/time-limits.ts).
 * Bad input names the flag and the fix.
 */
export function scenarioTiming(flags: ScenarioTimingFlags, defaults: ScenarioTiming): ScenarioTiming {
  const t: ScenarioTiming = {
    durationMs: intFlag("duration", flags.duration, defaults.durationMs),
    faultMs: intFlag("fault-ms", flags.faultMs, defaults.faultMs),
    workers: intFlag("workers", flags.workers, defaults.workers),
    marginMs: intFlag("margin-ms", flags.marginMs, defaults.marginMs),
    readyMs: intFlag("ready-timeout", flags.readyTimeout, defaults.readyMs),
    recoveryMs: intFlag("recovery-ms", flags.recoveryMs, defaults.recoveryMs),
  };
  if (t.durationMs < 4000 || t.durationMs > 3_600_000)
    throw new BadInputError("--duration", `${t.durationMs} ms is out of range`, "Give 4000 to 3600000 ms.");
  if (t.faultMs < 1000 || t.durationMs / 4 + t.faultMs > t.durationMs)
    throw new BadInputError(
      "--fault-ms",
      `${t.faultMs} ms does not fit: faults start at a quarter of --duration (${t.durationMs} ms) and must end before it does`,
      "Give at least 1000 ms, and lower --fault-ms or raise --duration.",
    );
  if (t.workers < 1 || t.workers > 256) throw new BadInputError("--workers", `${t.workers} is out of range`, "Use 1 to 256 workers.");
  if (t.marginMs < 0) throw new BadInputError("--margin-ms", `${t.marginMs} is negative`, "Give 0 or more milliseconds.");
  checkAtMost("--margin-ms", t.marginMs, MAX_MARGIN_MS);
  if (t.recoveryMs < 1000) throw new BadInputError("--recovery-ms", `${t.recoveryMs} ms is too short`, "Give 1000 ms or more.");
  checkAtMost("--recovery-ms", t.recoveryMs, MAX_DEADLINE_MS);
  if (t.readyMs < 10_000) throw new BadInputError("--ready-timeout", `${t.readyMs} ms is too short`, "Give 10000 ms or more.");
  checkAtMost("--ready-timeout", t.readyMs, MAX_DEADLINE_MS);
  return t;
}

/**
 * `--scenario a,b|all` as names in the order given (`all`: every scenario in the suite's order
 * but those run only when named);
 * a name the suite does not have is bad input listing the ones it has.
 */
export function scenarioSelection(
  flag: string | undefined,
  known: ReadonlyArray<{ name: string; onlyByName?: boolean }>,
  suite: string,
): string[] {
  const names = (flag ?? "all")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .flatMap((name) => (name === "all" ? known.filter((s) => !s.onlyByName).map((s) => s.name) : [name]));
  if (names.length === 0)
    throw new BadInputError(
      "--scenario",
      `${JSON.stringify(flag)} names no scenario`,
      `Give one or more of: ${known.map((s) => s.name).join(", ")}, or all.`,
    );
  for (const name of names) {
    if (!known.some((s) => s.name === name))
      throw new BadInputError(
        "--scenario",
        `"${name}" is not ${suite} scenario`,
        `Use one or more of: ${known.map((s) => s.name).join(", ")}, or all.`,
      );
  }
  return names;
}
