import { BadInputError, errorMessage, InfrastructureError } from "../../core/errors.ts";
import { type Logger, silentLogger } from "../../core/logger.ts";
import { formatLimit, MAX_DEADLINE_MS } from "../../core/time-limits.ts";
import { catalogEntry, catalogNames, type ImageEntry } from "./catalog.ts";
import { type ContextFile, contentTag } from "./content-tag.ts";

/** The Docker-facing operations the policy needs; tests pass a fake engine (not a fake cluster). */
export interface ImageEngine {
  inspect(ref: string): Promise<{ id: string; sizeBytes: number } | undefined>;
  pull(ref: string, timeoutMs: number): Promise<void>;
  build(ref: string, dir: string, files: readonly ContextFile[], buildArgs: Record<string, string>): Promise<void>;
  bootstrap(ref: string, suite: string): Promise<void>;
  readContext(dir: string): Promise<ContextFile[]>;
  runVersion(ref: string, cmd: string[]): Promise<string>;
}

export type PullPolicy = "auto" | "never";
export type SourcePreference = "auto" | "official" | "local";

export interface ResolveOptions {
  pull: PullPolicy;
  source: SourcePreference;
  pullTimeoutMs: number;
  logger?: Logger;
}

export interface ResolvedImage {
  name: string;
  ref: string;
  id: string;
  source: "official" | "local";
  /** What it took: already there, pulled, or built now. */
  action: "present" | "pulled" | "built";
  engineVersion: string;
  sizeBytes: number;
}

export const LOCAL_REPOSITORY = "faultline";

interface LocalTarget {
  ref: string;
  files: ContextFile[];
  args: Record<string, string>;
}

export function resolveOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): ResolveOptions {
  const pull = env.FAULTLINE_PULL ?? "auto";
  const source = env.FAULTLINE_IMAGE_SOURCE ?? "auto";
  const given = env.FAULTLINE_PULL_TIMEOUT_MS;
  // Digits only (1e12 is not what anyone means by a number of milliseconds), and a deadline's bound.
  const timeout = given === undefined ? 120_000 : /^\d+$/.test(given.trim()) ? Number(given) : Number.NaN;
  if (pull !== "auto" && pull !== "never") {
    throw new BadInputError("FAULTLINE_PULL", `"${pull}" is not a pull policy`, 'Use "auto" (pull when not present) or "never".');
  }
  if (source !== "auto" && source !== "official" && source !== "local") {
    throw new BadInputError("FAULTLINE_IMAGE_SOURCE", `"${source}" is not an image source`, 'Use "auto", "official" or "local".');
  }
  if (!Number.isFinite(timeout) || timeout <= 0 || timeout > MAX_DEADLINE_MS) {
    throw new BadInputError(
      "FAULTLINE_PULL_TIMEOUT_MS",
      `${JSON.stringify(given)} is not a whole number of milliseconds from 1 to ${MAX_DEADLINE_MS} (${formatLimit(MAX_DEADLINE_MS)})`,
      "Give milliseconds, e.g. FAULTLINE_PULL_TIMEOUT_MS=120000.",
    );
  }
  return { pull, source, pullTimeoutMs: timeout };
}

/**
 * Resolves catalog images by the policy: present locally (official tag, then the local
 * build's content tag) -> pull the official image within a deadline -> build the local
 * recipe -> a clear error naming the image and what to do. `source` narrows the choice for
 * comparisons (only official, only local). Results are memoised per resolver.
 */
export class ImageResolver {
  readonly #engine: ImageEngine;
  readonly #options: ResolveOptions;
  readonly #logger: Logger;
  readonly #memo = new Map<string, Promise<ResolvedImage>>();
  readonly #contexts = new Map<string, Promise<ContextFile[]>>();

  constructor(engine: ImageEngine, options: ResolveOptions) {
    this.#engine = engine;
    this.#options = options;
    this.#logger = options.logger ?? silentLogger;
  }

  resolve(name: string): Promise<ResolvedImage> {
    let pending = this.#memo.get(name);
    if (!pending) {
      pending = this.#resolve(name);
      this.#memo.set(name, pending);
    }
    return pending;
  }

