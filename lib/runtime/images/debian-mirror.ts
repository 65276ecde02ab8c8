import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { InfrastructureError } from "../../core/errors.ts";

export interface AptSourceFile {
  path: string;
  text: string;
}

/**
 * The Debian archive this machine's apt already uses, so that nothing in the repository names
 * a mirror: the first `deb` source (deb822 `.sources` or one-line `sources.list`) for a plain
 * release suite (not -security, -updates, -backports).
 */
export function debianMirrorFrom(files: readonly AptSourceFile[]): string | undefined {
  const isRelease = (suite: string) => /^[a-z]+$/.test(suite);
  for (const file of files) {
    if (file.path.endsWith(".sources")) {
      for (const stanza of file.text.split(/\n\s*\n/)) {
        const field = (name: string) => new RegExp(`^${name}:\\s*(.+)$`, "im").exec(stanza)?.[1]?.trim();
        if (/^enabled:\s*(no|false|off|without|disable)\s*$/im.test(stanza)) continue;
        const types = field("Types")?.split(/\s+/) ?? [];
        const uri = field("URIs")?.split(/\s+/)[0];
        const suites = field("Suites")?.split(/\s+/) ?? [];
        if (types.includes("deb") && uri && suites.some(isRelease)) return uri;
      }
    } else {
      for (const raw of file.text.split("\n")) {
        const line = raw.replace(/#.*/, "").trim();
        const match = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)/.exec(line);
        if (match?.[1] && match[2] && isRelease(match[2])) return match[1];
      }
    }
  }
  return undefined;
}

export async function readAptSources(root = "/etc/apt"): Promise<AptSourceFile[]> {
  const files: AptSourceFile[] = [];
  const tryRead = async (path: string) => {
    try {
      files.push({ path, text: await readFile(path, "utf8") });
    } catch {
      // absent files are simply not sources
    }
  };
  await tryRead(join(root, "sources.list"));
  try {
    for (const name of (await readdir(join(root, "sources.list.d"))).sort()) {
      if (name.endsWith(".sources") || name.endsWith(".list")) await tryRead(join(root, "sources.list.d", name));
    }
  } catch {
    // no sources.list.d
  }
  return files;
}

/** FAULTLINE_DEBIAN_MIRROR overrides; otherwise the machine's apt configuration decides. */
export async function debianMirror(): Promise<string> {
  const override = process.env.FAULTLINE_DEBIAN_MIRROR;
  if (override) return override;
  const mirror = debianMirrorFrom(await readAptSources());
  if (!mirror) {
    throw new InfrastructureError(
      "no Debian mirror found in /etc/apt/sources.list or /etc/apt/sources.list.d/: cannot debootstrap a base image. " +
        "Set FAULTLINE_DEBIAN_MIRROR to a Debian archive URL, or make debian:bookworm / debian:trixie available to Docker.",
    );
  }
  return mirror;
}
