import { describe, expect, it } from "vitest";
import type { RunResults } from "./store.ts";
import { renderSuiteJUnit, type SuiteJUnitRun, type SuiteJUnitSkip } from "./suite-junit.ts";

const passed: RunResults = {
  valid: true,
  checkedAt: "2026-11-27T15:00:00.000Z",
  results: {
    set: { checker: "set", valid: true },
    availability: { checker: "availability", valid: true },
  },
};

const failed: RunResults = {
  valid: false,
  checkedAt: "2026-11-27T15:05:00.000Z",
  results: {
    set: { checker: "set", valid: false, lost: [7] },
    availability: { checker: "availability", valid: true },
  },
};

const run = (over: Partial<SuiteJUnitRun>): SuiteJUnitRun => ({
  scenario: "set-partition",
  target: "mariadb-10.11",
  runId: "fl-run1",
  durationMs: 2_000,
  ...over,
});

const runs: SuiteJUnitRun[] = [
  run({ results: passed }),
  run({ results: failed, durationMs: 3_500 }),
  run({ scenario: "bank", target: "pxc-8.0", error: "timed out after 90.0 s waiting for n2 <Synced>" }),
];

const skipped: SuiteJUnitSkip[] = [
  {
    scenario: "set-partition",
    target: "pxc-9.0",
    reason: "the image cannot be had on arm64.",
    howToRun: "npx faultline run galera --target pxc-9.0 on x86-64",
  },
  {
    scenario: "bank",
    target: "pxc-9.0",
    reason: "the image cannot be had on arm64.",
    howToRun: "npx faultline run galera --target pxc-9.0 on x86-64",
  },
];

const count = (xml: string, re: RegExp) => xml.match(re)?.length ?? 0;

describe("renderSuiteJUnit", () => {
  const xml = renderSuiteJUnit("galera", runs, skipped);

  it("counts every run's cases and the skipped ones on <testsuites>", () => {
    // 2 + 2 checker cases, 1 error case for the run that never ran, 2 skipped.
    expect(xml).toContain('<testsuites name="faultline" tests="7" failures="1" errors="1" skipped="2">');
  });

  it("one <testsuite> per run (repeats too), and one for the skipped target", () => {
    expect(count(xml, /<testsuite /g)).toBe(4);
    expect(count(xml, /<testsuite name="galera\/set-partition \[mariadb-10.11\]"/g)).toBe(2);
    expect(xml).toContain('<testsuite name="galera/set-partition [mariadb-10.11]" tests="2" failures="0" errors="0" time="2.000"');
    expect(xml).toContain('<testsuite name="galera/set-partition [mariadb-10.11]" tests="2" failures="1" errors="0" time="3.500"');
    expect(xml).toContain('<testsuite name="galera [pxc-9.0]" tests="2" failures="0" errors="0" skipped="2" time="0">');
  });

  it("a run that could not be run is one error case carrying its error", () => {
    expect(xml).toContain('<testsuite name="galera/bank [pxc-8.0]" tests="1" failures="0" errors="1"');
    expect(xml).toContain(
      '<testcase classname="faultline.galera" name="bank [pxc-8.0]" time="0"><error message="the scenario could not be run: timed out after 90.0 s waiting for n2 &lt;Synced&gt;" type="unknown"/></testcase>',
    );
  });

  it("the failed check is a <failure> with its findings", () => {
    expect(xml).toMatch(
      /name="set-partition \[mariadb-10.11\] set" time="3.500">\s*<failure message="set found a violation" type="invalid">lost \(1\): 7<\/failure>/,
    );
  });

  it("skipped cases carry the reason and how to run them", () => {
    const message = '<skipped message="the image cannot be had on arm64. To run it: npx faultline run galera --target pxc-9.0 on x86-64"/>';
    expect(xml).toContain(`<testcase classname="faultline.galera" name="set-partition [pxc-9.0]" time="0">${message}</testcase>`);
    expect(xml).toContain(`<testcase classname="faultline.galera" name="bank [pxc-9.0]" time="0">${message}</testcase>`);
    expect(count(xml, /<skipped /g)).toBe(2);
  });

  it("a run with neither results nor error still says it was not run", () => {
    const only = renderSuiteJUnit("ndb", [run({ target: "ndb-8.0" })], []);
    expect(only).toContain('<testsuites name="faultline" tests="1" failures="0" errors="1">');
    expect(only).toContain('<error message="the scenario could not be run: no result" type="unknown"/>');
  });

  it("skipped targets get one <testsuite> each; no skipped attribute when nothing was skipped", () => {
    const two = renderSuiteJUnit(
      "ndb",
      [],
      [
        { scenario: "failover", target: "ndb-8.0", reason: "no image.", howToRun: "a" },
        { scenario: "failover", target: "ndb-8.4", reason: "no image.", howToRun: "b" },
      ],
    );
    expect(two).toContain('<testsuites name="faultline" tests="2" failures="0" errors="0" skipped="2">');
    expect(count(two, /<testsuite /g)).toBe(2);
    const none = renderSuiteJUnit("redis", [run({ target: "redis-7.0", results: passed })], []);
    expect(none).toContain('<testsuites name="faultline" tests="2" failures="0" errors="0">');
    expect(none).not.toContain("skipped");
  });
});
