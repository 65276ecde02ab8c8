import { describe, expect, it } from "vitest";
import { exitOf, startCli } from "../support/cli-process.ts";
import { leftoversOf } from "../support/leftovers.ts";

describe("faultline run redis", () => {
  it("starts a 3x1 Redis Cluster on the local redis 7.0 image, reports it ready, prints the topology and tears it down", async () => {
    const cli = startCli(["run", "redis"]);
    const exit = await exitOf(cli, 300_000);
    expect(exit.code, cli.stderr()).toBe(0);
    const out = cli.stdout();
    const runId = /^run (\S+)$/m.exec(out)?.[1];
    expect(runId).toMatch(/^fl-/);
    expect(out).toMatch(/^image faultline\/redis-7\.0:[0-9a-f]{12} \(local, redis-7\.0 7\.0\.\d+\)$/m);
    expect(out).toContain("cluster_state:ok on all 6 nodes; 16384 slots assigned; replicas linked");
    const masters = [...out.matchAll(/^\s+n\d\s+\S+\s+\w+\s+master\s+\S+ \((\d+) slots\)$/gm)];
    expect(masters).toHaveLength(3);
    expect(masters.reduce((sum, m) => sum + Number(m[1]), 0)).toBe(16384);
    expect([...out.matchAll(/replica of n\d/g)]).toHaveLength(3);
    expect(await leftoversOf(runId as string)).toEqual([]);
  });

  it("rejects bad flags with exit 2 before starting anything", async () => {
    const cli = startCli(["run", "redis", "--masters", "2"]);
    const exit = await exitOf(cli, 60_000);
    expect(exit.code).toBe(2);
    expect(cli.stderr()).toContain("masters: 2 is not a whole number from 3 to 100");
    expect(cli.stderr()).not.toContain("container");
  });
});
