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

  it("summarises findings: non-empty lists only, shortened", () => {
    expect(findingLines({ checker: "set", valid: false, lost: [1, 2, 3], unexpected: [], reason: "x" }, 2)).toEqual([
      "lost (3): 1, 2, ...",
    ]);
  });
});
