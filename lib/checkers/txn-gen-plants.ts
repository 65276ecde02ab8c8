import type { MicroOp, TxnKind } from "../history/micro-op.ts";
import type { AnomalyName } from "./anomalies.ts";
import type { TxnSpec } from "./txn-history.ts";

/**
 * Anomalies to plant in a generated history, each a few transactions on keys of their own (so
 * nothing else reads or writes them) with the anomalies they make worked out by hand (they are
 * the hand-worked fixtures of fixtures/histories/, re-timed). Unless a plant says otherwise its
 * transactions all overlap in time, so realtime order adds no edge among them, and every one
 * runs on a process of its own.
 */
export interface Plant {
  name: string;
  /** [label, micro-ops as the ok carries them, outcome (default ok), [invoke, complete] offsets (default overlapping), process label]. */
  txns: readonly PlantTxn[];
  /** Anomalies found, by the extra edges the check builds; each with the labels of its first case's transactions. */
  expected: { none: Expected; process: Expected; realtime: Expected };
}

export interface PlantTxn {
  label: string;
  mops: readonly MicroOp[];
  outcome?: "ok" | "fail" | "info";
  /** Offsets from the plant's time; default: invoked at i, completed at 100 + i (all overlap). */
  times?: [number, number];
  /** Transactions with the same process label share a process. */
  process?: string;
}

type Expected = Partial<Record<AnomalyName, readonly string[]>>;

const same = (e: Expected) => ({ none: e, process: e, realtime: e });
const a = (k: string, e: number): MicroOp => ["append", k, e];
const w = (k: string, v: number): MicroOp => ["w", k, v];
const r = (k: string, v: unknown): MicroOp => ["r", k, v];

const LIST: readonly Plant[] = [
  {
    name: "G0",
    txns: [t("A", [a("x", 1), a("y", 1)]), t("B", [a("x", 2), a("y", 2)]), t("C", [r("x", [1, 2]), r("y", [2, 1])])],
    expected: same({ G0: ["A", "B"] }),
  },
  { name: "G1a", txns: [t("A", [a("x", 1)], "fail"), t("B", [r("x", [1])])], expected: same({ G1a: ["A", "B"] }) },
  { name: "G1b", txns: [t("A", [a("x", 1), a("x", 2)]), t("B", [r("x", [1])])], expected: same({ G1b: ["A", "B"] }) },
  {
    name: "G1c",
    txns: [t("A", [a("x", 1), r("y", [1])]), t("B", [a("x", 2), a("y", 1)]), t("C", [r("x", [1, 2])])],
    expected: same({ G1c: ["A", "B"] }),
  },
  {
    name: "G-single",
    txns: [t("A", [r("x", []), r("y", [1])]), t("B", [a("x", 1), a("y", 1)]), t("C", [r("x", [1])])],
    expected: same({ "G-single": ["A", "B"] }),
  },
  {
    name: "G2-item",
    txns: [t("A", [r("x", []), r("y", []), a("x", 1)]), t("B", [r("x", []), r("y", []), a("y", 1)]), t("C", [r("x", [1]), r("y", [1])])],
    expected: same({ "G2-item": ["A", "B"] }),
  },
  {
    name: "G-nonadjacent",
    txns: [
      t("A", [r("a", []), r("d", [1])]),
      t("B", [a("a", 1), a("b", 1)]),
      t("C", [r("b", [1]), r("c", [])]),
      t("D", [a("c", 1), a("d", 1)]),
      t("E", [r("a", [1]), r("c", [1])]),
    ],
    expected: same({ "G-nonadjacent": ["A", "B", "C", "D"] }),
  },
  {
    name: "lost-update",
    txns: [t("A", [r("x", []), a("x", 1)]), t("B", [r("x", []), a("x", 2)]), t("C", [r("x", [1, 2])])],
    expected: same({ "lost-update": ["A", "B"], "G-single": ["A", "B"] }),
  },
  { name: "internal", txns: [t("A", [a("x", 1), r("x", [])])], expected: same({ internal: ["A"] }) },
  {
    name: "non-repeatable-read",
    txns: [t("A", [r("x", []), r("x", [1])]), t("B", [a("x", 1)])],
    expected: same({ "non-repeatable-read": ["A"], "G-single": ["A", "B"] }),
  },
  { name: "garbage-read", txns: [t("A", [a("x", 1)]), t("B", [r("x", [1, 99])])], expected: same({ "garbage-read": ["B"] }) },
  {
    name: "duplicate-elements",
    txns: [t("A", [a("x", 1)]), t("B", [a("x", 2)]), t("C", [r("x", [1, 2, 1])])],
    expected: same({ "duplicate-elements": ["C"] }),
  },
  {
    name: "incompatible-order",
    txns: [t("A", [a("x", 1)]), t("B", [a("x", 2)]), t("C", [r("x", [1, 2])]), t("D", [r("x", [2, 1])])],
    expected: same({ "incompatible-order": ["C", "D"] }),
  },
  {
    name: "dirty-update",
    txns: [t("A", [a("x", 1)], "fail"), t("B", [a("x", 2)]), t("C", [r("x", [1, 2])])],
    expected: same({ G1a: ["A", "C"], "dirty-update": ["A", "B"] }),
  },
  {
    name: "stale-read-realtime",
    txns: [t("A", [a("x", 1)], "ok", [0, 10]), t("B", [r("x", [])], "ok", [20, 30]), t("C", [r("x", [1])], "ok", [40, 50])],
    expected: { none: {}, process: {}, realtime: { "G-single-realtime": ["A", "B"] } },
  },
  {
    name: "stale-read-process",
    txns: [t("A", [a("x", 1)], "ok", [0, 10], "p"), t("B", [r("x", [])], "ok", [20, 30], "p"), t("C", [r("x", [1])], "ok", [40, 50])],
    expected: { none: {}, process: { "G-single-process": ["A", "B"] }, realtime: { "G-single-realtime": ["A", "B"] } },
  },
];

