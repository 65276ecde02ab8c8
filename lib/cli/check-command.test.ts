import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NO_CLIENT_OPERATION } from "../checkers/verdict.ts";
import { BadInputError } from "../core/errors.ts";
import { rejection } from "../core/testing.ts";
import { checkCommand, exitCodeOf, findingLines, parseCheckerOptions } from "./check-command.ts";

const fixture = (name: string) => new URL(`../../fixtures/histories/set/${name}`, import.meta.url).pathname;

describe("faultline check", () => {
  it("maps verdicts to exit codes", () => {
    expect([exitCodeOf(true), exitCodeOf(false), exitCodeOf("unknown")]).toEqual([0, 1, 2]);
  });

  it("parses --option values as JSON, else as strings, and names a malformed pair", () => {
    expect(parseCheckerOptions(["maxRecoveryMs=5000", "readF=final-read", 'minSuccessRate={"after":0.9}'])).toEqual({
      maxRecoveryMs: 5000,
      readF: "final-read",
      minSuccessRate: { after: 0.9 },
    });
    expect(() => parseCheckerOptions(["=3"])).toThrow(BadInputError);
    expect(() => parseCheckerOptions(["novalue"])).toThrow(/"novalue" is not name=value/);
  });

  it("judges each fixture with the right verdict and exit code, in JSON and in words", async () => {
    const lines: string[] = [];
    expect(await checkCommand(fixture("valid.jsonl"), { checker: "set" }, (l) => lines.push(l))).toBe(0);
    expect(lines.at(-1)).toBe("verdict: true");
    expect(await checkCommand(fixture("lost.jsonl"), { checker: "set" }, (l) => lines.push(l))).toBe(1);
    expect(lines).toContain("    lost (1): 2");
    expect(await checkCommand(fixture("no-final-read.jsonl"), { checker: "set" }, () => {})).toBe(2);
    let json = "";
    expect(await checkCommand(fixture("lost.jsonl"), { checker: "set", json: true }, (l) => (json = l))).toBe(1);
    expect(JSON.parse(json)).toMatchObject({ ops: 12, valid: false, results: { set: { valid: false, lost: [2] } } });
  });

  it("rejects an unknown checker before reading the history", async () => {
    await expect(checkCommand("/nonexistent", { checker: "set,nope" }, () => {})).rejects.toThrow(/--checker: "nope" is not a checker/);
  });

  it("summarises findings: non-empty lists only, shortened", () => {
    expect(findingLines({ checker: "set", valid: false, lost: [1, 2, 3], unexpected: [], reason: "x" }, 2)).toEqual([
      "lost (3): 1, 2, ...",
    ]);
  });
});

describe("faultline check: checking nothing is never a pass, and every option is one a checker takes", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "faultline-check-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each(["", ",", " , "])("--checker %j names no checker: bad input, before the history is read", async (checker) => {
    const error = await rejection(checkCommand("/nonexistent", { checker }, () => {}));
    expect(error).toBeInstanceOf(BadInputError);
    expect((error as BadInputError).message).toContain(
      `--checker: ${JSON.stringify(checker)} names no checker, and checking nothing is never a pass`,
    );
  });

  it.each([
    ["an empty file", ""],
    ["blank lines only", "\n\n"],
    ["faults only", '{"index":0,"process":"nemesis","type":"invoke","f":"partition","time":1}\n'],
  ])("%s: every checker says unknown (the history holds no client operation), exit 2", async (_, text) => {
    const path = join(dir, "h.jsonl");
    await writeFile(path, text);
    const lines: string[] = [];
    expect(await checkCommand(path, { checker: "register,set,availability" }, (l) => lines.push(l))).toBe(2);
    expect(lines).toContain(`  register: unknown (${NO_CLIENT_OPERATION})`);
    expect(lines.at(-1)).toBe("verdict: unknown");
  });

  it("an option no chosen checker takes: refused with the near name and the options there are", async () => {
    const typo = await rejection(
      checkCommand(fixture("valid.jsonl"), { checker: "availability", option: ["maxRecoveryMS=5000"] }, () => {}),
    );
    expect((typo as Error).message).toBe(
      "--option maxRecoveryMS: is not an option of availability (did you mean maxRecoveryMs?). availability takes maxUnavailableMs, maxRecoveryMs, minSuccessRate.",
    );
    const other = await rejection(checkCommand(fixture("valid.jsonl"), { checker: "set", option: ["maxRecoveryMs=5000"] }, () => {}));
    expect((other as Error).message).toContain(
      "--option maxRecoveryMs: is an option of availability, which --checker does not name (it names set)",
    );
    const far = await rejection(checkCommand(fixture("valid.jsonl"), { checker: "set,register", option: ["colour=1"] }, () => {}));
    expect((far as Error).message).toContain(
      "is not an option of set, register. set takes readF; register takes initial, maxStates, timeLimitMs, includeLinearization.",
    );
  });

  it.each([
    ["maxRecoveryMs=99999999999", "availability", "is not a value availability takes: expected at most 86400000 ms (24 h)"],
    ["maxUnavailableMs=-1", "availability", "expected a whole number of milliseconds from 0 to 86400000 (24 h)"],
    ["timeLimitMs=1.5", "register", "expected a whole number of milliseconds"],
    ['minSuccessRate={"after":2}', "availability", "at after: expected a rate from 0 to 1"],
    ["readF=", "set", "expected a non-empty string"],
    ["maxRecoveryMs=1", "availability", "given twice: 1 and 2"],
  ])("--option %s to %s: refused, naming the option", async (option, checker, problem) => {
    const options = problem.startsWith("given twice") ? [option, "maxRecoveryMs=2"] : [option];
    const error = await rejection(checkCommand(fixture("valid.jsonl"), { checker, option: options }, () => {}));
    expect(error).toBeInstanceOf(BadInputError);
    expect((error as Error).message).toContain(problem);
  });

  it("options the chosen checkers take are accepted", async () => {
    const options = ["maxRecoveryMs=86400000", "readF=read", 'minSuccessRate={"after":0.5}'];
    expect(await checkCommand(fixture("valid.jsonl"), { checker: "set,availability", option: options }, () => {})).toBeTypeOf("number");
  });
});
