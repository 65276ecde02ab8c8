import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { projectPath } from "../../lib/core/paths.ts";
import { imageResolver } from "../../lib/runtime/images.ts";
import { Runtime } from "../../lib/runtime/runtime.ts";
import { exitOf, startCli } from "../support/cli-process.ts";

/** Whether the official NDB image can be had here (present, or pulled when pulling is allowed), and why not. */
async function ndbImage(): Promise<{ available: true } | { available: false; reason: string }> {
  const runtime = await Runtime.open();
  try {
    await imageResolver(runtime).resolve("ndb-8.0");
    return { available: true };
  } catch (error) {
    return { available: false, reason: error instanceof Error ? error.message : String(error) };
  } finally {
    await runtime.close();
  }
}

const SCENARIOS = [
  "replication",
  "data-node-failure",
  "data-node-partition",
  "arbitrator-loss",
  "sql-node-failure",
  "append",
  "append-partition",
  "append-crash",
  "append-chaos",
];

describe("faultline run ndb", () => {
  it("where the image cannot be had: every scenario reported skipped with the reason and the command, exit 2, never a pass", async (ctx) => {
    const image = await ndbImage();
    if (image.available) ctx.skip("the NDB image is available here: the full suite below runs instead");
    const cli = startCli(["run", "ndb", "--json"]);
    const exit = await exitOf(cli, 120_000);
    expect(exit.code, cli.stderr()).toBe(2);
    const summary = JSON.parse(cli.stdout());
    expect(summary).toMatchObject({ valid: "unknown", skipped: true });
    expect(summary.runs.map((r: { scenario: string }) => r.scenario)).toEqual(SCENARIOS);
    expect(summary.runs.every((r: { valid: unknown; skipped: boolean }) => r.valid === "unknown" && r.skipped)).toBe(true);
    expect(summary.reason).toContain("image ndb-8.0 is not available");
    expect(summary.howToRun).toBe(
      "on a machine that can pull mysql/mysql-cluster:8.0: docker pull mysql/mysql-cluster:8.0 && npx faultline run ndb",
    );
    for (const s of SCENARIOS) expect(cli.stderr()).toContain(`${s}: skipped (image ndb-8.0 is not available`);
    const junit = readFileSync(projectPath("reports", "junit", "faultline-ndb.xml"), "utf8");
    expect(junit.match(/<skipped message=/g)).toHaveLength(SCENARIOS.length);
    expect(junit).not.toMatch(/<failure|<error/);
  });

  it("with the official image: every scenario passes on a fresh 1 management / 2 data / 1 SQL node cluster", async (ctx) => {
    const image = await ndbImage();
    if (!image.available)
      ctx.skip(
        `the NDB image cannot be had here (${image.reason}); run \`docker pull mysql/mysql-cluster:8.0 && npx faultline run ndb\` where it can`,
      );
    const cli = startCli(["run", "ndb", "--json"]);
    const exit = await exitOf(cli, 60 * 60_000);
    const summary = JSON.parse(cli.stdout());
    expect(summary.runs.map((r: { scenario: string }) => r.scenario)).toEqual(SCENARIOS);
    expect(exit.code, cli.stderr().slice(-4000)).toBe(0);
  });
});
