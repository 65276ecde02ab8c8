import { describe, expect, it } from "vitest";
import { clusterLayout } from "./cluster-layout.ts";

const names = (n: number) => Array.from({ length: n }, (_, i) => `n${i + 1}`);

describe("cluster layout (as redis-cli --cluster create lays out nodes on their own hosts)", () => {
  it("3 masters, 1 replica each: redis-cli's ranges and rotation", () => {
    expect(clusterLayout(names(6), 3)).toEqual({
      masters: [
        { name: "n1", slots: [0, 5460] },
        { name: "n2", slots: [5461, 10922] },
        { name: "n3", slots: [10923, 16383] },
      ],
      replicas: [
        { name: "n4", of: "n3" },
        { name: "n5", of: "n1" },
        { name: "n6", of: "n2" },
      ],
    });
  });

  it("every slot owned exactly once and every master with the same number of replicas, for other shapes", () => {
    for (const [masters, perMaster] of [
      [3, 0],
      [4, 1],
      [5, 2],
      [7, 1],
    ] as const) {
      const layout = clusterLayout(names(masters * (1 + perMaster)), masters);
      const covered = layout.masters.flatMap((m) => Array.from({ length: m.slots[1] - m.slots[0] + 1 }, (_, k) => m.slots[0] + k));
      expect(covered).toEqual(Array.from({ length: 16384 }, (_, k) => k));
      for (const m of layout.masters) expect(layout.replicas.filter((r) => r.of === m.name)).toHaveLength(perMaster);
    }
  });

  it("refuses more masters than nodes", () => {
    expect(() => clusterLayout(names(2), 3)).toThrow(/cannot make 3 masters of 2 nodes/);
  });
});
