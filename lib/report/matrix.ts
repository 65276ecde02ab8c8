import type { Validity } from "../checkers/verdict.ts";
import type { RunSummary } from "./run-summary.ts";

export interface Matrix {
  scenarios: string[];
  targets: string[];
  /** cell[scenario][target]: the verdicts of every run of that pair (repeats give several). */
  cells: Record<string, Record<string, Validity[]>>;
}

/** Scenario x target (vendor compatibility). Rows are `suite/scenario`; columns `target version`. */
export function buildMatrix(runs: readonly RunSummary[]): Matrix {
  const cells: Matrix["cells"] = {};
  const targets = new Set<string>();
  for (const r of runs) {
    // An advisory finding never turns a cell into a failure, but it is not hidden behind "pass" either.
    const advisory = r.advisoryFalse?.length ? ` (advisory: ${r.advisoryFalse.join(", ")} false)` : "";
    const scenario = `${r.suite}/${r.scenario}${advisory}`;
    const target = r.engineVersion ? `${r.target} ${r.engineVersion}` : r.target;
    targets.add(target);
    const row = cells[scenario] ?? {};
    cells[scenario] = row;
    row[target] = [...(row[target] ?? []), r.valid];
  }
  return { scenarios: Object.keys(cells).sort(), targets: [...targets].sort(), cells };
}

/** A cell in words: one verdict, or "flaky" when repeats disagree (never shown as a pass). */
export function cellText(verdicts: readonly Validity[] | undefined): string {
  if (!verdicts || verdicts.length === 0) return "-";
  const distinct = [...new Set(verdicts.map(String))];
  const word = (v: string) => (v === "true" ? "pass" : v === "false" ? "FAIL" : "unknown");
  if (distinct.length > 1) return `flaky (${verdicts.map((v) => word(String(v))).join(", ")})`;
  return verdicts.length > 1 ? `${word(distinct[0] as string)} x${verdicts.length}` : word(distinct[0] as string);
}

export function matrixMarkdown(m: Matrix): string {
  const rows = m.scenarios.map((s) => `| ${s} | ${m.targets.map((t) => cellText(m.cells[s]?.[t])).join(" | ")} |`);
  return [`| scenario | ${m.targets.join(" | ")} |`, `| --- | ${m.targets.map(() => "---").join(" | ")} |`, ...rows, ""].join("\n");
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** The matrix as an HTML page; `sections` (already HTML) follow the table. */
export function matrixHtml(m: Matrix, sections: readonly string[] = []): string {
  const cls = (text: string) => (text.startsWith("pass") ? "pass" : text.startsWith("FAIL") ? "fail" : text === "-" ? "none" : "unknown");
  const body = m.scenarios
    .map(
      (s) =>
        `<tr><th>${esc(s)}</th>${m.targets
          .map((t) => cellText(m.cells[s]?.[t]))
          .map((c) => `<td class="${cls(c)}">${esc(c)}</td>`)
          .join("")}</tr>`,
    )
    .join("\n");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>faultline matrix</title>
<style>body{font:13px system-ui,sans-serif;margin:16px}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 10px;text-align:left}
.pass{background:#d8f0de}.fail{background:#f6d5d5;font-weight:600}.unknown{background:#eee}.none{color:#999}</style></head><body>
<h1>faultline: scenario x target</h1>
<table><tr><th>scenario</th>${m.targets.map((t) => `<th>${esc(t)}</th>`).join("")}</tr>
${body}
</table>
${sections.join("\n")}
</body></html>
`;
}
