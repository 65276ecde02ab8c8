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

  it("refuses an unknown isolation model before reading the history, naming the known ones with a did-you-mean", async () => {
    const refused = checkCommand("/nonexistent", { checker: "list-append", option: ["model=serialisable"] }, () => {});
    await expect(refused).rejects.toThrow(BadInputError);
    await expect(refused).rejects.toThrow(
      '--option model: "serialisable" is not an isolation model. Did you mean "serializable"? Use one of: read-uncommitted, read-committed, repeatable-read, snapshot-isolation, serializable,',
    );
    await expect(checkCommand("/nonexistent", { checker: "rw-register", option: ["model=12"] }, () => {})).rejects.toThrow(
      "--option model: 12 is not an isolation model. Use one of",
    );
    await expect(checkCommand("/nonexistent", { checker: "list-append", option: ["maxCases=0"] }, () => {})).rejects.toThrow(
      "--option maxCases: 0 is not a value list-append takes: expected a whole number from 1",
    );
    await expect(checkCommand("/nonexistent", { checker: "rw-register", option: ["wfrKeys=yes"] }, () => {})).rejects.toThrow(
      '--option wfrKeys: "yes" is not a value rw-register takes: expected true or false. Give it as JSON, e.g. --option wfrKeys=true.',
    );
  });

  it("prints a transactional checker's report line by line: each anomaly, its cycle explained, every model's verdict", async () => {
    const lines: string[] = [];
    const path = new URL("../../fixtures/histories/list-append/g-single-read-skew.jsonl", import.meta.url).pathname;
    expect(await checkCommand(path, { checker: "list-append", option: ["model=snapshot-isolation"] }, (l) => lines.push(l))).toBe(1);
    expect(lines.slice(1)).toEqual([
      "  list-append: false (snapshot-isolation forbids G-single x1)",
      "    anomalyTypes (1): G-single",
      "    G-single x1 (forbidden by snapshot-isolation):",
      "      G-single: T0 -rw-> T1 -wr-> T0",
      '        T0 (process 0, ok): read key "x" = [], read key "y" = [1]',
      '        T1 (process 1, ok): append 1 to key "x", append 1 to key "y"',
      '        T0 < T1: T0 read key "x" empty and did not see 1, which T1 appended first (rw)',
      '        T1 < T0: T0 read key "y" = [1], whose last element 1 T1 appended (wr)',
      "        so T0 would have to come before itself.",
      "    valid under: read-uncommitted, read-committed",
      "    invalid under: repeatable-read (G-single x1); snapshot-isolation (G-single x1); serializable (G-single x1); strong-session-snapshot-isolation (G-single x1); strong-session-serializable (G-single x1); strong-snapshot-isolation (G-single x1); strict-serializable (G-single x1)",
      "    not judged: strong-session-read-uncommitted, strong-session-read-committed (needs process-order edges, which this check did not build (check with that model))",
      "verdict: false",
    ]);
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
