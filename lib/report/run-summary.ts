import { readFile, realpath } from "node:fs/promises";
import { join } from "node:path";
import type { Validity } from "../checkers/verdict.ts";
import { BadInputError } from "../core/errors.ts";
import { type StoredResults, storedFile, storedResultsSchema, storedRunSchema } from "./stored-run.ts";

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
  /** Server settings as the servers had them (run.json config.effectiveSettings.values; Galera), e.g. innodb_flush_log_at_trx_commit. */
  settings?: Record<string, string>;
}

const len = (v: unknown) => (Array.isArray(v) ? v.length : undefined);
const listOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const fieldOf = (v: unknown, name: string): unknown =>
  v !== null && typeof v === "object" ? (v as Record<string, unknown>)[name] : undefined;

/** The numbers of each checker's result that say most; unknown checkers contribute their verdict only. */
export function metricsOf(results: StoredResults): Record<string, number> {
  const m: Record<string, number> = {};
  const put = (name: string, value: unknown) => {
    if (typeof value === "number" && Number.isFinite(value)) m[name] = value;
  };
  for (const [name, r] of Object.entries(results.results)) {
    for (const list of ["acknowledged", "lost", "recovered", "unexpected", "duplicated", "failedPresent"])
      put(`${name}.${list}`, len(r[list]));
    if (name === "availability") {
      // Findings are whatever the file holds: each one read as what it should be, or skipped.
      const ops = fieldOf(r, "operations");
      put("availability.ops.total", fieldOf(ops, "total"));
      put("availability.ops.fail", fieldOf(ops, "fail"));
      put("availability.ops.info", fieldOf(ops, "info"));
      for (const [i, rec] of listOf(r.recovery).entries()) put(`availability.recovery.${i + 1}.ms`, fieldOf(rec, "recoveryMs"));
      put("availability.longestUnavailable.ms", fieldOf(fieldOf(r.longestUnavailable, "overall"), "durationMs"));
      const seen: Record<string, number> = {};
      for (const p of listOf(r.phases)) {
        const kind = fieldOf(p, "kind");
        if (typeof kind !== "string") continue;
        const nth = (seen[kind] ?? 0) + 1;
        seen[kind] = nth;
        put(`availability.rate.${kind}${nth > 1 ? `.${nth}` : ""}`, fieldOf(p, "rate"));
      }
    }
  }
  for (const [name, value] of Object.entries(results.timings ?? {})) put(`timings.${name}`, value);
  return m;
}

/** The effective settings a run recorded in its config, strings only; anything else (older runs, other suites) is none. */
export function settingsOf(config: unknown): Record<string, string> {
  const values = fieldOf(fieldOf(config, "effectiveSettings"), "values");
  if (values === null || typeof values !== "object" || Array.isArray(values)) return {};
  return Object.fromEntries(Object.entries(values).filter((e): e is [string, string] => typeof e[1] === "string"));
}

/** Reads a run directory (or a `latest` link to one); a path that is not a run, or files not shaped as faultline writes them, are bad input. */
export async function readRun(path: string): Promise<RunSummary> {
  let dir: string;
  let runData: unknown;
  let resultsData: unknown;
  try {
    dir = await realpath(path);
    runData = JSON.parse(await readFile(join(dir, "run.json"), "utf8"));
    resultsData = JSON.parse(await readFile(join(dir, "results.json"), "utf8"));
  } catch (error) {
    throw new BadInputError(
      "run",
      `${path} is not a judged run directory (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      "Give a directory under reports/runs/<suite>/ holding run.json and results.json, e.g. reports/runs/redis/latest.",
    );
  }
  const run = storedFile(storedRunSchema, runData, join(dir, "run.json"));
  const results = storedFile(storedResultsSchema, resultsData, join(dir, "results.json"));
  return {
    dir,
    runId: run.runId ?? "",
    suite: run.suite ?? "",
    scenario: run.scenario ?? "",
    target: run.target ?? "",
    engineVersion: run.images?.[0]?.engineVersion ?? "",
    valid: results.valid,
    verdicts: Object.fromEntries(Object.values(results.results).map((r) => [r.checker, r.valid])),
    metrics: metricsOf(results),
    advisoryFalse: Object.values(results.results)
      .filter((r) => r.advisory === true && r.valid === false)
      .map((r) => r.checker),
    settings: settingsOf(run.config),
  };
}
