import { describe, expect, it } from "vitest";
import { CLIENT, FIRST_LISTEN_PORT, type Link, linkName, linksOfNode, type MeshNode, peerLinks, planLinks } from "./links.ts";

const A: MeshNode = { name: "a", ip: "10.0.0.2" };
const B: MeshNode = { name: "b", ip: "10.0.0.3" };
const C: MeshNode = { name: "c", ip: "10.0.0.4" };

const names = (links: readonly Link[]) => links.map((l) => l.name);

function nodes(n: number): MeshNode[] {
  return Array.from({ length: n }, (_, i) => ({ name: `n${i + 1}`, ip: `10.1.${Math.floor(i / 250)}.${(i % 250) + 2}` }));
}

describe("planLinks", () => {
  it("plans 3 nodes, two peer ports and one client port in a fixed order with consecutive listen ports", () => {
    const links = planLinks([A, B, C], [6379, 16379], [6379]);
    expect(links.map((l) => [l.name, l.listenPort])).toEqual([
      ["a_to_b_6379", 20000],
      ["a_to_b_16379", 20001],
      ["a_to_c_6379", 20002],
      ["a_to_c_16379", 20003],
      ["b_to_a_6379", 20004],
      ["b_to_a_16379", 20005],
      ["b_to_c_6379", 20006],
      ["b_to_c_16379", 20007],
      ["c_to_a_6379", 20008],
      ["c_to_a_16379", 20009],
      ["c_to_b_6379", 20010],
      ["c_to_b_16379", 20011],
      ["client_to_a_6379", 20012],
      ["client_to_b_6379", 20013],
      ["client_to_c_6379", 20014],
    ]);
  });

  it("fills every field: from, to, port and the upstream ip:port of the target", () => {
    const links = planLinks([A, B, C], [6379, 16379], [6379]);
    expect(links[0]).toEqual({ name: "a_to_b_6379", from: "a", to: "b", port: 6379, listenPort: 20000, upstream: "10.0.0.3:6379" });
    expect(links[9]).toEqual({ name: "c_to_a_16379", from: "c", to: "a", port: 16379, listenPort: 20009, upstream: "10.0.0.2:16379" });
    expect(links[14]).toEqual({
      name: "client_to_c_6379",
      from: "client",
      to: "c",
      port: 6379,
      listenPort: 20014,
      upstream: "10.0.0.4:6379",
    });
    const byIp = new Map([A, B, C].map((n) => [n.name, n.ip]));
    for (const l of links) expect(l.upstream).toBe(`${byIp.get(l.to)}:${l.port}`);
  });

  it("has n*(n-1)*ports + n*clientPorts links, one per ordered pair and port", () => {
    const ns = nodes(5);
    const links = planLinks(ns, [3306, 4567, 4568], [3306, 3307]);
    expect(links.length).toBe(5 * 4 * 3 + 5 * 2);
    expect(links.length).toBe(70);
    expect(new Set(links.map((l) => `${l.from}|${l.to}|${l.port}`)).size).toBe(70);
    expect(new Set(names(links)).size).toBe(70);
    for (const l of links) expect(l.from).not.toBe(l.to);
    for (const from of ns)
      for (const to of ns)
        if (from !== to)
          for (const port of [3306, 4567, 4568])
            expect(links.filter((l) => l.from === from.name && l.to === to.name && l.port === port).length).toBe(1);
  });

  it("assigns unique, consecutive listen ports from FIRST_LISTEN_PORT", () => {
    expect(FIRST_LISTEN_PORT).toBe(20000);
    const links = planLinks(nodes(6), [1186, 3306], [3306]);
    expect(links.length).toBe(6 * 5 * 2 + 6);
    expect(links.map((l) => l.listenPort)).toEqual(Array.from({ length: 66 }, (_, i) => 20000 + i));
  });

  it("is the same plan for the same topology", () => {
    expect(planLinks([A, B, C], [6379], [6379])).toEqual(planLinks([A, B, C], [6379], [6379]));
  });

  it("has no client links by default", () => {
    const links = planLinks([A, B], [6379]);
    expect(names(links)).toEqual(["a_to_b_6379", "b_to_a_6379"]);
  });

  it("rejects duplicate names, the reserved name and names with other characters", () => {
    expect(() => planLinks([A, { name: "a", ip: "10.0.0.9" }], [6379])).toThrow(/mesh node names must be unique: a, a/);
    expect(() => planLinks([A, { name: CLIENT, ip: "10.0.0.9" }], [6379])).toThrow(/"client" is reserved/);
    for (const bad of ["n_1", "n.1", "n 1", "n/1", "", "nö", "n1:"]) {
      expect(() => planLinks([A, { name: bad, ip: "10.0.0.9" }], [6379])).toThrow(/must be letters, digits and dashes/);
    }
  });

  it("accepts letters, digits and dashes", () => {
    const links = planLinks(
      [
        { name: "Node-1", ip: "10.0.0.2" },
        { name: "n2", ip: "10.0.0.3" },
      ],
      [6379],
    );
    expect(names(links)).toEqual(["Node-1_to_n2_6379", "n2_to_Node-1_6379"]);
  });

  it("throws when the listen ports would run past 65535", () => {
    // 213 nodes: 213*212 = 45156 links, last listen port 65155; 214 nodes: 45582 links > 45536 available.
    const fits = planLinks(nodes(213), [1]);
    expect(fits.length).toBe(45156);
    expect(fits[fits.length - 1]?.listenPort).toBe(65155);
    expect(() => planLinks(nodes(214), [1])).toThrow(/listen ports run out/);
  });
});

