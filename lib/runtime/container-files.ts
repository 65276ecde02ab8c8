import { posix } from "node:path";
import { pack } from "tar-stream";

/** A file (or an empty directory) put into a container after it is created and before it starts. */
export interface ContainerFile {
  /** Absolute path inside the container. */
  path: string;
  /** The file's bytes; ignored for a directory. */
  content: string | Buffer;
  /**
   * An empty directory instead of a file, for one the image does not have: a non-root server
   * cannot create a directory under /var/lib itself. Never an existing directory: extraction
   * would reset its mode and owner.
   */
  directory?: true;
  /** Permission bits; 0o644 for a file, 0o755 for a directory, unless given. */
  mode?: number;
  /** Owner inside the container; root (0) unless given. */
  uid?: number;
  gid?: number;
}

/** The tar entry name of a file path: absolute and normalised, without its leading slash. */
export function entryName(path: string): string {
  if (!path.startsWith("/") || path.endsWith("/") || posix.normalize(path) !== path || path.split("/").includes("..")) {
    throw new RangeError(`container file path "${path}" is not an absolute, normalised file path`);
  }
  return path.slice(1);
}

/**
 * A tar archive of the files, to extract at "/" (Docker's PUT /containers/{id}/archive).
 * Holds no entry for a parent directory: an entry for a directory that exists already (/etc,
 * /tmp) would have its mode and owner overwritten by the extraction (/tmp would lose its sticky
 * bit); Docker creates missing parent directories itself (0755, root), as the live test checks.
 * A directory entry is written only for a path given as `directory` (one the image lacks).
 */
export async function tarOf(files: readonly ContainerFile[], mtime = new Date()): Promise<Buffer> {
  const paths = files.map((f) => f.path);
  const twice = paths.find((p, i) => paths.indexOf(p) !== i);
  if (twice) throw new RangeError(`container file path "${twice}" is given twice`);
  paths.forEach(entryName);
  const archive = pack();
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    archive.on("data", (chunk: unknown) => chunks.push(chunk as Buffer));
    archive.on("end", () => resolve(Buffer.concat(chunks)));
    archive.on("error", reject);
  });
  for (const f of files) {
    const owner = { uid: f.uid ?? 0, gid: f.gid ?? 0, mtime };
    if (f.directory) {
      archive.entry({ name: `${entryName(f.path)}/`, type: "directory", mode: f.mode ?? 0o755, ...owner });
      continue;
    }
    const content = typeof f.content === "string" ? Buffer.from(f.content, "utf8") : f.content;
    archive.entry({ name: entryName(f.path), type: "file", mode: f.mode ?? 0o644, ...owner }, content);
  }
  archive.finalize();
  return done;
}
