/**
 * One reported cycle as a picture (inline SVG, no script): each transaction a box with what it
 * did, each dependency an arrow labelled with its type and key ("rw x"). Boxes sit on a circle
 * in the cycle's order, so the arrows go round it; two transactions sit side by side and their
 * arrows bow apart.
 */
import type { CycleStepView, TxnView } from "./timeline-marks.ts";

const BOX_W = 240;
const LINE = 14;
const MAX_OPS = 5;
const PAD = 16;

/** How an edge type is labelled: Elle's names, realtime and process order shortened. */
export const EDGE_LABELS: Readonly<Record<string, string>> = { ww: "ww", wr: "wr", rw: "rw", realtime: "rt", process: "po" };
export const EDGE_COLORS: Readonly<Record<string, string>> = {
  ww: "#b03030",
  wr: "#2a62c9",
  rw: "#d07a00",
  realtime: "#666",
  process: "#666",
};

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const show = (v: unknown) => JSON.stringify(v) ?? String(v);
/** A key as a box shows it: bare when it cannot be mistaken for a number (x, not "x"), quoted otherwise ("1" and 1 differ). */
export const keyLabel = (k: unknown) => (typeof k === "string" && /^[A-Za-z_][\w.:-]*$/.test(k) ? k : show(k));
const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * A list read as a box shows it: its last elements, which are what the dependencies rest on (the
 * last element read is the version seen), the earlier ones counted.
 */
export function listTail(list: readonly unknown[], keep = 3): string {
  if (list.length <= keep + 1) return show(list);
  return `[…${list.length - keep} more, ${list.slice(-keep).map(show).join(",")}]`;
}

/** A micro-op in a box: "append 5 to x", "r x = [1,2]", "w y = 3". */
export function mopLine(mop: readonly unknown[], outcome: string): string {
  const [f, key, value] = mop;
  if (f === "append") return `append ${show(value)} to ${keyLabel(key)}`;
  if (f === "w") return `w ${keyLabel(key)} = ${show(value)}`;
  if (outcome !== "ok") return `r ${keyLabel(key)}`;
  return `r ${keyLabel(key)} = ${Array.isArray(value) ? listTail(value) : show(value)}`;
}

interface Box {
  txn: TxnView;
  x: number;
  y: number;
  h: number;
}

/** Where a line from the box's centre towards (tx, ty) leaves the box. */
function border(b: Box, tx: number, ty: number): [number, number] {
  const dx = tx - b.x;
  const dy = ty - b.y;
  const sx = dx === 0 ? Infinity : BOX_W / 2 / Math.abs(dx);
  const sy = dy === 0 ? Infinity : b.h / 2 / Math.abs(dy);
  const s = Math.min(sx, sy, 1);
  return [b.x + dx * s, b.y + dy * s];
}

/**
 * The figure for one cycle. `id` keeps its arrowhead markers apart from other figures' in the
 * same page. Steps name transactions by their report names (T12); a step naming a transaction
 * not in `txns` is drawn to a box of its own name only.
 */
