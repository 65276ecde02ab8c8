import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import type { CheckResult } from "../checkers/verdict.ts";
import { findingLines } from "./findings.ts";
import type { RunResults } from "./store.ts";

/** One judged run, as allureResults needs it. */
export interface AllureRun {
  suite: string;
  scenario: string;
  target: string;
  engineVersion?: string;
  runId: string;
  startMs: number;
  stopMs: number;
  results: RunResults;
  runDir?: string;
  /** The "host" label; by default ALLURE_HOST_NAME or the machine's hostname, as allure-js does. */
  host?: string;
}

/** The fields of an Allure 2 test result (allure-js-commons' TestResult) that faultline fills in. */
export interface AllureTestResult {
  uuid: string;
  historyId: string;
  testCaseId: string;
  name: string;
  fullName: string;
  titlePath: string[];
  status: "passed" | "failed" | "broken" | "skipped";
  statusDetails: { message?: string; trace?: string };
  stage: "finished";
  description?: string;
  start: number;
  stop: number;
  labels: Array<{ name: string; value: string }>;
  parameters: Array<{ name: string; value: string }>;
  steps: never[];
  attachments: never[];
  links: never[];
}

export interface AllureResultFile {
  fileName: string;
  json: AllureTestResult;
}

/** An Allure id for a test case: the same fullName gives the same id in every run (md5 hex, as allure-js uses). */
const caseId = (fullName: string) => createHash("md5").update(fullName).digest("hex");

const statusOf = (valid: CheckResult["valid"]): AllureTestResult["status"] =>
  valid === true ? "passed" : valid === false ? "failed" : "broken";

/**
 * Allure 2 result files ("<uuid>-result.json") for one judged run: one test result per checker,
 * like the JUnit report's one testcase per checker. A false verdict is "failed"; "unknown" is
 * "broken" (never passed). A run no checker judged gives one "broken" result with the run's reason.
 * Pure but for the uuid source (and the default host label).
 */
export function allureResults(run: AllureRun, uuid: () => string): AllureResultFile[] {
  const host = run.host ?? process.env.ALLURE_HOST_NAME ?? hostname();
  const base = `faultline.${run.suite}.${run.scenario}.${run.target}`;
  const parameters = [{ name: "target", value: run.target }, ...(run.engineVersion ? [{ name: "engine", value: run.engineVersion }] : [])];
  const description = run.runDir ? `run directory ${run.runDir}` : `run ${run.runId}`;

  const one = (
    name: string,
    fullName: string,
    titleTail: string[],
    status: AllureTestResult["status"],
    statusDetails: AllureTestResult["statusDetails"],
    tags: string[],
  ): AllureResultFile => {
    const id = uuid();
    const json: AllureTestResult = {
      uuid: id,
      historyId: caseId(fullName),
      testCaseId: caseId(fullName),
      name,
      fullName,
      titlePath: ["faultline", run.suite, run.scenario, run.target, ...titleTail],
      status,
      statusDetails,
      stage: "finished",
      description,
      start: run.startMs,
      stop: run.stopMs,
      labels: [
        { name: "parentSuite", value: "faultline" },
        { name: "suite", value: run.suite },
        { name: "subSuite", value: run.target },
        { name: "framework", value: "faultline" },
        { name: "host", value: host },
        ...tags.map((value) => ({ name: "tag", value })),
      ],
      parameters: parameters.map((p) => ({ ...p })),
      steps: [],
      attachments: [],
      links: [],
    };
    return { fileName: `${id}-result.json`, json };
  };

  const checks = Object.values(run.results.results);
  if (checks.length === 0) {
    // No checker ran (the history could not be judged, or the cluster never came up): one broken result says why.
    return [one(`${run.scenario} [${run.target}]`, base, [], "broken", { message: run.results.reason ?? "not judged" }, [])];
  }
  return checks.map((r) => {
    const status = statusOf(r.valid);
    const advisory = r.advisory === true;
    const fallback = r.valid === false ? `${r.checker} found a violation` : r.valid === true ? undefined : "verdict unknown";
    const reason = r.reason ?? fallback;
    const message = reason && advisory && r.valid !== true ? `${reason} (advisory: not part of the run's verdict)` : reason;
    // The summary, not every element: results.json in the run directory holds the rest.
    const lines = findingLines(r, 50);
    const statusDetails: AllureTestResult["statusDetails"] = {
      ...(message ? { message } : {}),
      ...(lines.length > 0 ? { trace: lines.join("\n") } : {}),
    };
    return one(
      `${run.scenario} [${run.target}] ${r.checker}`,
      `${base}.${r.checker}`,
      [r.checker],
      status,
      statusDetails,
      advisory ? ["advisory"] : [],
    );
  });
}

/** Writes allureResults' files into dir (created if missing); returns the paths written. */
export async function writeAllureResults(dir: string, files: ReadonlyArray<{ fileName: string; json: object }>): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  return Promise.all(
    files.map(async (f) => {
      const path = join(dir, f.fileName);
      await writeFile(path, `${JSON.stringify(f.json)}\n`);
      return path;
    }),
  );
}
