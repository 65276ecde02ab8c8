import { type GaleraTopology, providerOptions } from "./topology.ts";

export const GALERA_PORTS = { mysql: 3306, group: 4567, ist: 4568, sst: 4444 } as const;
export const GALERA_LIBRARY = "/usr/lib/galera/libgalera_smm.so";

export interface GaleraNodeAddress {
  name: string;
  ip: string;
}

/** mariadbd settings of one node, passed as `--name=value` arguments. */
export function galeraSettings(t: GaleraTopology, node: GaleraNodeAddress, all: readonly GaleraNodeAddress[]): Record<string, string> {
  const options = { ...providerOptions(t), "ist.recv_addr": `${node.ip}:${GALERA_PORTS.ist}` };
  return {
    user: "mysql",
    "bind-address": "0.0.0.0",
    port: String(GALERA_PORTS.mysql),
    "binlog-format": "ROW",
    "default-storage-engine": "InnoDB",
    "innodb-autoinc-lock-mode": "2",
    "wsrep-on": "ON",
    "wsrep-provider": GALERA_LIBRARY,
    "wsrep-cluster-name": "faultline",
    "wsrep-cluster-address": `gcomm://${all.map((n) => n.ip).join(",")}`,
    "wsrep-node-address": node.ip,
    "wsrep-node-name": node.name,
    "wsrep-sst-method": t.sstMethod,
    "wsrep-sst-receive-address": `${node.ip}:${GALERA_PORTS.sst}`,
    "wsrep-provider-options": Object.entries(options)
      .map(([k, v]) => `${k}=${v}`)
      .join(";"),
  };
}

/**
 * The container command. The first node bootstraps a new cluster only on its very first
 * start (a marker file in the datadir): restarted after a kill it must rejoin, not found a
 * second cluster beside the first.
 */
export function galeraCommand(t: GaleraTopology, node: GaleraNodeAddress, all: readonly GaleraNodeAddress[], bootstrap: boolean): string[] {
  const args = Object.entries(galeraSettings(t, node, all)).map(([k, v]) => `--${k}=${v}`);
  if (!bootstrap) return ["mariadbd", ...args];
  const marker = "/var/lib/mysql/.faultline-bootstrapped";
  return [
    "bash",
    "-c",
    `if [ -e ${marker} ]; then exec mariadbd "$@"; else touch ${marker}; exec mariadbd --wsrep-new-cluster "$@"; fi`,
    "galera-bootstrap",
    ...args,
  ];
}
