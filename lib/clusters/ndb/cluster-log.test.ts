import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { classify, clusterLogTime, elapsedMs, firstEvent, lastEvent, ofKind, parseClusterLog, parseClusterLogLine } from "./cluster-log.ts";

const fixture = (name: string) => readFileSync(new URL(`../../../fixtures/ndb/${name}`, import.meta.url), "utf8");
const V = "mysql-8.0.41 ndb-8.0.41";

describe("parseClusterLogLine", () => {
  it("splits timestamp, source, padded severity, reporting node and text", () => {
    const e = parseClusterLogLine("2026-11-27 14:00:00 [MgmtSrvr] ALERT    -- Node 1: Node 3 Disconnected", 7);
    expect(e).toEqual({
      lineNo: 7,
      at: "2026-11-27 14:00:00",
      timeMs: Date.UTC(2026, 10, 27, 14, 0, 0),
      source: "MgmtSrvr",
      severity: "ALERT",
      reporter: 1,
      text: "Node 3 Disconnected",
      raw: "2026-11-27 14:00:00 [MgmtSrvr] ALERT    -- Node 1: Node 3 Disconnected",
      kind: "node-disconnected",
      node: 3,
    });
  });

  it("reads a line with no reporting node, and a data node's own log line", () => {
    const plain = parseClusterLogLine(
      "2026-11-27 14:00:00 [MgmtSrvr] INFO     -- Loaded config from '/var/lib/mysql-cluster/ndb_1_config.bin.1'",
    );
    expect(plain).toMatchObject({
      kind: "other",
      severity: "INFO",
      text: "Loaded config from '/var/lib/mysql-cluster/ndb_1_config.bin.1'",
    });
    expect(plain).not.toHaveProperty("reporter");
    expect(parseClusterLogLine("2024-10-19 15:05:18 [ndbd] INFO     -- Lost arbitrator node 1 - process failure [state=6]")).toMatchObject({
      source: "ndbd",
      kind: "arbitration",
      step: "lost-arbitrator",
      arbitrator: 1,
      reason: "process failure",
      state: 6,
    });
  });

  it("ignores what is not a cluster log line", () => {
    expect(parseClusterLogLine("")).toBeUndefined();
    expect(parseClusterLogLine(" #Records: 0 #LogRecords: 0")).toBeUndefined();
    expect(parseClusterLogLine("Node 2: started")).toBeUndefined();
  });
});

