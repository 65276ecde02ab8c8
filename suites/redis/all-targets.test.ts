import { describe, expect, it } from "vitest";
import { REDIS_SCENARIOS } from "../../lib/clusters/redis/scenarios/registry.ts";
import { exitOf, startCli } from "../support/cli-process.ts";

/**
 * Every scenario on the other local targets (redis-7.0 is covered scenario by scenario in the
 * other files). Every check must hold except the `set` scenario's: under a partition of a
 * master, Redis and Valkey both lose acknowledged writes, which is the finding; there the run
 * must only be judged (true or false, never unknown). The same for the append scenarios'
 * isolation verdicts: what a failover does to transactions is the store's (docs/findings.md).
 */
describe.each(["redis-8.0", "valkey-8.1"])("all Redis scenarios on %s", (target) => {
  it("runs every scenario on a fresh cluster and judges each", async () => {
    const cli = startCli([
      "run",
      "redis",
      "--json",
      "--target",
      target,
      "--scenario",
      "all",
      "--duration",
      "8000",
      "--fault-ms",
      "5000",
      "--chaos-ms",
      "8000",
    ]);
    const exit = await exitOf(cli, 1_200_000);
    expect([0, 1], cli.stderr().slice(-2000)).toContain(exit.code);
    const summary = JSON.parse(cli.stdout()) as {
      runs: Array<{ scenario: string; target: string; valid: unknown; verdicts: Record<string, unknown> }>;
    };
    // The set scenario is named for its fault (set-partition), as its run directory and the matrix name it.
    expect(summary.runs.map((r) => r.scenario)).toEqual(REDIS_SCENARIOS.map((s) => (s.name === "set" ? "set-partition" : s.name)));
    for (const run of summary.runs) {
      expect(run.target).toBe(target);
      // Lost acknowledged writes (set) and what a failover does to transactions (append-*) are the store's findings: judged, never unknown.
      if (run.scenario === "set-partition" || run.scenario.startsWith("append")) expect([true, false]).toContain(run.valid);
      else expect(run.valid, `${run.scenario}: ${JSON.stringify(run.verdicts)}`).toBe(true);
    }
  });
});
