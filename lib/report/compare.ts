import type { Validity } from "../checkers/verdict.ts";
import type { RunSummary } from "./run-summary.ts";

export interface CompareRow {
  what: string;
  a: string;
  b: string;
  /** "verdict" changes matter most; "number" carries the relative change; "same" is unchanged. */
  change: "same" | "verdict" | "number" | "identity";
  note: string;
}

const show = (v: Validity | number | string | undefined) => (v === undefined ? "-" : String(v));

/**
 * Two runs side by side (pre-upgrade validation): identity (target, engine version, scenario,
 * and the server settings either run recorded, e.g. innodb_flush_log_at_trx_commit, which two
 * flavors may not share), the overall and per-checker verdicts, then every metric either run has,
 * with differences marked.
 */
export function compareRuns(a: RunSummary, b: RunSummary): CompareRow[] {
  const rows: CompareRow[] = [];
  for (const [what, va, vb] of [
    ["suite", a.suite, b.suite],
    ["scenario", a.scenario, b.scenario],
    ["target", a.target, b.target],
    ["engine version", a.engineVersion, b.engineVersion],
  ] as const) {
    rows.push({ what, a: va, b: vb, change: va === vb ? "same" : "identity", note: "" });
  }
  const sa = a.settings ?? {};
  const sb = b.settings ?? {};
  // Own keys only: a run directory is user input, and "toString" is no setting the other run had.
  const setting = (s: Record<string, string>, name: string) => (Object.hasOwn(s, name) ? s[name] : undefined);
  for (const name of [...new Set([...Object.keys(sa), ...Object.keys(sb)])].sort()) {
    const va = setting(sa, name);
    const vb = setting(sb, name);
    rows.push({ what: `setting ${name}`, a: show(va), b: show(vb), change: va === vb ? "same" : "identity", note: "" });
  }
  const verdict = (what: string, va: Validity | undefined, vb: Validity | undefined) => {
    const changed = va !== vb;
    const note = !changed ? "" : vb === false ? "REGRESSION" : va === false && vb === true ? "fixed" : "changed";
    rows.push({ what, a: show(va), b: show(vb), change: changed ? "verdict" : "same", note });
  };
  verdict("verdict", a.valid, b.valid);
  for (const checker of [...new Set([...Object.keys(a.verdicts), ...Object.keys(b.verdicts)])].sort()) {
    verdict(`${checker} verdict`, a.verdicts[checker], b.verdicts[checker]);
  }
  for (const metric of [...new Set([...Object.keys(a.metrics), ...Object.keys(b.metrics)])].sort()) {
    const va = a.metrics[metric];
    const vb = b.metrics[metric];
    if (va === vb) {
      rows.push({ what: metric, a: show(va), b: show(vb), change: "same", note: "" });
      continue;
    }
    const note =
      va !== undefined && vb !== undefined && va !== 0 ? `${vb > va ? "+" : ""}${(((vb - va) / Math.abs(va)) * 100).toFixed(1)}%` : "";
    rows.push({ what: metric, a: show(va), b: show(vb), change: "number", note });
  }
  return rows;
}

export function formatCompare(a: RunSummary, b: RunSummary, rows: readonly CompareRow[]): string {
  const head = ["", `A ${a.runId}`, `B ${b.runId}`, ""];
  const marks = { same: " ", verdict: "!", number: "*", identity: "~" } as const;
  const cells = rows.map((r) => [`${marks[r.change]} ${r.what}`, r.a, r.b, r.note]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? "").length)));
  const line = (c: string[]) =>
    c
      .map((x, i) => x.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  const legend = "! verdict changed   * number changed   ~ different target, version or server setting";
  return [line(head), ...cells.map(line), "", legend].join("\n");
}
