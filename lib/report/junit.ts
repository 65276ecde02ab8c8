import { findingLines } from "./findings.ts";
import type { RunResults } from "./store.ts";

/** Characters XML 1.0 can hold: tab, newline, carriage return, and from space up (no surrogates, no U+FFFE/FFFF). */
const xmlAllowed = (code: number) =>
  code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd);

export const escapeXml = (s: string) =>
  [...s]
    .filter((c) => xmlAllowed(c.codePointAt(0) ?? 0) || (c.codePointAt(0) ?? 0) > 0xffff)
    .join("")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");

export interface JUnitRun {
  suite: string;
  scenario: string;
  target: string;
  runId: string;
  durationMs: number;
  results: RunResults;
}

/** One run as a <testsuite> element: one testcase per checker, with its counts for the enclosing <testsuites>. */
export function junitTestsuite(run: JUnitRun): { xml: string; tests: number; failures: number; errors: number } {
  const checks = Object.values(run.results.results);
  const cases = checks.map((r) => {
    const name = `${run.scenario} [${run.target}] ${r.checker}`;
    // The summary, not every element: results.json in the run directory holds the rest.
    const findings = escapeXml([r.reason ?? "", ...findingLines(r, 50)].filter(Boolean).join("\n"));
    const body =
      r.valid === true
        ? ""
        : r.valid === false
          ? `\n      <failure message="${escapeXml(r.reason ?? `${r.checker} found a violation`)}" type="invalid">${findings}</failure>\n    `
          : `\n      <error message="${escapeXml(r.reason ?? "verdict unknown")}" type="unknown">${findings}</error>\n    `;
    return `    <testcase classname="faultline.${escapeXml(run.suite)}" name="${escapeXml(name)}" time="${(run.durationMs / 1000).toFixed(3)}">${body}</testcase>`;
  });
  if (checks.length === 0) {
    // No checker ran (the history could not be judged, or the cluster never came up): one error case says why.
    cases.push(
      `    <testcase classname="faultline.${escapeXml(run.suite)}" name="${escapeXml(`${run.scenario} [${run.target}]`)}" time="0"><error message="${escapeXml(run.results.reason ?? "not judged")}" type="unknown"/></testcase>`,
    );
  }
  const failures = checks.filter((r) => r.valid === false).length;
  const errors = checks.length === 0 ? 1 : checks.filter((r) => r.valid === "unknown").length;
  const xml = [
    `  <testsuite name="${escapeXml(`${run.suite}/${run.scenario} [${run.target}]`)}" tests="${cases.length}" failures="${failures}" errors="${errors}" time="${(run.durationMs / 1000).toFixed(3)}" timestamp="${run.results.checkedAt}">`,
    `    <properties><property name="runId" value="${escapeXml(run.runId)}"/></properties>`,
    ...cases,
    "  </testsuite>",
  ].join("\n");
  return { xml, tests: cases.length, failures, errors };
}

/**
 * JUnit XML for CI: one testsuite per run, one testcase per checker. A false verdict is a
 * <failure> with the findings; "unknown" is an <error> (CI must not read it as a pass).
 */
export function renderJUnit(
  runs: JUnitRun | readonly JUnitRun[],
  extra: { xml: string; tests: number; skipped: number } = { xml: "", tests: 0, skipped: 0 },
): string {
  const suites = (Array.isArray(runs) ? runs : [runs as JUnitRun]).map(junitTestsuite);
  const sum = (k: "tests" | "failures" | "errors") => suites.reduce((n, s) => n + s[k], 0);
  const skipped = extra.skipped > 0 ? ` skipped="${extra.skipped}"` : "";
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="faultline" tests="${sum("tests") + extra.tests}" failures="${sum("failures")}" errors="${sum("errors")}"${skipped}>`,
    ...suites.map((s) => s.xml),
    ...(extra.xml ? [extra.xml] : []),
    "</testsuites>",
    "",
  ].join("\n");
}
