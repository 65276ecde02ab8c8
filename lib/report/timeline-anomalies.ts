/**
 * The part of the timeline page under the time axis: every reported anomaly case (a cycle drawn
 * as boxes and arrows, then its explanation in the checker's words; a direct finding as its
 * explanation) and the table of lost acknowledged writes.
 */
import type { Op } from "../history/op.ts";
import { cycleFigure } from "./cycle-figure.ts";
import type { AnomalyCaseView, LostWrite } from "./timeline-marks.ts";

/** Rows of the lost writes table (the first ones acknowledged); a line above sums up all of them. */
const MAX_LOST_ROWS = 30;

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export function anomaliesSection(cases: readonly AnomalyCaseView[]): string {
  if (cases.length === 0) return "";
  const groups = new Map<string, AnomalyCaseView[]>();
  for (const c of cases) {
    const key = `${c.checker}\u0000${c.anomaly}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  let figure = 0;
  const parts = [...groups.values()].map((group) => {
    const first = group[0] as AnomalyCaseView;
    const judged = first.model
      ? `${first.forbidden ? "forbidden" : "allowed"} by ${first.model}`
      : first.forbidden
        ? "forbidden"
        : "allowed";
    const head = `<h3 class="${first.forbidden ? "forbidden" : "allowed"}" data-anomaly="${esc(first.anomaly)}">${esc(first.anomaly)} <span class="sub">${esc(first.checker)}, ${esc(judged)}, ${first.count} found${first.count > group.length ? `, ${group.length} shown` : ""}</span></h3>`;
    const body = group.map((c) => {
      const picture = c.steps ? cycleFigure(`cycle-${figure++}`, c.txns, c.steps) : "";
      return `<div class="case">${picture}<pre class="explain">${esc(c.explanation.join("\n"))}</pre></div>`;
    });
    return head + body.join("");
  });
  return `<section id="anomalies"><h2>Anomalies</h2>
<p class="sub">Each transaction is named by its invoke's history index (T12) and marked on the lanes above. Arrows: ww (it overwrote), wr (it read what the other wrote), rw (it read a version the other then overwrote: dashed), rt (it completed before the other began), po (same process, earlier). A cycle means no serial order fits.</p>
${parts.join("\n")}</section>`;
}

export function lostWritesSection(lost: readonly LostWrite[], history: readonly Op[]): string {
  if (lost.length === 0) return "";
  const completion = new Map<number, Op>();
  const open = new Map<Op["process"], Op>();
  for (const op of history) {
    if (op.type === "invoke") open.set(op.process, op);
    else {
      const inv = open.get(op.process);
      if (inv) completion.set(inv.index, op);
      open.delete(op.process);
    }
  }
  // The whole loss in one line: when the lost writes were acknowledged and through which nodes.
  const acked = lost.flatMap((l) => {
    const done = completion.get(l.index);
    return done ? [done.time / 1e9] : [];
  });
  const byNode = new Map<string, number>();
  for (const l of lost) {
    const node = history[l.index]?.node ?? "?";
    byNode.set(node, (byNode.get(node) ?? 0) + 1);
  }
  const nodes = [...byNode].sort((a, b) => b[1] - a[1]).map(([n, c]) => `${n} (${c})`);
  const allowed = lost.filter((l) => l.allowed).length;
  const summary = `Acknowledged between ${Math.min(...acked).toFixed(3)} s and ${Math.max(...acked).toFixed(3)} s, through ${nodes.join(", ")}${allowed > 0 ? `; ${allowed} within the allowed loss window` : ""}.`;
  const rows = lost.slice(0, MAX_LOST_ROWS).map((l) => {
    const inv = history[l.index];
    const done = completion.get(l.index);
    return `<tr class="${l.allowed ? "allowed" : "lost"}"><td>${esc(JSON.stringify(l.element) ?? "")}</td><td>p${esc(String(inv?.process ?? ""))}</td><td>${esc(inv?.node ?? "")}</td><td>${done ? (done.time / 1e9).toFixed(3) : ""} s</td><td>${l.allowed ? "within the allowed loss window" : "lost"}</td></tr>`;
  });
  const more =
    lost.length > MAX_LOST_ROWS ? `<p class="sub">${lost.length - MAX_LOST_ROWS} more not listed (results.json has them all).</p>` : "";
  return `<section id="lost-writes"><h2>Lost acknowledged writes (${lost.length})</h2>
<p class="sub">Acknowledged (ok) yet missing from the final read; each is marked on its lane above. <span id="lost-summary">${esc(summary)}</span></p>
<table><tr><th>element</th><th>process</th><th>node</th><th>acknowledged at</th><th></th></tr>${rows.join("")}</table>${more}</section>`;
}
