import type { CheckResult, Validity } from "../checkers/verdict.ts";
import type { Op } from "../history/op.ts";
import { clientOperations, faultWindows } from "../history/pairs.ts";
import { faultLabel } from "./fault-label.ts";

export interface TimelineInput {
  title: string;
  subtitle: string;
  history: readonly Op[];
  valid: Validity;
  results: Record<string, CheckResult>;
}

const WIDTH = 1200;
const LANE = 14;
const LEFT = 70;
const MAX_SINGLE_OPS = 3000;
const COLORS = { ok: "#2e9d4f", fail: "#d64545", info: "#e8a33d" } as const;

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const verdictClass = (v: Validity) => (v === true ? "pass" : v === false ? "fail" : "unknown");

/**
 * A self-contained HTML timeline of one run (no script, no network): ops per process over
 * time colored by outcome, fault windows shaded across every lane, ok-latency over time, and
 * the verdicts on top. Up to MAX_SINGLE_OPS ops are drawn one by one (with a tooltip each);
 * larger histories are drawn per pixel column, the worst outcome in a column showing.
 */
export function renderTimeline(input: TimelineInput): string {
  const ops = clientOperations(input.history);
  const end = Math.max(1, ...input.history.map((o) => o.time));
  const x = (t: number) => LEFT + (t / end) * (WIDTH - LEFT - 10);
  const processes = [...new Set(ops.map((o) => o.process))].sort((a, b) => a - b);
  const lane = new Map(processes.map((p, i) => [p, i]));
  const lanesHeight = Math.max(1, processes.length) * LANE;
  const top = 20;
  const latencyTop = top + lanesHeight + 30;
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
      `<rect class="fault-window" data-fault="${esc(w.f)}" x="${x0.toFixed(1)}" y="${top - 12}" width="${(x1 - x0).toFixed(1)}" height="${height - top - 8}"><title>${esc(label)}: ${(w.start / 1e9).toFixed(3)} s to ${w.end === undefined ? "end" : `${(w.end / 1e9).toFixed(3)} s`}</title></rect>`,
      `<text class="fault-label" x="${(x0 + 3).toFixed(1)}" y="${top - 3}">${esc(label)}</text>`,
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
</style></head><body>
<h1>${esc(input.title)} <span class="verdict ${verdictClass(input.valid)}" id="overall">${esc(String(input.valid))}</span></h1>
<div class="sub">${esc(input.subtitle)}</div>
<div id="verdicts">${verdicts}</div>
<p class="legend"><span style="color:${COLORS.ok}">■ ok ${counts.ok}</span><span style="color:${COLORS.fail}">■ fail ${counts.fail}</span><span style="color:${COLORS.info}">■ info ${counts.info}</span><span style="color:#7a5cff">■ fault window</span>${ops.length > MAX_SINGLE_OPS ? `<span>(${ops.length} ops, drawn per pixel column)</span>` : ""}</p>
<svg id="timeline" xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}">
${svg.join("\n")}
</svg>
</body></html>
`;
}
