import type { CheckResult, Validity } from "../checkers/verdict.ts";
import type { Op } from "../history/op.ts";
import { clientOperations, faultWindows } from "../history/pairs.ts";
import type { EngineEvent } from "./engine-event.ts";
import { faultLabel } from "./fault-label.ts";
import { anomaliesSection, lostWritesSection } from "./timeline-anomalies.ts";
import { eventsBand } from "./timeline-events.ts";
import { anomalousTxns, anomalyCases, lostWrites, nonLinearizableOps } from "./timeline-marks.ts";

export interface TimelineInput {
  title: string;
  subtitle: string;
  history: readonly Op[];
  valid: Validity;
  results: Record<string, CheckResult>;
  /** The engine's own events (events.jsonl); absent for runs that kept none. */
  events?: readonly EngineEvent[];
}

const WIDTH = 1200;
const LANE = 14;
const LEFT = 70;
const MAX_SINGLE_OPS = 3000;
const COLORS = { ok: "#2e9d4f", fail: "#d64545", info: "#e8a33d" } as const;
const MARK = { anomalous: "#c0178c", lost: "#111" } as const;
/** About how wide a character of a mark's label is (10 px sans), to leave each label its room. */
const MARK_CHAR_PX = 6;

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const verdictClass = (v: Validity) => (v === true ? "pass" : v === false ? "fail" : "unknown");

/**
 * A self-contained HTML timeline of one run (no script, no network): ops per process over
 * time colored by outcome, fault windows shaded across every lane and labelled with what was cut
 * from what, the transactions of reported anomalies and the lost acknowledged writes outlined on
 * their lanes (and named in a strip above them), the engine's own events per node,
 * ok-latency over time, and the verdicts on top; under the axis, each reported cycle drawn as
 * boxes and arrows and the lost writes listed. Up to MAX_SINGLE_OPS ops are drawn one by one
 * (with a tooltip each); larger histories are drawn per pixel column, the worst outcome in a
 * column showing, the marked ones still outlined one by one.
 */
