import { compareRuns, formatCompare } from "../report/compare.ts";
import { buildMatrix, matrixHtml, matrixMarkdown } from "../report/matrix.ts";
import { readRun } from "../report/run-summary.ts";
import { checkOutputFile, writeOutputFile } from "./output-file.ts";

/** `faultline compare <runA> <runB>`: exit 0 when no verdict got worse, 1 when one did (a regression). */
export async function compareCommand(a: string, b: string, flags: { json?: boolean }, out: (t: string) => void): Promise<number> {
  const [runA, runB] = await Promise.all([readRun(a), readRun(b)]);
  const rows = compareRuns(runA, runB);
  if (flags.json) out(JSON.stringify({ a: runA, b: runB, rows }, null, 2));
  else out(formatCompare(runA, runB, rows));
  return rows.some((r) => r.note === "REGRESSION") ? 1 : 0;
}

/** `faultline matrix <runs...>`: Markdown on stdout, HTML with --html (its path checked before anything is read). */
export async function matrixCommand(dirs: string[], flags: { html?: string }, out: (t: string) => void): Promise<number> {
  const html = flags.html === undefined ? undefined : checkOutputFile("--html", flags.html, "reports/matrix.html");
  const matrix = buildMatrix(await Promise.all(dirs.map(readRun)));
  out(matrixMarkdown(matrix));
  if (html) await writeOutputFile("--html", html, matrixHtml(matrix));
  return 0;
}
