import { describe, expect, it } from "vitest";
import { chaosFaults, describeFault, STANDARD_MIX } from "./chaos.ts";
import { latency } from "./toxics.ts";

const N3 = ["n1", "n2", "n3"];
const draw = (seed: number, n = 40) => {
  const next = chaosFaults(seed, N3);
  return Array.from({ length: n }, () => next());
};

describe("chaosFaults: the seeded stream of append-chaos's faults", () => {
  it("replays from the seed: the same faults in the same order", () => {
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });
  it("draws every kind of the standard mix, and never a heal", () => {
    const kinds = new Set(draw(1, 400).map((a) => (a.kind === "process" ? a.fault : a.kind)));
    expect([...kinds].sort()).toEqual(["kill", "partition", "pause", "toxic"]);
    expect(STANDARD_MIX.length).toBe(8);
  });
  it("kills and pauses one node at a time, on the given nodes", () => {
    for (const a of draw(5, 400)) {
      if (a.kind !== "process") continue;
      expect(a.nodes).toHaveLength(1);
      expect(N3).toContain(a.nodes[0]);
    }
  });
  it("needs a choice", () => {
    expect(() => chaosFaults(1, N3, [])).toThrow(/at least one fault choice/);
  });
});

describe("describeFault", () => {
  it("says what was done, to whom", () => {
    expect(describeFault({ kind: "process", fault: "kill", nodes: ["n2"] })).toBe("kill n2");
    expect(describeFault({ kind: "partition", mode: "reset", grudge: { n1: ["n3", "n2"], n2: ["n1"], n3: ["n1"] } })).toBe(
      "partition (reset) n1 -x- n2,n3; n2 -x- n1; n3 -x- n1",
    );
    expect(describeFault({ kind: "toxic", selector: { node: "n3" }, toxic: latency(100, 50) })).toBe(
      'latency {"latency":100,"jitter":50} on n3',
    );
    expect(describeFault({ kind: "toxic", selector: { all: true }, toxic: latency(5) })).toBe(
      'latency {"latency":5,"jitter":0} on every link',
    );
    expect(describeFault({ kind: "heal" })).toBe("heal");
  });
});
