import { describe, expect, it } from "vitest";
import { matrixDocument } from "./matrix-files.ts";
import { repeatGroups } from "./repeat-stats.ts";
import { runSummary } from "./run-summary-fixture.ts";

const summary = runSummary;

const table = [
  "| scenario | redis-7.0 7.0.15 | valkey-8.1 8.1.1 |",
  "| --- | --- | --- |",
  "| redis/failover | pass | FAIL |",
  "| redis/set-kill | unknown | - |",
  "",
].join("\n");

const summaries = [
  summary({}),
  summary({ target: "valkey-8.1", engineVersion: "8.1.1", valid: false }),
  summary({ scenario: "set-kill", valid: "unknown" }),
];

describe("matrixDocument", () => {
  it("is the scenario x target table when nothing was skipped or repeated", () => {
    expect(matrixDocument(summaries, [], [])).toBe(table);
  });

  it("lists skipped scenarios after the table: nothing was verified for them", () => {
    const doc = matrixDocument(
      summaries,
      [],
      [
        { suite: "ndb", scenario: "failover", target: "ndb-8.0", reason: "the image cannot be had on arm64" },
        { suite: "ndb", scenario: "bank", target: "ndb-8.0", reason: "the image cannot be had on arm64" },
      ],
    );
    expect(doc).toBe(
      `${table}\nSkipped (nothing verified):\n- ndb/failover on ndb-8.0: the image cannot be had on arm64\n- ndb/bank on ndb-8.0: the image cannot be had on arm64\n`,
    );
  });

  it("adds the repeat distributions and the flaky scenarios when groups are given", () => {
    const repeated = [summary({}), summary({ valid: false })];
    const groups = repeatGroups([
      { suite: "redis", scenario: "failover", target: "redis-7.0", valid: true, timings: { wallMs: 4_000 } },
      { suite: "redis", scenario: "failover", target: "redis-7.0", valid: false, timings: { wallMs: 12_500 } },
    ]);
    const doc = matrixDocument(repeated, groups, []);
    expect(doc.startsWith("| scenario | redis-7.0 7.0.15 |\n| --- | --- |\n| redis/failover | flaky (pass, FAIL) |\n")).toBe(true);
    expect(doc).toContain("| scenario | target | timing | n | min | median | p95 | max |");
    expect(doc).toContain("| redis/failover | redis-7.0 | wallMs | 2 | 4000 ms | 4000 ms | 12.5 s | 12.5 s |");
    expect(doc).toContain("- redis/failover on redis-7.0: true, false");
    expect(doc).not.toContain("Skipped");
  });

  it("puts the skipped list before the repeat statistics", () => {
    const groups = repeatGroups([{ suite: "redis", scenario: "failover", target: "redis-7.0", valid: true, timings: {} }]);
    const doc = matrixDocument([summary({})], groups, [{ suite: "ndb", scenario: "failover", target: "ndb-8.0", reason: "no image" }]);
    const skippedAt = doc.indexOf("Skipped (nothing verified):");
    const repeatsAt = doc.indexOf("| scenario | target | timing |");
    expect(skippedAt).toBeGreaterThan(0);
    expect(repeatsAt).toBeGreaterThan(skippedAt);
  });

  it("says no scenario ran when there is no summary, and still lists what was skipped", () => {
    expect(matrixDocument([], [], [])).toBe("No scenario ran.\n");
    expect(matrixDocument([], [], [{ suite: "ndb", scenario: "failover", target: "ndb-8.0", reason: "no image" }])).toBe(
      "No scenario ran.\n\nSkipped (nothing verified):\n- ndb/failover on ndb-8.0: no image\n",
    );
  });
});