export function cycleFigure(id: string, txns: readonly TxnView[], steps: readonly CycleStepView[]): string {
  const order: string[] = [];
  for (const s of steps) for (const n of [s.from, s.to]) if (!order.includes(n)) order.push(n);
  for (const t of txns) if (!order.includes(t.name)) order.push(t.name);
  const byName = new Map(txns.map((t) => [t.name, t]));
  const heights = order.map((n) => LINE * (2 + Math.min(MAX_OPS, byName.get(n)?.ops.length ?? 0)) + 6);
  const n = order.length;
  // Radius large enough that neighbouring boxes do not overlap: their centres at least a box's width (plus room for a label) apart.
  const radius = n <= 2 ? (BOX_W + 110) / 2 : Math.max(150, (BOX_W + 60) / (2 * Math.sin(Math.PI / n)));
  const boxes = new Map<string, Box>();
  order.forEach((name, i) => {
    const angle = n <= 2 ? Math.PI * (1 - i) : -Math.PI / 2 + (2 * Math.PI * i) / n;
    const txn = byName.get(name) ?? { name, index: -1, process: -1, outcome: "ok", ops: [] };
    boxes.set(name, { txn, x: radius * Math.cos(angle), y: radius * Math.sin(angle), h: heights[i] as number });
  });
  const all = [...boxes.values()];
  const bow = n <= 2 ? 70 : 30;
  const types = [...new Set(steps.map((s) => s.type))];
  const defs = types.map(
    (t) =>
      `<marker id="${id}-${t}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${EDGE_COLORS[t] ?? "#444"}"/></marker>`,
  );
  const seen = new Map<string, number>();
  // Everything drawn, as [x0, y0, x1, y1], for the figure's bounds: boxes, arrow labels and the arrows' apexes.
  const extents: [number, number, number, number][] = all.map((b) => [b.x - BOX_W / 2, b.y - b.h / 2, b.x + BOX_W / 2, b.y + b.h / 2]);
  const edges = steps.map((s) => {
    const a = boxes.get(s.from) as Box;
    const b = boxes.get(s.to) as Box;
    // Repeated pairs (a closed walk) bow further out, so each arrow stays visible.
    const pair = `${s.from}>${s.to}`;
    const repeat = seen.get(pair) ?? 0;
    seen.set(pair, repeat + 1);
    const mx = (a.x + b.x) / 2;
    const my = (a.y + b.y) / 2;
    const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
    // Bow to the left of the direction of travel: with boxes clockwise on the circle that is
    // outwards, and two opposite arrows between the same boxes bow to opposite sides.
    const nx = (b.y - a.y) / len;
    const ny = -(b.x - a.x) / len;
    const k = bow * (1 + repeat * 0.8);
    const cx = mx + nx * k;
    const cy = my + ny * k;
    const [x0, y0] = border(a, cx, cy);
    const [x1, y1] = border(b, cx, cy);
    const lx = 0.25 * x0 + 0.5 * cx + 0.25 * x1;
    const ly = 0.25 * y0 + 0.5 * cy + 0.25 * y1;
    const label = `${EDGE_LABELS[s.type] ?? s.type}${s.key === undefined ? "" : ` ${keyLabel(s.key)}`}`;
    const color = EDGE_COLORS[s.type] ?? "#444";
    const w = label.length * 6.5 + 8;
    extents.push([lx - w / 2, ly - 9, lx + w / 2, ly + 7]);
    return [
      `<g class="edge" data-type="${esc(s.type)}" data-from="${esc(s.from)}" data-to="${esc(s.to)}"><title>${esc(`${s.from} -> ${s.to} (${s.type}): ${s.explanation}`)}</title>`,
      `<path d="M${x0.toFixed(1)},${y0.toFixed(1)} Q${cx.toFixed(1)},${cy.toFixed(1)} ${x1.toFixed(1)},${y1.toFixed(1)}" fill="none" stroke="${color}" stroke-width="2"${s.type === "rw" ? ' stroke-dasharray="6 3"' : ""} marker-end="url(#${id}-${s.type})"/>`,
      `<rect x="${(lx - w / 2).toFixed(1)}" y="${(ly - 9).toFixed(1)}" width="${w.toFixed(1)}" height="16" rx="3" fill="#fff" stroke="${color}"/>`,
      `<text class="edge-label" x="${lx.toFixed(1)}" y="${(ly + 3).toFixed(1)}" text-anchor="middle" fill="${color}">${esc(label)}</text></g>`,
    ].join("");
  });
  const boxSvg = all.map((b) => {
    const t = b.txn;
    const where = [t.process >= 0 ? `p${t.process}` : "", t.node ?? "", t.outcome].filter((s) => s !== "").join(" · ");
    const ops = t.ops.slice(0, MAX_OPS).map((m) => cut(mopLine(m, t.outcome), 34));
    if (t.ops.length > MAX_OPS) ops[MAX_OPS - 1] = `… ${t.ops.length - MAX_OPS + 1} more`;
    const x = b.x - BOX_W / 2;
    const y = b.y - b.h / 2;
    const lines = ops.map(
      (l, i) => `<text class="mop" x="${(x + 8).toFixed(1)}" y="${(y + 2 * LINE + 2 + i * LINE).toFixed(1)}">${esc(l)}</text>`,
    );
    const full = `${t.name}${where ? ` (${where})` : ""}: ${t.ops.map((m) => mopLine(m, t.outcome)).join(", ")}`;
    return [
      `<g class="txn-box" data-txn="${esc(t.name)}"><title>${esc(full)}</title>`,
      `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${BOX_W}" height="${b.h}" rx="4"/>`,
      `<text class="txn-name" x="${(x + 8).toFixed(1)}" y="${(y + LINE + 2).toFixed(1)}">${esc(t.name)}<tspan class="where"> ${esc(where)}</tspan></text>`,
      ...lines,
      "</g>",
    ].join("");
  });
  const minX = Math.min(...extents.map((e) => e[0])) - PAD;
  const minY = Math.min(...extents.map((e) => e[1])) - PAD;
  const width = Math.max(...extents.map((e) => e[2])) + PAD - minX;
  const height = Math.max(...extents.map((e) => e[3])) + PAD - minY;
  return `<svg class="cycle" id="${id}" width="${width.toFixed(0)}" height="${height.toFixed(0)}" viewBox="${minX.toFixed(1)} ${minY.toFixed(1)} ${width.toFixed(1)} ${height.toFixed(1)}"><defs>${defs.join("")}</defs>${boxSvg.join("")}${edges.join("")}</svg>`;
}
