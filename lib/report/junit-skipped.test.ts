import { describe, expect, it } from "vitest";
import { renderSkippedJUnit } from "./junit-skipped.ts";

const SCENARIOS = ["replication", "data-node-failure", "data-node-partition", "arbitrator-loss", "sql-node-failure"];
const REASON = "image mysql/mysql-cluster:8.0 is not available: pull failed";
const HOW = "on a machine that can pull mysql/mysql-cluster:8.0: docker pull mysql/mysql-cluster:8.0 && npx faultline run ndb";

const count = (text: string, needle: string) => text.split(needle).length - 1;

describe("renderSkippedJUnit: a suite whose image cannot be had", () => {
  const xml = renderSkippedJUnit("ndb", "ndb-8.0", SCENARIOS, REASON, HOW);

  it("has one skipped testcase per scenario, named by scenario and target", () => {
    expect(count(xml, "<testcase ")).toBe(SCENARIOS.length);
    expect(count(xml, "<skipped ")).toBe(SCENARIOS.length);
    for (const s of SCENARIOS) {
      expect(xml).toContain(`<testcase classname="faultline.ndb" name="${s} [ndb-8.0]" time="0"><skipped message=`);
    }
    const names = [...xml.matchAll(/<testcase [^>]*name="([^"]*)"/g)].map((m) => m[1]);
    expect(names).toEqual(SCENARIOS.map((s) => `${s} [ndb-8.0]`));
  });

  it("counts every case as skipped and none as failed or in error", () => {
    expect(xml).toContain('<testsuites name="faultline" tests="5" failures="0" errors="0" skipped="5">');
    expect(xml).toContain('<testsuite name="ndb [ndb-8.0]" tests="5" failures="0" errors="0" skipped="5" time="0">');
    expect(xml).not.toContain("<failure");
    expect(xml).not.toContain("<error");
  });

  it("gives the reason and the command to run it elsewhere in every skipped message", () => {
    const messages = [...xml.matchAll(/<skipped message="([^"]*)"\/>/g)].map((m) => m[1]);
    expect(messages).toHaveLength(SCENARIOS.length);
    for (const m of messages) {
      expect(m).toContain("image mysql/mysql-cluster:8.0 is not available: pull failed");
      expect(m).toContain("To run it: on a machine that can pull mysql/mysql-cluster:8.0");
      expect(m).toContain("docker pull mysql/mysql-cluster:8.0 &amp;&amp; npx faultline run ndb");
    }
  });

  it("is well-formed: a declaration, balanced suites, a final newline", () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
    expect(xml.endsWith("</testsuites>\n")).toBe(true);
    expect(count(xml, "<testsuite ")).toBe(1);
    expect(count(xml, "</testsuite>")).toBe(1);
    expect(count(xml, "</testcase>")).toBe(SCENARIOS.length);
  });

  it('escapes & < > " in the reason, the command, the suite and the target', () => {
    const out = renderSkippedJUnit("a&b", 'reg.example/x:"1"', ["s<1>"], 'pull of "x" failed: <denied> & gone', "run it & see");
    expect(out).toContain('message="pull of &quot;x&quot; failed: &lt;denied&gt; &amp; gone To run it: run it &amp; see"');
    expect(out).toContain('classname="faultline.a&amp;b" name="s&lt;1&gt; [reg.example/x:&quot;1&quot;]"');
    expect(out).toContain('<testsuite name="a&amp;b [reg.example/x:&quot;1&quot;]"');
    // No raw special character survives inside an attribute value.
    for (const m of out.matchAll(/="([^"]*)"/g)) expect(m[1]).not.toMatch(/[<>]|&(?!amp;|lt;|gt;|quot;)/);
  });

  it("drops characters XML cannot hold", () => {
    const out = renderSkippedJUnit("ndb", "ndb-8.0", ["replication"], "bad\u0001byte", HOW);
    expect(out).toContain('message="badbyte To run it:');
  });

  it("with no scenarios: an empty suite, still no pass", () => {
    const out = renderSkippedJUnit("ndb", "ndb-8.0", [], REASON, HOW);
    expect(out).toContain('tests="0" failures="0" errors="0" skipped="0"');
    expect(out).not.toContain("<testcase");
  });
});
