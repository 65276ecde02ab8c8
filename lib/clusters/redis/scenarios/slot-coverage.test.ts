import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseClusterCheck } from "../cluster-check.ts";
import { parseClusterNodes } from "../cluster-nodes.ts";
import { parseInfo } from "../info.ts";
import type { NodeSnapshot } from "../readiness.ts";
import { coverageFacts, slotCoverageProbes, slotRanges } from "./slot-coverage.ts";

const fixture = (path: string) => readFileSync(new URL(`../../../../fixtures/redis/${path}`, import.meta.url), "utf8");
const check = (target: string, state: "ok" | "uncovered" | "open-slots") =>
  parseClusterCheck(fixture(`${target}/cluster-check-${state}.txt`));

const TARGETS = ["redis-7.0", "redis-8.0", "valkey-8.1"];
const UNMET = ["n1: cluster_state is fail, not ok", "n1: 16383 of 16384 slots assigned", "n1: 1 slots have no master"];

describe("slotCoverageProbes", () => {
  for (const target of TARGETS) {
    it(`${target}: both say sound -> slot-coverage true, agreement true`, () => {
      const [coverage, agreement] = slotCoverageProbes([], check(target, "ok"));
      expect(coverage).toMatchObject({ checker: "slot-coverage", valid: true, unmet: [] });
      expect(coverage.reason).toBeUndefined();
      expect(agreement).toMatchObject({
        checker: "cluster-check-agreement",
        valid: true,
        faultlineVerdict: true,
        clusterCheckVerdict: true,
        clusterCheckErrors: [],
      });
    });

    it(`${target}: both say broken (slot 0 deleted) -> slot-coverage false, agreement true`, () => {
      const [coverage, agreement] = slotCoverageProbes(UNMET, check(target, "uncovered"), { uncoveredSlots: ["0"] });
      expect(coverage).toMatchObject({ valid: false, unmet: UNMET, uncoveredSlots: ["0"] });
      expect(coverage.reason).toContain("n1: 1 slots have no master");
      expect(agreement).toMatchObject({
        valid: true,
        faultlineVerdict: false,
        clusterCheckVerdict: false,
        clusterCheck: { ok: false, slotsCovered: false, agreeConfig: false },
      });
      expect(agreement.clusterCheckErrors).toContain("Not all 16384 slots are covered by nodes.");
    });

    it(`${target}: faultline sound, redis-cli broken -> agreement false`, () => {
      const [coverage, agreement] = slotCoverageProbes([], check(target, "uncovered"));
      expect(coverage.valid).toBe(true);
      expect(agreement).toMatchObject({ valid: false, faultlineVerdict: true, clusterCheckVerdict: false });
      expect(agreement.reason).toBe("faultline says the cluster is sound, redis-cli --cluster check says broken");
    });

    it(`${target}: faultline broken, redis-cli sound -> agreement false`, () => {
      const [coverage, agreement] = slotCoverageProbes(UNMET, check(target, "ok"));
      expect(coverage.valid).toBe(false);
      expect(agreement).toMatchObject({ valid: false, faultlineVerdict: false, clusterCheckVerdict: true });
      expect(agreement.reason).toBe("faultline says the cluster is broken, redis-cli --cluster check says sound");
    });

    it(`${target}: open slots are a redis-cli warning, not a broken verdict; they are reported`, () => {
      const [, agreement] = slotCoverageProbes([], check(target, "open-slots"));
      expect(agreement).toMatchObject({ valid: true, clusterCheckVerdict: true, openSlots: [93, 7000] });
    });
  }
});

describe("coverageFacts", () => {
  const snapshot = (name: string, nodes: string): NodeSnapshot => ({
    name,
    clusterInfo: parseInfo(fixture("redis-7.0/cluster-info-ok.txt")),
    nodes: parseClusterNodes(nodes),
    replication: {},
  });

  it("a healthy view: three masters with their slot counts, nothing uncovered, one view", () => {
    const ok = fixture("redis-7.0/cluster-nodes-ok.txt");
    const facts = coverageFacts([snapshot("n1", ok), snapshot("n2", ok)]);
    expect(facts.masters.map((m) => m.slots).sort()).toEqual([5461, 5461, 5462]);
    expect(facts.masters.reduce((sum, m) => sum + m.slots, 0)).toBe(16384);
    expect(facts).toMatchObject({ uncoveredSlots: [], sharedSlots: [], views: 1 });
  });

  it("slot 0 deleted on its master in one view: slot 0 uncovered, two views", () => {
    const facts = coverageFacts([
      snapshot("n1", fixture("redis-7.0/cluster-nodes-uncovered.txt")),
      snapshot("n2", fixture("redis-7.0/cluster-nodes-ok.txt")),
    ]);
    expect(facts.uncoveredSlots).toEqual(["0"]);
    expect(facts.views).toBe(2);
  });

  it("names masters through the given function", () => {
    const facts = coverageFacts([snapshot("n1", fixture("redis-7.0/cluster-nodes-ok.txt"))], (ip) => `node-${ip.split(".").at(-1)}`);
    expect(facts.masters.map((m) => m.node)).toEqual(expect.arrayContaining([expect.stringMatching(/^node-\d+$/)]));
  });
});

describe("slotRanges", () => {
  it("compacts slots into ranges", () => {
    expect(slotRanges([])).toEqual([]);
    expect(slotRanges([0])).toEqual(["0"]);
    expect(slotRanges([7, 0, 1, 2, 2, 9, 10])).toEqual(["0-2", "7", "9-10"]);
  });
});
