import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { projectPath } from "../core/paths.ts";
import { checkCommand } from "./check-command.ts";

/**
 * `faultline check` on every hand-written fixture, with the exit code each fixture's README
 * works out (0 valid, 1 invalid, 2 unknown). A fixture added without an entry here fails.
 */
const EXPECTED: Record<string, Record<string, number>> = {
  set: { "info-both-ways": 0, lost: 1, "no-final-read": 2, "unexpected-duplicated-failed": 1, valid: 0 },
  register: {
    "cas-impossible": 1,
    cas: 0,
    "concurrent-one-order": 0,
    "info-write-observed": 0,
    "info-write-then-older-read": 1,
    "info-write-unobserved": 0,
    "multi-key": 1,
    "nemesis-ignored": 0,
    "read-unwritten": 1,
    "sequential-valid": 0,
    "stale-read": 1,
  },
  availability: { "no-client-ops": 2, "no-ok-after-fault": 0, "partition-heal": 0, "two-faults": 0 },
  convergence: { "agree-any-order": 0, "extra-element": 1, "missing-element": 1, "register-values": 1, "too-few-nodes": 2 },
  bank: { valid: 0, invalid: 1 },
  // Under the default model, strict-serializable (the READMEs work out each file under other models too).
  "list-append": {
    "appends-only": 2,
    "dirty-update": 1,
    "duplicate-elements": 1,
    "g-nonadjacent": 1,
    "g-single-read-skew": 1,
    "g0-write-cycle": 1,
    "g1a-aborted-read": 1,
    "g1b-intermediate-read": 1,
    "g1c-circular-information-flow": 1,
    "g2-item-write-skew": 1,
    "garbage-read": 1,
    "incompatible-order": 1,
    "info-observed": 0,
    internal: 1,
    "lost-update": 1,
    "non-repeatable-read": 1,
    "nothing-committed": 2,
    "stale-read-process": 1,
    "stale-read-realtime": 1,
    "valid-concurrent": 0,
  },
  "rw-register": {
    "cyclic-versions": 1,
    "dirty-update": 1,
    "g-nonadjacent": 1,
    "g-single-read-skew": 1,
    "g0-writes-follow-reads": 1,
    "g1a-aborted-read": 1,
    "g1b-intermediate-read": 1,
    "g1c-circular-information-flow": 1,
    "g2-item-write-skew": 1,
    "garbage-read": 1,
    "info-observed": 0,
    internal: 1,
    "lost-update": 1,
    "non-repeatable-read": 1,
    "nothing-committed": 2,
    "stale-read-realtime": 1,
    "valid-concurrent": 0,
  },
};

/** Checker options a fixture folder needs (the bank's expected total, from its README). */
const OPTIONS: Record<string, string[]> = { bank: ["total=30", "accounts=3"] };

const dir = (checker: string) => projectPath("fixtures", "histories", checker);

describe("faultline check on every fixture", () => {
  for (const [checker, cases] of Object.entries(EXPECTED)) {
    it(`${checker}: every fixture has an expected verdict`, () => {
      const files = readdirSync(dir(checker))
        .filter((f) => f.endsWith(".jsonl"))
        .map((f) => f.replace(/\.jsonl$/, ""));
      expect(files.sort()).toEqual(Object.keys(cases).sort());
    });
    for (const [name, code] of Object.entries(cases)) {
      it(`${checker} ${name} -> exit ${code}`, async () => {
        const option = OPTIONS[checker];
        expect(await checkCommand(`${dir(checker)}/${name}.jsonl`, { checker, ...(option ? { option } : {}) }, () => {})).toBe(code);
      });
    }
  }

  it.each([
    ["partition-heal", ["maxUnavailableMs=59", "maxRecoveryMs=13", 'minSuccessRate={"before":1,"fault":0.5,"after":1}'], 0],
    ["partition-heal", ["maxUnavailableMs=50"], 1],
    ["partition-heal", ["maxRecoveryMs=10"], 1],
    ["partition-heal", ['minSuccessRate={"fault":0.6}'], 1],
    ["no-ok-after-fault", ["maxRecoveryMs=1000"], 1],
  ])("availability %s with bounds %j -> exit %i", async (name, option, code) => {
    expect(await checkCommand(`${dir("availability")}/${name}.jsonl`, { checker: "availability", option }, () => {})).toBe(code);
  });

  it.each([
    ["list-append", "g2-item-write-skew", "snapshot-isolation", 0],
    ["list-append", "g2-item-write-skew", "serializable", 1],
    ["list-append", "stale-read-realtime", "serializable", 0],
    ["list-append", "g1a-aborted-read", "read-uncommitted", 0],
    ["rw-register", "g0-writes-follow-reads", "read-uncommitted", 0],
    ["rw-register", "g0-writes-follow-reads", "read-committed", 1],
  ])("%s %s under %s -> exit %i", async (checker, name, model, code) => {
    expect(await checkCommand(`${dir(checker)}/${name}.jsonl`, { checker, option: [`model=${model}`] }, () => {})).toBe(code);
  });
});
