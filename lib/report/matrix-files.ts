import { mkdir, writeFile } from "node:fs/promises";
import { relative } from "node:path";
import { buildMatrix, matrixHtml, matrixMarkdown } from "./matrix.ts";
import { reportOutputs, reportsPath } from "./outputs.ts";
import { type RepeatGroup, repeatHtml, repeatMarkdown } from "./repeat-stats.ts";
import type { RunSummary } from "./run-summary.ts";

export interface MatrixSkip {
  suite: string;
  scenario: string;
  target: string;
  reason: string;
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** The end of a run's matrix in Markdown: the table, skipped suites, and the repeat statistics when repeated. */
export function matrixDocument(summaries: readonly RunSummary[], groups: readonly RepeatGroup[], skipped: readonly MatrixSkip[]): string {
  const parts = [summaries.length > 0 ? matrixMarkdown(buildMatrix(summaries)) : "No scenario ran.\n"];
  if (skipped.length > 0)
    parts.push(`Skipped (nothing verified):\n${skipped.map((s) => `- ${s.suite}/${s.scenario} on ${s.target}: ${s.reason}`).join("\n")}\n`);
  if (groups.length > 0) parts.push(repeatMarkdown(groups));
  return parts.join("\n");
}

/** Writes <reports>/matrix.md and, unless HTML is off, <reports>/matrix.html (predictable paths for CI artifacts). */
export async function writeMatrixFiles(
  summaries: readonly RunSummary[],
  groups: readonly RepeatGroup[],
  skipped: readonly MatrixSkip[],
): Promise<{ markdown: string; mdPath: string; htmlPath: string | undefined }> {
  const markdown = matrixDocument(summaries, groups, skipped);
  const sections = [
    ...(skipped.length > 0
      ? [
          `<h2>Skipped (nothing verified)</h2><ul>${skipped.map((s) => `<li>${esc(`${s.suite}/${s.scenario} on ${s.target}: ${s.reason}`)}</li>`).join("")}</ul>`,
        ]
      : []),
    ...(groups.length > 0 ? [repeatHtml(groups)] : []),
  ];
  const mdPath = reportsPath("matrix.md");
  const htmlPath = reportsPath("matrix.html");
  await mkdir(reportsPath(), { recursive: true });
  await writeFile(mdPath, `# faultline: scenario x target\n\n${markdown}`);
  const html = reportOutputs().html;
  if (html) await writeFile(htmlPath, matrixHtml(buildMatrix(summaries), sections));
  return { markdown, mdPath: relative(process.cwd(), mdPath), htmlPath: html ? relative(process.cwd(), htmlPath) : undefined };
}
