import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectPath } from "../../lib/core/paths.ts";
import { parseHistory } from "../../lib/history/loader.ts";
import { describeRunInAllure } from "../support/allure-run.ts";
import { exitOf, startCli } from "../support/cli-process.ts";

const runDirs = (out: string) => [...out.matchAll(/^run directory (\S+) /gm)].map((m) => projectPath(m[1] as string));
const resultsOf = (dir: string) => JSON.parse(readFileSync(join(dir, "results.json"), "utf8"));

describe("Redis partition scenarios", () => {
  it("minority-master (plain and WAIT 1) and majority-loss behave as the Redis Cluster specification allows", async () => {
    const cli = startCli([
      "run",
      "redis",
      "--scenario",
      "minority-master,minority-master-wait,majority-loss",
      "--duration",
      "10000",
      "--fault-ms",
      "6000",
    ]);
    const exit = await exitOf(cli, 600_000);
    const dirs = runDirs(cli.stdout());
    expect(dirs, cli.stderr()).toHaveLength(3);
    const [plain, wait, majority] = dirs.map(resultsOf);

    // The cut master refuses writes within node-timeout + margin of the cut.
    for (const r of [plain, wait]) {
      expect(r.results["minority-stops-writes"]).toMatchObject({ valid: true, node: "n1", boundMs: 5000 });
      expect(r.results["minority-stops-writes"].refusedMs).toBeGreaterThanOrEqual(1000);
      expect(r.results["minority-stops-writes"].refusedMs).toBeLessThanOrEqual(5000);
      expect(r.results["loss-window"].lostOutsideWindow).toEqual([]);
    }
    // Without WAIT the cut master acknowledges writes in its window (the history shows them);
    // with WAIT 1 it cannot get them replicated, so they are not acknowledged: fewer are lost.
    expect(plain.results["loss-window"].ackedInWindow).toBeGreaterThan(0);
    expect(wait.results["loss-window"].lostInWindow.length).toBeLessThanOrEqual(plain.results["loss-window"].lostInWindow.length);
    const waitHistory = parseHistory(readFileSync(join(dirs[1] as string, "history.jsonl"), "utf8"));
    expect(waitHistory.filter((o) => o.type === "info" && /^WAIT 1: only 0 replicas/.test(o.error ?? "")).length).toBeGreaterThan(0);

    // Majority loss: every node fails within the bound, clients see CLUSTERDOWN, nobody promoted during the cut.
    const m = majority.results["majority-loss"];
    expect(m).toMatchObject({ valid: true, cut: ["n1", "n2"], promotedDuringCut: [] });
    expect(Object.keys(m.failStateMs).sort()).toEqual(["n1", "n2", "n3", "n4", "n5", "n6"]);
    for (const ms of Object.values(m.failStateMs) as number[]) expect(ms).toBeLessThanOrEqual(m.boundMs);
    expect(m.clusterDownOps).toBeGreaterThan(0);
    expect(majority.results["loss-window"].lostOutsideWindow).toEqual([]);

    expect(exit.code, cli.stderr()).toBe(0);
    for (const [i, name] of ["minority-master", "minority-master-wait", "majority-loss"].entries()) {
      await describeRunInAllure(dirs[i] as string, { engine: "redis", scenario: name, fault: "partition" });
    }
  });

  it("fails, not passes, when the bound is tighter than any Redis can meet (margin 0: node-timeout alone)", async () => {
    // A node only notices it lost the majority after node-timeout without answers, then acts on
    // it: refusing writes or reporting fail strictly after 2000 ms is what the server does.
    const cli = startCli([
      "run",
      "redis",
      "--json",
      "--scenario",
      "minority-master,majority-loss",
      "--margin-ms",
      "0",
      "--duration",
      "8000",
      "--fault-ms",
      "5000",
    ]);
    const exit = await exitOf(cli, 600_000);
    expect(exit.code, cli.stderr().slice(-2000)).toBe(1);
    const [minority, majority] = JSON.parse(cli.stdout()).runs as Array<{ dir: string; valid: unknown }>;
    const m = resultsOf(minority?.dir as string).results["minority-stops-writes"];
    expect(m.valid).toBe(false);
    expect(m.boundMs).toBe(2000);
    expect(m.refusedMs).toBeGreaterThan(2000);
    expect(m.reason).toMatch(/^n1 refused writes only \d+ ms after the cut, bound 2000 ms$/);
    const j = resultsOf(majority?.dir as string).results["majority-loss"];
    expect(j.valid).toBe(false);
    expect(j.reason).toContain("did not report cluster_state:fail within 2000 ms");
  });
});
