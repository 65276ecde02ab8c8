import { describe, expect, it } from "vitest";
import { buildMatrix, matrixHtml } from "./matrix.ts";
import type { RunSummary } from "./run-summary.ts";
import { runSummary } from "./run-summary-fixture.ts";

const summary = (over: Partial<RunSummary>) => runSummary({ engineVersion: "", ...over });

describe("matrixHtml", () => {
  it("one row per scenario with each cell's verdict as its class", () => {
    const html = matrixHtml(buildMatrix([summary({}), summary({ target: "valkey-8.1", valid: false })]));
    expect(html).toContain("<table><tr><th>scenario</th><th>redis-7.0</th><th>valkey-8.1</th></tr>");
    expect(html).toContain('<tr><th>redis/failover</th><td class="pass">pass</td><td class="fail">FAIL</td></tr>');
  });

  it("escapes HTML in scenario and target names and in cells", () => {
    const html = matrixHtml(buildMatrix([summary({ scenario: "<script>a&b</script>", target: "x<y>" })]));
    expect(html).toContain("<th>redis/&lt;script&gt;a&amp;b&lt;/script&gt;</th>");
    expect(html).toContain("<th>x&lt;y&gt;</th>");
    expect(html).not.toContain("<script>");
  });

  it("puts the sections, as given, after the table and before the end of the page", () => {
    const html = matrixHtml(buildMatrix([summary({})]), [
      "<h2>Skipped (nothing verified)</h2><ul><li>ndb/failover</li></ul>",
      "<p>repeats</p>",
    ]);
    expect(html).toContain("</table>\n<h2>Skipped (nothing verified)</h2><ul><li>ndb/failover</li></ul>\n<p>repeats</p>\n</body></html>\n");
  });

  it("without sections, the table ends the page", () => {
    expect(matrixHtml(buildMatrix([summary({})]))).toContain("</table>\n\n</body></html>\n");
  });
});
