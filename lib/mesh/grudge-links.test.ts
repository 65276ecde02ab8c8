import { describe, expect, it } from "vitest";
import { bridge, halves, isolate, majoritiesRing, oneWay } from "./grudge.ts";
import { disabledLinks, grudgeCuts, type LinkCut } from "./grudge-links.ts";
import { planLinks } from "./links.ts";

const N3 = ["n1", "n2", "n3"];
const links = planLinks(
  [
    { name: "n1", ip: "10.0.0.11" },
    { name: "n2", ip: "10.0.0.12" },
    { name: "n3", ip: "10.0.0.13" },
  ],
  [6379, 16379],
  [6379],
);

const up = (link: string): LinkCut => ({ link, stream: "upstream" });
const down = (link: string): LinkCut => ({ link, stream: "downstream" });

describe("grudgeCuts in reset mode", () => {
  it("isolate(n1) on 3 nodes with 2 ports cuts exactly the 8 links to and from n1, upstream, sorted", () => {
    expect(grudgeCuts(isolate(N3, "n1"), links, "reset")).toEqual([
      up("n1_to_n2_16379"),
      up("n1_to_n2_6379"),
      up("n1_to_n3_16379"),
      up("n1_to_n3_6379"),
      up("n2_to_n1_16379"),
      up("n2_to_n1_6379"),
      up("n3_to_n1_16379"),
      up("n3_to_n1_6379"),
    ]);
  });

  it("oneWay(n1, n2) disables only the links n1 opens to n2", () => {
    expect(grudgeCuts(oneWay("n1", "n2"), links, "reset")).toEqual([up("n1_to_n2_16379"), up("n1_to_n2_6379")]);
  });

  it("an empty grudge cuts nothing", () => {
    expect(grudgeCuts({}, links, "reset")).toEqual([]);
    expect(grudgeCuts({}, links, "blackhole")).toEqual([]);
  });
});

describe("grudgeCuts in blackhole mode", () => {
  it("oneWay(n1, n2) blackholes n1_to_n2 upstream and n2_to_n1 downstream and nothing else", () => {
    expect(grudgeCuts(oneWay("n1", "n2"), links, "blackhole")).toEqual([
      up("n1_to_n2_16379"),
      up("n1_to_n2_6379"),
      down("n2_to_n1_16379"),
      down("n2_to_n1_6379"),
    ]);
  });

  it("isolate(n1) cuts both streams of all 8 links to and from n1, sorted by link then stream", () => {
    const expected: LinkCut[] = [];
    for (const link of [
      "n1_to_n2_16379",
      "n1_to_n2_6379",
      "n1_to_n3_16379",
      "n1_to_n3_6379",
      "n2_to_n1_16379",
      "n2_to_n1_6379",
      "n3_to_n1_16379",
      "n3_to_n1_6379",
    ]) {
      expected.push(down(link), up(link));
    }
    expect(grudgeCuts(isolate(N3, "n1"), links, "blackhole")).toEqual(expected);
  });

  it("gives no duplicates when the grudge is symmetric", () => {
    // halves(N3): n1, n2 | n3. 8 links between the sides, each cut once per stream (not twice).
    const cuts = grudgeCuts(halves(N3), links, "blackhole");
    expect(cuts.length).toBe(16);
    expect(new Set(cuts.map((c) => `${c.link} ${c.stream}`)).size).toBe(16);
    expect([...new Set(cuts.map((c) => c.link))]).toEqual([
      "n1_to_n3_16379",
      "n1_to_n3_6379",
      "n2_to_n3_16379",
      "n2_to_n3_6379",
      "n3_to_n1_16379",
      "n3_to_n1_6379",
      "n3_to_n2_16379",
      "n3_to_n2_6379",
    ]);
  });
});

describe("client links", () => {
  it("are never cut, by any planner in either mode", () => {
    for (const grudge of [isolate(N3, "n2"), halves(N3), bridge(N3), majoritiesRing(N3), oneWay("n3", "n1")]) {
      for (const mode of ["reset", "blackhole"] as const) {
        const cuts = grudgeCuts(grudge, links, mode);
        expect(cuts.length).toBeGreaterThan(0);
        expect(cuts.filter((c) => c.link.startsWith("client_"))).toEqual([]);
      }
    }
  });
});

describe("disabledLinks", () => {
  it("is the reset-mode link names", () => {
    expect(disabledLinks(isolate(N3, "n3"), links)).toEqual([
      "n1_to_n3_16379",
      "n1_to_n3_6379",
      "n2_to_n3_16379",
      "n2_to_n3_6379",
      "n3_to_n1_16379",
      "n3_to_n1_6379",
      "n3_to_n2_16379",
      "n3_to_n2_6379",
    ]);
    expect(disabledLinks(oneWay("n2", "n3"), links)).toEqual(["n2_to_n3_16379", "n2_to_n3_6379"]);
    expect(disabledLinks({}, links)).toEqual([]);
  });
});
