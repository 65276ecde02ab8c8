import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BadInputError } from "../core/errors.ts";
import { rejection } from "../core/testing.ts";
import { compareCommand, matrixCommand } from "./compare-command.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "faultline-compare-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const RUN = { runId: "fl-1", suite: "redis", scenario: "set-none", target: "redis-7.0", images: [{ engineVersion: "7.0.15" }] };
const GOOD = { valid: true, checkedAt: "t", results: { set: { checker: "set", valid: true, lost: [] } } };

/** A run directory holding `run` and `results` as run.json and results.json (written as given: JSON text or a value). */
async function runDir(name: string, results: unknown, run: unknown = RUN): Promise<string> {
  const path = join(dir, name);
  await mkdir(path);
  await writeFile(join(path, "run.json"), typeof run === "string" ? run : JSON.stringify(run));
  await writeFile(join(path, "results.json"), typeof results === "string" ? results : JSON.stringify(results));
  return path;
}

const quiet = () => {};

async function refusal(promise: Promise<unknown>): Promise<BadInputError> {
  const error = await rejection(promise);
  if (!(error instanceof BadInputError)) throw error;
  return error;
}

describe("compare and matrix on run directories whose files are not as faultline writes them: bad input naming the file and field", () => {
  it.each([
    ["results.json {}", "{}", "valid: expected a verdict"],
    ["results.json null", "null", "the whole file: Invalid input: expected object, received null"],
    ["a null result", { valid: true, results: { set: null } }, "results.set: Invalid input: expected object, received null"],
    ["a result without its verdict", { valid: true, results: { set: { checker: "set" } } }, "results.set.valid: expected a verdict"],
    ["a verdict that is no verdict", { valid: "yes", results: {} }, "valid: expected a verdict"],
  ])("%s", async (_, results, problem) => {
    const bad = await runDir("bad", results);
    const good = await runDir("good", GOOD);
    const attempts = [
      () => compareCommand(bad, good, {}, quiet),
      () => compareCommand(good, bad, {}, quiet),
      () => matrixCommand([good, bad], {}, quiet),
    ];
    for (const attempt of attempts) {
      const error = await refusal(attempt());
      expect(error.field).toBe("run");
      expect(error.message).toContain(`${join(bad, "results.json")} is not a run's file as faultline writes it: ${problem}`);
      expect(error.exitCode).toBe(2);
    }
  });

  it("run.json null, or a target that is not a string", async () => {
    const good = await runDir("good", GOOD);
    for (const [name, run] of [
      ["null", "null"],
      ["number", { ...RUN, target: 7 }],
    ] as const) {
      const bad = await runDir(name, GOOD, run);
      const error = await refusal(compareCommand(good, bad, {}, quiet));
      expect(error.message).toContain(`${join(bad, "run.json")} is not a run's file as faultline writes it`);
    }
  });

  it("findings of the wrong shape are skipped, not a crash (a null recovery entry, a phase without its kind)", async () => {
    const odd = {
      valid: false,
      results: {
        availability: { checker: "availability", valid: false, recovery: [null, { recoveryMs: 5 }], phases: [null, { rate: 1 }] },
      },
    };
    const a = await runDir("a", odd);
    const b = await runDir("b", GOOD);
    const lines: string[] = [];
    expect(await compareCommand(a, b, {}, (t) => lines.push(t))).toBe(0);
    expect(lines.join("\n")).toContain("availability.recovery.2.ms");
  });
});

describe("matrix --html into a directory or a missing folder: bad input naming --html, before anything is printed", () => {
  it.each([
    ["a directory", (d: string) => d, "is a directory"],
    ["a file in a missing folder", (d: string) => join(d, "no-such-folder", "m.html"), "does not exist"],
  ])("%s", async (_, target, problem) => {
    const good = await runDir("good", GOOD);
    const printed: string[] = [];
    const error = await refusal(matrixCommand([good], { html: target(dir) }, (t) => printed.push(t)));
    expect(error.field).toBe("--html");
    expect(error.message).toContain(problem);
    expect(error.message).toContain("--html reports/matrix.html");
    expect(printed).toEqual([]);
  });
});
