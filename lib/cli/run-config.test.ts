import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BadInputError } from "../core/errors.ts";
import { configuredFlags, configuredSuites, mergedExitCode } from "./run-config.ts";

async function dirWith(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "fl-config-"));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

async function refusal(promise: Promise<unknown>): Promise<BadInputError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof BadInputError) return error;
    throw error;
  }
  throw new Error("expected bad input");
}

describe("faultline run from the config file", () => {
  it("runs the suites the file names, in suite order, after validating all of them", async () => {
    const dir = await dirWith({
      "faultline.config.json": JSON.stringify({ suites: { ndb: {}, redis: { scenarios: ["slot-coverage"] } } }),
    });
    expect(await configuredSuites(undefined, dir)).toEqual(["redis", "ndb"]);
  });

  it("without a file, or a file naming no suite, or a bad value in any suite: bad input before anything starts", async () => {
    const empty = await dirWith({});
    const none = await refusal(configuredSuites(undefined, empty));
    expect(none.field).toBe("config");
    expect(none.message).toContain("name a suite: npx faultline run redis");
    expect((await refusal(configuredSuites("missing.json", empty))).field).toBe("--config");
    const noSuite = await dirWith({ "faultline.config.json": JSON.stringify({ suites: {} }) });
    expect((await refusal(configuredSuites(undefined, noSuite))).field).toBe("config.suites");
    const bad = await dirWith({ "faultline.config.json": JSON.stringify({ suites: { redis: {}, galera: { nodes: 2 } } }) });
    expect((await refusal(configuredSuites(undefined, bad))).message).toContain("config.suites.galera.nodes");
  });

  it("flags on the command line win over the file's; the file's settings stay unless named again", async () => {
    const dir = await dirWith({
      "faultline.config.json": JSON.stringify({ suites: { galera: { nodes: 5, settings: { a: "1", b: "2" }, durationMs: 30000 } } }),
    });
    const flags = await configuredFlags("galera", { nodes: "4", set: ["b=3"] }, undefined, dir);
    expect(flags.nodes).toBe("4");
    expect(flags.duration).toBe("30000");
    expect(flags.set).toEqual(["a=1", "b=2", "b=3"]);
  });

  it("merges exit codes as verdicts merge: a false anywhere is 1, else anything not 0 is 2", () => {
    expect(mergedExitCode([0, 0])).toBe(0);
    expect(mergedExitCode([0, 2, 1])).toBe(1);
    expect(mergedExitCode([0, 2])).toBe(2);
    expect(mergedExitCode([])).toBe(0);
  });
});
