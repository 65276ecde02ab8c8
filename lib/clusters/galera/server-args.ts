import { type GaleraTopology, providerOptions, settingName } from "./topology.ts";

export const GALERA_PORTS = { mysql: 3306, group: 4567, ist: 4568, sst: 4444 } as const;

export interface GaleraNodeAddress {
  name: string;
  ip: string;
  /** The node's group communication port (galeraGroupPort). */
  groupPort: number;
}

/**
 * The group communication port of the node at `index` (0 for n1): 4567, 4577, 4587, ...
 *
 * Why not 4567 everywhere: Galera names a peer that connected to it by the connection's source
 * IP and the port the peer announces (gmcast handshake). Through the mesh every connection
 * comes from the one Toxiproxy address, so with one port for all, every peer got the same
 * name (toxiproxy-ip:4567) and that name kept changing owner. Measured: in about one
 * isolate-one run in ten the two survivors then lost a JOIN message, their install timer
 * expired, and the majority lost its primary view until the heal. A port per node keeps
 * each peer's name its own.
 */
export function galeraGroupPort(index: number): number {
  return GALERA_PORTS.group + 10 * index;
}

/** Node names n1, n2, ... with their addresses from `ipOf(i)` and their group ports. */
export function galeraAddresses(count: number, ipOf: (index: number) => string): GaleraNodeAddress[] {
  return Array.from({ length: count }, (_, i) => ({ name: `n${i + 1}`, ip: ipOf(i), groupPort: galeraGroupPort(i) }));
}

/**
 * The cluster address of one node: itself at its own address, every peer by the one name the
 * peer has through the mesh, `meshHost:groupPort` (meshHost is the Toxiproxy address, where
 * every connection from a peer comes from; the sidecar routes that name through the link).
 *
 * Why not the peers' own addresses: a node then knew each peer under two names, the address
 * it dialled and the one it learned from the peer's incoming connection (source address,
 * announced port). Galera takes one UUID under two addresses for a duplicate and evicts it;
 * a peer that has not reached a primary view yet aborts ("A node with the same UUID already
 * exists in the cluster", State not recoverable). Seen when two joiners started at once
 * after a full crash, about one recovery in four on a loaded machine.
 */
export function clusterAddress(node: GaleraNodeAddress, all: readonly GaleraNodeAddress[], meshHost: string): string {
  return `gcomm://${all.map((n) => `${n.name === node.name ? n.ip : meshHost}:${n.groupPort}`).join(",")}`;
}

/**
 * Server settings of one node, passed as `--name=value` arguments (both flavors take the
 * same wsrep settings; `provider` is where the flavor's image keeps the Galera library,
 * `meshHost` the Toxiproxy address peers are known by). The user's settings come last, so
 * they win over faultline's defaults but not over the settings faultline owns (validation
 * refuses those).
 */
export function galeraSettings(
  t: GaleraTopology,
  node: GaleraNodeAddress,
  all: readonly GaleraNodeAddress[],
  provider: string,
  meshHost: string,
): Record<string, string> {
  const options = {
    ...providerOptions(t),
    "gmcast.listen_addr": `tcp://0.0.0.0:${node.groupPort}`,
    "ist.recv_addr": `${node.ip}:${GALERA_PORTS.ist}`,
  };
  const settings: Record<string, string> = {
    user: "mysql",
    "bind-address": "0.0.0.0",
    port: String(GALERA_PORTS.mysql),
    "binlog-format": "ROW",
    "default-storage-engine": "InnoDB",
    "innodb-autoinc-lock-mode": "2",
    // No reverse DNS of clients (the proxies): on an internal network it can only stall logins.
    "skip-name-resolve": "ON",
    "wsrep-on": "ON",
    "wsrep-provider": provider,
    "wsrep-cluster-name": "faultline",
    "wsrep-cluster-address": clusterAddress(node, all, meshHost),
    "wsrep-node-address": `${node.ip}:${node.groupPort}`,
    "wsrep-node-name": node.name,
    "wsrep-sst-method": t.sstMethod,
    "wsrep-sst-receive-address": `${node.ip}:${GALERA_PORTS.sst}`,
    "wsrep-provider-options": Object.entries(options)
      .map(([k, v]) => `${k}=${v}`)
      .join(";"),
  };
  for (const [name, value] of Object.entries(t.settings)) {
    for (const key of Object.keys(settings)) if (settingName(key) === settingName(name)) delete settings[key];
    settings[name] = value;
  }
  return settings;
}

export const asArguments = (settings: Record<string, string>) => Object.entries(settings).map(([k, v]) => `--${k}=${v}`);
