import Docker from "dockerode";
import { describe, expect, it } from "vitest";
import { imageResolver } from "../../lib/runtime/images.ts";
import { Runtime } from "../../lib/runtime/runtime.ts";
import { exitOf, startCli } from "../support/cli-process.ts";
import { leftoversOf } from "../support/leftovers.ts";

const RUN_ID = /run (fl-\d{8}-\d{6}-[0-9a-f]{6})/;
const docker = new Docker();

/** The image ref of the local redis build, resolved the way runs do (already built by global setup). */
async function redisImageRef(): Promise<string> {
  const runtime = await Runtime.open();
  try {
    return (await imageResolver(runtime).resolve("redis-7.0")).ref;
  } finally {
    await runtime.close();
  }
}

describe("a run killed with SIGKILL", () => {
  it("leaves resources that `faultline clean` removes completely, while unlabeled ones survive", async () => {
    const image = await redisImageRef();
    // Someone else's container and network on the same engine: no faultline.run label.
    const bystanderNet = await docker.createNetwork({
      Name: `bystander-${process.pid}`,
      Internal: true,
      Labels: { "faultline.test": "bystander" },
    });
    const bystander = await docker.createContainer({
      name: `bystander-${process.pid}`,
      Image: image,
      Cmd: ["redis-server"],
      Labels: { "faultline.test": "bystander" },
      HostConfig: { NetworkMode: "none" },
    });
    try {
      const cli = startCli(["-v", "run", "redis"]);
      const [, runId] = await cli.waitForOutput(RUN_ID, "the run id", 60_000);
      await cli.waitForOutput(/container \S+-redis-n6 started/, "all six node containers to start", 120_000);
      cli.child.kill("SIGKILL");
      const exit = await exitOf(cli, 30_000);
      expect(exit.signal).toBe("SIGKILL");

      const left = await leftoversOf(runId as string);
      // Six Redis nodes, their six network sidecars, one Toxiproxy, one network.
      expect(left.filter((l) => /^container \S+-redis-n\d$/.test(l))).toHaveLength(6);
      expect(left.filter((l) => /^container \S+-n\d-net$/.test(l))).toHaveLength(6);
      expect(left.filter((l) => /^container \S+-toxiproxy$/.test(l))).toHaveLength(1);
      expect(left.filter((l) => l.startsWith("network"))).toHaveLength(1);
      expect(left).toHaveLength(14);

      const clean = startCli(["clean"]);
      const cleaned = await exitOf(clean, 120_000);
      expect(cleaned.code, clean.stderr()).toBe(0);
      for (const item of left) expect(clean.stdout()).toContain(`removed ${item} (run ${runId})`);
      expect(await leftoversOf(runId as string)).toEqual([]);

      // The bystanders were never touched.
      expect((await bystander.inspect()).Id).toBe(bystander.id);
      expect((await bystanderNet.inspect()).Id).toBe(bystanderNet.id);
      expect(clean.stdout()).not.toContain("bystander");
    } finally {
      await bystander.remove({ force: true });
      await bystanderNet.remove();
    }
  });
});
