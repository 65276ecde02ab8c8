import { describe, expect, it } from "vitest";
import { badInput } from "../../core/testing.ts";
import { DEFAULT_GALERA_TOPOLOGY, type GaleraFlavor, type GaleraTopology, validateGaleraTopology } from "./topology.ts";

const IMAGES: Record<string, GaleraFlavor> = { "mariadb-galera-10.11": "mariadb", "pxc-8.0": "pxc" };
const validate = (input: Partial<GaleraTopology>) => validateGaleraTopology(input, IMAGES);
const refused = (input: Partial<GaleraTopology>) => badInput(() => validate(input));

describe("validateGaleraTopology: server settings", () => {
  it("accepts ordinary settings, written with - or _, and returns them as given", () => {
    const settings = { innodb_flush_log_at_trx_commit: "2", "binlog-format": "ROW", Max_Connections: "500", wsrep_slave_threads: "4" };
    expect(validate({ settings }).settings).toEqual(settings);
  });

  it("refuses the settings faultline sets on every node, in either spelling and any case", () => {
    for (const name of [
      "wsrep_cluster_address",
      "wsrep-node-address",
      "port",
      "PORT",
      "bind-address",
      "wsrep_on",
      "wsrep_provider",
      "wsrep_cluster_name",
      "wsrep-node-name",
      "wsrep_sst_receive_address",
      "datadir",
      "user",
    ]) {
      const e = refused({ settings: { [name]: "x" } });
      expect(e.field, name).toBe(`set.${name}`);
      expect(e.message, name).toContain("is set by faultline on every node");
      expect(e.message, name).toContain("Remove it");
    }
  });

  it("points the SST method and the cluster size to their own options", () => {
    const e = refused({ settings: { wsrep_sst_method: "mariabackup" } });
    expect(e.field).toBe("set.wsrep_sst_method");
    expect(e.message).toContain("--sst");
    expect(e.message).toContain("--nodes");
  });

  it("points wsrep_provider_options to --provider-option", () => {
    for (const name of ["wsrep_provider_options", "wsrep-provider-options"]) {
      const e = refused({ settings: { [name]: "gcache.size=1G" } });
      expect(e.field).toBe(`set.${name}`);
      expect(e.message).toContain("is set by faultline on every node");
      expect(e.message).toContain("--provider-option key=value");
    }
  });

  it("points wsrep_provider_options to --provider-option whatever its case (the server ignores case)", () => {
    // Refused like the lower-case spelling (settingName lower-cases), so the hint should be the same.
    const e = refused({ settings: { WSREP_PROVIDER_OPTIONS: "gcache.size=1G" } });
    expect(e.field).toBe("set.WSREP_PROVIDER_OPTIONS");
    expect(e.message).toContain("--provider-option");
  });

  it("refuses names that are not setting names", () => {
    for (const name of ["1abc", "innodb flush", "a=b", "", "_x", "-x", "x.y", "x;y", " port"]) {
      const e = refused({ settings: { [name]: "1" } });
      expect(e.field, JSON.stringify(name)).toBe(`set.${name}`);
      expect(e.message, JSON.stringify(name)).toContain("is not a server setting name");
      expect(e.message).toContain("name=value");
    }
  });

  it("refuses a value with a newline or carriage return (it would add a line to my.cnf)", () => {
    for (const value of ["2\nwsrep_cluster_address=gcomm://", "2\r", "\n"]) {
      const e = refused({ settings: { innodb_flush_log_at_trx_commit: value } });
      expect(e.field).toBe("set.innodb_flush_log_at_trx_commit");
      expect(e.message).toMatch(/contains a (newline|carriage return)/);
    }
    expect(validate({ settings: { init_connect: "SET NAMES utf8mb4; SET autocommit=1" } }).settings.init_connect).toBe(
      "SET NAMES utf8mb4; SET autocommit=1",
    );
    expect(validate({ settings: { sql_mode: "" } }).settings.sql_mode).toBe("");
  });
});

