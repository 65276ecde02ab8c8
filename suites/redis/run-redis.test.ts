import { existsSync, readdirSync, readFileSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseHistory } from "../../lib/history/loader.ts";
import { parseEventsJsonl } from "../../lib/report/engine-event.ts";
import { runsRoot } from "../../lib/report/store.ts";
import { describeRunInAllure } from "../support/allure-run.ts";
import { exitOf, startCli } from "../support/cli-process.ts";
import { leftoversOf } from "../support/leftovers.ts";

describe("faultline run redis", () => {
  const runDirs: string[] = [];

  it("without a fault: a ready 3x1 cluster through the mesh, a set workload with nothing lost, a complete run directory, exit 0", async () => {
    const cli = startCli(["run", "redis", "--fault", "none", "--duration", "4000"]);
    const exit = await exitOf(cli, 300_000);
    expect(exit.code, cli.stderr()).toBe(0);
    const out = cli.stdout();
    const runId = /^== set on redis-7\.0 \(run (fl-\S+)\)$/m.exec(out)?.[1] as string;
    expect(runId).toMatch(/^fl-/);
    expect(out).toMatch(/^image faultline\/redis-7\.0:[0-9a-f]{12} \(local, redis-7\.0 7\.0\.\d+\)$/m);
    expect(out).toContain("cluster_state:ok on all 6 nodes; 16384 slots assigned; replicas linked");
    expect(out).toMatch(/; 66 links through Toxiproxy 2\.12\.0$/m);
    const masters = [...out.matchAll(/^\s+n\d\s+\S+\s+\w+\s+master\s+\S+ \((\d+) slots\)$/gm)];
    expect(masters.reduce((sum, m) => sum + Number(m[1]), 0)).toBe(16384);
    expect(out).toContain("set: true");
    expect(out).toContain("verdict: true");

    const dir = realpathSync(join(runsRoot(), "redis", "latest"));
    expect(dir).toContain(runId);
    runDirs.push(dir);
    const run = JSON.parse(readFileSync(join(dir, "run.json"), "utf8"));
    expect(run).toMatchObject({ suite: "redis", scenario: "set-none", runId, target: "redis-7.0", valid: true });
    expect(run.images[0].engineVersion).toMatch(/^7\.0\./);
    const history = parseHistory(readFileSync(join(dir, "history.jsonl"), "utf8"));
    expect(history.filter((o) => o.f === "add" && o.type === "ok").length).toBeGreaterThan(100);
    expect(history.at(-1)).toMatchObject({ f: "read", type: "ok" });
    const results = JSON.parse(readFileSync(join(dir, "results.json"), "utf8"));
    expect(results.valid).toBe(true);
    expect(results.results.set.lost).toEqual([]);
    expect(readdirSync(join(dir, "logs")).sort()).toEqual(
      ["n1", "n2", "n3", "n4", "n5", "n6"]
        .flatMap((n) => [`${n}-net.log`, `${n}.log`])
        .concat("toxiproxy.log")
        .sort(),
    );
    expect(readFileSync(join(dir, "logs", "n1.log"), "utf8")).toContain("Ready to accept connections");
    expect(readFileSync(join(dir, "junit.xml"), "utf8")).toContain('tests="2" failures="0" errors="0"');
    expect(readFileSync(join(dir, "timeline.html"), "utf8")).toContain('<svg id="timeline"');
    expect(await leftoversOf(runId)).toEqual([]);
    await describeRunInAllure(dir, { engine: "redis", scenario: "set", fault: "none" });
  });

  it("with a partition of a master: the fault and its heal are in the history, and the verdict is judged (exit 0 or 1, never 2)", async () => {
    const cli = startCli(["run", "redis", "--fault", "partition", "--duration", "8000", "--fault-ms", "4000"]);
    const exit = await exitOf(cli, 300_000);
    expect([0, 1], cli.stderr()).toContain(exit.code);
    const dir = realpathSync(join(runsRoot(), "redis", "latest"));
    runDirs.push(dir);
    const history = parseHistory(readFileSync(join(dir, "history.jsonl"), "utf8"));
    expect(history.filter((o) => o.process === "nemesis").map((o) => `${o.type} ${o.f}`)).toEqual([
      "invoke partition",
      "info partition",
      "invoke heal",
      "info heal",
    ]);
    const results = JSON.parse(readFileSync(join(dir, "results.json"), "utf8"));
    expect(results.valid).toBe(exit.code === 0);
    expect(existsSync(join(dir, "logs", "toxiproxy.log"))).toBe(true);
    const timeline = readFileSync(join(dir, "timeline.html"), "utf8");
    expect(timeline).toContain('class="fault-window" data-fault="partition"');
    // The label says who was cut off from whom: the master against the five others.
    const cut = history.find((o) => o.f === "partition" && o.type === "info");
    const grudge = (cut?.value as { grudge?: Record<string, string[]> } | undefined)?.grudge ?? {};
    const master = Object.keys(grudge).find((n) => grudge[n]?.length === 5) ?? "";
    expect(timeline).toContain(`partition: ${master} cut off from `);
    // The peers' own lines marking the master FAIL, kept in events.jsonl on the history's clock and drawn on its row.
    const events = parseEventsJsonl(readFileSync(join(dir, "events.jsonl"), "utf8"));
    const fails = events.filter((e) => e.kind === "fail" && e.node === master && e.source === "log");
    expect(fails.length, JSON.stringify(events.slice(0, 20))).toBeGreaterThan(0);
    expect(fails[0]?.time ?? 0).toBeGreaterThan(cut?.time ?? 0);
    expect(timeline).toContain(`data-kind="fail" data-node="${master}"`);
    expect(existsSync(join(runsRoot(), "..", "junit", "faultline-redis.xml"))).toBe(true);
    await describeRunInAllure(dir, { engine: "redis", scenario: "set", fault: "partition of a master" });
  });

  it("faultline compare shows the two runs' differences, and exits 1 exactly when the verdict regressed", async () => {
    expect(runDirs).toHaveLength(2);
    const cli = startCli(["compare", ...runDirs]);
    const exit = await exitOf(cli, 60_000);
    const second = JSON.parse(readFileSync(join(runDirs[1] as string, "results.json"), "utf8"));
    expect(exit.code, cli.stderr()).toBe(second.valid === false ? 1 : 0);
    expect(cli.stdout()).toMatch(/^~ scenario\s+set-none\s+set-partition$/m);
    expect(cli.stdout()).toMatch(/^\s+engine version\s+7\.0\.\d+\s+7\.0\.\d+$/m);
    expect(cli.stdout()).toMatch(/^[ *] set\.lost\s+0\s+\d+/m);
    expect(cli.stdout()).toContain("! verdict changed");
  });

  it("--json prints one JSON summary on stdout, the lines for people on stderr", async () => {
    const cli = startCli(["run", "redis", "--json", "--scenario", "crossslot"]);
    const exit = await exitOf(cli, 300_000);
    expect(exit.code, cli.stderr()).toBe(0);
    const summary = JSON.parse(cli.stdout());
    expect(summary).toMatchObject({
      valid: true,
      runs: [{ scenario: "crossslot", target: "redis-7.0", valid: true, verdicts: { crossslot: true } }],
    });
    expect(summary.runId).toMatch(/^fl-/);
    expect(cli.stderr()).toContain("== crossslot on redis-7.0");
  });

  it("rejects bad flags with exit 2 before starting anything", async () => {
    for (const [args, message] of [
      [["--masters", "2"], "masters: 2 is not a whole number from 3 to 100"],
      [["--fault", "flood"], '--fault: "flood" is not a fault'],
      [["--duration", "8000", "--fault-ms", "7000"], "--fault-ms: 7000 ms does not fit"],
      // Unknown to the server itself: asked of the target's redis-server before any cluster starts.
      [["--set", "no-such-thing=1"], "refuses the settings: at 'no-such-thing \"1\"': Bad directive"],
      [["--set", "maxmemory=lots"], "argument must be a memory value"],
    ] as const) {
      const cli = startCli(["run", "redis", ...args]);
      const exit = await exitOf(cli, 60_000);
      expect(exit.code).toBe(2);
      expect(cli.stderr()).toContain(message);
      expect(cli.stderr()).not.toContain("container");
      expect(cli.stdout()).not.toContain("== ");
    }
  });
});
