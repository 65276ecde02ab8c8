import { describe, expect, it } from "vitest";
import { dnatRules } from "./dnat.ts";
import { type MeshNode, planLinks } from "./links.ts";

const N1: MeshNode = { name: "n1", ip: "10.0.0.11" };
const N2: MeshNode = { name: "n2", ip: "10.0.0.12" };
const N3: MeshNode = { name: "n3", ip: "10.0.0.13" };
const links = planLinks([N1, N2, N3], [6379, 16379], [6379]);

describe("dnatRules", () => {
  it("sends every link from n1 to its Toxiproxy listener, and nothing else", () => {
    expect(dnatRules(N1, links, [N2, N3], "10.0.0.2")).toBe(
      [
        "*nat",
        ":FAULTLINE-MESH - [0:0]",
        "-A OUTPUT -p tcp -j FAULTLINE-MESH",
        "-A FAULTLINE-MESH -p tcp -d 10.0.0.12/32 --dport 6379 -j DNAT --to-destination 10.0.0.2:20000",
        "-A FAULTLINE-MESH -p tcp -d 10.0.0.12/32 --dport 16379 -j DNAT --to-destination 10.0.0.2:20001",
        "-A FAULTLINE-MESH -p tcp -d 10.0.0.13/32 --dport 6379 -j DNAT --to-destination 10.0.0.2:20002",
        "-A FAULTLINE-MESH -p tcp -d 10.0.0.13/32 --dport 16379 -j DNAT --to-destination 10.0.0.2:20003",
        "COMMIT",
        "",
      ].join("\n"),
    );
  });

  it("for n2 uses the listeners of n2's own links (20004..20007)", () => {
    const text = dnatRules(N2, links, [N1, N3], "172.30.0.5");
    expect(text.split("\n")).toEqual([
      "*nat",
      ":FAULTLINE-MESH - [0:0]",
      "-A OUTPUT -p tcp -j FAULTLINE-MESH",
      "-A FAULTLINE-MESH -p tcp -d 10.0.0.11/32 --dport 6379 -j DNAT --to-destination 172.30.0.5:20004",
      "-A FAULTLINE-MESH -p tcp -d 10.0.0.11/32 --dport 16379 -j DNAT --to-destination 172.30.0.5:20005",
      "-A FAULTLINE-MESH -p tcp -d 10.0.0.13/32 --dport 6379 -j DNAT --to-destination 172.30.0.5:20006",
      "-A FAULTLINE-MESH -p tcp -d 10.0.0.13/32 --dport 16379 -j DNAT --to-destination 172.30.0.5:20007",
      "COMMIT",
      "",
    ]);
  });

  it("has no rule for links to the node, nor for client links", () => {
    const text = dnatRules(N3, links, [N1, N2], "10.0.0.2");
    expect(text).not.toContain("10.0.0.13/32");
    expect(text.split("\n").filter((l) => l.includes("DNAT")).length).toBe(4);
    // client_to_* listeners are 20012..20014; n3's own links are 20008..20011.
    expect(text).not.toMatch(/:2001[234]\b/);
    expect(text).toContain("--to-destination 10.0.0.2:20011");
  });

  it("a port only one node listens on: its name at the Toxiproxy address goes through the same link", () => {
    // Galera: a group port per node (4567, 4577, 4587), IST 4568 on all of them.
    const own = (n: MeshNode, port: number): MeshNode => ({ ...n, peerPorts: [port, 4568] });
    const nodes = [own(N1, 4567), own(N2, 4577), own(N3, 4587)];
    const rules = dnatRules(nodes[0] as MeshNode, planLinks(nodes, [4567, 4568]), nodes, "10.0.0.2").split("\n");
    expect(rules.filter((l) => l.includes("DNAT"))).toEqual([
      "-A FAULTLINE-MESH -p tcp -d 10.0.0.12/32 --dport 4577 -j DNAT --to-destination 10.0.0.2:20000",
      "-A FAULTLINE-MESH -p tcp -d 10.0.0.2/32 --dport 4577 -j DNAT --to-destination 10.0.0.2:20000",
      "-A FAULTLINE-MESH -p tcp -d 10.0.0.12/32 --dport 4568 -j DNAT --to-destination 10.0.0.2:20001",
      "-A FAULTLINE-MESH -p tcp -d 10.0.0.13/32 --dport 4587 -j DNAT --to-destination 10.0.0.2:20002",
      "-A FAULTLINE-MESH -p tcp -d 10.0.0.2/32 --dport 4587 -j DNAT --to-destination 10.0.0.2:20002",
      "-A FAULTLINE-MESH -p tcp -d 10.0.0.13/32 --dport 4568 -j DNAT --to-destination 10.0.0.2:20003",
    ]);
  });

  it("with no links is just the chain, the jump and COMMIT", () => {
    expect(dnatRules(N1, [], [N2], "10.0.0.2")).toBe("*nat\n:FAULTLINE-MESH - [0:0]\n-A OUTPUT -p tcp -j FAULTLINE-MESH\nCOMMIT\n");
  });

  it("throws for a link to a peer without an address", () => {
    expect(() => dnatRules(N1, links, [N2], "10.0.0.2")).toThrow(/link n1_to_n3_6379: no address for n3/);
    expect(() => dnatRules(N1, links, [N2, { name: "n3", ip: "" }], "10.0.0.2")).toThrow(/no address for n3/);
  });
});