  /**
   * An image reference outside the catalog (a user's own build or registry), treated like the
   * catalog entry `like` (how to read its engine version) but official-only: present, else
   * pulled, never built.
   */
  resolveReference(ref: string, like: string): Promise<ResolvedImage> {
    if (catalogEntry(ref)) return this.resolve(ref);
    const base = catalogEntry(like);
    if (!base) throw new BadInputError("image", `"${like}" is not in the image catalog`, `Use one of: ${catalogNames().join(", ")}.`);
    const versionCmd = base.official?.versionCmd ?? base.local?.versionCmd ?? [];
    const key = `${ref} as ${like}`;
    let pending = this.#memo.get(key);
    if (!pending) {
      const { local: _local, ...rest } = base;
      pending = this.#resolveEntry({
        ...rest,
        name: ref,
        official: { refs: [ref], versionCmd },
        noLocalRecipe: "an image reference outside the catalog",
      });
      this.#memo.set(key, pending);
    }
    return pending;
  }

  async #resolve(name: string): Promise<ResolvedImage> {
    const entry = catalogEntry(name);
    if (!entry) {
      throw new BadInputError("image", `"${name}" is not in the image catalog`, `Use one of: ${catalogNames().join(", ")}.`);
    }
    return this.#resolveEntry(entry);
  }

  async #resolveEntry(entry: ImageEntry): Promise<ResolvedImage> {
    const { source } = this.#options;
    const official = source !== "local" ? (entry.official?.refs ?? []) : [];
    const local = source !== "official" ? entry.local : undefined;

    for (const ref of official) {
      const found = await this.#engine.inspect(ref);
      if (found) return this.#finish(entry, ref, found, "official", "present");
    }
    // Only looks: finding an existing local build must not pull or build its base first.
    const existing = local ? await this.#existingLocal(entry) : undefined;
    if (existing) return this.#finish(entry, existing.ref, existing.found, "local", "present");
    const pullErrors: string[] = [];
    if (this.#options.pull === "auto") {
      for (const ref of official) {
        try {
          this.#logger.info(`pulling ${ref}`);
          await this.#engine.pull(ref, this.#options.pullTimeoutMs);
          const found = await this.#engine.inspect(ref);
          if (found) return this.#finish(entry, ref, found, "official", "pulled");
          pullErrors.push(`${ref}: pull reported success but the image is not there`);
        } catch (error) {
          pullErrors.push(`${ref}: ${errorMessage(error)}`);
          this.#logger.verbose(`pull of ${ref} failed: ${errorMessage(error)}`);
        }
      }
    }
    if (local) {
      const target = await this.#localRef(entry, (base) => this.resolve(base));
      await this.#build(entry, target);
      const found = await this.#engine.inspect(target.ref);
      if (!found) throw new InfrastructureError(`image ${entry.name}: build of ${target.ref} finished but the image is not there`);
      return this.#finish(entry, target.ref, found, "local", "built");
    }
    throw new InfrastructureError(unavailableMessage(entry, this.#options, pullErrors));
  }

  /**
   * The content-addressed ref of the local build. `baseOf` gives the base image: resolving it
   * (which may pull or build) when about to build, only looking when checking for an existing build.
   */
  async #localRef(entry: ImageEntry, baseOf: (name: string) => Promise<{ ref: string; id: string } | undefined>): Promise<LocalTarget> {
    const recipe = entry.local;
    if (!recipe) throw new InfrastructureError(`image ${entry.name} has no local recipe`);
    if (recipe.type === "debootstrap") {
      const tag = contentTag(entry.name, { recipe: "debootstrap", variant: "minbase", suite: recipe.suite }, []);
      return { ref: `${LOCAL_REPOSITORY}/${entry.name}:${tag}`, files: [], args: {} };
    }
    let context = this.#contexts.get(recipe.dir);
    if (!context) {
      context = this.#engine.readContext(recipe.dir);
      this.#contexts.set(recipe.dir, context);
    }
    const files = await context;
    const base = await baseOf(recipe.base);
    if (!base) return { ref: "", files, args: {} };
    const tag = contentTag(entry.name, { baseId: base.id }, files);
    return { ref: `${LOCAL_REPOSITORY}/${entry.name}:${tag}`, files, args: { BASE: base.ref } };
  }

  /** The local build of the current recipe, if it is there, without pulling or building anything. */
  async #existingLocal(entry: ImageEntry): Promise<{ ref: string; found: { id: string; sizeBytes: number } } | undefined> {
    const target = await this.#localRef(entry, (base) => this.#present(base));
    if (target.ref === "") return undefined;
    const found = await this.#engine.inspect(target.ref);
    return found ? { ref: target.ref, found } : undefined;
  }

  /** An image already on the engine (official, else the current local build), by the source preference. */
  async #present(name: string): Promise<{ ref: string; id: string } | undefined> {
    const entry = catalogEntry(name);
    if (!entry) return undefined;
    if (this.#options.source !== "local") {
      for (const ref of entry.official?.refs ?? []) {
        const found = await this.#engine.inspect(ref);
        if (found) return { ref, id: found.id };
      }
    }
    if (this.#options.source === "official" || !entry.local) return undefined;
    const existing = await this.#existingLocal(entry);
    return existing ? { ref: existing.ref, id: existing.found.id } : undefined;
  }

  async #build(entry: ImageEntry, target: LocalTarget): Promise<void> {
    const recipe = entry.local;
    if (!recipe) return;
    const started = Date.now();
    if (recipe.type === "debootstrap") {
      this.#logger.info(`building ${target.ref} by debootstrap ${recipe.suite}`);
      await this.#engine.bootstrap(target.ref, recipe.suite);
    } else {
      const missing = (recipe.prepared ?? []).filter((p) => !target.files.some((f) => f.path === p.file));
      if (missing.length > 0) {
        throw new InfrastructureError(
          `image ${entry.name}: its build context fixtures/images/${recipe.dir}/ lacks ${missing.map((m) => m.file).join(", ")}; ` +
            missing.map((m) => m.how).join("; ") +
            (entry.official ? `, or make ${entry.official.refs[0]} available to Docker` : ""),
        );
      }
      this.#logger.info(`building ${target.ref} from fixtures/images/${recipe.dir}`);
      await this.#engine.build(target.ref, recipe.dir, target.files, target.args);
    }
    this.#logger.info(`built ${target.ref} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }

  async #finish(
    entry: ImageEntry,
    ref: string,
    found: { id: string; sizeBytes: number },
    source: "official" | "local",
    action: ResolvedImage["action"],
  ): Promise<ResolvedImage> {
    const cmd = source === "official" ? entry.official?.versionCmd : entry.local?.versionCmd;
    const output = cmd ? await this.#engine.runVersion(ref, cmd) : "";
    const version = entry.versionPattern.exec(output)?.[1];
    if (!version) {
      throw new InfrastructureError(
        `image ${entry.name} (${ref}): could not read its engine version from \`${cmd?.join(" ")}\`; it printed: ${output.trim().slice(0, 200) || "(nothing)"}`,
      );
    }
    return { name: entry.name, ref, id: found.id, source, action, engineVersion: version, sizeBytes: found.sizeBytes };
  }
}

