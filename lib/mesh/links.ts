/** A node of the mesh: a name and its real address on the run network. */
export interface MeshNode {
  name: string;
  ip: string;
  /**
   * Ports this node listens on for its peers, when they are not the mesh's: Galera needs one
   * group port per node (see lib/clusters/galera/server-args.ts, galeraGroupPort).
   */
  peerPorts?: readonly number[];
}

/** The pseudo-node for connections from the host (test clients) to a node. */
export const CLIENT = "client";

/**
 * One directed link through its own Toxiproxy proxy: traffic from `from` to `to`'s `port`
 * enters the proxy at `listenPort` on the Toxiproxy container and leaves for `to`.
 */
export interface Link {
  name: string;
  from: string;
  to: string;
  port: number;
  listenPort: number;
  upstream: string;
}

export const FIRST_LISTEN_PORT = 20000;

/** URL-safe, since it is a path segment of Toxiproxy's API: `n1_to_n2_16379`. */
export function linkName(from: string, to: string, port: number): string {
  return `${from}_to_${to}_${port}`;
}

/**
 * One proxy per ordered pair of nodes and port (the destination's own `peerPorts`, else the
 * mesh's), plus one per node and client port from the host. Listen ports are assigned in a
 * fixed order, so the same topology gives the same plan.
 */
export function planLinks(nodes: readonly MeshNode[], peerPorts: readonly number[], clientPorts: readonly number[] = []): Link[] {
  const names = new Set(nodes.map((n) => n.name));
  if (names.size !== nodes.length) throw new Error(`mesh node names must be unique: ${nodes.map((n) => n.name).join(", ")}`);
  if (names.has(CLIENT)) throw new Error(`"${CLIENT}" is reserved for host connections and cannot name a node`);
  for (const name of names)
    if (!/^[A-Za-z0-9-]+$/.test(name)) throw new Error(`mesh node name "${name}" must be letters, digits and dashes`);
  for (const [what, ports] of [
    ["peer", peerPorts],
    ["client", clientPorts],
    ...nodes.filter((n) => n.peerPorts).map((n) => [`${n.name}'s peer`, n.peerPorts ?? []] as const),
  ] as const) {
    if (new Set(ports).size !== ports.length)
      throw new Error(`${what} ports repeat (${ports.join(", ")}): each would get two proxies of one name`);
  }
  const links: Link[] = [];
  const add = (from: string, to: MeshNode, port: number) => {
    const listenPort = FIRST_LISTEN_PORT + links.length;
    if (listenPort > 65535) throw new Error(`too many links for one Toxiproxy (${links.length}): listen ports run out`);
    links.push({ name: linkName(from, to.name, port), from, to: to.name, port, listenPort, upstream: `${to.ip}:${port}` });
  };
  for (const from of nodes) for (const to of nodes) if (from !== to) for (const port of to.peerPorts ?? peerPorts) add(from.name, to, port);
  for (const to of nodes) for (const port of clientPorts) add(CLIENT, to, port);
  return links;
}

/** Links of one node: those it opens and those opened to it (client links included). */
export function linksOfNode(links: readonly Link[], node: string): Link[] {
  return links.filter((l) => l.from === node || l.to === node);
}

/** Node-to-node links only (no client links). */
export function peerLinks(links: readonly Link[]): Link[] {
  return links.filter((l) => l.from !== CLIENT);
}
