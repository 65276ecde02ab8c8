import { resolve } from "node:path";

/** Where reports go and which are written (the config file's `reports`). */
export interface ReportOutputs {
  /** Absolute: run directories in <dir>/runs, JUnit in <dir>/junit, Allure in <dir>/allure-results, the matrix in <dir>. */
  dir: string;
  junit: boolean;
  html: boolean;
  allure: boolean;
}

let chosen: ReportOutputs | undefined;

/**
 * The outputs in force: as set from the config file, else `reports/` under the working
 * directory (where the user runs faultline, not where the package is installed), everything on.
 */
export function reportOutputs(): ReportOutputs {
  return chosen ?? { dir: resolve(process.cwd(), "reports"), junit: true, html: true, allure: true };
}

/** Sets the outputs from the config file's `reports` (dir relative to `cwd`). */
export function setReportOutputs(o: { dir: string; junit: boolean; html: boolean; allure: boolean }, cwd = process.cwd()): ReportOutputs {
  chosen = { ...o, dir: resolve(cwd, o.dir) };
  return chosen;
}

/** A path under the reports directory. */
export const reportsPath = (...parts: string[]): string => resolve(reportOutputs().dir, ...parts);
