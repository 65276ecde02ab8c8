import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";

export interface ContextFile {
  /** Path relative to the build context, with forward slashes. */
  path: string;
  content: Buffer;
}

/** Bumped when the way local images are made changes in a way the inputs below do not show. */
const RECIPE_FORMAT = "1";

/**
 * A tag derived from everything a local build depends on: the recipe name, the base image's
 * id, build inputs, and every context file's path and content. A changed Dockerfile (or a
 * rebuilt base) gives a new tag and so a rebuild; unchanged inputs reuse the image.
 */
export function contentTag(name: string, inputs: Record<string, string>, files: readonly ContextFile[]): string {
  const hash = createHash("sha256");
  hash.update(`format ${RECIPE_FORMAT}\nname ${name}\n`);
  for (const key of Object.keys(inputs).sort()) hash.update(`input ${key}=${inputs[key]}\n`);
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    hash.update(`file ${file.path} ${createHash("sha256").update(file.content).digest("hex")}\n`);
  }
  return hash.digest("hex").slice(0, 12);
}

/** Reads a build context; `.gitignore` files are bookkeeping, not build inputs. */
export async function readContext(dir: string): Promise<ContextFile[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files: ContextFile[] = [];
  for (const entry of entries) {
    if (!entry.isFile() || entry.name === ".gitignore") continue;
    const full = join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name);
    files.push({ path: relative(dir, full).split("\\").join("/"), content: await readFile(full) });
  }
  return files;
}
