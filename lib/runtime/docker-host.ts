import { BadInputError } from "../core/errors.ts";

/**
 * DOCKER_HOST checked before anything connects. docker-modem reads a value without a scheme
 * as a TCP address, so DOCKER_HOST=/var/run/docker.sock became "connection refused at
 * 127.0.0.1:80": true, but not what was wrong. Docker's own forms: unix:///path,
 * npipe:////./pipe/name, tcp://host:port, http(s)://host:port, ssh://[user@]host[:port].
 */
export function checkDockerHost(value: string | undefined): void {
  if (value === undefined || value === "") return;
  const problem = dockerHostProblem(value);
  if (problem)
    throw new BadInputError(
      "DOCKER_HOST",
      `${JSON.stringify(value)} ${problem}`,
      "Write it as Docker does: unix:///var/run/docker.sock for a socket, tcp://host:2375 (or tcp://host:2376 with TLS), ssh://user@host, or npipe:////./pipe/docker_engine on Windows; or unset it for /var/run/docker.sock.",
    );
}

/** What is wrong with a DOCKER_HOST value, or undefined when Docker would read it. */
export function dockerHostProblem(value: string): string | undefined {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1]?.toLowerCase();
  if (scheme === undefined) {
    if (value.startsWith("/")) return "is a path without a scheme (a socket is written unix:// followed by its path)";
    return "has no scheme (unix://, tcp://, ssh://, npipe://, http:// or https://)";
  }
  const rest = value.slice(scheme.length + 3);
  if (scheme === "unix" || scheme === "npipe") return rest === "" ? `names no ${scheme === "unix" ? "socket path" : "pipe"}` : undefined;
  if (!["tcp", "http", "https", "ssh"].includes(scheme))
    return `has the scheme ${scheme}://, which Docker does not take (unix://, tcp://, ssh://, npipe://, http:// or https://)`;
  if (rest === "" || rest.startsWith("/") || rest.startsWith(":")) return "names no host";
  let url: URL;
  try {
    url = new URL(`${scheme === "tcp" ? "http" : scheme}://${rest}`);
  } catch {
    return "is not a host address";
  }
  if (url.hostname === "") return "names no host";
  return undefined;
}
