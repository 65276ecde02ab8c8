import { describe, expect, it } from "vitest";
import { configIni, dataNodeCommand, managementCommand, myCnf, ndbNodeCommand, ndbNodeFiles, sqlNodeCommand } from "./config-ini.ts";
import { planNdb } from "./node-plan.ts";
import { type NdbTopology, validateNdbTopology } from "./topology.ts";

const address = (n: number) => `10.213.0.${n}`;
const setup = (t: Partial<NdbTopology> = {}) => {
  const topology = validateNdbTopology(t, ["ndb-8.0"]);
  return { topology, plan: planNdb(topology, address) };
};

describe("configIni", () => {
  it("writes the typical deployment exactly", () => {
    const { topology, plan } = setup();
    expect(configIni(topology, plan)).toBe(`# Written by faultline from the run's topology; every node reads it from ndb_mgmd.

[ndbd default]
NoOfReplicas=2
DataMemory=80M
HeartbeatIntervalDbDb=1000
HeartbeatIntervalDbApi=1000
Arbitration=Default
ArbitrationTimeout=3000

[ndb_mgmd]
NodeId=145
HostName=10.213.0.11
PortNumber=1186
DataDir=/var/lib/mysql
ArbitrationRank=1

[ndbd]
NodeId=1
HostName=10.213.0.12
ServerPort=11860
DataDir=/var/lib/mysql

[ndbd]
NodeId=2
HostName=10.213.0.13
ServerPort=11860
DataDir=/var/lib/mysql

[mysqld]
NodeId=151
HostName=10.213.0.14

[api]
NodeId=201
`);
  });

  it("writes one [ndbd] per data node for 4 data nodes in 2 node groups", () => {
    const { topology, plan } = setup({ dataNodes: 4, replicas: 2, apiSlots: 0 });
    const text = configIni(topology, plan);
    expect(text.match(/^\[ndbd\]$/gm)).toHaveLength(4);
    expect(text).toContain(
      "[ndbd]\nNodeId=4\nHostName=10.213.0.15\nServerPort=11860\nDataDir=/var/lib/mysql\n\n[mysqld]\nNodeId=151\nHostName=10.213.0.16\n",
    );
    expect(text).not.toContain("[api]");
    expect(text.endsWith("HostName=10.213.0.16\n")).toBe(true);
  });

  it("writes two management nodes with their ranks", () => {
    const { topology, plan } = setup({ managementNodes: 2, arbitrationRank: 2 });
    expect(configIni(topology, plan)).toContain(
      "[ndb_mgmd]\nNodeId=145\nHostName=10.213.0.11\nPortNumber=1186\nDataDir=/var/lib/mysql\nArbitrationRank=2\n\n" +
        "[ndb_mgmd]\nNodeId=146\nHostName=10.213.0.12\nPortNumber=1186\nDataDir=/var/lib/mysql\nArbitrationRank=2\n\n[ndbd]\nNodeId=1\nHostName=10.213.0.13\n",
    );
  });

  it("merges user settings into [ndbd default], canonical and sorted, after faultline's own", () => {
    const { topology, plan } = setup({
      settings: { timebetweenepochs: "50", MaxNoOfConcurrentOperations: "64k", StopOnError: "0" },
      heartbeatIntervalDbDbMs: 500,
      arbitration: "WaitExternal",
    });
    expect(configIni(topology, plan)).toContain(
      "[ndbd default]\nNoOfReplicas=2\nDataMemory=80M\nHeartbeatIntervalDbDb=500\nHeartbeatIntervalDbApi=1000\nArbitration=WaitExternal\nArbitrationTimeout=3000\n" +
        "MaxNoOfConcurrentOperations=64K\nStopOnError=false\nTimeBetweenEpochs=50\n\n[ndb_mgmd]\n",
    );
  });
});

describe("myCnf", () => {
  it("connects the SQL node to the management server as its own node id", () => {
    const { topology, plan } = setup();
    expect(myCnf(topology, plan, "sql1")).toBe(`[mysqld]
ndbcluster
ndb-connectstring=10.213.0.11:1186
ndb-nodeid=151
bind-address=10.213.0.14
port=3306
user=mysql

[mysql_cluster]
ndb-connectstring=10.213.0.11:1186
`);
    expect(() => myCnf(topology, plan, "ndb1")).toThrow("not an SQL node");
  });

  it("lists both management servers and appends the user's options", () => {
    const { topology, plan } = setup({ managementNodes: 2, sqlNodes: 2, sqlSettings: { ndb_wait_setup: "60", "skip-log-bin": "" } });
    expect(myCnf(topology, plan, plan.sql[1] ?? "sql2")).toBe(`[mysqld]
ndbcluster
ndb-connectstring=10.213.0.11:1186,10.213.0.12:1186
ndb-nodeid=152
bind-address=10.213.0.16
port=3306
user=mysql
ndb-wait-setup=60
skip-log-bin

[mysql_cluster]
ndb-connectstring=10.213.0.11:1186,10.213.0.12:1186
`);
  });
});

describe("commands and files", () => {
  it("runs each daemon with an exact argv", () => {
    const { topology, plan } = setup({ managementNodes: 2 });
    expect(managementCommand(plan, "mgm2")).toEqual({
      entrypoint: ["ndb_mgmd"],
      cmd: [
        "--config-file=/var/lib/mysql-cluster/config.ini",
        "--configdir=/var/lib/mysql-cluster",
        "--initial",
        "--nodaemon",
        "--ndb-nodeid=146",
      ],
    });
    expect(dataNodeCommand(topology, plan, "ndb2")).toEqual({
      entrypoint: ["ndbd"],
      cmd: ["--nodaemon", "--ndb-connectstring=10.213.0.11:1186,10.213.0.12:1186", "--ndb-nodeid=2"],
    });
    expect(ndbNodeCommand({ ...topology, dataNodeBinary: "ndbmtd" }, plan, "ndb1").entrypoint).toEqual(["ndbmtd"]);
    expect(sqlNodeCommand(plan, "sql1")).toEqual({ cmd: ["mysqld", "--defaults-file=/etc/my.cnf"] });
    expect(ndbNodeCommand(topology, plan, "sql1")).toEqual(sqlNodeCommand(plan, "sql1"));
    expect(() => managementCommand(plan, "ndb1")).toThrow("not a management node");
  });

  it("gives management nodes config.ini and SQL nodes my.cnf", () => {
    const { topology, plan } = setup();
    expect(ndbNodeFiles(topology, plan, "mgm1")).toEqual([
      { path: "/var/lib/mysql-cluster/config.ini", content: configIni(topology, plan) },
    ]);
    expect(ndbNodeFiles(topology, plan, "sql1")).toEqual([{ path: "/etc/my.cnf", content: myCnf(topology, plan, "sql1") }]);
    expect(ndbNodeFiles(topology, plan, "ndb1")).toEqual([]);
  });
});
