import { describe, expect, it } from "vitest";
import { DEFAULT_NDB_TOPOLOGY } from "../clusters/ndb/topology.ts";
import { badInput } from "../core/testing.ts";
import { ndbArgs, ndbHowToRun, ndbPlan } from "./run-ndb.ts";

const ALL = [
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

describe("faultline run ndb: flags to a topology and options", () => {
  it("defaults: every scenario in order on ndb-8.0 with the default topology", () => {
    const plan = ndbPlan({});
    expect(plan.scenarioList).toEqual(ALL);
    expect(ndbPlan({ scenario: "all" }).scenarioList).toEqual(ALL);
    // rw-register's scenarios only when named.
    expect(ndbPlan({ scenario: "rw-register,rw-register-crash" }).scenarioList).toEqual(["rw-register", "rw-register-crash"]);
    expect(plan.topology).toEqual(DEFAULT_NDB_TOPOLOGY);
    expect(plan.topology).toMatchObject({
      image: "ndb-8.0",
      managementNodes: 1,
      dataNodes: 2,
      replicas: 2,
      sqlNodes: 1,
      heartbeatIntervalDbDbMs: 1000,
      arbitrationTimeoutMs: 3000,
      settings: {},
    });
    expect(plan.options).toEqual({
      durationMs: 30_000,
      faultMs: 10_000,
      workers: 4,
      marginMs: 3000,
      readyMs: 300_000,
      recoveryMs: 120_000,
      chaosMs: 60_000,
    });
  });

  it("keeps a chosen subset in the order given", () => {
    expect(ndbPlan({ scenario: "sql-node-failure, replication" }).scenarioList).toEqual(["sql-node-failure", "replication"]);
  });

  it("passes --data-nodes, --replicas, --sql-nodes, --heartbeat-ms and --set through validation", () => {
    const { topology } = ndbPlan({
      dataNodes: "4",
      replicas: "2",
      sqlNodes: "2",
      heartbeatMs: "500",
      set: ["maxnoofconcurrentoperations=64k", "StopOnError=no"],
    });
    expect(topology).toMatchObject({
      dataNodes: 4,
      replicas: 2,
      sqlNodes: 2,
      heartbeatIntervalDbDbMs: 500,
      // Canonical names, upper-case size suffixes, booleans as true/false.
      settings: { MaxNoOfConcurrentOperations: "64K", StopOnError: "false" },
    });
  });

  it("passes the workload options through", () => {
    expect(
      ndbPlan({ duration: "60000", faultMs: "20000", workers: "8", marginMs: "0", readyTimeout: "600000", recoveryMs: "60000" }).options,
    ).toEqual({ durationMs: 60_000, faultMs: 20_000, workers: 8, marginMs: 0, readyMs: 600_000, recoveryMs: 60_000, chaosMs: 60_000 });
    expect(ndbPlan({ isolation: "serializable", model: "snapshot-isolation", seed: "3", chaosMs: "20000" }).options).toMatchObject({
      isolation: "serializable",
      model: "snapshot-isolation",
      seed: 3,
      chaosMs: 20_000,
    });
  });

  it("takes an image reference outside the catalog as is", () => {
    const image = "container-registry.oracle.com/mysql/community-cluster:8.0";
    expect(ndbPlan({ image }).topology.image).toBe(image);
  });

  it.each([
    [{ scenario: "replication,split-brain" }, "--scenario", '"split-brain" is not an NDB scenario'],
    [{ dataNodes: "3" }, "data-nodes", "3 is not a multiple of replicas (2)"],
    [{ dataNodes: "4", replicas: "3" }, "data-nodes", "4 is not a multiple of replicas (3)"],
    [{ replicas: "5" }, "replicas", "5 is not a whole number from 1 to 4"],
    [{ dataNodes: "10", replicas: "5" }, "replicas", "5 is not a whole number from 1 to 4"],
    [{ sqlNodes: "0" }, "sql-nodes", "0 is not a whole number from 1 to 50"],
    [{ set: ["MaxNoOfConcurentOperations=1024"] }, "set.MaxNoOfConcurentOperations", "Did you mean MaxNoOfConcurrentOperations"],
    [{ set: ["NodeId=3"] }, "set.NodeId", "NodeId is set by faultline in config.ini"],
    [{ set: ["noofreplicas=1"] }, "set.noofreplicas", "NoOfReplicas is set by faultline in config.ini"],
    [{ set: ["MaxNoOfConcurrentOperations=10"] }, "set.MaxNoOfConcurrentOperations", "10 is outside NDB's range"],
    [{ set: ["MaxNoOfTables"] }, "--set", '"MaxNoOfTables" is not name=value'],
    [{ set: ["=8"] }, "--set", '"=8" is not name=value'],
    [{ dataNodes: "two" }, "--data-nodes", '"two" is not a whole number'],
    [{ replicas: "2.5" }, "--replicas", '"2.5" is not a whole number'],
    [{ heartbeatMs: "1s" }, "--heartbeat-ms", '"1s" is not a whole number'],
    [{ duration: "3999" }, "--duration", "3999 ms is out of range"],
    [{ duration: "3600001" }, "--duration", "3600001 ms is out of range"],
    [{ faultMs: "999" }, "--fault-ms", "999 ms does not fit"],
    [{ faultMs: "25000" }, "--fault-ms", "25000 ms does not fit"],
    [{ duration: "8000", faultMs: "6001" }, "--fault-ms", "6001 ms does not fit"],
    [{ workers: "0" }, "--workers", "0 is out of range"],
    [{ workers: "257" }, "--workers", "257 is out of range"],
    [{ marginMs: "-1" }, "--margin-ms", "-1 is negative"],
    [{ recoveryMs: "999" }, "--recovery-ms", "999 ms is too short"],
    [{ readyTimeout: "9999" }, "--ready-timeout", "9999 ms is too short"],
    [{ image: "mysql-8.0" }, "image", '"mysql-8.0" is not an NDB Cluster image of the catalog'],
    [{ image: "pxc-8.0" }, "image", '"pxc-8.0" is not an NDB Cluster image of the catalog'],
    [{ image: "mysql/Mysql-Cluster:8.0" }, "image", '"mysql/Mysql-Cluster:8.0" is not an image reference Docker accepts'],
  ])("refuses %j naming %s", (flags, field, message) => {
    const e = badInput(() => ndbPlan(flags));
    expect(e.field).toBe(field);
    expect(e.message).toContain(message);
    expect(e.exitCode).toBe(2);
  });

  it("accepts the edges of every range", () => {
    expect(() =>
      ndbPlan({ duration: "4000", faultMs: "3000", workers: "1", marginMs: "0", recoveryMs: "1000", readyTimeout: "10000" }),
    ).not.toThrow();
    expect(() => ndbPlan({ duration: "3600000", workers: "256" })).not.toThrow();
    expect(() => ndbPlan({ dataNodes: "4", replicas: "4" })).not.toThrow();
    expect(() => ndbPlan({ dataNodes: "1", replicas: "1" })).not.toThrow();
  });

  it("suggests data node counts and replica counts that fit", () => {
    const e = badInput(() => ndbPlan({ dataNodes: "3" }));
    expect(e.message).toContain("Use 2 or 4 data nodes, or --replicas 1 or 3.");
  });
});

describe("ndbHowToRun: the command for a machine that can pull the image", () => {
  it("for the catalog image: pulls its official reference and adds no --image", () => {
    const { topology } = ndbPlan({});
    const how = ndbHowToRun(topology, ["data-node-failure"]);
    expect(how).toContain("docker pull mysql/mysql-cluster:8.0");
    expect(how).toContain("npx faultline run ndb");
    expect(how).not.toContain("--image");
    expect(how).toContain("--scenario data-node-failure");
  });

  it("for an image reference: pulls that reference and passes it as --image", () => {
    const image = "container-registry.oracle.com/mysql/community-cluster:8.0";
    const { topology } = ndbPlan({ image });
    const how = ndbHowToRun(topology, ["replication", "arbitrator-loss"]);
    expect(how).toContain(`docker pull ${image}`);
    expect(how).toContain(`npx faultline run ndb --image ${image}`);
    expect(how).toContain("--scenario replication,arbitrator-loss");
  });

  it("names every chosen scenario or none (all is the default)", () => {
    const { topology, scenarioList } = ndbPlan({});
    const how = ndbHowToRun(topology, scenarioList);
    expect(how).toMatch(/npx faultline run ndb$/);
    expect(ndbHowToRun(topology, ["rw-register", "append"])).toMatch(/npx faultline run ndb --scenario rw-register,append$/);
  });
});

describe("ndbArgs: the flags worth repeating elsewhere", () => {
  it("leaves out values equal to the defaults (the config file fills every flag in) and keeps the rest in order", () => {
    expect(ndbArgs({ dataNodes: "2", replicas: "2", duration: "30000", workers: "4" })).toEqual([]);
    expect(ndbArgs({ dataNodes: "4", replicas: "2", duration: "60000", set: ["MaxNoOfConcurrentOperations=65536"] })).toEqual([
      "--data-nodes",
      "4",
      "--duration",
      "60000",
      "--set",
      "MaxNoOfConcurrentOperations=65536",
    ]);
  });
});

describe("faultline run ndb: every flag's bad input, named with what was expected and found", () => {
  it.each([
    // Unknown image and scenario.
    [{ image: "" }, "image", '"" is not an NDB Cluster image of the catalog. Use one of: ndb-8.0, or an image reference'],
    [{ image: "ndb-8.4" }, "image", '"ndb-8.4" is not an NDB Cluster image of the catalog'],
    [{ scenario: "Replication" }, "--scenario", '"Replication" is not an NDB scenario. Use one or more of: replication, data-node-failure'],
    // Topology: ranges and whole numbers.
    [{ dataNodes: "0" }, "data-nodes", "0 is not a whole number from 1 to 144"],
    [{ dataNodes: "146" }, "data-nodes", "146 is not a whole number from 1 to 144"],
    [{ replicas: "0" }, "replicas", "0 is not a whole number from 1 to 4"],
    [{ sqlNodes: "51" }, "sql-nodes", "51 is not a whole number from 1 to 50"],
    [{ sqlNodes: "one" }, "--sql-nodes", '"one" is not a whole number'],
    [{ heartbeatMs: "9" }, "heartbeat-ms", "9 is not a whole number from 10 to 600000"],
    [{ heartbeatDbApi: "99" }, "heartbeat-db-api", "99 is not a whole number from 100 to 600000"],
    [{ heartbeatDbApi: "1.5s" }, "--heartbeat-db-api", '"1.5s" is not a whole number'],
    [{ arbitrationTimeout: "9" }, "arbitration-timeout", "9 is not a whole number from 10 to 600000"],
    [{ arbitrationTimeout: "3s" }, "--arbitration-timeout", '"3s" is not a whole number'],
    [{ dataMemory: "lots" }, "data-memory", '"lots" is not a memory size. Write digits with an optional K, M or G suffix, e.g. 80M.'],
    [{ dataMemory: "1K" }, "data-memory", "1K is outside NDB's range for DataMemory (1M to 1024G)"],
    [{ dataMemory: "2048G" }, "data-memory", "2048G is outside NDB's range for DataMemory (1M to 1024G)"],
    [{ arbitration: "disabled" }, "arbitration", '"disabled" is not an arbitration mode. Use Default, Disabled or WaitExternal.'],
    // --set: values, repeats, newlines, parameters with their own flag.
    [{ set: ["StopOnError=maybe"] }, "set.StopOnError", '"maybe" is not a boolean. Give StopOnError=true or StopOnError=false.'],
    [{ set: ["InitFragmentLogFiles=fast"] }, "set.InitFragmentLogFiles", '"fast" is not one of sparse, full'],
    [{ set: ["MaxNoOfTables=lots"] }, "set.MaxNoOfTables", '"lots" is not a whole number'],
    [{ set: ["StopOnError=1", "stoponerror=0"] }, "set.stoponerror", "repeats StopOnError (names are case-insensitive)"],
    [{ set: ["MaxNoOfTables=1\n2"] }, "set.MaxNoOfTables", "contains a newline"],
    [{ set: ["DataMemory=100M"] }, "set.DataMemory", "DataMemory is set by faultline in config.ini. Use --data-memory."],
    [
      { set: ["HeartbeatIntervalDbDb=500"] },
      "set.HeartbeatIntervalDbDb",
      "HeartbeatIntervalDbDb is set by faultline in config.ini. Use --heartbeat-ms (milliseconds).",
    ],
    // Timing and load: values that are not numbers.
    [{ duration: "30s" }, "--duration", '"30s" is not a whole number'],
    [{ faultMs: "10s" }, "--fault-ms", '"10s" is not a whole number'],
    [{ workers: "four" }, "--workers", '"four" is not a whole number'],
    [{ marginMs: "3s" }, "--margin-ms", '"3s" is not a whole number'],
    [{ readyTimeout: "5m" }, "--ready-timeout", '"5m" is not a whole number'],
    [{ recoveryMs: "2m" }, "--recovery-ms", '"2m" is not a whole number'],
  ])("refuses %j naming %s", (flags, field, message) => {
    const e = badInput(() => ndbPlan(flags));
    expect(e.field).toBe(field);
    expect(e.message).toContain(`${field}: ${message}`);
    expect(e.exitCode).toBe(2);
  });
});

describe("found in review and now refused", () => {
  it('--scenario "" is refused: a run of nothing would pass having verified nothing', () => {
    expect(badInput(() => ndbPlan({ scenario: "," })).field).toBe("--scenario");
  });

  it("a comma-separated list to --image (or run ndb --target) is refused, not taken as one image reference", () => {
    // NDB takes one image; `run ndb --target ndb-8.0,mysql/mysql-cluster:8.0` passes the list as --image.
    expect(badInput(() => ndbPlan({ image: "ndb-8.0,mysql/mysql-cluster:8.0" })).field).toBe("--image");
  });
});
