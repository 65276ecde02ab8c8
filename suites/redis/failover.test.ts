import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectPath } from "../../lib/core/paths.ts";
import { describeRunInAllure } from "../support/allure-run.ts";
import { exitOf, startCli } from "../support/cli-process.ts";

const runDirs = (out: string) => [...out.matchAll(/^run directory (\S+) /gm)].map((m) => projectPath(m[1] as string));
const failoverOf = (dir: string) => JSON.parse(readFileSync(join(dir, "results.json"), "utf8")).results.failover;

describe("Redis failover scenarios", () => {
  it("kill, pause and partition of a master: its replica promoted within the bound, PFAIL before FAIL before promotion, the old master back as a replica", async () => {
    const cli = startCli([
      "run",
      "redis",
      "--scenario",
      "failover-kill,failover-pause,failover-partition",
      "--duration",
      "8000",
      "--fault-ms",
      "5000",
    ]);
    const exit = await exitOf(cli, 600_000);
    expect(exit.code, cli.stdout() + cli.stderr()).toBe(0);
    const dirs = runDirs(cli.stdout());
    expect(dirs).toHaveLength(3);
    for (const [i, kind] of ["kill", "pause", "partition"].entries()) {
      const f = failoverOf(dirs[i] as string);
      expect(f, kind).toMatchObject({
        valid: true,
        fault: kind,
        victim: "n1",
        rejoinedAsReplica: true,
        nodeTimeoutMs: 2000,
        marginMs: 3000,
        boundMs: 6000,
      });
      expect(f.promoted).toBe(f.replicas[0]);
      expect(f.pfailMs).toBeGreaterThanOrEqual(1500);
      expect(f.failMs).toBeGreaterThanOrEqual(f.pfailMs);
      expect(f.promotedMs).toBeGreaterThanOrEqual(f.failMs);
      expect(f.promotedMs).toBeLessThanOrEqual(f.boundMs);
      expect(f.okMs).toBeGreaterThanOrEqual(f.promotedMs);
      const timings = JSON.parse(readFileSync(join(dirs[i] as string, "results.json"), "utf8")).timings;
      expect(timings).toMatchObject({ promotedMs: f.promotedMs, failMs: f.failMs, boundMs: 6000 });
      // Timed by the promoted replica's own line; polling is the cross-check, within one poll of it.
      expect(f.timingSources.promotedMs, kind).toMatch(/^server-log \(n\d: .*Failover election won/);
      expect(Math.abs(f.promotedMs - f.sampled.promotedMs), kind).toBeLessThanOrEqual(500);
      await describeRunInAllure(dirs[i] as string, { engine: "redis", scenario: `failover-${kind}`, fault: kind });
    }
    expect(cli.stdout()).toContain("| redis/failover-kill | pass |");
  });

  it("fails, not passes, when the replicas may not fail over (cluster-replica-no-failover yes)", async () => {
    const cli = startCli([
      "run",
      "redis",
      "--scenario",
      "failover-kill",
      "--duration",
      "6000",
      "--fault-ms",
      "4000",
      "--set",
      "cluster-replica-no-failover=yes",
    ]);
    const exit = await exitOf(cli, 300_000);
    expect(exit.code, cli.stderr()).toBe(1);
    const [dir] = runDirs(cli.stdout());
    const f = failoverOf(dir as string);
    expect(f.valid).toBe(false);
    expect(f.promotedMs).toBeNull();
    expect(f.reason).toContain("no replica of n1 was promoted");
    expect(f.failMs).not.toBeNull();
  });
});
