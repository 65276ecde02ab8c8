import { describe, expect, it } from "vitest";
import { badInput } from "../../core/testing.ts";
import {
  closeParameterNames,
  DEFAULT_NDB_TOPOLOGY,
  nodeGroupCount,
  normalizeNdbSettings,
  parseNdbNumber,
  validateNdbTopology,
} from "./topology.ts";

const IMAGES = ["ndb-8.0"];
const validate = (t: Parameters<typeof validateNdbTopology>[0]) => validateNdbTopology(t, IMAGES);

describe("validateNdbTopology", () => {
  it("accepts the defaults: 1 management, 2 data nodes in one node group, 1 SQL node", () => {
    const t = validate({});
    expect(t).toEqual(DEFAULT_NDB_TOPOLOGY);
    expect(nodeGroupCount(t)).toBe(1);
    expect(validate({ image: "container-registry.oracle.com/mysql/community-cluster:8.0" }).image).toContain("community-cluster");
    expect(validate({ dataNodes: undefined }).dataNodes).toBe(2);
  });

  it("refuses data nodes that are not a multiple of replicas, naming both fixes", () => {
    const e = badInput(() => validate({ dataNodes: 3, replicas: 2 }));
    expect(e.field).toBe("data-nodes");
    expect(e.exitCode).toBe(2);
    expect(e.message).toBe(
      "data-nodes: 3 is not a multiple of replicas (2): NDB forms node groups of NoOfReplicas data nodes and refuses the config. Use 2 or 4 data nodes, or --replicas 1 or 3.",
    );
    expect(badInput(() => validate({ dataNodes: 2, replicas: 4 })).message).toContain("Use 4 data nodes, or --replicas 1 or 2.");
    expect(nodeGroupCount(validate({ dataNodes: 4, replicas: 2 }))).toBe(2);
    expect(nodeGroupCount(validate({ dataNodes: 3, replicas: 3 }))).toBe(1);
  });

  it("names the field for counts outside NDB's node id space", () => {
    expect(badInput(() => validate({ replicas: 5, dataNodes: 5 })).field).toBe("replicas");
    expect(badInput(() => validate({ replicas: 0 })).field).toBe("replicas");
    expect(badInput(() => validate({ managementNodes: 3 })).field).toBe("management-nodes");
    expect(badInput(() => validate({ managementNodes: 0 })).field).toBe("management-nodes");
    expect(badInput(() => validate({ dataNodes: 146, replicas: 2 })).message).toContain("not a whole number from 1 to 144");
    expect(validate({ dataNodes: 144, replicas: 4 }).dataNodes).toBe(144);
    expect(badInput(() => validate({ sqlNodes: 0 })).field).toBe("sql-nodes");
    expect(badInput(() => validate({ sqlNodes: 51 })).field).toBe("sql-nodes");
    expect(badInput(() => validate({ apiSlots: 56 })).field).toBe("api-slots");
    expect(badInput(() => validate({ dataNodes: 2.5 })).field).toBe("data-nodes");
  });

  it("refuses values outside the documented ranges", () => {
    expect(badInput(() => validate({ heartbeatIntervalDbDbMs: 9 })).field).toBe("heartbeat-ms");
    expect(validate({ heartbeatIntervalDbDbMs: 10 }).heartbeatIntervalDbDbMs).toBe(10);
    expect(badInput(() => validate({ heartbeatIntervalDbDbMs: 4294967040 })).field).toBe("heartbeat-ms");
    expect(badInput(() => validate({ heartbeatIntervalDbApiMs: 99 })).field).toBe("heartbeat-db-api");
    expect(badInput(() => validate({ arbitrationTimeoutMs: 5 })).field).toBe("arbitration-timeout");
    expect(badInput(() => validate({ arbitrationRank: 3 as 0 })).field).toBe("arbitration-rank");
    expect(validate({ arbitrationRank: 0, arbitration: "Disabled" }).arbitration).toBe("Disabled");
    expect(badInput(() => validate({ arbitration: "Off" as "Default" })).field).toBe("arbitration");
    expect(badInput(() => validate({ dataNodeBinary: "ndbx" as "ndbd" })).field).toBe("data-node-binary");
    expect(badInput(() => validate({ image: "mysql-8.0" })).field).toBe("image");
  });

  it("reads memory sizes as NDB does and refuses malformed or out-of-range ones", () => {
    expect(parseNdbNumber("80M")).toBe(80 * 1024 * 1024);
    expect(parseNdbNumber("512k")).toBe(512 * 1024);
    expect(parseNdbNumber("2G")).toBe(2 * 1024 ** 3);
    expect(parseNdbNumber("1000")).toBe(1000);
    for (const bad of ["80MB", "1.5G", "-1M", "M", "", "80 M"]) expect(parseNdbNumber(bad)).toBeUndefined();
    expect(badInput(() => validate({ dataMemory: "80MB" })).message).toBe(
      'data-memory: "80MB" is not a memory size. Write digits with an optional K, M or G suffix, e.g. 80M.',
    );
    expect(badInput(() => validate({ dataMemory: "512K" })).message).toContain("outside NDB's range for DataMemory (1M to 1024G)");
    expect(badInput(() => validate({ dataMemory: "1025G" })).field).toBe("data-memory");
    expect(validate({ dataMemory: "1M" }).dataMemory).toBe("1M");
  });
});

