import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as allure from "allure-js-commons";
import type { Phase } from "../../lib/checkers/availability-phases.ts";

/**
 * Describes a finished run in Allure: epic = engine, feature = scenario, story = fault,
 * severity; one step per phase of the run (from the availability checker's phases) with its
 * outcome counts; and the run's files attached (history, results, JUnit, timeline, node logs).
 */
export async function describeRunInAllure(
  dir: string,
  labels: { engine: string; scenario: string; fault: string; severity?: string },
): Promise<void> {
  await allure.epic(labels.engine);
  await allure.feature(labels.scenario);
  await allure.story(labels.fault);
  await allure.severity(labels.severity ?? "critical");
  const results = JSON.parse(readFileSync(join(dir, "results.json"), "utf8")) as {
    valid: unknown;
    results: Record<string, { valid: unknown; phases?: Phase[] }>;
  };
  for (const p of results.results.availability?.phases ?? []) {
    const name = `${p.kind}${p.faults.length ? ` (${p.faults.join(", ")})` : ""}: ${p.startMs.toFixed(0)} ms to ${p.endMs === null ? "end" : `${p.endMs.toFixed(0)} ms`}, ok ${p.ok}, fail ${p.fail}, info ${p.info}`;
    await allure.logStep(name, p.fail + p.info === 0 ? allure.Status.PASSED : allure.Status.BROKEN);
  }
  for (const [name, r] of Object.entries(results.results)) {
    await allure.logStep(
      `${name}: ${String(r.valid)}`,
      r.valid === true ? allure.Status.PASSED : r.valid === false ? allure.Status.FAILED : allure.Status.BROKEN,
    );
  }
  const files: Array<[string, string]> = [
    ["history.jsonl", "application/x-ndjson"],
    ["results.json", "application/json"],
    ["run.json", "application/json"],
    ["junit.xml", "application/xml"],
    ["timeline.html", "text/html"],
  ];
  for (const [file, type] of files)
    if (existsSync(join(dir, file))) await allure.attachmentPath(file, join(dir, file), { contentType: type });
  for (const log of readdirSync(join(dir, "logs")).sort())
    await allure.attachmentPath(`logs/${log}`, join(dir, "logs", log), { contentType: "text/plain" });
}
