import { CLIENT, type Link, type MeshNode } from "./links.ts";

/**
 * The iptables-restore input for one node's sidecar: every connection the node opens to a
 * peer's address and port is sent to the Toxiproxy listener of that directed link. Rules sit
 * in the nat OUTPUT chain of the namespace the node shares; replies are un-NATed by conntrack.
 *
 * A peer that connected in through the mesh reaches the node from the Toxiproxy address, and
 * some stores name it by that address and the port it announces (Galera does). Where a port
 * is one peer's alone, that name is routed too: to the Toxiproxy address at the peer's port,
 * through the same link as the peer's real address, so a cut link cuts both names.
 */
export function dnatRules(node: MeshNode, links: readonly Link[], peers: readonly MeshNode[], toxiproxyIp: string): string {
  const ipOf = new Map(peers.map((p) => [p.name, p.ip]));
  const lines = ["*nat", ":FAULTLINE-MESH - [0:0]", "-A OUTPUT -p tcp -j FAULTLINE-MESH"];
  const owned = portsOfOneNode(links);
  for (const link of links) {
    if (link.from !== node.name) continue;
    const ip = ipOf.get(link.to);
    if (!ip) throw new Error(`link ${link.name}: no address for ${link.to}`);
    lines.push(`-A FAULTLINE-MESH -p tcp -d ${ip}/32 --dport ${link.port} -j DNAT --to-destination ${toxiproxyIp}:${link.listenPort}`);
    if (owned.has(link.port))
      lines.push(
        `-A FAULTLINE-MESH -p tcp -d ${toxiproxyIp}/32 --dport ${link.port} -j DNAT --to-destination ${toxiproxyIp}:${link.listenPort}`,
      );
  }
  lines.push("COMMIT", "");
  return lines.join("\n");
}

/** Peer ports that only one node listens on (links from the host do not count). */
function portsOfOneNode(links: readonly Link[]): Set<number> {
  const owners = new Map<number, Set<string>>();
  for (const link of links) {
    if (link.from === CLIENT) continue;
    const set = owners.get(link.port) ?? new Set<string>();
    set.add(link.to);
    owners.set(link.port, set);
  }
  return new Set([...owners].filter(([, nodes]) => nodes.size === 1).map(([port]) => port));
}
