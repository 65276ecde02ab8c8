import { describe, expect, it } from "vitest";
import type { ImageRow } from "../../lib/cli/images-command.ts";
import { CATALOG } from "../../lib/runtime/images.ts";
import { exitOf, startCli } from "../support/cli-process.ts";

/** The engine version each local recipe must yield: Debian's package of that release. */
const EXPECTED_LOCAL_VERSION: Record<string, RegExp> = {
  "debian-bookworm": /^12\.\d+$/,
  "debian-trixie": /^13\.\d+$/,
  "redis-7.0": /^7\.0\.\d+$/,
  "redis-8.0": /^8\.0\.\d+$/,
  "valkey-8.1": /^8\.1\.\d+$/,
  "mariadb-galera-10.11": /^10\.11\.\d+-MariaDB/,
  "mariadb-galera-11.8": /^11\.8\.\d+-MariaDB/,
  toxiproxy: /^2\.12\.0$/,
  sidecar: /^1\.8\.\d+$/,
};

describe("faultline images --json", () => {
  it("prepares every locally buildable image and reports its engine version; official-only ones say why they are missing", async () => {
    const cli = startCli(["images", "--json"]);
    const exit = await exitOf(cli, 20 * 60_000);
    expect(exit.code, cli.stderr()).toBe(0);
    const rows = JSON.parse(cli.stdout()) as ImageRow[];
    expect(rows.map((r) => r.name).sort()).toEqual(CATALOG.map((e) => e.name).sort());

    const buildable = CATALOG.filter((e) => e.local).map((e) => e.name);
    expect(buildable.sort()).toEqual(Object.keys(EXPECTED_LOCAL_VERSION).sort());
    for (const row of rows) {
      if (buildable.includes(row.name)) {
        expect(row.available, `${row.name}: ${row.error}`).toBe(true);
        expect(row.sizeBytes).toBeGreaterThan(1_000_000);
        if (row.source === "local") {
          expect(row.ref).toMatch(new RegExp(`^faultline/${row.name.replace(".", "\\.")}:[0-9a-f]{12}$`));
          expect(row.engineVersion, row.name).toMatch(EXPECTED_LOCAL_VERSION[row.name] as RegExp);
        }
      } else if (!row.available) {
        // Official-only images where no registry is reachable: the reason names the image and the way out.
        expect(row.error).toContain(`image ${row.name} is not available`);
        expect(row.error).toContain("docker load");
      }
    }
  });
});
