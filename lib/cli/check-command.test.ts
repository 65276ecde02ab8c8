import { describe, expect, it } from "vitest";
import { BadInputError } from "../core/errors.ts";
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
      "--option maxCases: 0 is not a whole number from 1",
    );
    await expect(checkCommand("/nonexistent", { checker: "rw-register", option: ["wfrKeys=yes"] }, () => {})).rejects.toThrow(
      '--option wfrKeys: "yes" is not true or false',
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