describe("classify: the texts of the manual's cluster log message table", () => {
  it.each([
    ["Node 3 missed heartbeat 2", { kind: "heartbeat-missed", node: 3, count: 2 }],
    ["Node 3 declared dead due to missed heartbeat", { kind: "declared-dead", node: 3 }],
    ["Node 3 Connected", { kind: "node-connected", node: 3 }],
    ["Node 3 Disconnected", { kind: "node-disconnected", node: 3 }],
    ["Communication to Node 4 opened", { kind: "communication-opened", node: 4 }],
    ["Communication to Node 4 closed", { kind: "communication-closed", node: 4 }],
    ["Node 3 has failed. The Node state at failure was 0", { kind: "node-failed", node: 3, stateAtFailure: 0 }],
    ["All nodes completed failure of Node 3", { kind: "node-failure-completed", node: 3, by: "all" }],
    ["Node 2 completed failure of Node 3", { kind: "node-failure-completed", node: 3, by: 2 }],
    ["Node failure of 3 DBDIH completed", { kind: "node-failure-completed", node: 3, block: "DBDIH" }],
    ["Node failure of 3  completed", { kind: "node-failure-completed", node: 3 }],
    [`Start initiated (${V})`, { kind: "start-initiated", version: V }],
    ["Start initiated (version 7.0.9)", { kind: "start-initiated", version: "7.0.9" }],
    ["Start phase 4 completed (initial start)", { kind: "start-phase", phase: 4, startType: "initial start" }],
    ["Start phase 5 completed ", { kind: "start-phase", phase: 5 }],
    [`Started (${V})`, { kind: "started", version: V }],
    ["Cluster shutdown initiated", { kind: "shutdown-initiated", scope: "cluster" }],
    ["Node shutdown initiated", { kind: "shutdown-initiated", scope: "node" }],
    ["Node shutdown completed.", { kind: "shutdown-completed", forced: false, restarting: false, detail: "" }],
    ["Node shutdown completed, restarting.", { kind: "shutdown-completed", forced: false, restarting: true, detail: ", restarting." }],
    [`Node 4: API ${V}`, { kind: "api-connected", node: 4, version: V }],
    ["Node 4: API version 5.1.73", { kind: "api-connected", node: 4, version: "5.1.73" }],
    ["President restarts arbitration thread [state=7]", { kind: "arbitration", step: "thread-restart", state: 7 }],
    [
      "Prepare arbitrator node 1 [ticket=00a700013f2c9b10]",
      { kind: "arbitration", step: "prepare", arbitrator: 1, ticket: "00a700013f2c9b10" },
    ],
    [
      "Receive arbitrator node 1 [ticket=00a700013f2c9b10]",
      { kind: "arbitration", step: "receive", arbitrator: 1, ticket: "00a700013f2c9b10" },
    ],
    [
      "Started arbitrator node 1 [ticket=00a700013f2c9b10]",
      { kind: "arbitration", step: "started", arbitrator: 1, ticket: "00a700013f2c9b10" },
    ],
    [
      "Lost arbitrator node 1 - process exit [state=6]",
      { kind: "arbitration", step: "lost-arbitrator", arbitrator: 1, reason: "process exit", state: 6 },
    ],
    ["Arbitration check won - node group majority", { kind: "arbitration", step: "check-won", reason: "node group majority" }],
    ["Arbitration check lost - less than 1/2 nodes left", { kind: "arbitration", step: "check-lost", reason: "less than 1/2 nodes left" }],
    ["Network partitioning - arbitration required", { kind: "arbitration", step: "required" }],
    ["Arbitration won - positive reply from node 1", { kind: "arbitration", step: "won", arbitrator: 1 }],
    ["Arbitration lost - negative reply from node 1", { kind: "arbitration", step: "lost", arbitrator: 1 }],
    ["Network partitioning - no arbitrator available", { kind: "arbitration", step: "no-arbitrator" }],
    ["Network partitioning - no arbitrator configured", { kind: "arbitration", step: "no-arbitrator-configured" }],
    ["Arbitration failure - timeout [state=7]", { kind: "arbitration", step: "failure", reason: "timeout", state: 7 }],
    ["Global checkpoint 12345 started", { kind: "other" }],
  ])("%s", (text, expected) => {
    expect(classify(text)).toEqual(expected);
  });

  it("reads a forced shutdown's error number", () => {
    expect(
      classify(
        "Forced node shutdown completed. Occurred during startphase 4. Caused by error 2308: 'Another node failed during system restart, please investigate error(s) on other node(s)(Restart error). Temporary error, restart node'.",
      ),
    ).toMatchObject({ kind: "shutdown-completed", forced: true, restarting: false, error: 2308 });
  });
});

