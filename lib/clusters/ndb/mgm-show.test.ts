import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseShow } from "./mgm-show.ts";

const fixture = (name: string) => readFileSync(new URL(`../../../fixtures/ndb/${name}`, import.meta.url), "utf8");
const V = "mysql-8.0.41 ndb-8.0.41";

describe("parseShow on ndb_mgm -e show transcripts", () => {
  it("reads a started cluster: two data nodes in node group 0, node 2 master, mgm and SQL node connected", () => {
    const show = parseShow(fixture("show-started.txt"));
    expect(show.managementServer).toBe("10.213.0.11:1186");
    expect(show.declared).toEqual({ ndb: 2, mgm: 1, api: 1 });
    expect(show.dataNodes).toEqual([
      { id: 2, host: "10.213.0.12", version: V, nodeGroup: 0, master: true, state: "started" },
      { id: 3, host: "10.213.0.13", version: V, nodeGroup: 0, master: false, state: "started" },
    ]);
    expect(show.mgmNodes).toEqual([{ id: 1, host: "10.213.0.11", version: V, connected: true }]);
    expect(show.apiNodes).toEqual([{ id: 4, host: "10.213.0.14", version: V, connected: true }]);
  });

  it("reads a data node down, with the master moved to the survivor", () => {
    const show = parseShow(fixture("show-one-data-node-down.txt"));
    expect(show.dataNodes[0]).toEqual({ id: 2, master: false, state: "not connected", acceptingFrom: "10.213.0.12" });
    expect(show.dataNodes[1]).toMatchObject({ id: 3, master: true, state: "started", nodeGroup: 0 });
  });

  it("reads a data node that is starting", () => {
    const show = parseShow(fixture("show-starting.txt"));
    expect(show.dataNodes.map((n) => [n.id, n.state, n.nodeGroup, n.master])).toEqual([
      [2, "started", 0, true],
      [3, "starting", 0, false],
    ]);
  });

  it("reads free API slots, no nodegroup, deactivated nodes, single user, hostless nodes and the older Master marker", () => {
    const show = parseShow(
      [
        "Connected to management server at 127.0.0.1 port 1186 (using cleartext)",
        "Cluster Configuration",
        "---------------------",
        "[ndbd(NDB)]\t3 node(s)",
        "id=2\t@10.0.0.2  (mysql-5.5.29 ndb-7.2.10, Nodegroup: 0, Master)",
        "id=3\t@10.0.0.3  (mysql-8.0.41 ndb-8.0.41, no nodegroup)",
        "id=5 (not connected, node is deactivated)",
        "",
        "[ndb_mgmd(MGM)]\t1 node(s)",
        "id=1\t@10.0.0.1  (Version: 8.0.23-ndb-8.0.23)",
        "",
        "[mysqld(API)]\t3 node(s)",
        "id=4   (mysql-8.0.41 ndb-8.0.41, allowed single user)",
        "id=50 (not connected, accepting connect from any host)",
        "id=51 (not connected, accepting connect from 10.0.0.9, allowed single user)",
        "",
      ].join("\r\n"),
    );
    expect(show.managementServer).toBe("127.0.0.1:1186");
    expect(show.dataNodes[0]).toMatchObject({ id: 2, master: true, nodeGroup: 0, version: "mysql-5.5.29 ndb-7.2.10" });
    expect(show.dataNodes[1]).toEqual({ id: 3, host: "10.0.0.3", version: V, noNodeGroup: true, master: false, state: "started" });
    expect(show.dataNodes[2]).toEqual({ id: 5, master: false, state: "not connected", deactivated: true });
    expect(show.mgmNodes[0]?.version).toBe("Version: 8.0.23-ndb-8.0.23");
    expect(show.apiNodes).toEqual([
      { id: 4, version: V, connected: true, singleUser: true },
      { id: 50, connected: false, acceptingFrom: "any host" },
      { id: 51, connected: false, acceptingFrom: "10.0.0.9", singleUser: true },
    ]);
  });

  it("reads every non-started state a connected data node can show", () => {
    for (const state of ["starting", "not started", "shutting down", "restarting", "single user mode", "unknown state"]) {
      const show = parseShow(`Cluster Configuration\n[ndbd(NDB)]\t1 node(s)\nid=2\t@h  (${V}, ${state}, Nodegroup: 1, *)\n`);
      expect(show.dataNodes[0]).toMatchObject({ state, nodeGroup: 1, master: true });
    }
  });

  it("throws on output that is not SHOW, naming its first line", () => {
    expect(() => parseShow("Unable to connect with connect string: nodeid=0,10.213.0.11:1186\nRetrying every 5 seconds.")).toThrow(
      /no "Cluster Configuration"\): Unable to connect with connect string/,
    );
    expect(() => parseShow("")).toThrow(/\(empty\)/);
  });
});
