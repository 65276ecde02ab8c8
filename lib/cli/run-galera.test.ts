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
      "append",
      "append-partition",
      "append-crash",
      "append-chaos",
    ]);
    expect(plan.topologies).toEqual([
      { image: "mariadb-galera-10.11", flavor: "mariadb", nodes: 3, sstMethod: "rsync", providerOptions: {}, settings: {} },
    ]);
    expect(plan.options).toMatchObject({ durationMs: 20_000, faultMs: 8000, marginMs: 3000, recoveryMs: 30_000, bankGating: false });
    // The append scenarios: the server's isolation, Galera's claimed model, a fresh seed per run, 60 s of chaos.
    expect(plan.options).toMatchObject({ chaosMs: 60_000 });
    expect(plan.options).not.toHaveProperty("isolation");
    expect(plan.options).not.toHaveProperty("model");
    expect(plan.options).not.toHaveProperty("seed");
  });

  it("the rw-register scenarios run only when named, in the order given, beside any others", () => {
    expect(galeraPlan({}).scenarioList.some((s) => s.startsWith("rw-register"))).toBe(false);
    expect(galeraPlan({ scenario: "rw-register-chaos,append,rw-register" }).scenarioList).toEqual([
      "rw-register-chaos",
      "append",
      "rw-register",
    ]);
    expect(galeraPlan({ scenario: "all,rw-register-partition" }).scenarioList.slice(-2)).toEqual(["append-chaos", "rw-register-partition"]);
    expect(() => galeraPlan({ scenario: "rw-registers" })).toThrow(
      /rw-register, rw-register-partition, rw-register-crash, rw-register-chaos, or all/,
    );
  });

  it("--isolation, --model and --seed for the append scenarios, checked before anything starts", () => {
    expect(galeraPlan({ isolation: "read-uncommitted", model: "serializable", seed: "5" }).options).toMatchObject({
      isolation: "read-uncommitted",
      model: "serializable",
      seed: 5,
    });
    expect(() => galeraPlan({ isolation: "read uncommitted" })).toThrow(
      /^--isolation: "read uncommitted" is not an isolation level. Did you mean "read-uncommitted"\?/,
    );
    expect(() => galeraPlan({ model: "serialisable" })).toThrow(
      /^--model: "serialisable" is not an isolation model. Did you mean "serializable"\?/,
    );
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
    // Docker would refuse these deep in the run, as that run's unknown, in its own words.
    [{ target: "Bad Image:x" }, "image", '"Bad Image:x" is not an image reference Docker accepts: it contains white space'],
    [{ target: "Percona/pxc:8.0" }, "image", '"Percona" is not a name component: lowercase letters and digits'],
    [{ target: "percona/pxc:" }, "image", 'the tag "" is not 1 to 128 letters'],
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

describe("faultline run galera: every flag's bad input, named with what was expected and found", () => {
  it.each([
    // Unknown targets and scenarios.
    [
      { target: "mariadb-10.11,mariadb-10.6" },
      "image",
      '"mariadb-10.6" is not a Galera image of the catalog. Use one of: mariadb-galera-10.11',
    ],
    [{ target: "redis-7.0" }, "image", '"redis-7.0" is not a Galera image of the catalog'],
    [{ scenario: "bank,Bank" }, "--scenario", '"Bank" is not a Galera scenario. Use one or more of: replication, isolate-one'],
    // --flavor, --sst.
    [{ flavor: "" }, "--flavor", '"" is not a Galera flavor. Use one of: mariadb, pxc.'],
    [{ flavor: "percona" }, "--flavor", '"percona" is not a Galera flavor'],
    [{ target: "pxc-8.0", sst: "rsync" }, "sst", '"rsync" is not an SST method of pxc. Use one of: xtrabackup-v2.'],
    [{ target: "pxc-8.0", sst: "clone" }, "sst", `"clone" cannot run on pxc through faultline's mesh: the joiner's CLONE INSTANCE FROM`],
    [{ target: "pxc-8.0", sst: "constructor" }, "sst", '"constructor" is not an SST method of pxc'],
    [{ target: "registry.local/galera:1", flavor: "pxc", sst: "mariabackup" }, "sst", '"mariabackup" is not an SST method of pxc'],
    // --nodes.
    [{ nodes: "16" }, "nodes", "16 is not a whole number from 3 to 15"],
    [{ nodes: "3.5" }, "--nodes", '"3.5" is not a whole number. Give --nodes a number, e.g. --nodes 3.'],
    // --set.
    [{ set: ["=2"] }, "--set", '"=2" is not name=value. Write it like --set innodb_flush_log_at_trx_commit=2.'],
    [{ set: ["bad name=1"] }, "set.bad name", "is not a server setting name"],
    [{ set: ["init_connect=a\nb"] }, "set.init_connect", "contains a newline"],
    [{ set: ["WSREP-PROVIDER-OPTIONS=x"] }, "set.WSREP-PROVIDER-OPTIONS", "is set by faultline on every node"],
    // --provider-option: syntax, names faultline owns, and Galera's own rules.
    [{ providerOption: ["evs.suspect_timeout"] }, "--provider-option", '"evs.suspect_timeout" is not name=value'],
    [{ providerOption: ["EVS.x=1"] }, "provider-options.EVS.x", "is not a provider option name"],
    [{ providerOption: ["pc.weight=1;2"] }, "provider-options.pc.weight", `"1;2" contains ';' or a newline`],
    [
      { providerOption: ["ist.recv_addr=tcp://x"] },
      "provider-options.ist.recv_addr",
      "is set by faultline so that the link goes through the mesh",
    ],
    [
      { providerOption: ["evs.suspect_timeout=2s"] },
      "provider-options",
      "evs.keepalive_period and evs.suspect_timeout must be ISO 8601 durations",
    ],
    [
      { providerOption: ["evs.suspect_timeout=PT5S"] },
      "provider-options.evs.suspect_timeout",
      "PT5S is above evs.inactive_timeout (PT4S); Galera would refuse to start",
    ],
    [
      { providerOption: ["evs.suspect_timeout=PT1.5S"] },
      "provider-options.evs.keepalive_period",
      "PT0.5S is not below evs.suspect_timeout / 3 (PT1.5S / 3)",
    ],
    // Timing and load.
    [{ duration: "3999" }, "--duration", "3999 ms is out of range. Give 4000 to 3600000 ms."],
    [{ duration: "3600001" }, "--duration", "3600001 ms is out of range"],
    [{ duration: "20s" }, "--duration", '"20s" is not a whole number'],
    [
      { faultMs: "999" },
      "--fault-ms",
      "999 ms does not fit: faults start at a quarter of --duration (20000 ms) and must end before it does",
    ],
    [{ duration: "8000", faultMs: "6001" }, "--fault-ms", "6001 ms does not fit"],
    [{ faultMs: "x" }, "--fault-ms", '"x" is not a whole number'],
    [{ workers: "257" }, "--workers", "257 is out of range. Use 1 to 256 workers."],
    [{ workers: "six" }, "--workers", '"six" is not a whole number'],
    [{ marginMs: "3s" }, "--margin-ms", '"3s" is not a whole number'],
    [{ readyTimeout: "9999" }, "--ready-timeout", "9999 ms is too short. Give 10000 ms or more."],
    [{ readyTimeout: "3m" }, "--ready-timeout", '"3m" is not a whole number'],
    [{ recoveryMs: "999" }, "--recovery-ms", "999 ms is too short. Give 1000 ms or more."],
    [{ recoveryMs: "30s" }, "--recovery-ms", '"30s" is not a whole number'],
  ])("refuses %j naming %s", (flags, field, message) => {
    const e = badInput(() => galeraPlan(flags));
    expect(e.field).toBe(field);
    expect(e.message).toContain(`${field}: ${message}`);
    expect(e.exitCode).toBe(2);
  });

  it("accepts the edges of every range", () => {
    expect(() =>
      galeraPlan({
        nodes: "15",
        duration: "4000",
        faultMs: "3000",
        workers: "1",
        marginMs: "0",
        readyTimeout: "10000",
        recoveryMs: "1000",
      }),
    ).not.toThrow();
    expect(() => galeraPlan({ nodes: "3", duration: "3600000", workers: "256" })).not.toThrow();
    expect(() => galeraPlan({ providerOption: ["evs.suspect_timeout=PT4S"] })).not.toThrow();
  });
});

describe("found in review and now refused", () => {
  it('--target "" (or ",") is refused: a run of nothing would pass having verified nothing', () => {
    expect(badInput(() => galeraPlan({ target: "," })).field).toBe("--target");
  });

  it('--scenario "" is refused', () => {
    expect(badInput(() => galeraPlan({ scenario: "" })).field).toBe("--scenario");
  });

  it('--sst "" is refused (not read as the default), as the config file refuses sst: ""', () => {
    expect(badInput(() => galeraPlan({ sst: "" })).field).toBe("--sst");
  });
});
