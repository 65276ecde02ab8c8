import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseShow } from "./mgm-show.ts";
import { MEMBERSHIP_QUERY, type NdbExpected, NODES_QUERY, ndbUnmet, parseMembershipRows, parseNodesRows } from "./ndbinfo.ts";

const fixture = (name: string) => readFileSync(new URL(`../../../fixtures/ndb/${name}`, import.meta.url), "utf8");
const expected: NdbExpected = { dataNodes: [2, 3], mgmNodes: [1], apiNodes: [4], replicas: 2 };
const V = "mysql-8.0.41 ndb-8.0.41";

describe("ndbinfo rows", () => {
  it("queries the documented columns", () => {
    expect(NODES_QUERY).toBe("SELECT node_id, uptime, status, start_phase, config_generation FROM ndbinfo.nodes");
    expect(MEMBERSHIP_QUERY).toContain("succession_order, Conf_HB_order, arbitrator, arb_ticket, arb_state, arb_connected");
    expect(MEMBERSHIP_QUERY).toContain("connected_rank1_arbs, connected_rank2_arbs FROM ndbinfo.membership");
  });

  it("parses ndbinfo.nodes", () => {
    expect(parseNodesRows(fixture("ndbinfo-nodes.txt"))).toEqual([
      { nodeId: 2, uptime: 3605, status: "STARTED", startPhase: 0, configGeneration: 1 },
      { nodeId: 3, uptime: 3604, status: "STARTED", startPhase: 0, configGeneration: 1 },
    ]);
  });

  it("parses ndbinfo.membership", () => {
    const rows = parseMembershipRows(fixture("ndbinfo-membership.txt"));
    expect(rows[0]).toEqual({
      nodeId: 2,
      groupId: 0,
      leftNode: 3,
      rightNode: 3,
      president: 2,
      successor: 3,
      successionOrder: 1,
      confHbOrder: 0,
      arbitrator: 1,
      arbTicket: "00a700013f2c9b10",
      arbState: "ARBIT_RUN",
      arbConnected: true,
      connectedRank1Arbs: [1],
      connectedRank2Arbs: [],
    });
    expect(rows.map((r) => r.nodeId)).toEqual([2, 3]);
  });

  it("rejects rows of the wrong width and non-numbers, and skips blank lines", () => {
    expect(() => parseNodesRows("2\t3605\tSTARTED\t0\n")).toThrow(/expected 5 tab-separated columns, got 4/);
    expect(() => parseNodesRows("2\tNULL\tSTARTED\t0\t1\n")).toThrow(/uptime is not a number: NULL/);
    expect(parseNodesRows("\r\n2\t1\tSTARTING\t4\t1\r\n\r\n")).toEqual([
      { nodeId: 2, uptime: 1, status: "STARTING", startPhase: 4, configGeneration: 1 },
    ]);
  });
});