export function unavailableMessage(entry: ImageEntry, options: ResolveOptions, pullErrors: readonly string[]): string {
  const refs = entry.official?.refs ?? [];
  const parts = [`image ${entry.name} is not available`];
  if (options.source === "local" && !entry.local) parts.push("FAULTLINE_IMAGE_SOURCE=local but it has no local recipe");
  else if (refs.length > 0 && options.source !== "local") {
    parts.push(`${refs.join(" / ")} is not present locally`);
    if (options.pull === "never") parts.push("pulling is off (FAULTLINE_PULL=never)");
    else if (pullErrors.length > 0) parts.push(`pull failed (${pullErrors.join("; ")})`);
  }
  if (!entry.local) parts.push(`there is no local recipe (${entry.noLocalRecipe ?? "none written"})`);
  else if (options.source === "official") parts.push("FAULTLINE_IMAGE_SOURCE=official rules out the local build");
  const fix =
    refs.length > 0
      ? `Pull ${refs[0]} where a registry is reachable and bring it here with \`docker save\` / \`docker load\`` +
        (entry.local ? ", or allow the local build (FAULTLINE_IMAGE_SOURCE=auto)" : "")
      : "Allow the local build (FAULTLINE_IMAGE_SOURCE=auto or local)";
  return `${parts.join("; ")}. ${fix}.`;
}
