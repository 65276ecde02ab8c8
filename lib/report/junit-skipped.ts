import { escapeXml, renderJUnit } from "./junit.ts";

/** One <testsuite> of skipped cases, one per scenario, each with the reason and the command to run it elsewhere. */
export function skippedTestsuite(suite: string, target: string, scenarios: readonly string[], reason: string, howToRun: string) {
  const message = escapeXml(`${reason} To run it: ${howToRun}`);
  const cases = scenarios.map(
    (s) =>
      `    <testcase classname="faultline.${escapeXml(suite)}" name="${escapeXml(`${s} [${target}]`)}" time="0"><skipped message="${message}"/></testcase>`,
  );
  const xml = [
    `  <testsuite name="${escapeXml(`${suite} [${target}]`)}" tests="${cases.length}" failures="0" errors="0" skipped="${cases.length}" time="0">`,
    ...cases,
    "  </testsuite>",
  ].join("\n");
  return { xml, tests: cases.length, skipped: cases.length };
}

/**
 * JUnit XML for a suite that could not run at all (its image cannot be had): one skipped case
 * per scenario with the reason and the command to run it elsewhere, so CI shows "skipped",
 * never "passed".
 */
export function renderSkippedJUnit(suite: string, target: string, scenarios: readonly string[], reason: string, howToRun: string): string {
  return renderJUnit([], skippedTestsuite(suite, target, scenarios, reason, howToRun));
}
