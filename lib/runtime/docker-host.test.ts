import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../cli/cli-child.ts";
import { badInput } from "../core/testing.ts";
import { checkDockerHost, dockerHostProblem } from "./docker-host.ts";

describe("DOCKER_HOST: Docker's forms, checked before anything connects", () => {
  it.each([
    "unix:///var/run/docker.sock",
    "npipe:////./pipe/docker_engine",
    "tcp://127.0.0.1:2375",
    "tcp://docker.example:2376",
    "http://localhost:2375",
    "https://[::1]:2376",
    "ssh://me@build-host",
    "ssh://build-host:2222",
  ])("%s is accepted", (value) => {
    expect(dockerHostProblem(value)).toBeUndefined();
    expect(() => checkDockerHost(value)).not.toThrow();
  });

  it("unset or empty: the default socket", () => {
    expect(() => checkDockerHost(undefined)).not.toThrow();
    expect(() => checkDockerHost("")).not.toThrow();
  });

  it.each([
    ["/var/run/docker.sock", "is a path without a scheme (a socket is written unix:// followed by its path)"],
    ["localhost:2375", "has no scheme"],
    ["unix://", "names no socket path"],
    ["docker://host", "has the scheme docker://, which Docker does not take"],
    ["tcp://", "names no host"],
    ["tcp://[bad", "is not a host address"],
  ])("%s is refused: %s", (value, problem) => {
    const error = badInput(() => checkDockerHost(value));
    expect(error.field).toBe("DOCKER_HOST");
    expect(error.message).toContain(`${JSON.stringify(value)} ${problem}`);
    expect(error.message).toContain("unix:///var/run/docker.sock for a socket, tcp://host:2375");
  });

  it("the real CLI with DOCKER_HOST=/var/run/docker.sock: exit 2 naming DOCKER_HOST and how to write it, not a refused connection", async () => {
    const dir = await mkdtemp(join(tmpdir(), "faultline-docker-host-"));
    try {
      const outcome = await runCli(["clean", "--dry-run"], { cwd: dir, env: { DOCKER_HOST: "/var/run/docker.sock" } });
      expect(outcome.code).toBe(2);
      expect(outcome.stderr).toContain('faultline: DOCKER_HOST: "/var/run/docker.sock" is a path without a scheme');
      expect(outcome.stderr).not.toContain("no Docker engine answers");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
