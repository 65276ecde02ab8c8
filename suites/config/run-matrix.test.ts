import { readdir, readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { reportsPath } from "../../lib/report/outputs.ts";
import { exitOf, startCli } from "../support/cli-process.ts";
import { tempConfigFile } from "../support/config-file.ts";

/**
 * One command for several suites and targets: `faultline run --target` picks the suites from
 * the targets, `--repeat` runs every scenario again, and the end of the run is the matrix
 * (terminal, Markdown, HTML) with timing distributions, one JUnit file per suite holding every
 * run, Allure results, and plain progress lines (CI and pipes).
 */
describe("faultline run --target across suites, --repeat", () => {
  it("runs each target's suite twice, ends with the matrix and the distributions, JUnit and Allure for every run", async () => {
    const file = await tempConfigFile({
      suites: {
        redis: { scenarios: ["slot-coverage"] },
        galera: { scenarios: ["replication"], durationMs: 6000, faultMs: 1500 },
      },
    });
    const allureBefore = new Set(await readdir(reportsPath("allure-results")).catch(() => []));
    const cli = startCli(["--config", file, "run", "--target", "redis-7.0,mariadb-10.11", "--repeat", "2", "--json"], { CI: "true" });
    const exit = await exitOf(cli, 15 * 60_000);
    expect(exit.code, cli.stderr().slice(-3000)).toBe(0);

    const summary = JSON.parse(cli.stdout());
    expect(summary.valid).toBe(true);
    expect(summary.runs.map((r: { suite: string; scenario: string; repeat: number }) => `${r.suite}/${r.scenario}#${r.repeat}`)).toEqual([
      "redis/slot-coverage#1",
      "galera/replication#1",
      "redis/slot-coverage#2",
      "galera/replication#2",
    ]);
    expect(summary.flaky).toEqual([]);
    const galera = summary.repeats.find((g: { suite: string }) => g.suite === "galera");
    expect(galera.verdicts).toEqual([true, true]);
    // Every timing measured twice: readyMs and the wall time at least, each the distribution of both runs' figures.
    const galeraRuns: { timings: Record<string, number> }[] = summary.runs.filter((r: { suite: string }) => r.suite === "galera");
    for (const name of ["readyMs", "wallMs"]) {
      const values = galeraRuns.map((r) => r.timings[name] as number);
      expect(galera.timings[name], name).toMatchObject({ n: 2, min: Math.min(...values), max: Math.max(...values) });
    }
    // A run's wall time holds its cluster's start.
    for (const r of galeraRuns) expect(r.timings.wallMs).toBeGreaterThan(r.timings.readyMs as number);

    // The matrix: one column per target (with its engine version), "pass x2" where the suite ran, "-" where it did not.
    const md = await readFile(reportsPath("matrix.md"), "utf8");
    expect(md).toMatch(/^\| scenario \| mariadb-galera-10\.11 10\.11\.\d+\S* \| redis-7\.0 7\.0\.\d+ \|$/m);
    expect(md).toContain("| galera/replication | pass x2 | - |");
    expect(md).toContain("| redis/slot-coverage | - | pass x2 |");
    expect(md).toMatch(/^\| galera\/replication \| mariadb-galera-10\.11 \| readyMs \| 2 \| /m);
    expect(md).toContain("No scenario changed its verdict between repeats.");
    expect(await readFile(reportsPath("matrix.html"), "utf8")).toContain('<td class="pass">pass x2</td>');
    expect(cli.stderr()).toContain("| galera/replication | pass x2 | - |");

    // One JUnit file per suite with both runs.
    const junit = await readFile(reportsPath("junit", "faultline-galera.xml"), "utf8");
    expect(junit.match(/<testsuite name="galera\/replication \[mariadb-galera-10\.11\]"/g)).toHaveLength(2);
    expect(await readFile(reportsPath("junit", "faultline-redis.xml"), "utf8")).toMatch(
      /<testsuites name="faultline" tests="\d+" failures="0" errors="0">/,
    );

    // Allure results for every checker of every run.
    const added = (await readdir(reportsPath("allure-results"))).filter((f) => !allureBefore.has(f) && f.endsWith("-result.json"));
    const names = await Promise.all(added.map(async (f) => JSON.parse(await readFile(reportsPath("allure-results", f), "utf8")).name));
    expect(names.filter((n: string) => n.startsWith("replication [mariadb-galera-10.11]")).length).toBeGreaterThanOrEqual(2);
    expect(names.filter((n: string) => n === "slot-coverage [redis-7.0] slot-coverage")).toHaveLength(2);

    // Plain progress (CI): each scenario's position and phases, on stderr.
    expect(cli.stderr()).toContain("[1/4 repeat 1/2] redis slot-coverage on redis-7.0: start (total 0:00)");
    expect(cli.stderr()).toContain("[4/4 repeat 2/2] galera replication on mariadb-galera-10.11: judging");
    expect(cli.stderr()).toMatch(/^faultline: writing the matrix and reports \(total \d+:\d\d\)$/m);
  });

  it("--verbose streams every container's output, line by line, named by container", async () => {
    const cli = startCli(["--verbose", "run", "redis", "--scenario", "slot-coverage"], { CI: "true" });
    const exit = await exitOf(cli, 5 * 60_000);
    expect(exit.code, cli.stderr().slice(-3000)).toBe(0);
    expect(cli.stderr()).toMatch(/^redis-n1 \| .*Ready to accept connections/m);
    expect(cli.stderr()).toMatch(/^toxiproxy \| .*/m);
  });

  it("bad --target and --repeat are refused before anything starts (exit 2, the field named)", async () => {
    for (const [args, message] of [
      [["run", "--target", "redis-7.0,cassandra-5"], /--target: "cassandra-5" belongs to no suite/],
      [["run", "redis", "--repeat", "0"], /--repeat: "0" is not a whole number from 1 to 1000/],
      [["run", "--target", "redis-7.0", "--repeat", "many"], /--repeat: "many" is not a whole number/],
    ] as const) {
      const cli = startCli([...args]);
      const exit = await exitOf(cli, 60_000);
      expect(exit.code).toBe(2);
      expect(cli.stderr()).toMatch(message);
      expect(cli.stderr()).not.toContain("starting");
    }
  });
});
