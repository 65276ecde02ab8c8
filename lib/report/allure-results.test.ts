import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Stage, Status, TestResult } from "allure-js-commons";
import { afterEach, describe, expect, it } from "vitest";
import { type AllureRun, type AllureTestResult, allureResults, writeAllureResults } from "./allure-results.ts";
import type { RunResults } from "./store.ts";

// Compile-time: what faultline writes is an Allure 2 TestResult as allure-js-commons defines it (enums as their string values).
type AllureJson = Omit<TestResult, "status" | "stage"> & { status?: `${Status}`; stage: `${Stage}` };
const _compatible = (r: AllureTestResult): AllureJson => r;
void _compatible;

const counter = () => {
  let n = 0;
  return () => `00000000-0000-4000-8000-${String(++n).padStart(12, "0")}`;
};

const results: RunResults = {
  valid: false,
  checkedAt: "2026-11-27T14:05:09.123Z",
  results: {
    linearizable: { checker: "linearizable", valid: true },
    "set-full": { checker: "set-full", valid: false, lost: [1, 2, 3], attempted: [1, 2, 3, 4] },
    stale: { checker: "stale", valid: "unknown", reason: "history too short" },
    bank: { checker: "bank", valid: false, advisory: true, anomalies: ["read 1 saw total 99"] },
  },
};

const run = (over: Partial<AllureRun> = {}): AllureRun => ({
  suite: "redis",
  scenario: "partition-primary",
  target: "redis-7.4",
  engineVersion: "7.4.2",
  runId: "abc123",
  startMs: 1_000,
  stopMs: 61_000,
  results,
  host: "ci-box",
  ...over,
});

const byChecker = (files: ReturnType<typeof allureResults>) =>
  Object.fromEntries(files.map((f) => [f.json.name.split("] ")[1] ?? "", f.json]));

describe("allureResults", () => {
  it("gives one result per checker with the verdict as Allure status", () => {
    const files = allureResults(run(), counter());
    expect(files).toHaveLength(4);
    expect(files[0]?.fileName).toBe("00000000-0000-4000-8000-000000000001-result.json");
    expect(files[0]?.json.uuid).toBe("00000000-0000-4000-8000-000000000001");
    const r = byChecker(files);
    expect(r.linearizable?.status).toBe("passed");
    expect(r["set-full"]?.status).toBe("failed");
    expect(r.stale?.status).toBe("broken");
    expect(r.bank?.status).toBe("failed");
    for (const f of files) {
      expect(f.json.stage).toBe("finished");
      expect(f.json.start).toBe(1_000);
      expect(f.json.stop).toBe(61_000);
      expect(f.json.steps).toEqual([]);
      expect(f.json.attachments).toEqual([]);
      expect(f.json.links).toEqual([]);
    }
  });

  it("names results like the JUnit testcases and fills labels and parameters", () => {
    const f = byChecker(allureResults(run(), counter()))["set-full"];
    expect(f?.name).toBe("partition-primary [redis-7.4] set-full");
    expect(f?.fullName).toBe("faultline.redis.partition-primary.redis-7.4.set-full");
    expect(f?.labels).toEqual([
      { name: "parentSuite", value: "faultline" },
      { name: "suite", value: "redis" },
      { name: "subSuite", value: "redis-7.4" },
      { name: "framework", value: "faultline" },
      { name: "host", value: "ci-box" },
    ]);
    expect(f?.parameters).toEqual([
      { name: "target", value: "redis-7.4" },
      { name: "engine", value: "7.4.2" },
    ]);
    expect(f?.description).toBe("run abc123");
  });

  it("puts the reason and the findings in statusDetails", () => {
    const r = byChecker(allureResults(run(), counter()));
    expect(r["set-full"]?.statusDetails).toEqual({ message: "set-full found a violation", trace: "lost (3): 1, 2, 3" });
    expect(r.stale?.statusDetails).toEqual({ message: "history too short" });
    expect(r.linearizable?.statusDetails).toEqual({});
  });

  it("tags an advisory result and says it does not gate the run", () => {
    const r = byChecker(allureResults(run(), counter()));
    expect(r.bank?.labels).toContainEqual({ name: "tag", value: "advisory" });
    expect(r.bank?.statusDetails.message).toContain("advisory");
    expect(r.bank?.statusDetails.trace).toBe("anomalies (1): read 1 saw total 99");
    expect(r["set-full"]?.labels.some((l) => l.name === "tag")).toBe(false);
  });

  it("gives an unjudged run one broken result with the run's reason", () => {
    const files = allureResults(
      run({ results: { valid: "unknown", results: {}, checkedAt: "2026-11-27T14:05:09.123Z", reason: "cluster never came up" } }),
      counter(),
    );
    expect(files).toHaveLength(1);
    expect(files[0]?.json.name).toBe("partition-primary [redis-7.4]");
    expect(files[0]?.json.fullName).toBe("faultline.redis.partition-primary.redis-7.4");
    expect(files[0]?.json.status).toBe("broken");
    expect(files[0]?.json.statusDetails.message).toBe("cluster never came up");
  });

  it("keeps historyId and testCaseId stable across runs, distinct across targets and checkers", () => {
    const a = byChecker(allureResults(run(), counter()));
    const b = byChecker(allureResults(run({ runId: "other", startMs: 5, stopMs: 9 }), counter()));
    const c = byChecker(allureResults(run({ target: "valkey-8.0" }), counter()));
    expect(a["set-full"]?.historyId).toMatch(/^[0-9a-f]{32}$/);
    expect(b["set-full"]?.historyId).toBe(a["set-full"]?.historyId);
    expect(b["set-full"]?.testCaseId).toBe(a["set-full"]?.testCaseId);
    expect(c["set-full"]?.historyId).not.toBe(a["set-full"]?.historyId);
    expect(a.linearizable?.historyId).not.toBe(a["set-full"]?.historyId);
  });

  it("leaves out the engine parameter when unknown and names the run directory when given", () => {
    const f = allureResults(run({ engineVersion: undefined, runDir: "/x/reports/runs/redis/20261127-140509-abc123" }), counter())[0];
    expect(f?.json.parameters).toEqual([{ name: "target", value: "redis-7.4" }]);
    expect(f?.json.description).toBe("run directory /x/reports/runs/redis/20261127-140509-abc123");
  });
});

describe("writeAllureResults", () => {
  let dir = "";
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("creates the directory and writes one parseable file per result", async () => {
    dir = await mkdtemp(join(tmpdir(), "faultline-allure-"));
    const target = join(dir, "nested", "allure-results");
    const files = allureResults(run(), counter());
    const paths = await writeAllureResults(target, files);
    expect(paths).toHaveLength(4);
    const names = (await readdir(target)).sort();
    expect(names).toEqual(files.map((f) => f.fileName).sort());
    for (const f of files) {
      const parsed = JSON.parse(await readFile(join(target, f.fileName), "utf8"));
      expect(parsed).toEqual(f.json);
    }
  });
});
