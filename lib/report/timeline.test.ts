import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { listAppendChecker } from "../checkers/list-append.ts";
import { setChecker } from "../checkers/set.ts";
import { composeResults, runChecker } from "../checkers/verdict.ts";
import { projectPath } from "../core/paths.ts";
import { parseHistory } from "../history/loader.ts";
import { parseEventsJsonl } from "./engine-event.ts";
import { renderTimeline } from "./timeline.ts";

const file = (name: string) => readFileSync(projectPath("fixtures", "histories", "timeline", name), "utf8");

function galeraPage(): string {
  const history = parseHistory(file("galera-read-skew.jsonl"), "galera-read-skew.jsonl");
  const { valid, results } = composeResults([
    runChecker(listAppendChecker, history, { model: "serializable" }),
    runChecker(setChecker, history, {}),
  ]);
  const events = parseEventsJsonl(file("galera-read-skew.events.jsonl"));
  return renderTimeline({ title: "galera / isolate-one", subtitle: "fixture", history, valid, results, events });
}

const count = (html: string, re: RegExp) => html.match(re)?.length ?? 0;

describe("renderTimeline: anomalies, lost writes, engine events, fault labels", () => {
  const html = galeraPage();

  it("labels the partition by what was cut from what", () => {
    expect(html).toContain('<text class="fault-label" x="');
    expect(html).toContain(">partition: n3 cut off from n1,n2</text>");
  });

  it("outlines the reported cycle's transactions on their lanes and names them above", () => {
    expect([...html.matchAll(/<rect class="mark anomalous" data-index="(\d+)"/g)].map((m) => m[1])).toEqual(["184", "185"]);
    // Both ticks a pixel apart: one label names both.
    expect(html).toContain(">T184,T185 G-single</text>");
    expect(html).toContain("▢ in a reported anomaly 2");
  });

  it("outlines each lost acknowledged write and lists them", () => {
    expect(count(html, /<rect class="mark lost"/g)).toBe(4);
    // 150 ms apart, too close for a label each: one label for the four.
    expect(html).toContain(">lost 12,13,14,15</text>");
    expect(html).toContain("Lost acknowledged writes (4)");
    expect(count(html, /<tr class="lost">/g)).toBe(4);
    expect(html).toContain('<span id="lost-summary">Acknowledged between 1.840 s and 2.290 s, through n3 (4).</span>');
  });

  it("draws the cycle: two boxes, an rw and a wr arrow labelled with their keys, and the checker's explanation", () => {
    expect(count(html, /<svg class="cycle"/g)).toBe(1);
    expect(count(html, /class="txn-box"/g)).toBe(2);
    expect([...html.matchAll(/class="edge-label"[^>]*>([^<]*)</g)].map((m) => m[1])).toEqual(["rw x", "wr y"]);
    expect(html).toContain("G-single: T184 -rw-&gt; T185 -wr-&gt; T184");
    expect(html).toMatch(/data-anomaly="G-single">G-single <span class="sub">list-append, forbidden by serializable, 1 found/);
  });

  it("puts the engine's events on rows per node, leaving out those before the history began", () => {
    const diamonds = [...html.matchAll(/<polygon class="event (\w+)[^"]*" data-kind="([\w-]+)" data-node="(\w+)"/g)].map((m) => [
      m[3],
      m[2],
      m[1],
    ]);
    expect(diamonds).toEqual([
      ["n1", "primary", "recovery"],
      ["n1", "primary", "recovery"],
      ["n2", "primary", "recovery"],
      ["n2", "primary", "recovery"],
      ["n3", "non-primary", "trouble"],
      ["n3", "primary", "recovery"],
      ["n3", "synced", "recovery"],
    ]);
    expect(html).toContain(">Primary (2 members)</text>");
  });

  it("stays self-contained: no script, nothing fetched", () => {
    expect(html).not.toMatch(/<script|src=|href=|@import|url\((?!#)/);
  });

  it("a run without anomalies, losses or events draws none of them", () => {
    const history = parseHistory(file("partition.jsonl"), "partition.jsonl");
    const { valid, results } = composeResults([runChecker(setChecker, history, {})]);
    const plain = renderTimeline({ title: "t", subtitle: "s", history, valid, results });
    expect(plain).not.toMatch(/class="mark |class="event |id="anomalies"|id="lost-writes"/);
    expect(count(plain, /<rect class="op /g)).toBe(6);
  });
});
