import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BadInputError } from "../core/errors.ts";
import { compareRuns, formatCompare } from "./compare.ts";
import { buildMatrix, cellText, matrixHtml, matrixMarkdown } from "./matrix.ts";
import { metricsOf, type RunSummary, readRun, settingsOf } from "./run-summary.ts";
import { runSummary } from "./run-summary-fixture.ts";

const summary = (over: Partial<RunSummary>) =>
  runSummary({
    dir: "/x",
    scenario: "set-partition",
    verdicts: { set: true },
    metrics: { "set.lost": 0, "timings.readyMs": 4000 },
    ...over,
  });

describe("metricsOf", () => {
  it("flattens list sizes, availability figures and timings into numbers", () => {
    expect(
      metricsOf({
        valid: false,
        checkedAt: "t",
        timings: { readyMs: 4733 },
        results: {
          set: { checker: "set", valid: false, lost: [1, 2], recovered: [], acknowledged: [1, 2, 3] },
          availability: {
            checker: "availability",
            valid: true,
            operations: { total: 10, ok: 8, fail: 1, info: 1 },
            recovery: [{ recoveryMs: 2.5 }, { recoveryMs: null }],
            longestUnavailable: { overall: { durationMs: 120 } },
            phases: [
              { kind: "before", rate: 1 },
              { kind: "fault", rate: 0.5 },
              { kind: "after", rate: 1 },
              { kind: "fault", rate: null },
            ],
          },
        },
      }),
    ).toEqual({
      "set.acknowledged": 3,
      "set.lost": 2,
      "set.recovered": 0,
      "availability.ops.total": 10,
      "availability.ops.fail": 1,
      "availability.ops.info": 1,
      "availability.recovery.1.ms": 2.5,
      "availability.longestUnavailable.ms": 120,
      "availability.rate.before": 1,
      "availability.rate.fault": 0.5,
      "availability.rate.after": 1,
      "timings.readyMs": 4733,
    });
  });
});

describe("compareRuns", () => {
  it("marks a verdict going false as a regression, numbers with their relative change, identity changes", () => {
    const a = summary({});
    const b = summary({
      runId: "fl-b",
      engineVersion: "8.0.2",
      valid: false,
      verdicts: { set: false },
      metrics: { "set.lost": 12, "timings.readyMs": 5000 },
    });
    const rows = compareRuns(a, b);
    expect(rows.find((r) => r.what === "engine version")).toEqual({
      what: "engine version",
      a: "7.0.15",
      b: "8.0.2",
      change: "identity",
      note: "",
    });
    expect(rows.find((r) => r.what === "verdict")).toMatchObject({ change: "verdict", note: "REGRESSION" });
    expect(rows.find((r) => r.what === "set verdict")).toMatchObject({ a: "true", b: "false", note: "REGRESSION" });
    expect(rows.find((r) => r.what === "timings.readyMs")).toMatchObject({ change: "number", note: "+25.0%" });
    expect(rows.find((r) => r.what === "set.lost")).toMatchObject({ a: "0", b: "12", change: "number", note: "" });
    expect(rows.find((r) => r.what === "suite")?.change).toBe("same");
    const back = compareRuns(b, a);
    expect(back.find((r) => r.what === "verdict")?.note).toBe("fixed");
    const text = formatCompare(a, b, rows);
    expect(text).toMatch(/^! verdict\s+true\s+false\s+REGRESSION$/m);
    expect(text).toMatch(/^~ engine version\s+7\.0\.15\s+8\.0\.2$/m);
  });

  it("says when the servers ran with different settings (PXC's image flushes the log once a second, MariaDB at each commit)", () => {
    const a = summary({ target: "mariadb-galera-10.11", settings: { innodb_flush_log_at_trx_commit: "1" } });
    const b = summary({ target: "pxc-8.0", settings: { innodb_flush_log_at_trx_commit: "2" } });
    const rows = compareRuns(a, b);
    expect(rows.find((r) => r.what === "setting innodb_flush_log_at_trx_commit")).toEqual({
      what: "setting innodb_flush_log_at_trx_commit",
      a: "1",
      b: "2",
      change: "identity",
      note: "",
    });
    // Among the rows that say who the runs are, before the verdicts.
    expect(rows.map((r) => r.what).indexOf("setting innodb_flush_log_at_trx_commit")).toBeLessThan(
      rows.map((r) => r.what).indexOf("verdict"),
    );
    const text = formatCompare(a, b, rows);
    expect(text).toMatch(/^~ setting innodb_flush_log_at_trx_commit\s+1\s+2$/m);
    expect(text).toContain("~ different target, version or server setting");
    expect(compareRuns(a, a).find((r) => r.what === "setting innodb_flush_log_at_trx_commit")?.change).toBe("same");
    expect(compareRuns(a, summary({})).find((r) => r.what === "setting innodb_flush_log_at_trx_commit")).toMatchObject({ a: "1", b: "-" });
    expect(compareRuns(summary({}), summary({})).some((r) => r.what.startsWith("setting "))).toBe(false);
    const odd = compareRuns(summary({ settings: { toString: "x" } }), summary({}));
    expect(odd.find((r) => r.what === "setting toString")).toMatchObject({ a: "x", b: "-", change: "identity" });
  });

  it("a checker only one run has shows as - on the other side", () => {
    const rows = compareRuns(summary({}), summary({ verdicts: { set: true, register: "unknown" } }));
    expect(rows.find((r) => r.what === "register verdict")).toMatchObject({ a: "-", b: "unknown", note: "changed" });
  });
});

