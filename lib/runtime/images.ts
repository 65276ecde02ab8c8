/** The image catalog and its resolution policy (see lib/runtime/images/). */

import { DockerImageEngine } from "./images/docker-image-engine.ts";
import { ImageResolver, type ResolveOptions, resolveOptionsFromEnv } from "./images/resolve.ts";
import type { Runtime } from "./runtime.ts";

export { CATALOG, catalogEntry, catalogNames, type ImageEntry } from "./images/catalog.ts";
export { ImageResolver, type ResolvedImage, type ResolveOptions, resolveOptionsFromEnv } from "./images/resolve.ts";

/** A resolver on the real engine, its options from the environment unless given. */
export function imageResolver(runtime: Runtime, options?: Partial<ResolveOptions>): ImageResolver {
  return new ImageResolver(new DockerImageEngine(runtime), { ...resolveOptionsFromEnv(), logger: runtime.logger, ...options });
}
