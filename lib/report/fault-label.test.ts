import { describe, expect, it } from "vitest";
import { describeGrudge, faultLabel, nodeList } from "./fault-label.ts";

describe("nodeList", () => {
  it("folds runs of three or more numbered names, keeps pairs and gaps", () => {
    expect(nodeList(["n2", "n3", "n4", "n5", "n6"])).toBe("n2..n6");
    expect(nodeList(["n1", "n2"])).toBe("n1,n2");
    expect(nodeList(["n1", "n2", "n3", "n5"])).toBe("n1..n3,n5");
    expect(nodeList(["n9", "n10", "n11"])).toBe("n9..n11");
    expect(nodeList(["ndb1", "sql1", "sql2"])).toBe("ndb1,sql1,sql2");
    expect(nodeList([])).toBe("");
  });
});

describe("describeGrudge", () => {
  it("one node isolated: who was cut off from whom, not every node", () => {
    const grudge = { n1: ["n2", "n3", "n4", "n5", "n6"], n2: ["n1"], n3: ["n1"], n4: ["n1"], n5: ["n1"], n6: ["n1"] };
    expect(describeGrudge(grudge)).toBe("n1 cut off from n2..n6");
  });

  it("the lone node named first whichever side it is on", () => {
    expect(describeGrudge({ n1: ["n3"], n2: ["n3"], n3: ["n1", "n2"] })).toBe("n3 cut off from n1,n2");
  });

  it("two sides of several nodes, the smaller first", () => {
    const grudge = { n3: ["n1", "n2"], n4: ["n1", "n2"], n5: ["n1", "n2"], n1: ["n3", "n4", "n5"], n2: ["n3", "n4", "n5"] };
    expect(describeGrudge(grudge)).toBe("{n1,n2} | {n3..n5}");
  });

  it("a bridge: the node nobody cut reaches both sides, when the cluster's nodes are known", () => {
    const grudge = { n1: ["n4", "n5"], n2: ["n4", "n5"], n4: ["n1", "n2"], n5: ["n1", "n2"] };
    expect(describeGrudge(grudge, ["n1", "n2", "n3", "n4", "n5"])).toBe("{n1,n2} | {n4,n5}; n3 reaches all");
    expect(describeGrudge(grudge)).toBe("{n1,n2} | {n4,n5}");
  });

  it("a ring of majorities is no set of sides: each pair once", () => {
    // Five nodes in a ring, each cut from the two at distance 2: everyone still sees a majority.
    const grudge = {
      n1: ["n3", "n4"],
      n2: ["n4", "n5"],
      n3: ["n5", "n1"],
      n4: ["n1", "n2"],
      n5: ["n2", "n3"],
    };
    expect(describeGrudge(grudge)).toBe("n1 cut from n3,n4; n2 cut from n4,n5; n3 cut from n5");
  });

  it("one-way cuts say so", () => {
    expect(describeGrudge({ n1: ["n2"] })).toBe("n1 cannot reach n2 (one way)");
  });

  it("an empty grudge cuts nothing", () => {
    expect(describeGrudge({})).toBe("nothing cut");
  });
});

describe("faultLabel", () => {
  it("a partition by its grudge, as the nemesis records it", () => {
    const value = { grudge: { n3: ["n1", "n2"], n1: ["n3"], n2: ["n3"] }, mode: "reset", nodes: ["n1", "n2", "n3"], links: [] };
    expect(faultLabel("partition", value)).toBe("partition: n3 cut off from n1,n2");
  });

  it("process faults and partitions without a grudge by their nodes", () => {
    expect(faultLabel("kill", { nodes: ["n3"] })).toBe("kill n3");
    expect(faultLabel("pause", { nodes: ["n4", "n2", "n3"] })).toBe("pause n2..n4");
    expect(faultLabel("partition", { nodes: ["n1", "n2", "n3"] })).toBe("partition n1..n3");
    expect(faultLabel("toxic", { toxic: { type: "latency" } })).toBe("toxic");
    expect(faultLabel("heal", undefined)).toBe("heal");
  });
});
