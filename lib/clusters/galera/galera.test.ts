import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { badInput } from "../../core/testing.ts";
import { mariadbFlavor } from "./flavor-mariadb.ts";
import { GALERA_PORTS, galeraAddresses, galeraSettings } from "./server-args.ts";
import { DEFAULT_GALERA_TOPOLOGY, type GaleraFlavor, parseIsoDuration, validateGaleraTopology } from "./topology.ts";
import { galeraUnmet, parseStatusRows } from "./wsrep-status.ts";

const fixture = (name: string) => readFileSync(new URL(`../../../fixtures/galera/mariadb-10.11/${name}`, import.meta.url), "utf8");
const IMAGES: Record<string, GaleraFlavor> = { "mariadb-galera-10.11": "mariadb", "pxc-8.0": "pxc" };

describe("parseIsoDuration", () => {
  it("reads Galera's durations in milliseconds", () => {
    expect(parseIsoDuration("PT0.5S")).toBe(500);
    expect(parseIsoDuration("PT2S")).toBe(2000);
    expect(parseIsoDuration("PT1M")).toBe(60_000);
    expect(parseIsoDuration("PT1H30M")).toBe(5_400_000);
    expect(parseIsoDuration("2S")).toBeUndefined();
    expect(parseIsoDuration("PT")).toBeUndefined();
    expect(parseIsoDuration("")).toBeUndefined();
  });
});

describe("validateGaleraTopology", () => {
  it("accepts the defaults", () => {
    expect(validateGaleraTopology({}, IMAGES)).toEqual(DEFAULT_GALERA_TOPOLOGY);
  });

  it("refuses a keepalive period not below suspect_timeout / 3, which Galera would refuse at start", () => {
    const e = badInput(() => validateGaleraTopology({ providerOptions: { "evs.keepalive_period": "PT1S" } }, IMAGES));
    expect(e.field).toBe("provider-options.evs.keepalive_period");
    expect(e.message).toContain("PT1S is not below evs.suspect_timeout / 3 (PT2S / 3)");
    expect(validateGaleraTopology({ providerOptions: { "evs.keepalive_period": "PT0.6S" } }, IMAGES).providerOptions).toEqual({
      "evs.keepalive_period": "PT0.6S",
    });
    expect(badInput(() => validateGaleraTopology({ providerOptions: { "evs.suspect_timeout": "PT1.5S" } }, IMAGES)).field).toBe(
      "provider-options.evs.keepalive_period",
    );
  });

  it("names the field for bad node counts, SST methods, images and option syntax", () => {
    expect(badInput(() => validateGaleraTopology({ nodes: 2 }, IMAGES)).field).toBe("nodes");
    expect(badInput(() => validateGaleraTopology({ nodes: 3.5 }, IMAGES)).field).toBe("nodes");
    expect(badInput(() => validateGaleraTopology({ sstMethod: "xtrabackup-v2" }, IMAGES)).message).toContain(
      "not an SST method of mariadb",
    );
    expect(validateGaleraTopology({ image: "pxc-8.0", sstMethod: "xtrabackup-v2" }, IMAGES).sstMethod).toBe("xtrabackup-v2");
    expect(badInput(() => validateGaleraTopology({ image: "mariadb:10.11" }, IMAGES)).field).toBe("image");
    expect(badInput(() => validateGaleraTopology({ providerOptions: { "gcache.size": "1G;evs.x=1" } }, IMAGES)).field).toBe(
      "provider-options.gcache.size",
    );
    expect(badInput(() => validateGaleraTopology({ providerOptions: { Bad: "1" } }, IMAGES)).field).toBe("provider-options.Bad");
    expect(badInput(() => validateGaleraTopology({ providerOptions: { "evs.suspect_timeout": "2s" } }, IMAGES)).message).toContain(
      "ISO 8601",
    );
  });
});

