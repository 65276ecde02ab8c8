import { statSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { BadInputError } from "../core/errors.ts";

/**
 * A file a flag names for output (`matrix --html <file>`), checked before any work is done:
 * a directory, or a folder that does not exist, is bad input naming the flag, not an EISDIR or
 * ENOENT after the table was already printed.
 */
export function checkOutputFile(flag: string, path: string, example: string): string {
  const full = resolve(path);
  const stat = statSync(full, { throwIfNoEntry: false });
  if (stat?.isDirectory())
    throw new BadInputError(flag, `${JSON.stringify(path)} is a directory`, `Give the path of a file, e.g. ${flag} ${example}.`);
  const folder = dirname(full);
  const parent = statSync(folder, { throwIfNoEntry: false });
  if (!parent?.isDirectory())
    throw new BadInputError(
      flag,
      `the folder of ${JSON.stringify(path)} (${folder}) ${parent ? "is not a directory" : "does not exist"}`,
      `Create it first, or give a file in an existing folder, e.g. ${flag} ${example}.`,
    );
  return full;
}

/** Writes an output file checked by checkOutputFile; a refusal now (permissions, a full disk) names the flag too. */
export async function writeOutputFile(flag: string, path: string, text: string): Promise<void> {
  try {
    await writeFile(path, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new BadInputError(flag, `cannot write ${path} (${code})`, "Give a file you can write.");
  }
}