describe("parseClusterLog on the fixtures", () => {
  it("follows a killed data node: disconnected, arbitration won, failure handled, restarted", () => {
    const events = parseClusterLog(fixture("cluster-log-data-node-failure.txt"));
    expect(events).toHaveLength(23);
    expect(events.filter((e) => e.kind === "other")).toEqual([]);
    const down = firstEvent(
      events,
      ofKind("node-disconnected", (e) => e.node === 3),
    );
    expect(down).toMatchObject({ reporter: 1, severity: "ALERT", at: "2026-11-27 14:00:00" });
    const won = firstEvent(
      events,
      ofKind("arbitration", (e) => e.step === "won"),
    );
    expect(won).toMatchObject({ reporter: 2, arbitrator: 1 });
    expect(firstEvent(events, ofKind("node-failed"))).toMatchObject({ reporter: 2, node: 3, stateAtFailure: 0 });
    expect(
      firstEvent(
        events,
        ofKind("node-failure-completed", (e) => e.by === "all"),
      )?.node,
    ).toBe(3);
    const phases = events.filter(ofKind("start-phase")).map((e) => e.phase);
    expect(phases).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const started = lastEvent(events, ofKind("started"));
    expect(started).toMatchObject({ reporter: 3, version: V });
    expect(elapsedMs(down as NonNullable<typeof down>, started as NonNullable<typeof started>)).toBe(52_000);
    expect(
      firstEvent(
        events,
        ofKind("arbitration", (e) => e.step === "receive"),
      ),
    ).toMatchObject({ reporter: 3, ticket: "00a700023f2d4e51" });
  });

  it("follows a partition: heartbeats missed on both sides, node 2 wins arbitration, node 3 loses and shuts down", () => {
    const events = parseClusterLog(fixture("cluster-log-partition-arbitration-won.txt"));
    expect(events.filter((e) => e.kind === "other")).toEqual([]);
    const missed = events.filter(ofKind("heartbeat-missed", (e) => e.reporter === 2));
    expect(missed.map((e) => [e.node, e.count])).toEqual([
      [3, 2],
      [3, 3],
      [3, 4],
    ]);
    const dead = firstEvent(
      events,
      ofKind("declared-dead", (e) => e.reporter === 2),
    );
    expect(dead?.node).toBe(3);
    expect((dead?.timeMs ?? 0) - (missed[0]?.timeMs ?? 0)).toBe(15_000);
    expect(events.filter(ofKind("arbitration", (e) => e.step === "required")).map((e) => e.reporter)).toEqual([2, 3]);
    expect(
      firstEvent(
        events,
        ofKind("arbitration", (e) => e.step === "won"),
      )?.reporter,
    ).toBe(2);
    expect(
      firstEvent(
        events,
        ofKind("arbitration", (e) => e.step === "lost"),
      ),
    ).toMatchObject({ reporter: 3, arbitrator: 1 });
    expect(firstEvent(events, ofKind("shutdown-completed"))).toMatchObject({ reporter: 3, forced: true, error: 2305 });
    expect(firstEvent(events, ofKind("started"))).toBeUndefined();
  });

  it("follows a cluster shutdown with no arbitrator: arbitrator lost, then a data node, then the survivor stops", () => {
    const events = parseClusterLog(fixture("cluster-log-no-arbitrator.txt"));
    expect(events.filter((e) => e.kind === "other")).toEqual([]);
    const lost = firstEvent(
      events,
      ofKind("arbitration", (e) => e.step === "lost-arbitrator"),
    );
    expect(lost).toMatchObject({ reporter: 2, arbitrator: 4, reason: "process failure", state: 6 });
    const none = firstEvent(
      events,
      ofKind("arbitration", (e) => e.step === "no-arbitrator"),
    );
    expect(none?.reporter).toBe(2);
    const stop = firstEvent(events, ofKind("shutdown-completed"), none?.timeMs);
    expect(stop).toMatchObject({ reporter: 2, forced: true, error: 2305 });
    expect(events.filter(ofKind("node-disconnected")).map((e) => e.node)).toEqual([3, 2]);
  });

  it("firstEvent honours fromMs, and clusterLogTime rejects other formats", () => {
    const events = parseClusterLog(fixture("cluster-log-data-node-failure.txt"));
    const from = clusterLogTime("2026-11-27 14:00:30");
    expect(firstEvent(events, (e) => e.reporter === 1, from)).toMatchObject({ kind: "node-connected", node: 3 });
    expect(firstEvent(events, (e) => e.reporter === 1, from + 3_600_000)).toBeUndefined();
    expect(clusterLogTime("27/11/2026 14:00")).toBeNaN();
  });
});