describe("ndbUnmet", () => {
  const started = parseShow(fixture("show-started.txt"));
  const nodes = parseNodesRows(fixture("ndbinfo-nodes.txt"));
  const membership = parseMembershipRows(fixture("ndbinfo-membership.txt"));

  it("is empty for the started cluster", () => {
    expect(ndbUnmet(started, nodes, expected)).toEqual([]);
    expect(ndbUnmet(started, nodes, expected, membership)).toEqual([]);
  });

  it("names the data node down and its short node group", () => {
    const show = parseShow(fixture("show-one-data-node-down.txt"));
    const rows = nodes.filter((r) => r.nodeId !== 2);
    expect(ndbUnmet(show, rows, expected)).toEqual([
      "data node 2: not connected (accepting connect from 10.213.0.12)",
      "node group 0 has 1 data node(s) (3), not 2",
      "ndbinfo.nodes: no row for data node 2",
    ]);
  });

  it("names a starting data node, in SHOW and in ndbinfo", () => {
    const show = parseShow(fixture("show-starting.txt"));
    const rows = parseNodesRows("2\t3605\tSTARTED\t0\t1\n3\t12\tSTARTING\t4\t1\n");
    expect(ndbUnmet(show, rows, expected)).toEqual([
      "data node 3: starting, not started",
      "ndbinfo.nodes: data node 3 is STARTING (start phase 4), not STARTED",
    ]);
  });

  it("names the SQL node that did not answer, a missing master and a disconnected management node", () => {
    const show = parseShow(
      [
        "Cluster Configuration",
        "[ndbd(NDB)]\t2 node(s)",
        `id=2\t@10.213.0.12  (${V}, Nodegroup: 0)`,
        `id=3\t@10.213.0.13  (${V}, Nodegroup: 0)`,
        "[ndb_mgmd(MGM)]\t1 node(s)",
        "id=1 (not connected, accepting connect from 10.213.0.11)",
        "[mysqld(API)]\t2 node(s)",
        "id=4 (not connected, accepting connect from 10.213.0.14)",
        "id=5 (not connected, accepting connect from any host)",
      ].join("\n"),
    );
    expect(ndbUnmet(show, undefined, expected)).toEqual([
      "management node 1: not connected (accepting connect from 10.213.0.11)",
      "SQL node 4: not connected (accepting connect from 10.213.0.14)",
      "no master data node (no * in SHOW)",
      "ndbinfo.nodes: not read (the SQL node did not answer)",
    ]);
  });

  it("names wrong node groups, two masters, unexpected and missing nodes, differing config generations", () => {
    const show = parseShow(
      [
        "Cluster Configuration",
        "[ndbd(NDB)]\t3 node(s)",
        `id=2\t@h  (${V}, Nodegroup: 0, *)`,
        `id=3\t@h  (${V}, Nodegroup: 1, *)`,
        `id=6\t@h  (${V}, no nodegroup)`,
        "[ndb_mgmd(MGM)]\t1 node(s)",
        `id=1\t@h  (${V})`,
        "[mysqld(API)]\t0 node(s)",
      ].join("\n"),
    );
    const rows = parseNodesRows("2\t9\tSTARTED\t0\t1\n3\t9\tSTARTED\t0\t2\n6\t9\tSTARTED\t0\t2\n");
    expect(ndbUnmet(show, rows, expected)).toEqual([
      "SQL node 4: not in SHOW",
      "data node 6: connected but not expected",
      "node group 0 has 1 data node(s) (2), not 2",
      "node group 1 has 1 data node(s) (3), not 2",
      "2 node group(s) in SHOW, not 1",
      "2 master data nodes: 2, 3",
      "ndbinfo.nodes: config_generation differs: 2=1 vs 3+6=2",
    ]);
    expect(ndbUnmet(show, rows, { ...expected, dataNodes: [2, 3, 7] })).toContain("data node 7: not in SHOW");
  });

  it("with membership: names a split president, arbitrator or ticket and arbitration not running", () => {
    const rows = parseMembershipRows(
      [
        "2\t0\t3\t3\t2\t3\t1\t0\t1\t00a700013f2c9b10\tARBIT_RUN\tYes\t1\t",
        "3\t0\t2\t2\t3\t2\t1\t0\t0\t0000000000000000\tARBIT_FIND\tNo\t\t",
      ].join("\n"),
    );
    expect(ndbUnmet(started, nodes, expected, rows)).toEqual([
      "ndbinfo.membership: president differs: 2=2 vs 3=3",
      "ndbinfo.membership: arbitrator differs: 2=1 vs 3=0",
      "ndbinfo.membership: arb_ticket differs: 2=00a700013f2c9b10 vs 3=0000000000000000",
      "ndbinfo.membership: data node 3 arb_state is ARBIT_FIND, not ARBIT_RUN",
      "ndbinfo.membership: data node 3 is not connected to arbitrator 0",
    ]);
    expect(ndbUnmet(started, nodes, expected, [])).toEqual(["ndbinfo.membership: no rows"]);
  });
});
