import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { exitOf, startCli } from "../support/cli-process.ts";

/**
 * `faultline run` with no suite runs what the config file says: here a Redis scenario and a
 * Galera scenario, one after another, each with the file's settings, judged, exit 0.
 */
describe("faultline run (the config file's suites)", () => {
  it("runs every suite the file names with its settings, and a flag given on the command line is not needed", async () => {
    const dir = await mkdtemp(join(tmpdir(), "fl-config-live-"));
    const file = join(dir, "faultline.config.json");
    await writeFile(
      file,
      JSON.stringify({
        suites: {
          redis: { scenarios: ["slot-coverage"] },
          galera: { scenarios: ["replication"], durationMs: 6000, faultMs: 1500, settings: { innodb_flush_log_at_trx_commit: 2 } },
        },
      }),
    );
    const cli = startCli(["--config", file, "run"]);
    const exit = await exitOf(cli, 10 * 60_000);
    expect(exit.code, cli.stderr().slice(-3000)).toBe(0);
    expect(cli.stdout()).toMatch(/^== slot-coverage on redis-7\.0 /m);
    expect(cli.stdout()).toMatch(/^== replication on mariadb-galera-10\.11 /m);
    expect(cli.stdout().match(/^verdict: true$/gm)).toHaveLength(2);
  });
});