describe("server arguments", () => {
  const all = galeraAddresses(3, (i) => `10.213.0.${11 + i}`);

  it("gives each node its own group port, so a peer's name (proxy address, announced port) is its own", () => {
    expect(all.map((a) => [a.name, a.ip, a.groupPort])).toEqual([
      ["n1", "10.213.0.11", 4567],
      ["n2", "10.213.0.12", 4577],
      ["n3", "10.213.0.13", 4587],
    ]);
    // Up to 15 nodes and spares: no group port is another port a node listens on.
    const ports = galeraAddresses(20, () => "10.0.0.1").map((a) => a.groupPort);
    expect(new Set(ports).size).toBe(20);
    for (const port of Object.values(GALERA_PORTS).filter((p) => p !== GALERA_PORTS.group)) expect(ports).not.toContain(port);
  });

  it("points every node at its peers by their one name through the mesh (proxy address, own group port), itself at its own address", () => {
    const s = galeraSettings(DEFAULT_GALERA_TOPOLOGY, all[1] as (typeof all)[number], all, "/lib/galera.so", "10.213.0.2");
    // A peer dialled at its real address would also be known by the name its incoming connection gives it
    // (proxy address, announced port): one UUID under two addresses, which Galera evicts as a duplicate.
    expect(s["wsrep-cluster-address"]).toBe("gcomm://10.213.0.2:4567,10.213.0.12:4577,10.213.0.2:4587");
    expect(s["wsrep-node-address"]).toBe("10.213.0.12:4577");
    expect(s["wsrep-provider"]).toBe("/lib/galera.so");
    expect(s["wsrep-sst-receive-address"]).toBe("10.213.0.12:4444");
    expect(s["wsrep-provider-options"]).toBe(
      "evs.keepalive_period=PT0.5S;evs.suspect_timeout=PT2S;evs.inactive_timeout=PT4S;evs.install_timeout=PT3S;gmcast.listen_addr=tcp://0.0.0.0:4577;ist.recv_addr=10.213.0.12:4568",
    );
  });

  it("puts the user's settings last, replacing a default written with - or _", () => {
    const t = { ...DEFAULT_GALERA_TOPOLOGY, settings: { binlog_format: "MIXED", innodb_flush_log_at_trx_commit: "2" } };
    const s = galeraSettings(t, all[0] as (typeof all)[number], all, "/lib/galera.so", "10.213.0.2");
    expect(s["binlog-format"]).toBeUndefined();
    expect(Object.entries(s).slice(-2)).toEqual([
      ["binlog_format", "MIXED"],
      ["innodb_flush_log_at_trx_commit", "2"],
    ]);
  });

  it("MariaDB: the founder bootstraps only on its first start; every node recovers and waits after a full crash", () => {
    const plan = (i: number) => ({
      topology: DEFAULT_GALERA_TOPOLOGY,
      node: all[i] as (typeof all)[number],
      all,
      meshHost: "10.213.0.2",
      founder: i === 0,
      secrets: { rootPassword: "", files: [] },
    });
    const first = mariadbFlavor.nodeSpec(plan(0)).command;
    expect(first.slice(0, 2)).toEqual(["bash", "-c"]);
    expect(first[2]).toContain(
      'if [ ! -e "/var/lib/faultline"/.faultline-started ]; then touch "/var/lib/faultline"/.faultline-started; exec mariadbd --wsrep-new-cluster "$@"; fi',
    );
    expect(first[2]).toContain("--wsrep-recover");
    expect(first).toContain("--wsrep-node-name=n1");
    const joiner = mariadbFlavor.nodeSpec(plan(2)).command;
    expect(joiner[2]).not.toContain(".faultline-started ]; then");
    expect(joiner[2]?.split("\n").at(-1)).toBe('exec mariadbd "$@"');
    expect(mariadbFlavor.sqlArgv("SELECT 1", { rootPassword: "", files: [] })).toEqual(["mariadb", "-N", "-B", "-e", "SELECT 1"]);
  });
});

describe("wsrep status (captured from MariaDB 10.11 through the mesh)", () => {
  const synced = parseStatusRows(fixture("wsrep-status-synced.txt"));
  const cutOff = parseStatusRows(fixture("wsrep-status-non-primary.txt"));
  const two = parseStatusRows(fixture("wsrep-status-majority-of-two.txt"));

  it("parses name/value rows", () => {
    expect(synced.wsrep_cluster_status).toBe("Primary");
    expect(synced.wsrep_cluster_size).toBe("3");
    expect(synced.wsrep_local_state_comment).toBe("Synced");
    expect(cutOff.wsrep_cluster_status).toBe("non-Primary");
    expect(cutOff.wsrep_ready).toBe("OFF");
    expect(parseStatusRows("no tabs here\nwsrep_x\t 1 \n")).toEqual({ wsrep_x: "1" });
  });

  it("calls three copies of a synced node (same state and configuration) ready", () => {
    expect(
      galeraUnmet(
        [
          { name: "n1", status: synced },
          { name: "n2", status: synced },
          { name: "n3", status: synced },
        ],
        3,
      ),
    ).toEqual([]);
  });

  it("names a non-Primary node, the wrong size, and diverging configurations", () => {
    const unmet = galeraUnmet(
      [
        { name: "n1", status: two },
        { name: "n2", status: two },
        { name: "n3", status: cutOff },
      ],
      3,
    );
    expect(unmet).toContain("n3: wsrep_cluster_status is non-Primary, not Primary");
    expect(unmet).toContain("n3: wsrep_local_state_comment is Initialized, not Synced");
    expect(unmet).toContain("n3: wsrep_ready is OFF, not ON");
    expect(unmet).toContain("n1: wsrep_cluster_size is 2, not 3");
    expect(unmet.some((u) => u.startsWith("wsrep_cluster_conf_id differs: n1+n2=4 vs n3=18446744073709551615"))).toBe(true);
    expect(galeraUnmet([{ name: "n1", status: {} }], 1)).toContain("n1: wsrep_cluster_status is (missing), not Primary");
  });
});