export function renderTimeline(input: TimelineInput): string {
  const ops = clientOperations(input.history);
  const end = Math.max(1, ...input.history.map((o) => o.time));
  const x = (t: number) => LEFT + (t / end) * (WIDTH - LEFT - 10);
  const processes = [...new Set(ops.map((o) => o.process))].sort((a, b) => a - b);
  const lane = new Map(processes.map((p, i) => [p, i]));
  const lanesHeight = Math.max(1, processes.length) * LANE;
  const cases = anomalyCases(input.results);
  const anomalous = [...anomalousTxns(cases), ...nonLinearizableOps(input.results)];
  const lost = lostWrites(input.results, input.history);
  const hasMarks = anomalous.length > 0 || lost.length > 0;
  // The strip naming the marked ops sits between the fault labels and the lanes.
  const top = 20 + (hasMarks ? 18 : 0);
  const band = eventsBand(input.events ?? [], end, x, top + lanesHeight + 8);
  const latencyTop = top + lanesHeight + 30 + band.height;
  const latencyHeight = 80;
  const height = latencyTop + latencyHeight + 30;
  const svg: string[] = [];

  // Fault windows first, so ops are drawn over them.
  const clusterNodes = [...new Set(input.history.flatMap((o) => (o.node === undefined ? [] : [o.node])))];
  for (const w of faultWindows(input.history)) {
    const x0 = x(w.start);
    const x1 = Math.max(x0 + 2, x(w.end ?? end));
    const label = faultLabel(w.f, w.value, clusterNodes);
    svg.push(
      `<rect class="fault-window" data-fault="${esc(w.f)}" x="${x0.toFixed(1)}" y="8" width="${(x1 - x0).toFixed(1)}" height="${height - 28}"><title>${esc(label)}: ${(w.start / 1e9).toFixed(3)} s to ${w.end === undefined ? "end" : `${(w.end / 1e9).toFixed(3)} s`}</title></rect>`,
      `<text class="fault-label" x="${(x0 + 3).toFixed(1)}" y="17">${esc(label)}</text>`,
    );
  }
  for (const p of processes) svg.push(`<text class="lane" x="4" y="${top + (lane.get(p) ?? 0) * LANE + 10}">p${p}</text>`);

  const endOf = (o: (typeof ops)[number]) => o.completion?.time ?? end;
  if (ops.length <= MAX_SINGLE_OPS) {
    for (const o of ops) {
      const y = top + (lane.get(o.process) ?? 0) * LANE;
      const x0 = x(o.invoke.time);
      const w = Math.max(1.5, x(endOf(o)) - x0);
      const tip = `${o.f}${o.key ? ` ${o.key}` : ""} ${JSON.stringify(o.value) ?? ""} -> ${o.outcome}${o.completion?.error ? ` (${o.completion.error})` : ""}`;
      svg.push(
        `<rect class="op ${o.outcome}" x="${x0.toFixed(1)}" y="${y + 2}" width="${w.toFixed(1)}" height="${LANE - 4}"><title>${esc(tip)}</title></rect>`,
      );
    }
  } else {
    // One cell per lane and pixel column: fail beats info beats ok, so trouble is never hidden.
    const rank = { ok: 0, info: 1, fail: 2 } as const;
    const cells = new Map<string, "ok" | "fail" | "info">();
    for (const o of ops) {
      const from = Math.floor(x(o.invoke.time));
      const to = Math.floor(x(endOf(o)));
      for (let px = from; px <= to; px++) {
        const k = `${o.process}:${px}`;
        const prev = cells.get(k);
        if (!prev || rank[o.outcome] > rank[prev]) cells.set(k, o.outcome);
      }
    }
    for (const [k, outcome] of cells) {
      const [p, px] = k.split(":").map(Number) as [number, number];
      svg.push(`<rect class="op ${outcome}" x="${px}" y="${top + (lane.get(p) ?? 0) * LANE + 2}" width="1" height="${LANE - 4}"/>`);
    }
  }

  svg.push(...marks(ops, anomalous, lost, { x, end, top, lane }), ...band.svg);

  // Latency of ok ops: the highest per pixel column, on a scale up to the slowest.
  const latencies = new Map<number, number>();
  for (const o of ops) {
    if (o.outcome !== "ok" || !o.completion) continue;
    const px = Math.floor(x(o.completion.time));
    latencies.set(px, Math.max(latencies.get(px) ?? 0, (o.completion.time - o.invoke.time) / 1e6));
  }
  const maxLatency = Math.max(1, ...latencies.values());
  const points = [...latencies.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([px, ms]) => `${px},${(latencyTop + latencyHeight - (ms / maxLatency) * latencyHeight).toFixed(1)}`);
  svg.push(
    `<text class="axis" x="4" y="${latencyTop + 10}">latency</text>`,
    `<text class="axis" x="4" y="${latencyTop + 24}">max ${maxLatency.toFixed(1)} ms</text>`,
    `<line class="axis-line" x1="${LEFT}" y1="${latencyTop + latencyHeight}" x2="${WIDTH - 10}" y2="${latencyTop + latencyHeight}"/>`,
    `<polyline class="latency" points="${points.join(" ")}"/>`,
  );
  for (let s = 0; s <= end / 1e9; s += Math.max(1, Math.ceil(end / 1e9 / 12))) {
    svg.push(`<text class="axis" x="${x(s * 1e9).toFixed(1)}" y="${height - 8}">${s} s</text>`);
  }

  const counts = {
    ok: ops.filter((o) => o.outcome === "ok").length,
    fail: ops.filter((o) => o.outcome === "fail").length,
    info: ops.filter((o) => o.outcome === "info").length,
  };
  const verdicts = Object.values(input.results)
    .map(
      (r) =>
        `<span class="verdict ${verdictClass(r.valid)}" data-checker="${esc(r.checker)}">${esc(r.checker)}: ${esc(String(r.valid))}</span>${r.reason ? ` <span class="reason">${esc(r.reason)}</span>` : ""}`,
    )
    .join("<br>");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(input.title)}</title>
