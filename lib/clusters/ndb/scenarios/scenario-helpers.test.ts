import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { reachable } from "../../../mesh/grudge.ts";
import { disabledLinks, grudgeCuts } from "../../../mesh/grudge-links.ts";
import { parseShow } from "../mgm-show.ts";
import { ndbMeshLinks, planNdb } from "../node-plan.ts";
import { validateNdbTopology } from "../topology.ts";
import { groupSplit } from "./data-node-partition.ts";
import { dataStates, firstOkAfter, startedDataNodes } from "./data-states.ts";

const show = (name: string) => parseShow(readFileSync(new URL(`../../../../fixtures/ndb/${name}`, import.meta.url), "utf8"));

describe("dataStates and startedDataNodes on SHOW transcripts", () => {
  it("a started cluster: both data nodes started", () => {
    const s = show("show-started.txt");
    expect(dataStates(s)).toEqual({ started: [2, 3] });
    expect(startedDataNodes(s)).toEqual([2, 3]);
  });

  it("one data node down: the victim not connected, its partner started (what data-node-failure waits for)", () => {
    const s = show("show-one-data-node-down.txt");
    const states = dataStates(s);
    expect(states).toEqual({ "not connected": [2], started: [3] });
    expect(states["not connected"]).toContain(2);
    expect(startedDataNodes(s)).toEqual([3]);
  });

  it("a data node starting: not counted as started (a restarting node is not a live half)", () => {
    const s = show("show-starting.txt");
    expect(dataStates(s)).toEqual({ started: [2], starting: [3] });
    expect(startedDataNodes(s)).toEqual([2]);
  });

  it("API and management nodes never count as data nodes", () => {
    const s = show("show-started.txt");
    expect(s.apiNodes.map((n) => n.id)).toEqual([4]);
    expect(s.mgmNodes.map((n) => n.id)).toEqual([1]);
    expect(Object.values(dataStates(s)).flat()).not.toContain(1);
    expect(Object.values(dataStates(s)).flat()).not.toContain(4);
  });

  it("every other state is its own key; no data node listed gives nothing", () => {
    const text = [
      "Cluster Configuration",
      "[ndbd(NDB)]\t4 node(s)",
      "id=1\t@h1  (mysql-8.0.41 ndb-8.0.41, Nodegroup: 0, *)",
      "id=2\t@h2  (mysql-8.0.41 ndb-8.0.41, shutting down, Nodegroup: 0)",
      "id=3\t@h3  (mysql-8.0.41 ndb-8.0.41, Nodegroup: 1)",
      "id=4\t@h4  (mysql-8.0.41 ndb-8.0.41, restarting, Nodegroup: 1)",
      "",
    ].join("\n");
    const s = parseShow(text);
    expect(dataStates(s)).toEqual({ started: [1, 3], "shutting down": [2], restarting: [4] });
    expect(startedDataNodes(s)).toEqual([1, 3]);
    const empty = parseShow("Cluster Configuration\n[ndbd(NDB)]\t0 node(s)\n");
    expect(dataStates(empty)).toEqual({});
    expect(startedDataNodes(empty)).toEqual([]);
  });
});

describe("firstOkAfter", () => {
  const ms = 1e6;
  const history = [
    { type: "invoke", f: "add", time: 90 * ms },
    { type: "ok", f: "add", time: 95 * ms },
    { type: "invoke", f: "add", time: 100 * ms },
    { type: "fail", f: "add", time: 1200 * ms },
    { type: "info", f: "add", time: 1300 * ms },
    { type: "ok", f: "read", time: 1400 * ms },
    { type: "ok", f: "final-read", time: 1450 * ms },
    { type: "ok", f: "add", time: 2500.4 * ms },
    { type: "ok", f: "add", time: 3000 * ms },
  ];

  it("is the first ok add at or after the time, in ms after it; fails, infos, reads and earlier oks do not count", () => {
    expect(firstOkAfter(history, 100 * ms)).toBe(2400);
    expect(firstOkAfter(history, 2500.4 * ms)).toBe(0);
    expect(firstOkAfter(history, 2600 * ms)).toBe(400);
  });

  it("counts an ok at exactly the time as 0 ms and rounds to whole ms", () => {
    expect(firstOkAfter(history, 95 * ms)).toBe(0);
    expect(firstOkAfter([{ type: "ok", f: "add", time: 1_600_000 }], 0)).toBe(2);
    expect(firstOkAfter([{ type: "ok", f: "add", time: 1_400_000 }], 0)).toBe(1);
  });

  it("is null when no add was acknowledged after the time, or the history is empty", () => {
    expect(firstOkAfter(history, 3001 * ms)).toBeNull();
    expect(firstOkAfter([], 0)).toBeNull();
    expect(firstOkAfter([{ type: "fail", f: "add", time: 5 * ms }], 0)).toBeNull();
  });
});

describe("groupSplit: the data nodes of a group cut from each other", () => {
  it("two nodes: each cut from the other, both ways", () => {
    const g = groupSplit(["ndb1", "ndb2"]);
    expect(g).toEqual({ ndb1: ["ndb2"], ndb2: ["ndb1"] });
    expect(reachable(["ndb1", "ndb2", "sql1"], g)).toEqual({
      ndb1: ["ndb1", "sql1"],
      ndb2: ["ndb2", "sql1"],
      sql1: ["ndb1", "ndb2", "sql1"],
    });
  });

  it("on the default plan's mesh: disables exactly the two data node transporter links, leaving SQL and client links", () => {
    const topology = validateNdbTopology({}, ["ndb-8.0"]);
    const plan = planNdb(topology, (n) => `10.213.0.${n}`);
    const links = ndbMeshLinks(plan);
    const g = groupSplit(plan.data.map((d) => d.name));
    expect(disabledLinks(g, links)).toEqual(
      [links.find((l) => l.from === "ndb1" && l.to === "ndb2")?.name, links.find((l) => l.from === "ndb2" && l.to === "ndb1")?.name].sort(),
    );
    expect(disabledLinks(g, links)).toHaveLength(2);
    // Blackhole mode cuts both streams of both links, still nothing else.
    const cuts = grudgeCuts(g, links, "blackhole");
    expect(cuts).toHaveLength(4);
    expect(new Set(cuts.map((c) => c.link)).size).toBe(2);
  });

  it("three nodes: each cut from the two others, nobody else named", () => {
    const g = groupSplit(["ndb1", "ndb2", "ndb3"]);
    expect(g).toEqual({ ndb1: ["ndb2", "ndb3"], ndb2: ["ndb1", "ndb3"], ndb3: ["ndb1", "ndb2"] });
    const r = reachable(["ndb1", "ndb2", "ndb3", "mgm1"], g);
    expect(r).toEqual({ ndb1: ["ndb1", "mgm1"], ndb2: ["ndb2", "mgm1"], ndb3: ["ndb3", "mgm1"], mgm1: ["ndb1", "ndb2", "ndb3", "mgm1"] });
  });

  it("one node or none: nothing to cut", () => {
    expect(groupSplit(["ndb1"])).toEqual({ ndb1: [] });
    expect(groupSplit([])).toEqual({});
  });
});
