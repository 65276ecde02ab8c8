import { describe, expect, it } from "vitest";
import { CLIENT } from "../../mesh/links.ts";
import { ndbMeshLinks, ndbNode, planNdb } from "./node-plan.ts";
import { DEFAULT_NDB_TOPOLOGY, type NdbTopology } from "./topology.ts";

const address = (n: number) => `10.213.0.${n}`;
const plan = (t: Partial<NdbTopology> = {}) => planNdb({ ...DEFAULT_NDB_TOPOLOGY, ...t }, address);

describe("planNdb", () => {
  it("numbers, names and places the typical deployment", () => {
    const p = plan();
    expect(p.nodes.map((n) => [n.name, n.role, n.nodeId, n.ip])).toEqual([
      ["mgm1", "management", 145, "10.213.0.11"],
      ["ndb1", "data", 1, "10.213.0.12"],
      ["ndb2", "data", 2, "10.213.0.13"],
      ["sql1", "sql", 151, "10.213.0.14"],
    ]);
    expect(p.apiSlots).toEqual([201]);
    expect(p.nodeGroups).toEqual([["ndb1", "ndb2"]]);
    expect(p.data.map((d) => d.nodeGroup)).toEqual([0, 0]);
    expect(p.connectString).toBe("10.213.0.11:1186");
    expect(ndbNode(p, "ndb2").hostNumber).toBe(13);
    expect(() => ndbNode(p, "ndb3")).toThrow("nodes: mgm1, ndb1, ndb2, sql1");
  });

  it("groups data nodes by NoOfReplicas in NodeId order", () => {
    expect(plan({ dataNodes: 4, replicas: 2 }).nodeGroups).toEqual([
      ["ndb1", "ndb2"],
      ["ndb3", "ndb4"],
    ]);
    expect(plan({ dataNodes: 6, replicas: 3 }).nodeGroups).toEqual([
      ["ndb1", "ndb2", "ndb3"],
      ["ndb4", "ndb5", "ndb6"],
    ]);
    expect(plan({ dataNodes: 2, replicas: 1 }).nodeGroups).toEqual([["ndb1"], ["ndb2"]]);
  });

  it("gives two management nodes their own ids and both in the connect string", () => {
    const p = plan({ managementNodes: 2, sqlNodes: 2, apiSlots: 0 });
    expect(p.management.map((m) => [m.name, m.nodeId, m.ip])).toEqual([
      ["mgm1", 145, "10.213.0.11"],
      ["mgm2", 146, "10.213.0.12"],
    ]);
    expect(p.data.map((d) => d.ip)).toEqual(["10.213.0.13", "10.213.0.14"]);
    expect(p.sql.map((s) => [s.name, s.nodeId])).toEqual([
      ["sql1", 151],
      ["sql2", 152],
    ]);
    expect(p.apiSlots).toEqual([]);
    expect(p.connectString).toBe("10.213.0.11:1186,10.213.0.12:1186");
  });

  it("keeps the largest topology within NDB's node id space", () => {
    const p = plan({ managementNodes: 2, dataNodes: 144, replicas: 4, sqlNodes: 50, apiSlots: 55 });
    expect(p.data.at(-1)?.nodeId).toBe(144);
    expect(p.sql.at(-1)?.nodeId).toBe(200);
    expect(p.apiSlots.at(-1)).toBe(255);
    expect(p.nodes.at(-1)?.hostNumber).toBe(11 + 2 + 144 + 50 - 1);
  });
});

describe("links", () => {
  it("sends data and SQL transporters through the mesh and management links direct", () => {
    const p = plan();
    const show = (via: "mesh" | "direct") => p.links.filter((l) => l.via === via).map((l) => `${l.from}->${l.to}:${l.port}`);
    expect(show("mesh")).toEqual(["ndb1->ndb2:11860", "ndb2->ndb1:11860", "sql1->ndb1:11860", "sql1->ndb2:11860", `${CLIENT}->sql1:3306`]);
    expect(show("direct")).toEqual(["ndb1->mgm1:1186", "ndb2->mgm1:1186", "sql1->mgm1:1186", `${CLIENT}->mgm1:1186`]);
  });

  it("links two management nodes to each other directly", () => {
    const direct = plan({ managementNodes: 2 }).links.filter((l) => l.via === "direct" && l.port === 1186 && l.from.startsWith("mgm"));
    expect(direct.map((l) => `${l.from}->${l.to}`)).toEqual(["mgm2->mgm1", "mgm1->mgm2"]);
  });

  it("turns the mesh links into proxies with listen ports in plan order", () => {
    const links = ndbMeshLinks(plan());
    expect(links[0]).toEqual({
      name: "ndb1_to_ndb2_11860",
      from: "ndb1",
      to: "ndb2",
      port: 11860,
      listenPort: 20000,
      upstream: "10.213.0.13:11860",
    });
    expect(links.map((l) => [l.name, l.listenPort])).toEqual([
      ["ndb1_to_ndb2_11860", 20000],
      ["ndb2_to_ndb1_11860", 20001],
      ["sql1_to_ndb1_11860", 20002],
      ["sql1_to_ndb2_11860", 20003],
      ["client_to_sql1_3306", 20004],
    ]);
    expect(links.some((l) => l.port === 1186)).toBe(false);
    // 4 data nodes, 2 SQL nodes: 4*3 data pairs + 2*4 SQL->data + 2 client links.
    expect(ndbMeshLinks(plan({ dataNodes: 4, sqlNodes: 2 }))).toHaveLength(12 + 8 + 2);
  });
});
