import { escapeXml } from "./junit.ts";

/**
 * JUnit XML for a suite that could not run at all (its image cannot be had): one skipped case
 * per scenario with the reason and the command to run it elsewhere, so CI shows "skipped",
 * never "passed".
 */
export function renderSkippedJUnit(suite: string, target: string, scenarios: readonly string[], reason: string, howToRun: string): string {
  const message = escapeXml(`${reason} To run it: ${howToRun}`);
  const cases = scenarios.map(
    (s) =>
      `    <testcase classname="faultline.${escapeXml(suite)}" name="${escapeXml(`${s} [${target}]`)}" time="0"><skipped message="${message}"/></testcase>`,
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="faultline" tests="${cases.length}" failures="0" errors="0" skipped="${cases.length}">`,
    `  <testsuite name="${escapeXml(`${suite} [${target}]`)}" tests="${cases.length}" failures="0" errors="0" skipped="${cases.length}" time="0">`,
    ...cases,
    "  </testsuite>",
    "</testsuites>",
    "",
  ].join("\n");
}
