import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectPath } from "../../lib/core/paths.ts";
import { chaosFaults, describeFault } from "../../lib/mesh/chaos.ts";
import { describeRunInAllure } from "../support/allure-run.ts";
import { exitOf, startCli } from "../support/cli-process.ts";

const runDirs = (out: string) => [...out.matchAll(/^run directory (\S+) /gm)].map((m) => projectPath(m[1] as string));
const resultsOf = (dir: string) => JSON.parse(readFileSync(join(dir, "results.json"), "utf8"));

/**
 * append-chaos on redis-7.0 (redis-8.0 and valkey-8.1 run every append scenario in
 * all-targets.test.ts): the seed given is printed and its faults are the seeded stream's, in
 * order, so a run replays from its seed; the transactions are judged against Redis's claim.
 */
describe("Redis append-chaos", () => {
  it("runs the seed's faults in order, reports the seed, and judges the transactions against serializability", async () => {
    const cli = startCli([
      "run",
      "redis",
      "--target",
      "redis-7.0",
      "--scenario",
      "append-chaos",
      "--seed",
      "7",
      "--chaos-ms",
      "12000",
      "--fault-ms",
      "3000",
    ]);
    const exit = await exitOf(cli, 600_000);
    expect([0, 1], cli.stderr().slice(-3000)).toContain(exit.code);
    const [dir] = runDirs(cli.stdout());
    expect(dir, cli.stderr().slice(-3000)).toBeDefined();
    await describeRunInAllure(dir as string, { engine: "redis redis-7.0", scenario: "append-chaos", fault: "chaos" });
    const r = resultsOf(dir as string);
    const chaos = r.results.chaos;
    expect(chaos.seed).toBe(7);
    expect(chaos.reason).toMatch(/^seed 7 \(replay the same faults with --seed 7\)/);
    expect(cli.stdout()).toMatch(/chaos: (true|false) \(seed 7 /);
    const next = chaosFaults(7, ["n1", "n2", "n3", "n4", "n5", "n6"]);
    expect(chaos.faults.length).toBeGreaterThan(0);
    expect(chaos.faults).toEqual(chaos.faults.map(() => describeFault(next())));
    const la = r.results["list-append"];
    expect([true, false]).toContain(la.valid);
    expect(la).toMatchObject({ model: "serializable", seed: 7, claim: { model: "serializable", overridden: false } });
    expect(la.stats.committed).toBeGreaterThan(100);
    expect(exit.code).toBe(r.valid === true ? 0 : 1);
  });
});
