import { describe, expect, it } from "vitest";
import type { OpInput } from "../history/op.ts";
import { HistoryRecorder } from "../history/recorder.ts";
import { GALERA_CLAIM, NDB_CLAIM, REDIS_CLAIM } from "./claimed-models.ts";
import { claimedTxnCheck, nodeScopes, runLine } from "./txn-check.ts";

/** Read skew across two nodes: T0 on n1 reads x empty and y = [1]; T1 on n2 appended 1 to both. */
function readSkew(nodes: [string, string]) {
  const h = new HistoryRecorder();
  const ops: OpInput[] = [
    {
      process: 0,
      type: "invoke",
      f: "txn",
      value: [
        ["r", "x", null],
        ["r", "y", null],
      ],
      node: nodes[0],
    },
    {
      process: 1,
      type: "invoke",
      f: "txn",
      value: [
        ["append", "x", 1],
        ["append", "y", 1],
      ],
      node: nodes[1],
    },
    {
      process: 1,
      type: "ok",
      f: "txn",
      value: [
        ["append", "x", 1],
        ["append", "y", 1],
      ],
      node: nodes[1],
    },
    {
      process: 0,
      type: "ok",
      f: "txn",
      value: [
        ["r", "x", []],
        ["r", "y", [1]],
      ],
      node: nodes[0],
    },
  ];
  for (const op of ops) h.record(op);
  return h.ops();
}

describe("claimedTxnCheck: the append scenarios' history check", () => {
  it("judges against the engine's claim, with the claim, the seed and where each case ran beside the verdict", () => {
    const { checker, options } = claimedTxnCheck("list-append", GALERA_CLAIM, undefined, { seed: 9, engine: "Galera" });
    expect(options).toEqual({ model: "snapshot-isolation" });
    const result = checker.check(readSkew(["n1", "n2"]), options);
    expect(result).toMatchObject({
      checker: "list-append",
      valid: false,
      model: "snapshot-isolation",
      seed: 9,
      isolation: "server default",
      claim: { model: "snapshot-isolation", judgedAgainst: "snapshot-isolation", overridden: false },
      nodeScopes: { "G-single": { sameNode: 0, acrossNodes: 1 } },
    });
    expect((result.explanation as string[])[0]).toBe(
      "judged against snapshot-isolation (Galera's claim); isolation: server default; seed 9 (replay with --seed 9)",
    );
    expect(checker.check(readSkew(["n1", "n1"]), options).nodeScopes).toEqual({ "G-single": { sameNode: 1, acrossNodes: 0 } });
  });

  it("--model overrides the claim, and says so", () => {
    const { checker, options } = claimedTxnCheck("list-append", GALERA_CLAIM, "read-committed", {
      seed: 1,
      engine: "Galera",
      isolation: "read-uncommitted",
    });
    const result = checker.check(readSkew(["n1", "n2"]), options);
    expect(result.valid).toBe(true);
    expect(result.claim).toMatchObject({ judgedAgainst: "read-committed", overridden: true });
    expect((result.explanation as string[])[0]).toBe(
      "judged against read-committed (--model; Galera claims snapshot-isolation); isolation: read-uncommitted; seed 1 (replay with --seed 1)",
    );
  });

  it("each engine's claim names a model, the vendor's words and their source", () => {
    expect([GALERA_CLAIM.model, REDIS_CLAIM.model, NDB_CLAIM.model]).toEqual(["snapshot-isolation", "serializable", "read-committed"]);
    for (const c of [GALERA_CLAIM, REDIS_CLAIM, NDB_CLAIM]) {
      expect(c.words.length).toBeGreaterThan(40);
      expect(c.source.length).toBeGreaterThan(10);
    }
    expect(runLine(REDIS_CLAIM, "serializable", { seed: 3, engine: "Redis" })).toBe(
      "judged against serializable (Redis's claim); seed 3 (replay with --seed 3)",
    );
  });

  it("nodeScopes of a result without anomalies is empty", () => {
    expect(nodeScopes({ checker: "list-append", valid: true })).toEqual({});
  });
});
