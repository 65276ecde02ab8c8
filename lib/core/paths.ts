import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository (or installed package) root: lib/core/ is two levels below it. */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

export function projectPath(...parts: string[]): string {
  return resolve(PROJECT_ROOT, ...parts);
}