describe("validateGaleraTopology: provider options", () => {
  it("refuses the addresses faultline routes through the mesh", () => {
    for (const key of ["ist.recv_addr", "gmcast.listen_addr"]) {
      const e = refused({ providerOptions: { [key]: "10.0.0.1:4568" } });
      expect(e.field).toBe(`provider-options.${key}`);
      expect(e.message).toContain("is set by faultline so that the link goes through the mesh");
    }
  });

  it("refuses base_host and base_port as set by faultline, not as bad names", () => {
    // Both are real Galera options without a section; the name check must not hide the reason.
    for (const key of ["base_host", "base_port"]) {
      const e = refused({ providerOptions: { [key]: "4567" } });
      expect(e.field).toBe(`provider-options.${key}`);
      expect(e.message).toContain("is set by faultline");
    }
  });

  it("accepts ordinary options and keeps them apart from the defaults", () => {
    const providerOptions = { "gcache.size": "256M", "pc.ignore_sb": "false", "gcs.fc_limit": "64" };
    expect(validate({ providerOptions }).providerOptions).toEqual(providerOptions);
  });

  it("refuses a suspect_timeout above inactive_timeout", () => {
    const e = refused({ providerOptions: { "evs.suspect_timeout": "PT5S" } });
    expect(e.field).toBe("provider-options.evs.suspect_timeout");
    expect(e.message).toContain("PT5S is above evs.inactive_timeout (PT4S)");
    const lower = refused({ providerOptions: { "evs.inactive_timeout": "PT1.9S" } });
    expect(lower.field).toBe("provider-options.evs.suspect_timeout");
    expect(lower.message).toContain("PT2S is above evs.inactive_timeout (PT1.9S)");
  });

  it("refuses an install_timeout above inactive_timeout or below keepalive_period, as Galera would at start", () => {
    // Captured from MariaDB 10.11: "parameter 'evs.install_timeout' value PT3S is out of range [PT0.5S,PT2S)".
    const above = refused({ providerOptions: { "evs.inactive_timeout": "PT2S" } });
    expect(above.field).toBe("provider-options.evs.install_timeout");
    expect(above.message).toContain("PT3S is outside evs.keepalive_period (PT0.5S) to evs.inactive_timeout (PT2S)");
    expect(refused({ providerOptions: { "evs.install_timeout": "PT0.4S" } }).field).toBe("provider-options.evs.install_timeout");
    expect(validate({ providerOptions: { "evs.inactive_timeout": "PT2S", "evs.install_timeout": "PT2S" } }).providerOptions).toEqual({
      "evs.inactive_timeout": "PT2S",
      "evs.install_timeout": "PT2S",
    });
  });

  it("accepts suspect_timeout equal to or below inactive_timeout", () => {
    expect(validate({ providerOptions: { "evs.suspect_timeout": "PT4S" } }).providerOptions).toEqual({ "evs.suspect_timeout": "PT4S" });
    expect(validate({ providerOptions: { "evs.suspect_timeout": "PT5S", "evs.inactive_timeout": "PT10S" } }).providerOptions).toEqual({
      "evs.suspect_timeout": "PT5S",
      "evs.inactive_timeout": "PT10S",
    });
  });
});

describe("validateGaleraTopology: images and flavors", () => {
  it("accepts an image reference with its flavor; the SST method defaults to the flavor's", () => {
    const t = validate({ image: "percona/percona-xtradb-cluster:8.0.36", flavor: "pxc" });
    expect(t).toEqual({
      ...DEFAULT_GALERA_TOPOLOGY,
      image: "percona/percona-xtradb-cluster:8.0.36",
      flavor: "pxc",
      sstMethod: "xtrabackup-v2",
    });
    expect(validate({ image: "mariadb:11.4", flavor: "mariadb" }).sstMethod).toBe("rsync");
    expect(validate({ image: "registry.local/galera/mariadb", flavor: "mariadb" }).flavor).toBe("mariadb");
  });

  it("checks the SST method against the reference's flavor", () => {
    expect(validate({ image: "percona/percona-xtradb-cluster:8.0.36", flavor: "pxc", sstMethod: "xtrabackup-v2" }).sstMethod).toBe(
      "xtrabackup-v2",
    );
    const e = refused({ image: "percona/percona-xtradb-cluster:8.0.36", flavor: "pxc", sstMethod: "rsync" });
    expect(e.field).toBe("sst");
    expect(e.message).toContain('"rsync" is not an SST method of pxc');
  });

  it("refuses an image reference without a flavor", () => {
    const e = refused({ image: "percona/percona-xtradb-cluster:8.0.36" });
    expect(e.field).toBe("image");
    expect(e.message).toContain('"percona/percona-xtradb-cluster:8.0.36" is not a Galera image of the catalog');
  });

  it("refuses a name outside the catalog, even with a flavor, listing the catalog", () => {
    for (const input of [{ image: "mariadb-galera-99" }, { image: "mariadb-galera-99", flavor: "mariadb" as const }]) {
      const e = refused(input);
      expect(e.field).toBe("image");
      expect(e.message).toContain("mariadb-galera-10.11, pxc-8.0");
      expect(e.message).toContain("image reference");
    }
  });

  it("a catalog image keeps the catalog's flavor and its default SST method", () => {
    const t = validate({ image: "pxc-8.0" });
    expect(t.flavor).toBe("pxc");
    expect(t.sstMethod).toBe("xtrabackup-v2");
    expect(validate({ image: "pxc-8.0", flavor: "mariadb" }).flavor).toBe("pxc");
  });
});

describe("validateGaleraTopology: node counts", () => {
  it("accepts 3 to 15 nodes, even counts included", () => {
    expect(validate({ nodes: 4 }).nodes).toBe(4);
    expect(validate({ nodes: 3 }).nodes).toBe(3);
    expect(validate({ nodes: 15 }).nodes).toBe(15);
  });

  it("refuses fewer than 3, more than 15, and fractions", () => {
    for (const nodes of [0, 2, 16, 3.5, Number.NaN]) expect(refused({ nodes }).field, String(nodes)).toBe("nodes");
  });
});
