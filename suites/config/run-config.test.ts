import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { exitOf, startCli } from "../support/cli-process.ts";
import { tempConfigFile } from "../support/config-file.ts";

/**
 * `faultline run` with no suite runs what the config file says: here a Redis scenario and a
 * Galera scenario, one after another, each with the file's settings, judged, exit 0.
 */
describe("faultline run (the config file's suites)", () => {
  it("runs every suite the file names with its settings, and a flag given on the command line is not needed", async () => {
    const file = await tempConfigFile({
      suites: {
        redis: { scenarios: ["slot-coverage"] },
        galera: { scenarios: ["replication"], durationMs: 6000, faultMs: 1500, settings: { innodb_flush_log_at_trx_commit: 2 } },
      },
    });
    const cli = startCli(["--config", file, "run"]);
    const exit = await exitOf(cli, 10 * 60_000);
    expect(exit.code, cli.stderr().slice(-3000)).toBe(0);
    expect(cli.stdout()).toMatch(/^== slot-coverage on redis-7\.0 /m);
    expect(cli.stdout()).toMatch(/^== replication on mariadb-galera-10\.11 /m);
    expect(cli.stdout().match(/^verdict: true$/gm)).toHaveLength(2);
  });

  it("a faultline.config.ts is loaded where Node would take it for CommonJS (no package.json with type module beside it)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "fl-config-ts-"));
    await writeFile(join(dir, "faultline.config.ts"), "export default { repeat: 2, suites: { redis: { workers: 4 } } };\n");
    const cli = startCli(["--config", join(dir, "faultline.config.ts"), "config", "--print", "--json"]);
    const exit = await exitOf(cli, 60_000);
    expect(exit.code, cli.stderr()).toBe(0);
    const printed = JSON.parse(cli.stdout());
    expect(printed.repeat).toBe(2);
    expect(printed.suites.redis.workers).toBe(4);

    await writeFile(join(dir, "named.ts"), "export const config = { repeat: 2 };\n");
    const named = startCli(["--config", join(dir, "named.ts"), "config"]);
    expect((await exitOf(named, 60_000)).code).toBe(2);
    expect(named.stderr()).toContain("named.ts: has no default export");
  });
});
