import { createLogger } from "../lib/core/logger.ts";
import { checkEngine, createDockerClient } from "../lib/runtime/docker-client.ts";
import { imageResolver } from "../lib/runtime/images.ts";
import { Runtime } from "../lib/runtime/runtime.ts";

/** Images the live suites use, prepared once so no test's deadline includes a build. */
export const LIVE_IMAGES = ["redis-7.0", "redis-8.0", "valkey-8.1", "sidecar", "toxiproxy", "mariadb-galera-10.11", "mariadb-galera-11.8"];

/**
 * Live suites need a real engine: without one they fail here, loudly, instead of skipping.
 * Images are resolved (built when needed) before any test starts.
 */
export default function setup(): Promise<void> {
  // Each live lane runs this in the same process, at the same time: one preparation for both.
  const shared = globalThis as { faultlineLiveImages?: Promise<void> };
  shared.faultlineLiveImages ??= prepareImages();
  return shared.faultlineLiveImages;
}

/** The live images, present or built: once per process (run-tests.ts calls it before starting the lanes). */
export function prepareLiveImages(): Promise<void> {
  return prepareImages();
}

async function prepareImages(): Promise<void> {
  await checkEngine(createDockerClient());
  const logger = createLogger("info");
  const runtime = await Runtime.open({ logger });
  try {
    const images = imageResolver(runtime);
    for (const name of LIVE_IMAGES) {
      const image = await images.resolve(name);
      logger.info(`live image ${name}: ${image.ref} (${image.source}, ${image.action}, version ${image.engineVersion})`);
    }
  } finally {
    await runtime.close();
  }
}
