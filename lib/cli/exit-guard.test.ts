import { EventEmitter } from "node:events";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "./cli-child.ts";
import { guardEarlyExit } from "./exit-guard.ts";

describe("guardEarlyExit: only a finished command claims 0 or 1", () => {
  const fakeProcess = () => {
    const emitter = new EventEmitter();
    return Object.assign(emitter, { exitCode: undefined as number | string | null | undefined });
  };

  it("an exit with 0 or 1 while armed leaves with 2, saying why; 2 and above are kept", () => {
    for (const code of [0, 1]) {
      const proc = fakeProcess();
      const lines: string[] = [];
      guardEarlyExit(proc, (text) => lines.push(text));
      proc.emit("exit", code);
      expect(proc.exitCode).toBe(2);
      expect(lines.join("")).toContain(`made to exit with code ${code} before the command finished`);
    }
    const interrupted = fakeProcess();
    const lines: string[] = [];
    guardEarlyExit(interrupted, (text) => lines.push(text));
    interrupted.emit("exit", 2);
    expect(interrupted.exitCode).toBeUndefined();
    expect(lines).toEqual([]);
  });

  it("disarmed (the command has its code), an exit is left alone", () => {
    const proc = fakeProcess();
    const disarm = guardEarlyExit(proc, () => {});
    disarm();
    proc.emit("exit", 0);
    expect(proc.exitCode).toBeUndefined();
  });
});

describe("a .ts config that calls process.exit: exit 2 with the file named, nothing run (the real CLI)", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "faultline-exit-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ["a call at load", "process.exit(0);\nexport default { suites: { redis: {} } };\n"],
    ["a call it swallows", "try { process.exit(0); } catch {}\nexport default { suites: { redis: {} } };\n"],
  ])(
    "%s: faultline run and faultline config",
    async (_, text) => {
      const config = join(dir, "faultline.config.ts");
      await writeFile(config, text);
      const runs = await Promise.all([["run"], ["config"]].map(async (args) => ({ args, outcome: await runCli(args, { cwd: dir }) })));
      for (const { args, outcome } of runs) {
        expect(outcome.code, `${args.join(" ")}: ${outcome.stderr}`).toBe(2);
        expect(outcome.stderr).toContain(`faultline: ${config}: called process.exit(0) while loading`);
        expect(outcome.stderr).toContain("A config file only exports the config: remove the call");
        expect(outcome.stderr).not.toMatch(/\n\s+at /);
        expect(outcome.stdout).toBe("");
      }
    },
    120_000,
  );
});
