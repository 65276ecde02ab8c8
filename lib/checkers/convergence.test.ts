import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Op } from "../history/op.ts";
import { type ConvergenceOptions, convergenceChecker } from "./convergence.ts";
import { runChecker } from "./verdict.ts";

// Expected results are worked out by hand in fixtures/histories/convergence/README.md.
const history = (name: string): Op[] =>
  readFileSync(new URL(`../../fixtures/histories/convergence/${name}`, import.meta.url), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Op);
const check = (name: string, options: ConvergenceOptions = {}) => runChecker(convergenceChecker, history(name), options);

const DISAGREE = "nodes disagree on the final value: n1, n2 vs n3";

describe("convergence checker", () => {
  it("arrays in different orders agree; a failed final read retried counts by its ok retry", () => {
    expect(check("agree-any-order.jsonl")).toEqual({
      checker: "convergence",
      valid: true,
      f: "final-read",
      nodes: { n1: { size: 3 }, n2: { size: 3 }, n3: { size: 3 } },
      groups: [["n1", "n2", "n3"]],
      differences: {},
      missingNodes: [],
      readsWithoutNode: 0,
    });
  });

  it("one node missing an element → false, named with what it lacks", () => {
    expect(check("missing-element.jsonl")).toEqual({
      checker: "convergence",
      valid: false,
      reason: DISAGREE,
      f: "final-read",
      nodes: { n1: { size: 3 }, n2: { size: 3 }, n3: { size: 2 } },
      groups: [["n1", "n2"], ["n3"]],
      differences: { n3: { missing: [3], extra: [] } },
      missingNodes: [],
      readsWithoutNode: 0,
    });
  });

  it("one node with an extra element → false; the others miss it, it alone holds it", () => {
    const result = check("extra-element.jsonl");
    expect(result).toMatchObject({ valid: false, reason: DISAGREE, groups: [["n1", "n2"], ["n3"]] });
    expect(result.nodes).toEqual({ n1: { size: 2 }, n2: { size: 2 }, n3: { size: 3 } });
    expect(result.differences).toEqual({
      n1: { missing: [4], extra: [] },
      n2: { missing: [4], extra: [] },
      n3: { missing: [], extra: [4] },
    });
  });

  it("a proven disagreement stays false when an expected node did not answer", () => {
    expect(check("extra-element.jsonl", { expectedNodes: ["n1", "n2", "n3", "n4"] })).toMatchObject({ valid: false, missingNodes: ["n4"] });
  });

  it("too few nodes with a successful final read → unknown naming them", () => {
    expect(check("too-few-nodes.jsonl")).toMatchObject({
      valid: "unknown",
      reason: "1 node(s) gave a successful final-read (n1); at least 2 needed to compare",
      nodes: { n1: { size: 1 } },
      groups: [["n1"]],
      differences: {},
    });
    expect(check("too-few-nodes.jsonl", { minNodes: 1 }).valid).toBe(true);
  });

  it.each([
    [{ expectedNodes: ["n1", "n2", "n3", "n4"] }, "no successful final-read from expected node(s) n4"],
    [{ minNodes: 4 }, "3 node(s) gave a successful final-read (n1, n2, n3); at least 4 needed to compare"],
    [{ f: "read" }, "0 node(s) gave a successful read (none); at least 2 needed to compare"],
  ])("agreeing reads but %j → unknown", (options, reason) => {
    expect(check("agree-any-order.jsonl", options)).toMatchObject({ valid: "unknown", reason });
  });

  it("non-array values: object key order ignored, nested array order not", () => {
    expect(check("register-values.jsonl")).toMatchObject({
      valid: false,
      reason: DISAGREE,
      nodes: { n1: { value: { v: 5, seq: [1, 2] } }, n2: { value: { seq: [1, 2], v: 5 } }, n3: { value: { v: 5, seq: [2, 1] } } },
      groups: [["n1", "n2"], ["n3"]],
      differences: {},
    });
  });
});