const REGISTER: readonly Plant[] = [
  // Writes follow reads (granted from read committed up) orders x: 1 < 2 and y: 2 < 1.
  {
    name: "G0",
    txns: [t("A", [w("x", 1), r("y", 2), w("y", 1)]), t("B", [r("x", 1), w("x", 2), w("y", 2)])],
    expected: same({ G0: ["A", "B"], G1c: ["A", "B"] }),
  },
  { name: "G1a", txns: [t("A", [w("x", 1)], "fail"), t("B", [r("x", 1)])], expected: same({ G1a: ["A", "B"] }) },
  { name: "G1b", txns: [t("A", [w("x", 1), w("x", 2)]), t("B", [r("x", 1)])], expected: same({ G1b: ["A", "B"] }) },
  { name: "G1c", txns: [t("A", [w("x", 1), r("y", 1)]), t("B", [w("y", 1), r("x", 1)])], expected: same({ G1c: ["A", "B"] }) },
  {
    name: "G-single",
    txns: [t("A", [r("x", null), r("y", 1)]), t("B", [w("x", 1), w("y", 1)])],
    expected: same({ "G-single": ["A", "B"] }),
  },
  {
    name: "G2-item",
    txns: [
      t("A", [r("x", null), r("y", null), w("x", 1)]),
      t("B", [r("x", null), r("y", null), w("y", 1)]),
      t("C", [r("x", 1), r("y", 1)]),
    ],
    expected: same({ "G2-item": ["A", "B"] }),
  },
  {
    name: "G-nonadjacent",
    txns: [
      t("A", [r("a", null), r("d", 1)]),
      t("B", [w("a", 1), w("b", 1)]),
      t("C", [r("b", 1), r("c", null)]),
      t("D", [w("c", 1), w("d", 1)]),
    ],
    expected: same({ "G-nonadjacent": ["A", "B", "C", "D"] }),
  },
  {
    name: "lost-update",
    txns: [t("A", [r("x", null), w("x", 1)]), t("B", [r("x", null), w("x", 2)])],
    expected: same({ "lost-update": ["A", "B"], "G2-item": ["A", "B"] }),
  },
  { name: "internal", txns: [t("A", [w("x", 1), r("x", null)])], expected: same({ internal: ["A"] }) },
  {
    name: "non-repeatable-read",
    txns: [t("A", [r("x", null), r("x", 1)]), t("B", [w("x", 1)])],
    expected: same({ "non-repeatable-read": ["A"], "G-single": ["A", "B"] }),
  },
  { name: "garbage-read", txns: [t("A", [w("x", 1)]), t("B", [r("x", 7)])], expected: same({ "garbage-read": ["B"] }) },
  {
    name: "dirty-update",
    txns: [t("A", [w("x", 1)], "fail"), t("B", [r("x", 1), w("x", 2)])],
    expected: same({ G1a: ["A", "B"], "dirty-update": ["A", "B"] }),
  },
  {
    name: "cyclic-versions",
    txns: [t("A", [r("x", 1), w("x", 2)]), t("B", [r("x", 2), w("x", 1)])],
    expected: same({ "cyclic-versions": ["A", "B"], G1c: ["A", "B"] }),
  },
  {
    name: "stale-read-realtime",
    txns: [t("A", [w("x", 1)], "ok", [0, 10]), t("B", [r("x", null)], "ok", [20, 30])],
    expected: { none: {}, process: {}, realtime: { "G-single-realtime": ["A", "B"], "cyclic-versions": ["A", "B"] } },
  },
  {
    name: "stale-read-process",
    txns: [t("A", [w("x", 1)], "ok", [0, 10], "p"), t("B", [r("x", null)], "ok", [20, 30], "p")],
    expected: {
      none: {},
      process: { "G-single-process": ["A", "B"], "cyclic-versions": ["A", "B"] },
      realtime: { "G-single-realtime": ["A", "B"], "cyclic-versions": ["A", "B"] },
    },
  },
];

