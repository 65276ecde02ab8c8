/** One line of CLUSTER NODES: `<id> <ip:port@cport[,hostname]> <flags> <master> <ping> <pong> <epoch> <link> <slot>...` */
export interface ClusterNode {
  id: string;
  ip: string;
  port: number;
  busPort: number;
  flags: string[];
  /** Id of its master for a replica; undefined for a master. */
  masterId: string | undefined;
  configEpoch: number;
  linkState: string;
  /** Inclusive slot ranges; importing/migrating markers are left out. */
  slots: Array<[number, number]>;
}

export function parseClusterNodes(text: string): ClusterNode[] {
  const nodes: ClusterNode[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "") continue;
    const fields = line.split(" ");
    if (fields.length < 8) throw new Error(`CLUSTER NODES line has ${fields.length} fields, expected at least 8: "${line}"`);
    const [id, address, flags, master, , , epoch, link, ...slotFields] = fields as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      ...string[],
    ];
    const match = /^(.*):(\d+)@(\d+)/.exec(address);
    if (!match) throw new Error(`CLUSTER NODES address "${address}" is not ip:port@busport`);
    nodes.push({
      id,
      ip: match[1] ?? "",
      port: Number(match[2]),
      busPort: Number(match[3]),
      flags: flags.split(","),
      masterId: master === "-" ? undefined : master,
      configEpoch: Number(epoch),
      linkState: link,
      slots: slotFields
        .filter((s) => !s.startsWith("["))
        .map((s) => {
          const [from, to] = s.split("-").map(Number);
          return [from ?? 0, to ?? from ?? 0] as [number, number];
        }),
    });
  }
  return nodes;
}

export function isMaster(node: ClusterNode): boolean {
  return node.flags.includes("master");
}

export function slotCount(node: ClusterNode): number {
  return node.slots.reduce((n, [from, to]) => n + to - from + 1, 0);
}
