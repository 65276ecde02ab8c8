import { Toxiproxy } from "toxiproxy-node-client";
import { pollUntil } from "../core/deadline.ts";
import { ContainerBuilder, type StartedContainer } from "../runtime/container.ts";
import type { ImageResolver } from "../runtime/images.ts";
import type { RunNetwork } from "../runtime/network.ts";
import type { Runtime } from "../runtime/runtime.ts";

export const TOXIPROXY_API_PORT = 8474;
/** Host number of Toxiproxy on the run network (.1 is the gateway). */
export const TOXIPROXY_HOST_NUMBER = 2;

export interface StartedToxiproxy {
  container: StartedContainer;
  ip: string;
  api: Toxiproxy;
  version: string;
}

/**
 * Toxiproxy on the run's network, from the catalog image; its default command serves the API
 * on 0.0.0.0:8474 in both the official and the local image. The API is reached from the host
 * on the container's own address; proxies listen on internal ports of the same container.
 */
export async function startToxiproxy(
  runtime: Runtime,
  network: RunNetwork,
  images: ImageResolver,
  timeoutMs = 30_000,
): Promise<StartedToxiproxy> {
  const image = await images.resolve("toxiproxy");
  const ip = network.address(TOXIPROXY_HOST_NUMBER);
  const container = await new ContainerBuilder(image.ref, "toxiproxy")
    .withRole("toxiproxy")
    .withNetwork(network, ip, ["toxiproxy"])
    .start(runtime);
  const api = new Toxiproxy(`http://${ip}:${TOXIPROXY_API_PORT}`);
  const version = await pollUntil(async () => ({ done: true, value: await api.getVersion() }), {
    what: `the Toxiproxy API at ${ip}:${TOXIPROXY_API_PORT} to answer`,
    timeoutMs,
    intervalMs: 100,
    signal: runtime.signal,
  });
  return { container, ip, api, version: parseVersion(version) };
}

/** Toxiproxy 2.x answers /version with JSON ({"version": "2.12.0"}); older ones with plain text. */
export function parseVersion(body: string): string {
  try {
    const parsed = JSON.parse(body) as { version?: unknown };
    if (typeof parsed.version === "string") return parsed.version;
  } catch {
    // plain text
  }
  return body.trim();
}
