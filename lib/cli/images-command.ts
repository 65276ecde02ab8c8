import { didYouMean } from "../core/did-you-mean.ts";
import { BadInputError, errorMessage } from "../core/errors.ts";
import type { Logger } from "../core/logger.ts";
import { CATALOG, imageResolver, type ResolvedImage, resolveOptionsFromEnv } from "../runtime/images.ts";
import { givenList } from "./options.ts";
import { withRuntime } from "./with-runtime.ts";

export interface ImageRow {
  name: string;
  available: boolean;
  source: "official" | "local" | null;
  ref: string | null;
  engineVersion: string | null;
  sizeBytes: number | null;
  action: ResolvedImage["action"] | null;
  buildable: boolean;
  error?: string;
}

/**
 * `faultline images`: resolves every catalog image (building what must be built) and lists
 * them. Official-only images that cannot be had here are listed as unavailable with the
 * reason; the command fails (exit 2) only when an image with a local recipe could not be made.
 */
export async function imagesCommand(
  flags: { json?: boolean; only?: string },
  logger: Logger,
  out: (text: string) => void,
): Promise<number> {
  const options = resolveOptionsFromEnv();
  // Checked before Docker is asked anything: an empty --only is not "every image", and a typo is not Docker's to find.
  const wanted = flags.only === undefined ? CATALOG.map((e) => e.name) : catalogNames(flags.only);
  return withRuntime(logger, async (runtime) => {
    const resolver = imageResolver(runtime, options);
    const rows: ImageRow[] = [];
    for (const name of wanted) {
      const entry = CATALOG.find((e) => e.name === name);
      const buildable = entry?.local !== undefined;
      try {
        rows.push(imageRow(name, buildable, { image: await resolver.resolve(name) }));
      } catch (error) {
        if (!entry) throw error;
        rows.push(imageRow(name, buildable, { error }));
      }
    }
    if (flags.json) out(JSON.stringify(rows, null, 2));
    else out(formatImageTable(rows));
    return rows.some((r) => r.buildable && !r.available) ? 2 : 0;
  });
}

/** `--only a,b` as catalog names; empty, or a name the catalog does not have, is bad input. */
export function catalogNames(only: string): string[] {
  const known = CATALOG.map((e) => e.name);
  const names = givenList("--only", only, "", known.slice(0, 2).join(","));
  for (const name of names) {
    if (!known.includes(name)) {
      const near = didYouMean(name, known);
      throw new BadInputError(
        "--only",
        `${JSON.stringify(name)} is not an image of the catalog${near ? ` (did you mean ${near}?)` : ""}`,
        `Use one or more of: ${known.join(", ")}.`,
      );
    }
  }
  return names;
}

/** One listed image: resolved, or unavailable with the reason. */
export function imageRow(name: string, buildable: boolean, outcome: { image: ResolvedImage } | { error: unknown }): ImageRow {
  if ("image" in outcome) {
    const { source, ref, engineVersion, sizeBytes, action } = outcome.image;
    return { name, available: true, source, ref, engineVersion, sizeBytes, action, buildable };
  }
  const none = { source: null, ref: null, engineVersion: null, sizeBytes: null, action: null };
  return { name, available: false, ...none, buildable, error: errorMessage(outcome.error) };
}

export function formatImageTable(rows: readonly ImageRow[]): string {
  const header = ["NAME", "SOURCE", "VERSION", "SIZE", "IMAGE"];
  const cells = rows.map((r) =>
    r.available
      ? [r.name, r.source ?? "", r.engineVersion ?? "", `${Math.round((r.sizeBytes ?? 0) / 1e6)} MB`, `${r.ref} (${r.action})`]
      : [r.name, "-", "-", "-", `unavailable: ${r.error}`],
  );
  const widths = header.map((h, i) => Math.max(h.length, ...cells.slice(0).map((c) => (i < 4 ? (c[i] ?? "").length : 0))));
  return [header, ...cells].map((row) => row.map((c, i) => (i < 4 ? c.padEnd(widths[i] ?? 0) : c)).join("  ")).join("\n");
}
