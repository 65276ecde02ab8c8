import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { projectPath } from "../../core/paths.ts";
import { parseTimedLines } from "../../runtime/timed-lines.ts";
import { ndbClusterLogEvents, ndbEngineEvents, ndbLogParser } from "./engine-events.ts";

// The fixtures' deployment (fixtures/ndb/README.md): node 1 management and arbitrator, 2 and 3 data nodes, 4 SQL.
const NAMES: Record<number, string> = { 1: "mgm1", 2: "ndb1", 3: "ndb2", 4: "sql1" };
const nameOf = (id: number) => NAMES[id] ?? `node ${id}`;
const fixture = (name: string) => readFileSync(projectPath("fixtures", "ndb", `${name}.txt`), "utf8");
const summary = (events: ReturnType<typeof ndbClusterLogEvents>) =>
  events.map((e) => [e.node, e.kind, ...(e.reporter ? [`by ${e.reporter}`] : []), ...(e.detail ? [e.detail] : [])]);

describe("NDB engine events from the cluster log (hand-written from the manual's message table)", () => {
  it("a partition with an arbitrator: heartbeats missed, declared dead, one side wins, the other shuts down", () => {
    expect(summary(ndbClusterLogEvents(fixture("cluster-log-partition-arbitration-won"), nameOf))).toEqual([
      ["ndb2", "heartbeat-missed", "by ndb1", "heartbeat 2"],
      ["ndb1", "heartbeat-missed", "by ndb2", "heartbeat 2"],
      ["ndb2", "heartbeat-missed", "by ndb1", "heartbeat 3"],
      ["ndb1", "heartbeat-missed", "by ndb2", "heartbeat 3"],
      ["ndb2", "heartbeat-missed", "by ndb1", "heartbeat 4"],
      ["ndb1", "heartbeat-missed", "by ndb2", "heartbeat 4"],
      ["ndb2", "node-failed", "by ndb1", "declared dead: missed heartbeats"],
      ["ndb1", "node-failed", "by ndb2", "declared dead: missed heartbeats"],
      ["ndb1", "arbitration-required"],
      ["ndb2", "arbitration-required"],
      ["ndb1", "arbitration-won", "arbitrator mgm1"],
      ["ndb2", "arbitration-lost", "arbitrator mgm1"],
      ["ndb2", "node-failed", "by ndb1", "state at failure 0"],
      ["ndb2", "forced-shutdown", "error 2305"],
      ["ndb2", "disconnected", "by mgm1"],
    ]);
  });

  it("a data node failing and coming back: disconnected, failed, started again", () => {
    const events = ndbClusterLogEvents(fixture("cluster-log-data-node-failure"), nameOf);
    expect(summary(events)).toEqual([
      ["ndb2", "disconnected", "by mgm1"],
      ["ndb1", "arbitration-required"],
      ["ndb1", "arbitration-won", "arbitrator mgm1"],
      ["ndb2", "node-failed", "by ndb1", "state at failure 0"],
      ["ndb2", "started"],
    ]);
    // The cluster log's own stamps: whole seconds, read as UTC.
    expect(events[0]).toMatchObject({ atMs: Date.UTC(2026, 10, 27, 14, 0, 0), source: "log" });
    expect(events[0]?.text).toBe("2026-11-27 14:00:00 [MgmtSrvr] ALERT    -- Node 1: Node 3 Disconnected");
  });

  it("no arbitrator: the survivor cannot form a cluster and shuts down", () => {
    expect(summary(ndbClusterLogEvents(fixture("cluster-log-no-arbitrator"), nameOf))).toEqual([
      ["ndb2", "disconnected", "by mgm1"],
      ["ndb1", "no-arbitrator", "none available"],
      ["ndb1", "forced-shutdown", "error 2305"],
      ["ndb1", "disconnected", "by mgm1"],
    ]);
  });

  it("ndb_mgmd's console through Docker: each event at Docker's finer stamp; other output ignored", () => {
    const console = [
      "2026-11-27T14:10:25.412345678Z 2026-11-27 14:10:25 [MgmtSrvr] ALERT    -- Node 2: Arbitration won - positive reply from node 1",
      "2026-11-27T14:10:25.500000000Z 2026-11-27 14:10:25 [MgmtSrvr] INFO     -- Node 2: Started arbitrator node 1 [ticket=00a700033f2dd9a4]",
      "2026-11-27T14:10:25.600000000Z MySQL Cluster Management Server mysql-8.0.41 ndb-8.0.41",
      "2026-11-27T14:10:26.000000000Z 2026-11-27 14:10:26 [MgmtSrvr] INFO     -- Node 9: Arbitration check lost - less than 1/2 nodes left",
    ].join("\n");
    const events = ndbEngineEvents(parseTimedLines(console), nameOf);
    expect(summary(events)).toEqual([["ndb1", "arbitration-won", "arbitrator mgm1"]]);
    expect(events[0]?.atMs).toBeCloseTo(Date.UTC(2026, 10, 27, 14, 10, 25) + 412.345678, 6);
  });

  it("a node id outside the plan is named by its id", () => {
    const [event] = ndbClusterLogEvents("2026-11-27 14:00:00 [MgmtSrvr] ALERT    -- Node 1: Node 7 Disconnected", nameOf);
    expect(event?.node).toBe("node 7");
  });
});

describe("ndbLogParser", () => {
  it("reads the management nodes' consoles only, naming ids from the plan", () => {
    const parse = ndbLogParser([
      { name: "mgm1", nodeId: 145, role: "management" },
      { name: "ndb1", nodeId: 1, role: "data" },
      { name: "ndb2", nodeId: 2, role: "data" },
    ]);
    const lines = parseTimedLines(
      "2026-11-27T14:00:00.250000000Z 2026-11-27 14:00:00 [MgmtSrvr] ALERT    -- Node 1: Node 2 has failed. The Node state at failure was 0",
    );
    expect(parse("mgm1", lines).map((e) => [e.node, e.kind, e.reporter])).toEqual([["ndb2", "node-failed", "ndb1"]]);
    expect(parse("ndb1", lines)).toEqual([]);
  });
});
