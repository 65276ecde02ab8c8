import Docker from "dockerode";
import { withDeadline } from "../core/deadline.ts";
import { errorMessage, InfrastructureError } from "../core/errors.ts";
import { checkDockerHost } from "./docker-host.ts";

/** The one Docker client of a process; docker-modem honours DOCKER_HOST (checked first) and DOCKER_CERT_PATH. */
export function createDockerClient(): Docker {
  checkDockerHost(process.env.DOCKER_HOST);
  return new Docker();
}

export interface EngineInfo {
  version: string;
  apiVersion: string;
}

/** Fails fast, in words, when no engine answers, before anything else is attempted. */
export async function checkEngine(docker: Docker, timeoutMs = 10_000): Promise<EngineInfo> {
  try {
    const version = await withDeadline(docker.version(), timeoutMs, "the Docker engine to answer");
    return { version: version.Version, apiVersion: version.ApiVersion };
  } catch (error) {
    const where = process.env.DOCKER_HOST ?? "/var/run/docker.sock";
    throw new InfrastructureError(
      `no Docker engine answers at ${where} (${errorMessage(error)}). ` +
        "Start one (on Debian as root: `bash scripts/provision-host.sh`) or point DOCKER_HOST at it.",
      { cause: error },
    );
  }
}

/** Docker reports "no such container/network" as 404; removal of something already gone is success. */
export function isNotFound(error: unknown): boolean {
  return (error as { statusCode?: number })?.statusCode === 404;
}

/** 409 "removal already in progress" also means the resource is on its way out. */
export function isGoneOrGoing(error: unknown): boolean {
  const e = error as { statusCode?: number; message?: string };
  return e?.statusCode === 404 || (e?.statusCode === 409 && /already in progress/i.test(e.message ?? ""));
}
