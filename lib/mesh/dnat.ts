import type { Link, MeshNode } from "./links.ts";

/**
 * The iptables-restore input for one node's sidecar: every connection the node opens to a
 * peer's address and port is sent to the Toxiproxy listener of that directed link. Rules sit
 * in the nat OUTPUT chain of the namespace the node shares; replies are un-NATed by conntrack.
 */
export function dnatRules(node: MeshNode, links: readonly Link[], peers: readonly MeshNode[], toxiproxyIp: string): string {
  const ipOf = new Map(peers.map((p) => [p.name, p.ip]));
  const lines = ["*nat", ":FAULTLINE-MESH - [0:0]", "-A OUTPUT -p tcp -j FAULTLINE-MESH"];
  for (const link of links) {
    if (link.from !== node.name) continue;
    const ip = ipOf.get(link.to);
    if (!ip) throw new Error(`link ${link.name}: no address for ${link.to}`);
    lines.push(`-A FAULTLINE-MESH -p tcp -d ${ip}/32 --dport ${link.port} -j DNAT --to-destination ${toxiproxyIp}:${link.listenPort}`);
  }
  lines.push("COMMIT", "");
  return lines.join("\n");
}