describe("matrix", () => {
  it("tabulates scenario x target; disagreeing repeats are flaky, never a pass", () => {
    const m = buildMatrix([
      summary({}),
      summary({ valid: false }),
      summary({ target: "valkey-8.1", engineVersion: "8.1.1" }),
      summary({ scenario: "set-kill", target: "valkey-8.1", engineVersion: "8.1.1", valid: "unknown" }),
    ]);
    expect(m.targets).toEqual(["redis-7.0 7.0.15", "valkey-8.1 8.1.1"]);
    expect(matrixMarkdown(m)).toBe(
      [
        "| scenario | redis-7.0 7.0.15 | valkey-8.1 8.1.1 |",
        "| --- | --- | --- |",
        "| redis/set-kill | - | unknown |",
        "| redis/set-partition | flaky (pass, FAIL) | pass |",
        "",
      ].join("\n"),
    );
    expect(cellText([true, true])).toBe("pass x2");
    expect(matrixHtml(m)).toContain('<td class="unknown">flaky (pass, FAIL)</td>');
  });
});

describe("matrix with advisory findings", () => {
  it("names advisory checks that came out false beside the scenario, without failing the cell", () => {
    const m = buildMatrix([summary({ scenario: "forced-bootstrap", advisoryFalse: ["split-brain", "convergence"] })]);
    expect(matrixMarkdown(m)).toContain("| redis/forced-bootstrap (advisory: split-brain, convergence false) | pass |");
  });
});

describe("readRun", () => {
  it("reads a judged run directory and rejects anything else as bad input", async () => {
    const dir = await mkdtemp(join(tmpdir(), "fl-run-"));
    await mkdir(join(dir, "r1"));
    await writeFile(
      join(dir, "r1", "run.json"),
      JSON.stringify({ runId: "fl-1", suite: "redis", scenario: "set-none", target: "redis-7.0", images: [{ engineVersion: "7.0.15" }] }),
    );
    await writeFile(
      join(dir, "r1", "results.json"),
      JSON.stringify({ valid: true, checkedAt: "t", results: { set: { checker: "set", valid: true, lost: [] } } }),
    );
    expect(await readRun(join(dir, "r1"))).toMatchObject({
      runId: "fl-1",
      engineVersion: "7.0.15",
      valid: true,
      verdicts: { set: true },
      metrics: { "set.lost": 0 },
    });
    await expect(readRun(join(dir, "nope"))).rejects.toBeInstanceOf(BadInputError);
  });

  it("reads the server settings a Galera run recorded (config.effectiveSettings.values); none for older runs or odd values", async () => {
    const dir = await mkdtemp(join(tmpdir(), "fl-run-"));
    const results = JSON.stringify({ valid: true, checkedAt: "t", results: {} });
    const run = (config: unknown) => JSON.stringify({ runId: "fl-1", suite: "galera", scenario: "isolate-one", target: "pxc-8.0", config });
    for (const [name, config] of [
      ["recorded", { topology: {}, effectiveSettings: { node: "n1", values: { innodb_flush_log_at_trx_commit: "2", odd: 3 } } }],
      ["older", { topology: {} }],
      ["failed", { effectiveSettings: { node: "n1", values: {}, error: "n1: exit 1" } }],
    ] as const) {
      await mkdir(join(dir, name));
      await writeFile(join(dir, name, "run.json"), run(config));
      await writeFile(join(dir, name, "results.json"), results);
    }
    expect((await readRun(join(dir, "recorded"))).settings).toEqual({ innodb_flush_log_at_trx_commit: "2" });
    expect((await readRun(join(dir, "older"))).settings).toEqual({});
    expect((await readRun(join(dir, "failed"))).settings).toEqual({});
    expect(settingsOf(null)).toEqual({});
    expect(settingsOf({ effectiveSettings: { values: ["2"] } })).toEqual({});
  });
});
