import { readFile, realpath } from "node:fs/promises";
import { join } from "node:path";
import type { Validity } from "../checkers/verdict.ts";
import { BadInputError } from "../core/errors.ts";
import type { RunResults } from "./store.ts";

/** A stored run as compare and matrix read it: who it was and the numbers that matter. */
export interface RunSummary {
  dir: string;
  runId: string;
  suite: string;
  scenario: string;
  target: string;
  engineVersion: string;
  valid: Validity;
  verdicts: Record<string, Validity>;
  /** Flat numeric findings, e.g. "set.lost", "availability.recovery.first.ms", "timings.readyMs". */
  metrics: Record<string, number>;
  /** Advisory checks (reported, not in the verdict) that came out false. */
  advisoryFalse?: string[];
}

const len = (v: unknown) => (Array.isArray(v) ? v.length : undefined);

/** The numbers of each checker's result that say most; unknown checkers contribute their verdict only. */
export function metricsOf(results: RunResults): Record<string, number> {
  const m: Record<string, number> = {};
  const put = (name: string, value: unknown) => {
    if (typeof value === "number" && Number.isFinite(value)) m[name] = value;
  };
  for (const [name, r] of Object.entries(results.results)) {
    for (const list of ["acknowledged", "lost", "recovered", "unexpected", "duplicated", "failedPresent"])
      put(`${name}.${list}`, len(r[list]));
    if (name === "availability") {
      const ops = r.operations as { total?: number; ok?: number; fail?: number; info?: number } | undefined;
      put("availability.ops.total", ops?.total);
      put("availability.ops.fail", ops?.fail);
      put("availability.ops.info", ops?.info);
      const recovery = r.recovery as Array<{ recoveryMs: number | null }> | undefined;
      for (const [i, rec] of (recovery ?? []).entries()) put(`availability.recovery.${i + 1}.ms`, rec.recoveryMs);
      put(
        "availability.longestUnavailable.ms",
        (r.longestUnavailable as { overall?: { durationMs?: number } } | undefined)?.overall?.durationMs,
      );
      const phases = r.phases as Array<{ kind: string; rate: number | null }> | undefined;
      const seen: Record<string, number> = {};
      for (const p of phases ?? []) {
        const nth = (seen[p.kind] ?? 0) + 1;
        seen[p.kind] = nth;
        put(`availability.rate.${p.kind}${nth > 1 ? `.${nth}` : ""}`, p.rate);
      }
    }
  }
  for (const [name, value] of Object.entries(results.timings ?? {})) put(`timings.${name}`, value);
  return m;
}

/** Reads a run directory (or a `latest` link to one); a path that is not a run is bad input. */
export async function readRun(path: string): Promise<RunSummary> {
  let dir: string;
  let run: Record<string, unknown>;
  let results: RunResults;
  try {
    dir = await realpath(path);
    run = JSON.parse(await readFile(join(dir, "run.json"), "utf8"));
    results = JSON.parse(await readFile(join(dir, "results.json"), "utf8"));
  } catch (error) {
    throw new BadInputError(
      "run",
      `${path} is not a judged run directory (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      "Give a directory under reports/runs/<suite>/ holding run.json and results.json, e.g. reports/runs/redis/latest.",
    );
  }
  const images = (run.images as Array<{ engineVersion?: string }> | undefined) ?? [];
  return {
    dir,
    runId: String(run.runId ?? ""),
    suite: String(run.suite ?? ""),
    scenario: String(run.scenario ?? ""),
    target: String(run.target ?? ""),
    engineVersion: images[0]?.engineVersion ?? "",
    valid: results.valid,
    verdicts: Object.fromEntries(Object.values(results.results).map((r) => [r.checker, r.valid])),
    metrics: metricsOf(results),
    advisoryFalse: Object.values(results.results)
      .filter((r) => r.advisory === true && r.valid === false)
      .map((r) => r.checker),
  };
}
