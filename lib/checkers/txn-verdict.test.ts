import { describe, expect, it } from "vitest";
import type { AnomalyName, CycleAnomaly } from "./anomalies.ts";
import type { Assumption } from "./models.ts";
import { type Evidence, type Found, judgeModel, NO_PROCESS, NO_REALTIME } from "./txn-verdict.ts";

function evidence(found: Partial<Record<AnomalyName, Found>> = {}, more: Partial<Evidence> = {}): Evidence {
  return {
    found: new Map(Object.entries(found) as [AnomalyName, Found][]),
    undecided: new Set<CycleAnomaly>(),
    edges: undefined,
    nothingToJudge: undefined,
    cycleAmong: () => 0,
    ...more,
  };
}
const direct = (count: number, needs: readonly Assumption[] = []): Found => ({ count, needs: [{ needs, count }], exact: true });
const cycles = (count: number, ...needs: (readonly Assumption[])[]): Found => ({
  count,
  needs: needs.map((n) => ({ needs: n, count: 1 })),
  exact: false,
});

describe("judgeModel", () => {
  it("true when nothing the model forbids was found; allowed anomalies do not count", () => {
    expect(judgeModel("read-committed", evidence({ "G-single": cycles(2, []), "lost-update": direct(1) }))).toEqual({
      valid: true,
      anomalies: {},
    });
  });

  it("false with the forbidden anomalies and their counts", () => {
    expect(judgeModel("repeatable-read", evidence({ "G-single": cycles(2, []), "lost-update": direct(1), G1c: cycles(0) }))).toEqual({
      valid: false,
      anomalies: { "G-single": 2, "lost-update": 1 },
      reason: "repeatable-read forbids G-single x2, lost-update x1",
    });
  });

  it("checking nothing is never a pass", () => {
    expect(judgeModel("serializable", evidence({}, { nothingToJudge: "no transaction committed" }))).toEqual({
      valid: "unknown",
      anomalies: {},
      reason: "no transaction committed",
    });
  });

  it("not judged when the model's anomalies need edges the check did not build", () => {
    expect(judgeModel("strict-serializable", evidence())).toMatchObject({ valid: "not judged", reason: NO_REALTIME });
    expect(judgeModel("strict-serializable", evidence({}, { edges: "process" }))).toMatchObject({
      valid: "not judged",
      reason: NO_REALTIME,
    });
    expect(judgeModel("strong-session-serializable", evidence())).toMatchObject({ valid: "not judged", reason: NO_PROCESS });
    // ...but an anomaly it forbids that needs no such edge still makes it false.
    expect(judgeModel("strict-serializable", evidence({ G0: cycles(1, []) }))).toMatchObject({ valid: false, anomalies: { G0: 1 } });
  });

  it("a session model judged from realtime edges: valid without realtime cycles, unknown with one (it may or may not be a process cycle)", () => {
    expect(judgeModel("strong-session-serializable", evidence({}, { edges: "realtime" }))).toEqual({ valid: true, anomalies: {} });
    expect(
      judgeModel("strong-session-serializable", evidence({ "G-single-realtime": cycles(1, []) }, { edges: "realtime" })),
    ).toMatchObject({
      valid: "unknown",
      reason: expect.stringContaining("G-single-realtime found; whether one closes through a process's own order alone was not searched"),
    });
    // A realtime cycle whose process variant the model allows leaves it valid.
    expect(judgeModel("strong-session-read-committed", evidence({ "G-single-realtime": cycles(1, []) }, { edges: "realtime" }))).toEqual({
      valid: true,
      anomalies: {},
    });
  });

  it("occurrences resting on assumptions the model does not grant do not count; a sample of such cycles leaves it unknown", () => {
    // cyclic-versions from linearizable keys: exact, so serializable (which does not grant them) is simply valid.
    expect(judgeModel("serializable", evidence({ "cyclic-versions": direct(1, ["linearizable-keys"]) }))).toEqual({
      valid: true,
      anomalies: {},
    });
    expect(
      judgeModel("strict-serializable", evidence({ "cyclic-versions": direct(1, ["linearizable-keys"]) }, { edges: "realtime" })),
    ).toMatchObject({
      valid: false,
      anomalies: { "cyclic-versions": 1 },
    });
    // Two occurrences, one on each assumption: read committed counts the one it grants.
    const both: Found = {
      count: 2,
      needs: [
        { needs: ["writes-follow-reads"], count: 1 },
        { needs: ["linearizable-keys"], count: 1 },
      ],
      exact: true,
    };
    expect(judgeModel("read-committed", evidence({ "cyclic-versions": both }))).toMatchObject({
      valid: false,
      anomalies: { "cyclic-versions": 1 },
    });
    // Cycles: the kept cycles all rest on writes-follow-reads, which read uncommitted does not grant.
    expect(judgeModel("read-uncommitted", evidence({ G0: cycles(3, ["writes-follow-reads"]) }))).toMatchObject({
      valid: "unknown",
      reason: "G0 found only by assuming what read-uncommitted does not promise (no assumption granted)",
    });
    // One kept cycle needs nothing: the class counts, whole.
    expect(judgeModel("read-uncommitted", evidence({ G0: cycles(3, ["writes-follow-reads"], []) }))).toMatchObject({
      valid: false,
      anomalies: { G0: 3 },
    });
  });

  it("a search that ran out: unknown, unless a component of the model's forbidden edges proves a cycle", () => {
    const undecided = new Set<CycleAnomaly>(["G2-item"]);
    expect(judgeModel("serializable", evidence({}, { undecided }))).toEqual({
      valid: "unknown",
      anomalies: {},
      reason: "the cycle search for G2-item ran out of budget before deciding",
    });
    expect(judgeModel("serializable", evidence({}, { undecided, cycleAmong: () => 40 }))).toMatchObject({
      valid: false,
      reason: "a cycle serializable forbids exists among 40 transactions; the search for G2-item ran out of budget before naming it",
    });
    // Snapshot isolation allows G2-item: an undecided G2-item search does not concern it.
    expect(judgeModel("snapshot-isolation", evidence({}, { undecided }))).toEqual({ valid: true, anomalies: {} });
  });
});