describe("linkName", () => {
  it("is from_to_to_port", () => {
    expect(linkName("n1", "n2", 16379)).toBe("n1_to_n2_16379");
    expect(linkName(CLIENT, "n2", 6379)).toBe("client_to_n2_6379");
  });
});

describe("linksOfNode and peerLinks", () => {
  const links = planLinks([A, B, C], [6379, 16379], [6379]);

  it("linksOfNode gives the links a node opens and those opened to it, client links included", () => {
    expect(names(linksOfNode(links, "a"))).toEqual([
      "a_to_b_6379",
      "a_to_b_16379",
      "a_to_c_6379",
      "a_to_c_16379",
      "b_to_a_6379",
      "b_to_a_16379",
      "c_to_a_6379",
      "c_to_a_16379",
      "client_to_a_6379",
    ]);
    expect(linksOfNode(links, "zz")).toEqual([]);
  });

  it("peerLinks drops every client link", () => {
    const peers = peerLinks(links);
    expect(peers.length).toBe(12);
    expect(peers.some((l) => l.from === CLIENT)).toBe(false);
    expect(names(peers)).toEqual(names(links).slice(0, 12));
  });
});

describe("planLinks port lists", () => {
  it("rejects a repeated peer or client port, which would give two proxies one name", () => {
    const nodes = [
      { name: "a", ip: "10.0.0.11" },
      { name: "b", ip: "10.0.0.12" },
    ];
    expect(() => planLinks(nodes, [6379, 6379])).toThrow(/peer ports repeat \(6379, 6379\)/);
    expect(() => planLinks(nodes, [16379], [6379, 6379])).toThrow(/client ports repeat/);
    expect(planLinks(nodes, [6379, 16379], [6379])).toHaveLength(2 * 2 + 2);
  });
});

describe("planLinks with a node's own peer ports", () => {
  it("links to that node use its ports, links to the others the mesh's", () => {
    const links = planLinks([{ ...A, peerPorts: [4567, 4568] }, { ...B, peerPorts: [4577, 4568] }, C], [4597, 4568]);
    expect(names(links)).toEqual([
      "a_to_b_4577",
      "a_to_b_4568",
      "a_to_c_4597",
      "a_to_c_4568",
      "b_to_a_4567",
      "b_to_a_4568",
      "b_to_c_4597",
      "b_to_c_4568",
      "c_to_a_4567",
      "c_to_a_4568",
      "c_to_b_4577",
      "c_to_b_4568",
    ]);
    expect(links.find((l) => l.name === "c_to_b_4577")?.upstream).toBe("10.0.0.3:4577");
  });

  it("rejects a node's repeated peer port, naming the node", () => {
    expect(() => planLinks([{ ...A, peerPorts: [4567, 4567] }, B], [6379])).toThrow(/a's peer ports repeat \(4567, 4567\)/);
  });
});
