import { describe, expect, it } from "vitest";
import { badInput } from "../core/testing.ts";
import { GALERA_IMAGES, galeraImageOf, galeraPlan } from "./run-galera.ts";

describe("faultline run galera: flags to topologies and options", () => {
  it("defaults: every scenario on mariadb-10.11, 3 nodes, rsync, the catalog's flavor", () => {
    const plan = galeraPlan({});
    expect(plan.scenarioList).toEqual([
      "replication",
      "isolate-one",
      "even-split",
      "full-crash",
      "joiner-under-load",
      "slow-links",
      "register",
      "forced-bootstrap",
      "bank",
    ]);
    expect(plan.topologies).toEqual([
      { image: "mariadb-galera-10.11", flavor: "mariadb", nodes: 3, sstMethod: "rsync", providerOptions: {}, settings: {} },
    ]);
    expect(plan.options).toMatchObject({ durationMs: 20_000, faultMs: 8000, marginMs: 3000, recoveryMs: 30_000, bankGating: false });
  });

  it("short target names, catalog names and image references (flavor given or guessed)", () => {
    expect(galeraImageOf("mariadb-11.8")).toBe("mariadb-galera-11.8");
    expect(galeraImageOf("mariadb-galera-11.8")).toBe("mariadb-galera-11.8");
    expect(galeraImageOf("pxc-8.0")).toBe("pxc-8.0");
    expect(GALERA_IMAGES).toMatchObject({ "mariadb-galera-10.11": "mariadb", "mariadb-galera-11.8": "mariadb", "pxc-8.0": "pxc" });
    const plan = galeraPlan({ target: "mariadb-11.8,pxc-8.0,percona/percona-xtradb-cluster:8.0.36,mariadb:11.4" });
    expect(plan.topologies.map((t) => [t.image, t.flavor, t.sstMethod])).toEqual([
      ["mariadb-galera-11.8", "mariadb", "rsync"],
      ["pxc-8.0", "pxc", "xtrabackup-v2"],
      ["percona/percona-xtradb-cluster:8.0.36", "pxc", "xtrabackup-v2"],
      ["mariadb:11.4", "mariadb", "rsync"],
    ]);
    expect(galeraPlan({ target: "registry.local/galera:1", flavor: "pxc" }).topologies[0]?.flavor).toBe("pxc");
  });

  it("passes --set, --provider-option, --sst and --nodes through validation", () => {
    const [t] = galeraPlan({
      nodes: "5",
      sst: "mariabackup",
      set: ["innodb_flush_log_at_trx_commit=2"],
      providerOption: ["evs.suspect_timeout=PT3S", "pc.ignore_sb=true"],
    }).topologies;
    expect(t).toMatchObject({
      nodes: 5,
      sstMethod: "mariabackup",
      settings: { innodb_flush_log_at_trx_commit: "2" },
      providerOptions: { "evs.suspect_timeout": "PT3S", "pc.ignore_sb": "true" },
    });
  });

  it.each([
    [{ scenario: "isolate-one,split-brain" }, "--scenario", '"split-brain" is not a Galera scenario'],
    [{ target: "mysql-8.0" }, "image", '"mysql-8.0" is not a Galera image of the catalog'],
    [{ flavor: "galera" }, "--flavor", '"galera" is not a Galera flavor'],
    [{ nodes: "2" }, "nodes", "2 is not a whole number from 3 to 15"],
    [{ nodes: "three" }, "--nodes", '"three" is not a whole number'],
    [{ sst: "xtrabackup-v2" }, "sst", '"xtrabackup-v2" is not an SST method of mariadb'],
    [{ set: ["wsrep_cluster_address=gcomm://x"] }, "set.wsrep_cluster_address", "is set by faultline"],
    [{ set: ["innodb_buffer_pool_size"] }, "--set", '"innodb_buffer_pool_size" is not name=value'],
    [{ providerOption: ["evs.keepalive_period=PT1S"] }, "provider-options.evs.keepalive_period", "is not below evs.suspect_timeout / 3"],
    [{ providerOption: ["gmcast.listen_addr=tcp://0.0.0.0:4567"] }, "provider-options.gmcast.listen_addr", "goes through the mesh"],
    [{ duration: "1000" }, "--duration", "1000 ms is out of range"],
    [{ faultMs: "19000" }, "--fault-ms", "does not fit"],
    [{ workers: "0" }, "--workers", "0 is out of range"],
    [{ marginMs: "-1" }, "--margin-ms", "-1 is negative"],
    [{ recoveryMs: "10" }, "--recovery-ms", "10 ms is too short"],
    [{ readyTimeout: "5" }, "--ready-timeout", "5 ms is too short"],
  ])("refuses %j naming %s", (flags, field, message) => {
    const e = badInput(() => galeraPlan(flags));
    expect(e.field).toBe(field);
    expect(e.message).toContain(message);
    expect(e.exitCode).toBe(2);
  });
});
