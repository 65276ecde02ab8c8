import { type MicroOp, showKey, showValue, type TxnKey } from "../history/micro-op.ts";
import type { DirectAnomaly } from "./anomalies.ts";
import type { Assumption } from "./models.ts";
import type { Txn } from "./txn-ops.ts";

/** A transaction as a report shows it: its name (T and its invoke index) and what it did. */
export interface TxnSummary {
  name: string;
  index: number;
  process: number;
  node?: string;
  outcome: Txn["outcome"];
  ops: readonly MicroOp[];
}

/** One occurrence of an anomaly found without a cycle. */
export interface DirectCase {
  txns: TxnSummary[];
  key?: TxnKey;
  explanation: string;
}

/** How reports name a transaction: by its invoke's history index. */
export function txnName(txn: Txn): string {
  return `T${txn.index}`;
}

export function summarize(txn: Txn): TxnSummary {
  return {
    name: txnName(txn),
    index: txn.index,
    process: txn.process,
    ...(txn.node === undefined ? {} : { node: txn.node }),
    outcome: txn.outcome,
    ops: txn.mops,
  };
}

/** "T12 (process 3 on n2, ok): append 5 to key 3, read key 4 = [1,2]" */
export function describeTxn(txn: Txn): string {
  const where = `process ${txn.process}${txn.node ? ` on ${txn.node}` : ""}, ${txn.outcome}`;
  return `${txnName(txn)} (${where}): ${txn.mops.map((m) => describeMop(m, txn.outcome)).join(", ")}`;
}

export function describeMop([f, key, value]: MicroOp, outcome: Txn["outcome"] = "ok"): string {
  if (f === "append") return `append ${showValue(value)} to key ${showKey(key)}`;
  if (f === "w") return `write key ${showKey(key)} = ${showValue(value)}`;
  return outcome === "ok" ? `read key ${showKey(key)} = ${showValue(value)}` : `read key ${showKey(key)} (value unknown)`;
}

/** An anomaly's occurrences: counted, the first few kept, and counted again by the assumptions they rest on. */
export interface DirectFound {
  count: number;
  cases: DirectCase[];
  needs: { needs: readonly Assumption[]; count: number }[];
}

/**
 * Direct anomalies as they are found: every one counted, the first `maxCases` of each kept with
 * their transactions (a history with 10,000 aborted reads reports 10,000 and shows a few).
 */
export class Findings {
  readonly #max: number;
  readonly #found = new Map<DirectAnomaly, DirectFound>();

  constructor(maxCases: number) {
    this.#max = maxCases;
  }

  /** `needs`: the version-order assumptions this occurrence rests on (rw-register's cyclic versions), none by default. */
  add(name: DirectAnomaly, txns: readonly Txn[], explanation: () => string, key?: TxnKey, needs: readonly Assumption[] = []): void {
    let entry = this.#found.get(name);
    if (!entry) {
      entry = { count: 0, cases: [], needs: [] };
      this.#found.set(name, entry);
    }
    entry.count++;
    const signature = [...needs].sort().join(",");
    const same = entry.needs.find((n) => [...n.needs].sort().join(",") === signature);
    if (same) same.count++;
    else entry.needs.push({ needs, count: 1 });
    if (entry.cases.length < this.#max) {
      entry.cases.push({ txns: txns.map(summarize), ...(key === undefined ? {} : { key }), explanation: explanation() });
    }
  }

  get(name: DirectAnomaly): DirectFound | undefined {
    return this.#found.get(name);
  }

  names(): DirectAnomaly[] {
    return [...this.#found.keys()];
  }
}
