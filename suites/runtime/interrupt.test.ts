import { describe, expect, it } from "vitest";
import { exitOf, startCli } from "../support/cli-process.ts";
import { leftoversOf } from "../support/leftovers.ts";

const RUN_ID = /run (fl-\d{8}-\d{6}-[0-9a-f]{6})/;

describe("an interrupted `faultline run redis` leaves nothing behind", () => {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    it(`${signal} mid-start: exit 2, every container and network removed`, async () => {
      const cli = startCli(["-v", "run", "redis"]);
      const [, runId] = await cli.waitForOutput(RUN_ID, "the run id", 60_000);
      // Mid-start: some node containers exist, the cluster is not formed yet.
      await cli.waitForOutput(/container \S+-redis-n\d started/, "the first node container to start", 120_000);
      expect(await leftoversOf(runId as string)).not.toEqual([]);
      cli.child.kill(signal);
      const exit = await exitOf(cli, 90_000);
      expect(exit.code).toBe(2);
      expect(cli.stderr()).toContain(`interrupted by ${signal}`);
      expect(cli.stdout()).not.toContain("cluster_state:ok");
      expect(await leftoversOf(runId as string)).toEqual([]);
    });
  }
});
