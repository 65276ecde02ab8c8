import { describe, expect, it } from "vitest";
import type { TxnKind } from "../history/micro-op.ts";
import { NEMESIS, type Op } from "../history/op.ts";
import type { AnomalyName } from "./anomalies.ts";
import { listAppendChecker } from "./list-append.ts";
import { MODEL_NAMES } from "./models.ts";
import { rwRegisterChecker } from "./rw-register.ts";
import type { AnomalyReport } from "./txn-check.ts";
import { generateTxns } from "./txn-gen.ts";
import { type Plant, plants, withPlants } from "./txn-gen-plants.ts";
import { type TxnSpec, txnHistory } from "./txn-history.ts";
import type { CheckResult } from "./verdict.ts";

const KINDS: readonly TxnKind[] = ["list-append", "rw-register"];
const checkerOf = (kind: TxnKind) => (kind === "list-append" ? listAppendChecker : rwRegisterChecker);
const counts = (r: CheckResult) =>
  Object.fromEntries(Object.entries(r.anomalies as Record<string, AnomalyReport>).map(([n, a]) => [n, a.count]));

describe.each(KINDS)("%s: histories of a serial store (seeded) are valid under every model", (kind) => {
  it.each([1, 2, 3, 4, 5])("seed %i: 1,500 transactions, 10 processes, strict-serializable and all below it", (seed) => {
    const history = txnHistory(generateTxns({ seed, kind, store: "serial", txns: 1500 }));
    const result = checkerOf(kind).check(history, { model: "strict-serializable" });
    expect(result.anomalyTypes).toEqual([]);
    expect(result.valid).toBe(true);
    // Realtime edges were built, so every model is judged, and nothing any of them forbids was found.
    expect(Object.fromEntries(MODEL_NAMES.map((m) => [m, (result.models as Record<string, { valid: unknown }>)[m]?.valid]))).toEqual(
      Object.fromEntries(MODEL_NAMES.map((m) => [m, true])),
    );
    // The store ran transactions concurrently and some failed or ended info: the check saw real work.
    const stats = result.stats as {
      committed: number;
      fail: number;
      info: number;
      edges: { ww: number; wr: number; rw: number; realtime: number };
    };
    expect(stats.fail).toBeGreaterThan(0);
    expect(stats.info).toBeGreaterThan(0);
    expect(Math.min(stats.edges.ww, stats.edges.wr, stats.edges.rw, stats.edges.realtime)).toBeGreaterThan(0);
  });
});

describe.each(KINDS)("%s: histories of a snapshot-isolation store (seeded)", (kind) => {
  const SEEDS = [1, 2, 3, 4, 5];
  const histories = new Map<number, Op[]>();
  const historyOf = (seed: number) => {
    let h = histories.get(seed);
    if (!h) {
      h = txnHistory(generateTxns({ seed, kind, store: "snapshot-isolation", txns: 1500 }));
      histories.set(seed, h);
    }
    return h;
  };
  it.each(SEEDS)("seed %i: valid under (strong) snapshot isolation; under serializable, nothing but write skew (G2-item)", (seed) => {
    const history = historyOf(seed);
    const checker = checkerOf(kind);
    expect(checker.check(history, { model: "snapshot-isolation" }).valid).toBe(true);
    expect(checker.check(history, { model: "strong-snapshot-isolation" }).valid).toBe(true);
    const serializable = checker.check(history, { model: "serializable" });
    const found = counts(serializable);
    expect(Object.keys(found).filter((n) => n !== "G2-item")).toEqual([]);
    expect(serializable.valid).toBe(found["G2-item"] === undefined);
    const strict = checker.check(history, { model: "strict-serializable" });
    expect(strict.valid).toBe(false);
    expect(Object.keys(counts(strict)).filter((n) => n !== "G2-item" && n !== "G2-item-realtime")).toEqual([]);
  });

  // A list read shows the whole order of appends, so every seed's write skew is seen. Registers only
  // order what writes following reads show under plain serializability (no realtime assumption):
  // some write skews stay invisible there, as in Elle, but not all.
  it(kind === "list-append" ? "every seed's write skew is found" : "write skew is found in most seeds", () => {
    const found = SEEDS.filter((seed) => checkerOf(kind).check(historyOf(seed), { model: "serializable" }).valid === false);
    expect(found.length).toBeGreaterThanOrEqual(kind === "list-append" ? SEEDS.length : 3);
  });
});

/** The history, and each plant's label mapped to its transaction's name (T<invoke index>). */
function build(specs: readonly TxnSpec[]): { history: Op[]; nameOf: (spec: TxnSpec) => string } {
  const history = txnHistory(specs);
  const index = new Map<string, number>();
  for (const op of history) if (op.type === "invoke" && op.process !== NEMESIS) index.set(`${op.process}@${op.time}`, op.index);
  return { history, nameOf: (spec) => `T${index.get(`${spec.process}@${spec.invoke}`)}` };
}

const EDGES = { "strict-serializable": "realtime", "strong-session-serializable": "process", serializable: "none" } as const;

describe.each(KINDS)("%s: every planted anomaly is found in a history of 10,000 transactions", (kind) => {
  const base = generateTxns({ seed: 42, kind, store: "serial", txns: 10_000 });
  const planted = withPlants(base, plants(kind));
  const { history, nameOf } = build(planted.specs);

  it.each(Object.entries(EDGES))("under %s: exactly the plants' anomalies, each found with its own transactions", (model, edges) => {
    const result = checkerOf(kind).check(history, { model });
    const expected = new Map<AnomalyName, { count: number; members: string[][] }>();
    for (const { plant, byLabel } of planted.placed) {
      for (const [name, labels] of Object.entries(plant.expected[edges]) as [AnomalyName, string[]][]) {
        const entry = expected.get(name) ?? { count: 0, members: [] };
        entry.count++;
        entry.members.push(labels.map((l) => nameOf(byLabel.get(l) as TxnSpec)).sort());
        expected.set(name, entry);
      }
    }
    expect(counts(result)).toEqual(Object.fromEntries([...expected].map(([n, e]) => [n, e.count])));
    // Every case shown is one of the plants of its anomaly, named by exactly that plant's transactions.
    for (const [name, report] of Object.entries(result.anomalies as Record<string, AnomalyReport>)) {
      const allowed = (expected.get(name as AnomalyName)?.members ?? []).map((m) => m.join(" "));
      for (const c of report.cases)
        expect(allowed).toContain(
          c.txns
            .map((t) => t.name)
            .sort()
            .join(" "),
        );
    }
  });

  it("the plants cover every anomaly this checker names (a plant per class, so none goes untested at scale)", () => {
    const named = new Set(plants(kind).flatMap((p: Plant) => Object.values(p.expected).flatMap((e) => Object.keys(e))));
    const both = ["G0", "G1a", "G1b", "G1c", "G-single", "G2-item", "G-nonadjacent", "lost-update", "internal", "non-repeatable-read"];
    const timed = ["garbage-read", "dirty-update", "G-single-realtime", "G-single-process"];
    const own = kind === "list-append" ? ["duplicate-elements", "incompatible-order"] : ["cyclic-versions"];
    const expectedNames = [...both, ...timed, ...own];
    expect([...named].sort()).toEqual(expectedNames.sort());
  });
});
