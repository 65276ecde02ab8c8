import { describe, expect, it } from "vitest";
import { renderJUnit } from "./junit.ts";

const base = { suite: "redis", scenario: "set-partition", target: "redis-7.0", runId: "fl-x", durationMs: 12_345 };

describe("renderJUnit", () => {
  it("one testcase per checker: pass, <failure> for false, <error> for unknown, counts on the suite", () => {
    const xml = renderJUnit({
      ...base,
      results: {
        valid: false,
        checkedAt: "2026-11-27T15:00:00.000Z",
        results: {
          set: { checker: "set", valid: false, lost: [2, 3] },
          availability: { checker: "availability", valid: true },
          register: { checker: "register", valid: "unknown", reason: "state budget <1000> ran out" },
        },
      },
    });
    expect(xml).toContain('<testsuites name="faultline" tests="3" failures="1" errors="1">');
    expect(xml).toContain('<testcase classname="faultline.redis" name="set-partition [redis-7.0] availability" time="12.345"></testcase>');
    expect(xml).toMatch(
      /<testcase [^>]*name="set-partition \[redis-7.0\] set"[^>]*>\s*<failure message="set found a violation" type="invalid">/,
    );
    expect(xml).toContain(">lost (2): 2, 3</failure>");
    expect(xml).toContain('<error message="state budget &lt;1000&gt; ran out" type="unknown">');
    expect(xml).toContain('<property name="runId" value="fl-x"/>');
  });

  it("a run that could not be judged is one error, never an empty (passing) suite", () => {
    const xml = renderJUnit({
      ...base,
      results: { valid: "unknown", results: {}, reason: "history line 3: not valid JSON", checkedAt: "t" },
    });
    expect(xml).toContain('tests="1" failures="0" errors="1"');
    expect(xml).toContain('<error message="history line 3: not valid JSON" type="unknown"/>');
  });

  it("escapes markup and drops characters XML cannot hold", () => {
    const xml = renderJUnit({
      ...base,
      scenario: 'a<b>&"c"\u0001',
      results: { valid: true, results: { set: { checker: "set", valid: true } }, checkedAt: "t" },
    });
    expect(xml).toContain("a&lt;b&gt;&amp;&quot;c&quot;");
    expect(xml).not.toContain("\u0001");
  });
});