function t(label: string, mops: readonly MicroOp[], outcome?: PlantTxn["outcome"], times?: [number, number], process?: string): PlantTxn {
  return { label, mops, ...(outcome ? { outcome } : {}), ...(times ? { times } : {}), ...(process ? { process } : {}) };
}

export function plants(kind: TxnKind): readonly Plant[] {
  return kind === "list-append" ? LIST : REGISTER;
}

/**
 * A plant's transactions at `time`, its keys prefixed with `tag` (so they are its own), its
 * processes numbered from `firstProcess`. Returns the specs and the spec of each label.
 */
export function placePlant(
  plant: Plant,
  time: number,
  tag: string,
  firstProcess: number,
): { specs: TxnSpec[]; byLabel: Map<string, TxnSpec>; processes: number } {
  const processOf = new Map<string, number>();
  const byLabel = new Map<string, TxnSpec>();
  const specs = plant.txns.map((txn, i) => {
    const group = txn.process ?? txn.label;
    if (!processOf.has(group)) processOf.set(group, firstProcess + processOf.size);
    const [start, end] = txn.times ?? [i, 100 + i];
    const spec: TxnSpec = {
      process: processOf.get(group) as number,
      invoke: time + start,
      complete: time + end,
      outcome: txn.outcome ?? "ok",
      mops: txn.mops.map(([f, k, v]): MicroOp => [f, `${tag}${k}`, v]),
    };
    byLabel.set(txn.label, spec);
    return spec;
  });
  return { specs, byLabel, processes: processOf.size };
}

/** A generated history with plants in it: every plant's label -> its transaction's name (T and invoke index) once the history is built. */
export interface Planted {
  specs: TxnSpec[];
  placed: { plant: Plant; byLabel: Map<string, TxnSpec> }[];
}

/**
 * The base history with each plant placed at an even spread over its time span, on processes
 * numbered after the base's. Keys are tagged per plant (`p3-x`), so plants never share a key
 * with the base (whose keys are integers) or with each other.
 */
export function withPlants(base: readonly TxnSpec[], chosen: readonly Plant[]): Planted {
  const end = Math.max(...base.map((s) => s.complete ?? s.invoke));
  let process = Math.max(...base.map((s) => s.process)) + 1;
  const specs = [...base];
  const placed = chosen.map((plant, i) => {
    const at = Math.floor(((i + 1) * end) / (chosen.length + 1));
    const p = placePlant(plant, at, `p${i}-`, process);
    process += p.processes;
    specs.push(...p.specs);
    return { plant, byLabel: p.byLabel };
  });
  return { specs, placed };
}
