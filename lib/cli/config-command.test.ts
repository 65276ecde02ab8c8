import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ConfigError } from "../config/errors.ts";
import { loadConfig } from "../config/load.ts";
import { DEFAULT_CONFIG } from "../config/schema.ts";
import { rejection } from "../core/testing.ts";
import { configCommand, formatConfig } from "./config-command.ts";
import { main } from "./main.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "faultline-config-command-"));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

/** Runs the command, collecting stdout and the note (stderr) lines. */
async function run(flags: Parameters<typeof configCommand>[0], cwd = dir) {
  const out: string[] = [];
  const notes: string[] = [];
  const code = await configCommand(
    flags,
    (t) => out.push(t),
    cwd,
    (t) => notes.push(t),
  );
  return { code, out: out.join("\n"), notes: notes.join("\n") };
}

describe("faultline config", () => {
  it("without --print: says the config is valid and where it came from", async () => {
    await writeFile(join(dir, "faultline.config.json"), JSON.stringify({ repeat: 2 }));
    expect(await run({})).toEqual({ code: 0, out: `config: ${join(dir, "faultline.config.json")} is valid`, notes: "" });
    await rm(join(dir, "faultline.config.json"));
    expect((await run({})).out).toContain(`no config file in ${dir}`);
  });

  it("--print: the resolved config (defaults filled in) as YAML-like text, with its file", async () => {
    await writeFile(
      join(dir, "faultline.config.json"),
      JSON.stringify({
        suites: { galera: { targets: ["percona/percona-xtradb-cluster:8.0"], providerOptions: { "evs.suspect_timeout": "PT3S" } } },
      }),
    );
    const { code, out } = await run({ print: true });
    expect(code).toBe(0);
    const lines = out.split("\n");
    expect(lines[0]).toBe(`# faultline config, from ${join(dir, "faultline.config.json")}`);
    expect(lines).toContain("suites:");
    expect(lines).toContain("  redis:");
    expect(lines).toContain("    targets: [redis-7.0]");
    expect(lines).toContain("    masters: 3");
    expect(lines).toContain("    targets: [percona/percona-xtradb-cluster:8.0]");
    expect(lines).toContain("    providerOptions:");
    expect(lines).toContain("      evs.suspect_timeout: PT3S");
    expect(lines).toContain("    scenarios: all");
    expect(lines).toContain('    dataMemory: "80M"');
    expect(lines.some((l) => l.startsWith("    # sst: the flavor's default"))).toBe(true);
    expect(lines).toContain("repeat: 1");
  });

  it("--print --json: the config alone on stdout (loadable as faultline.config.json), the file on stderr", async () => {
    await writeFile(join(dir, "faultline.config.ts"), "export default { suites: { ndb: { dataNodes: 4 } }, repeat: 3 };\n");
    const { code, out, notes } = await run({ print: true, json: true });
    expect(code).toBe(0);
    expect(notes).toBe(`config from ${join(dir, "faultline.config.ts")}`);
    const printed = JSON.parse(out);
    expect(printed.suites.ndb.dataNodes).toBe(4);
    expect(printed.suites.redis).toEqual(DEFAULT_CONFIG.suites.redis);
    // Round trip: the printed config loads to the same config.
    const again = await mkdtemp(join(tmpdir(), "faultline-config-again-"));
    try {
      await writeFile(join(again, "faultline.config.json"), out);
      expect((await loadConfig(again)).config).toEqual(printed);
    } finally {
      await rm(again, { recursive: true, force: true });
    }
  });

  it("--config picks the file", async () => {
    await writeFile(join(dir, "mine.json"), JSON.stringify({ repeat: 4 }));
    const { out } = await run({ print: true, json: true, config: "mine.json" });
    expect(JSON.parse(out).repeat).toBe(4);
  });

  it("bad input throws the config error (exit 2), with every problem", async () => {
    await writeFile(join(dir, "faultline.config.json"), JSON.stringify({ suites: { galera: { nodes: 2, mode: "x" } } }));
    const error = await rejection(run({ print: true }));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).exitCode).toBe(2);
    expect((error as ConfigError).message).toContain("config.suites.galera.mode");
  });

  it("formatConfig quotes strings only where YAML would read them as something else", () => {
    const text = formatConfig({ ...DEFAULT_CONFIG, reports: { ...DEFAULT_CONFIG.reports, dir: "out dir" } });
    expect(text).toContain('  dir: "out dir"');
    expect(text).toContain("    fault: partition");
  });
});

describe("faultline config through main: exit codes", () => {
  async function cli(...args: string[]) {
    const stdout: string[] = [];
    const stderr: string[] = [];
    vi.spyOn(process.stdout, "write").mockImplementation((s) => {
      stdout.push(String(s));
      return true;
    });
    vi.spyOn(process.stderr, "write").mockImplementation((s) => {
      stderr.push(String(s));
      return true;
    });
    const code = await main(["node", "faultline", ...args]);
    vi.restoreAllMocks();
    return { code, stdout: stdout.join(""), stderr: stderr.join("") };
  }

  it("0 and the config for a good file, --config before or after the command", async () => {
    const file = join(dir, "good.json");
    await writeFile(file, JSON.stringify({ suites: { redis: { masters: 5 } } }));
    const before = await cli("--config", file, "config", "--print", "--json");
    expect(before.code).toBe(0);
    expect(JSON.parse(before.stdout).suites.redis.masters).toBe(5);
    expect(before.stderr).toContain(`config from ${file}`);
    const after = await cli("config", "--print", "--config", file);
    expect(after.code).toBe(0);
    expect(after.stdout).toContain(`# faultline config, from ${file}`);
  });

  it.each([
    [{ suites: { redis: { mastrs: 3 } } }, "config.suites.redis.mastrs: expected one of the keys"],
    [{ suites: { galera: { nodes: "3" } } }, 'config.suites.galera.nodes: expected a whole number, found "3" (a string)'],
    [{ suites: { galera: { durationMs: -1 } } }, "config.suites.galera.durationMs: -1 ms is out of range"],
    [{ suites: { ndb: { replicas: 0 } } }, "config.suites.ndb.replicas: 0 is not a whole number from 1 to 4"],
    [{ suites: { ndb: { dataNodes: 3 } } }, "config.suites.ndb.dataNodes: 3 is not a multiple of replicas (2)"],
    [{ suites: { redis: { targets: ["redis-6.0"] } } }, "config.suites.redis.targets[0]: expected a Redis-compatible image"],
    [{ suites: { ndb: { scenarios: ["split-brain"] } } }, "config.suites.ndb.scenarios[0]: expected one of: "],
  ])("2 and the message on stderr for %j", async (input, text) => {
    const file = join(dir, "bad.json");
    await writeFile(file, JSON.stringify(input));
    const { code, stdout, stderr } = await cli("--config", file, "config", "--print");
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain(`faultline: ${file}: 1 problem, nothing was started:`);
    expect(stderr).toContain(text);
  });

  it("2 for two config files in the working directory", async () => {
    await writeFile(join(dir, "faultline.config.json"), "{}");
    await writeFile(join(dir, "faultline.config.js"), "export default {};\n");
    vi.spyOn(process, "cwd").mockReturnValue(dir);
    const { code, stderr } = await cli("config");
    expect(code).toBe(2);
    expect(stderr).toContain("faultline: config: 2 config files in");
  });
});