describe("[ndbd default] settings", () => {
  it("canonicalizes names and values", () => {
    expect(
      normalizeNdbSettings({
        maxnoofconcurrentoperations: "64k",
        StopOnError: "no",
        InitFragmentLogFiles: "FULL",
        TimeBetweenEpochs: "100",
      }),
    ).toEqual({ MaxNoOfConcurrentOperations: "64K", StopOnError: "false", InitFragmentLogFiles: "full", TimeBetweenEpochs: "100" });
    expect(validate({ settings: { redobuffer: "64M" } }).settings).toEqual({ RedoBuffer: "64M" });
  });

  it("refuses an unknown key with close names", () => {
    const e = badInput(() => validate({ settings: { MaxNoOfConcurrentOperation: "100" } }));
    expect(e.field).toBe("set.MaxNoOfConcurrentOperation");
    expect(e.message).toContain("is not an [ndbd default] parameter faultline knows how to check");
    expect(e.message).toContain("Did you mean MaxNoOfConcurrentOperations");
    expect(closeParameterNames("TimeBetweenLocalCheckpoint")).toContain("TimeBetweenLocalCheckpoints");
    expect(closeParameterNames("StartPartialTimout")[0]).toBe("StartPartialTimeout");
    expect(closeParameterNames("zzzzzzzzzzzz")).toEqual([]);
    expect(badInput(() => validate({ settings: { zzz: "1" } })).message).toContain("Names are NDB's [ndbd default] parameters");
  });

  it("refuses settings faultline owns, pointing at the flag", () => {
    for (const owned of [
      "NodeId",
      "hostname",
      "ServerPort",
      "NoOfReplicas",
      "DataDir",
      "FileSystemPath",
      "DataMemory",
      "HeartbeatIntervalDbDb",
    ]) {
      expect(badInput(() => validate({ settings: { [owned]: "1" } })).field).toBe(`set.${owned}`);
    }
    expect(badInput(() => validate({ settings: { noofreplicas: "2" } })).message).toBe(
      "set.noofreplicas: NoOfReplicas is set by faultline in config.ini. Use --replicas.",
    );
    expect(badInput(() => validate({ settings: { IndexMemory: "18M" } })).message).toContain("deprecated");
  });

  it("refuses out-of-range and malformed values with the range", () => {
    expect(badInput(() => validate({ settings: { MaxNoOfConcurrentScans: "501" } })).message).toBe(
      "set.MaxNoOfConcurrentScans: 501 is outside NDB's range for MaxNoOfConcurrentScans, 2 to 500. Give a value from 2 to 500.",
    );
    expect(badInput(() => validate({ settings: { FragmentLogFileSize: "2M" } })).message).toContain("4M to 1G (bytes)");
    expect(badInput(() => validate({ settings: { TimeBetweenEpochs: "fast" } })).message).toContain("is not a whole number");
    expect(badInput(() => validate({ settings: { StopOnError: "maybe" } })).message).toContain("is not a boolean");
    expect(badInput(() => validate({ settings: { InitFragmentLogFiles: "dense" } })).message).toContain("not one of sparse, full");
    expect(badInput(() => validate({ settings: { RedoBuffer: "8M", redobuffer: "16M" } })).message).toContain("repeats RedoBuffer");
  });

  it("checks SQL node options: owned ones refused, others kept", () => {
    expect(validate({ sqlSettings: { "ndb-wait-setup": "60" } }).sqlSettings).toEqual({ "ndb-wait-setup": "60" });
    expect(badInput(() => validate({ sqlSettings: { ndb_connectstring: "x" } })).field).toBe("sql-set.ndb_connectstring");
    expect(badInput(() => validate({ sqlSettings: { "bind-address": "0.0.0.0" } })).field).toBe("sql-set.bind-address");
    expect(badInput(() => validate({ sqlSettings: { "bad name": "1" } })).field).toBe("sql-set.bad name");
    expect(badInput(() => validate({ sqlSettings: { "ndb-log-bin": "1\n2" } })).message).toContain("newline");
  });
});