<style>
body{font:13px system-ui,sans-serif;margin:16px;color:#222}
h1{font-size:18px;margin:0 0 4px} .sub{color:#666;margin-bottom:10px}
.verdict{display:inline-block;padding:2px 8px;border-radius:3px;color:#fff;font-weight:600}
.pass{background:${COLORS.ok}} .fail{background:${COLORS.fail}} .unknown{background:#888}
.reason{color:#444} .legend span{margin-right:14px}
.op.ok{fill:${COLORS.ok}} .op.fail{fill:${COLORS.fail}} .op.info{fill:${COLORS.info}}
.fault-window{fill:#7a5cff;fill-opacity:.15;stroke:#7a5cff;stroke-opacity:.5}
.fault-label{font-size:11px;fill:#5a3ee0} .lane,.axis{font-size:10px;fill:#555}
.latency{fill:none;stroke:#3b6fd4;stroke-width:1} .axis-line{stroke:#bbb}
.mark{fill:none;stroke-width:2} .mark.anomalous{stroke:${MARK.anomalous}} .mark.lost{stroke:${MARK.lost};stroke-dasharray:3 2}
.mark-tick.anomalous,.key-anomalous{fill:${MARK.anomalous};color:${MARK.anomalous}} .mark-tick.lost,.key-lost{fill:${MARK.lost};color:${MARK.lost}}
.mark-label{font-size:10px} .mark-label.anomalous{fill:${MARK.anomalous}} .mark-label.lost{fill:${MARK.lost}}
.event-row{stroke:#eee} .event{stroke-width:1.5} .event.trouble{fill:#d64545;stroke:#d64545} .event.recovery{fill:#2e9d4f;stroke:#2e9d4f}
.event.neutral{fill:#777;stroke:#777} .event.sampled{fill:#fff} .event-label{font-size:10px;fill:#333}
.key-trouble{color:#d64545} .key-recovery{color:#2e9d4f}
h2{font-size:16px;margin:22px 0 6px} h3{font-size:14px;margin:14px 0 4px} h3.forbidden{color:${COLORS.fail}} h3 .sub{font-weight:normal}
.case{margin:6px 0 14px} .explain{background:#f6f6f6;padding:6px 8px;font-size:12px;overflow-x:auto;margin:4px 0}
.txn-box rect{fill:#fff;stroke:#555} .txn-name{font-size:12px;font-weight:600} .txn-name .where{font-weight:normal;fill:#666}
.mop{font-size:11px;font-family:ui-monospace,monospace} .edge-label{font-size:11px;font-weight:600}
table{border-collapse:collapse} td,th{border:1px solid #ddd;padding:2px 8px;text-align:left} tr.allowed{color:#777}
</style></head><body>
<h1>${esc(input.title)} <span class="verdict ${verdictClass(input.valid)}" id="overall">${esc(String(input.valid))}</span></h1>
<div class="sub">${esc(input.subtitle)}</div>
<div id="verdicts">${verdicts}</div>
<p class="legend"><span style="color:${COLORS.ok}">■ ok ${counts.ok}</span><span style="color:${COLORS.fail}">■ fail ${counts.fail}</span><span style="color:${COLORS.info}">■ info ${counts.info}</span><span style="color:#7a5cff">■ fault window</span>${anomalous.length > 0 ? `<span class="key-anomalous">▢ in a reported anomaly ${anomalous.length}</span>` : ""}${lost.length > 0 ? `<span class="key-lost">▢ acknowledged, then lost ${lost.length}</span>` : ""}${band.drawn > 0 ? '<span>engine events <span class="key-trouble">◆ trouble</span> <span class="key-recovery">◆ recovery</span> (◇ polled, no log line)</span>' : ""}${ops.length > MAX_SINGLE_OPS ? `<span>(${ops.length} ops, drawn per pixel column)</span>` : ""}</p>
<svg id="timeline" xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}">
${svg.join("\n")}
</svg>
${anomaliesSection(cases)}
${lostWritesSection(lost, input.history)}
</body></html>
`;
}

type Operation = ReturnType<typeof clientOperations>[number];

/**
 * The marked ops: an outline around each bar on its lane, and in the strip above the lanes a
 * tick with its name ("T12 G-single", "lost 17") where the previous label has ended; a mark of
 * the same kind whose label would overlap the previous one joins it ("T12,T13 G-single").
 */
function marks(
  ops: readonly Operation[],
  anomalous: ReturnType<typeof anomalousTxns>,
  lost: ReturnType<typeof lostWrites>,
  g: { x: (t: number) => number; end: number; top: number; lane: ReadonlyMap<number, number> },
): string[] {
  const byIndex = new Map(ops.map((o) => [o.invoke.index, o]));
  const items = [
    ...anomalous.map((a) => ({ index: a.index, cls: "anomalous", name: a.name, what: a.anomalies.join(", ") })),
    ...lost.map((l) => ({ index: l.index, cls: "lost", name: JSON.stringify(l.element) ?? "", what: l.allowed ? "(allowed)" : "" })),
  ].flatMap((m) => {
    const o = byIndex.get(m.index);
    return o ? [{ ...m, o }] : [];
  });
  items.sort((a, b) => a.o.invoke.time - b.o.invoke.time);
  // Up to four names, then how many more: a label stays short however many marks join it.
  const list = (names: readonly string[]) =>
    names.length <= 4 ? names.join(",") : `${names.slice(0, 3).join(",")},… +${names.length - 3}`;
  const text = (cls: string, names: readonly string[], what: string) =>
    cls === "lost" ? `lost ${list(names)}${what ? ` ${what}` : ""}` : `${list(names)} ${what}`;
  const svg: string[] = [];
  // Labels go after every tick, so no tick covers one; a joined label moves right of its group's last tick.
  const labels: { x: number; cls: string; text: string }[] = [];
  let free = -Infinity;
  // The last label: a mark of the same kind whose own label would overlap it joins it ("T184,T185 G-single").
  let last: { label: number; cls: string; what: string; names: string[] } | undefined;
  for (const { o, cls, name, what } of items) {
    const y = g.top + (g.lane.get(o.process) ?? 0) * LANE;
    const x0 = g.x(o.invoke.time);
    const w = Math.max(1.5, g.x(o.completion?.time ?? g.end) - x0);
    const label = text(cls, [name], what);
    svg.push(
      `<rect class="mark ${cls}" data-index="${o.invoke.index}" x="${(x0 - 1.5).toFixed(1)}" y="${y + 0.5}" width="${(w + 3).toFixed(1)}" height="${LANE - 1}"><title>${esc(label)}</title></rect>`,
      `<polygon class="mark-tick ${cls}" points="${(x0 - 4).toFixed(1)},${g.top - 12} ${(x0 + 4).toFixed(1)},${g.top - 12} ${x0.toFixed(1)},${g.top - 5}"><title>${esc(label)}</title></polygon>`,
    );
    const joins = last && last.cls === cls && last.what === what && x0 + 6 < free;
    if (last && joins) {
      last.names.push(name);
      const joined = { x: x0 + 6, cls, text: text(cls, last.names, what) };
      labels[last.label] = joined;
      free = joined.x + joined.text.length * MARK_CHAR_PX + 6;
    } else if (x0 + 6 >= free) {
      last = { label: labels.length, cls, what, names: [name] };
      labels.push({ x: x0 + 6, cls, text: label });
      free = x0 + 6 + label.length * MARK_CHAR_PX + 6;
    }
  }
  for (const l of labels) svg.push(`<text class="mark-label ${l.cls}" x="${l.x.toFixed(1)}" y="${g.top - 5}">${esc(l.text)}</text>`);
  return svg;
}
