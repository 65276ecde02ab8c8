import { lstat, mkdir, mkdtemp, readFile, readlink, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { InfrastructureError } from "../../core/errors.ts";
import { rejection } from "../../core/testing.ts";
import type { Runtime } from "../runtime.ts";
import { DockerImageEngine } from "./docker-image-engine.ts";
import { openPrivateLog } from "./private-log.ts";

let scratch: string;
beforeEach(async () => {
  scratch = await mkdtemp(join(tmpdir(), "faultline-engine-test-"));
});
afterEach(async () => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  await rm(scratch, { recursive: true, force: true });
});

/** The runtime as bootstrap uses it before Docker is needed: its abort signal and its teardown steps. */
const fakeRuntime = () => ({ docker: {}, signal: new AbortController().signal, defer: () => {} }) as unknown as Runtime;

describe("the debootstrap log: a private directory, never a planted symlink followed", () => {
  it("debootstrap (a stand-in that fails) as root: the symlink planted at the old fixed path is left untouched, the log is in a 0700 directory", async () => {
    const suite = `test-${process.pid}-${Date.now()}`;
    // What a local user could plant: the old, predictable log path pointing at a file root can write.
    const victim = join(scratch, "victim");
    await writeFile(victim, "precious\n");
    const planted = join(tmpdir(), `faultline-debootstrap-${suite}.log`);
    await symlink(victim, planted);
    // A debootstrap of our own on PATH: prints its arguments and fails, as a real one without network would.
    const bin = join(scratch, "bin");
    await mkdir(bin);
    await writeFile(join(bin, "debootstrap"), '#!/bin/sh\necho "stand-in debootstrap $*"\nexit 3\n', { mode: 0o755 });
    vi.stubEnv("PATH", `${bin}:${process.env.PATH}`);
    vi.stubEnv("FAULTLINE_DEBIAN_MIRROR", "http://deb.invalid/debian");
    vi.spyOn(process, "getuid").mockReturnValue(0);
    try {
      const error = await rejection(new DockerImageEngine(fakeRuntime()).bootstrap("faultline/debian-test:x", suite));
      expect(error).toBeInstanceOf(InfrastructureError);
      const logPath = /\(log: ([^)]+)\)/.exec((error as Error).message)?.[1];
      expect(logPath).toBeDefined();
      expect(logPath).not.toBe(planted);
      expect(await readFile(victim, "utf8")).toBe("precious\n");
      expect((await lstat(planted)).isSymbolicLink()).toBe(true);
      expect(await readlink(planted)).toBe(victim);
      const dir = dirname(logPath as string);
      expect((await stat(dir)).mode & 0o777).toBe(0o700);
      expect((await stat(logPath as string)).mode & 0o777).toBe(0o600);
      expect(await readFile(logPath as string, "utf8")).toContain(`stand-in debootstrap --variant=minbase ${suite}`);
      await rm(dir, { recursive: true, force: true });
    } finally {
      await rm(planted, { force: true });
    }
  });
});

describe("openPrivateLog", () => {
  it("creates a new file in a new 0700 directory, and removes both", async () => {
    const log = await openPrivateLog("x", scratch);
    expect(dirname(log.path)).toBe(log.dir);
    expect((await stat(log.dir)).mode & 0o777).toBe(0o700);
    log.stream.write("line\n");
    await log.remove();
    await expect(stat(log.dir)).rejects.toMatchObject({ code: "ENOENT" });
  });
});
