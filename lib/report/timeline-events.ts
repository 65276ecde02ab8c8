/**
 * The engine's own events on the timeline's axis: one row per node, a diamond per event
 * (filled: the server's log line; hollow: only polling saw it), colored by what it means for
 * the node (trouble red, recovery green, neither grey), labelled where the label has room.
 * Events that pile up within a few pixels (five peers logging the same FAIL) are one diamond
 * whose tooltip lists them all.
 */

import { type EngineEvent, type EngineEventKind, EVENT_LABELS } from "./engine-event.ts";
import { byName } from "./fault-label.ts";

const ROW = 16;
/** Events of one kind on one row closer than this (px) are drawn as one. */
const MERGE_PX = 4;
const CHAR_PX = 6;

const TROUBLE = new Set<EngineEventKind>([
  "pfail",
  "fail",
  "cluster-fail",
  "non-primary",
  "heartbeat-missed",
  "disconnected",
  "node-failed",
  "arbitration-lost",
  "no-arbitrator",
  "forced-shutdown",
]);
const RECOVERY = new Set<EngineEventKind>(["promoted", "cluster-ok", "primary", "synced", "arbitration-won", "started"]);

/** trouble, recovery or neutral: the diamond's color class. */
export function eventTone(kind: EngineEventKind): "trouble" | "recovery" | "neutral" {
  return TROUBLE.has(kind) ? "trouble" : RECOVERY.has(kind) ? "recovery" : "neutral";
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** A diamond's events: one kind on one row within MERGE_PX. */
export interface EventGroup {
  node: string;
  kind: EngineEventKind;
  px: number;
  events: EngineEvent[];
}

/** The events inside the axis (0..end ns), grouped per node row and kind as drawn. */
export function eventGroups(events: readonly EngineEvent[], end: number, x: (t: number) => number): EventGroup[] {
  const inside = events.filter((e) => e.time >= 0 && e.time <= end).sort((a, b) => a.time - b.time);
  const groups: EventGroup[] = [];
  const last = new Map<string, EventGroup>();
  for (const e of inside) {
    const px = x(e.time);
    const key = `${e.node}\u0000${e.kind}`;
    const open = last.get(key);
    if (open && px - open.px <= MERGE_PX) open.events.push(e);
    else {
      const g: EventGroup = { node: e.node, kind: e.kind, px, events: [e] };
      groups.push(g);
      last.set(key, g);
    }
  }
  return groups;
}

/** One diamond's label: its kind, the component size when it has one, and how many logged it when several did. */
function label(g: EventGroup): string {
  const first = g.events[0] as EngineEvent;
  const detail = g.kind === "primary" && first.detail ? ` (${first.detail})` : "";
  return `${EVENT_LABELS[g.kind] ?? g.kind}${detail}`;
}

function tooltip(g: EventGroup): string {
  const lines = g.events.map((e) => {
    const who = e.reporter ? ` (logged by ${e.reporter})` : "";
    const how = e.source === "sampled" ? "polled" : "log";
    return `${(e.time / 1e9).toFixed(3)} s ${how}${who}: ${e.text}`;
  });
  return `${g.node} ${label(g)}${g.events.length > 1 ? ` x${g.events.length}` : ""}\n${lines.slice(0, 12).join("\n")}${lines.length > 12 ? `\n... ${lines.length - 12} more` : ""}`;
}

/**
 * The band's SVG from `top`: a header, then one row per node with events in the axis. Returns
 * its height (0 when there is nothing to draw) so the rest of the figure moves down.
 */
export function eventsBand(
  events: readonly EngineEvent[],
  end: number,
  x: (t: number) => number,
  top: number,
): { svg: string[]; height: number; drawn: number } {
  const groups = eventGroups(events, end, x);
  if (groups.length === 0) return { svg: [], height: 0, drawn: 0 };
  const nodes = [...new Set(groups.map((g) => g.node))].sort(byName);
  const svg: string[] = [`<text class="axis" x="4" y="${top + 10}">engine events</text>`];
  const rowsTop = top + 16;
  nodes.forEach((node, i) => {
    const y = rowsTop + i * ROW + ROW / 2;
    svg.push(
      `<text class="lane" x="4" y="${y + 3}">${esc(node)}</text>`,
      `<line class="event-row" x1="${x(0).toFixed(1)}" y1="${y}" x2="${x(end).toFixed(1)}" y2="${y}"/>`,
    );
    // Labels left to right, each only where the previous one has ended: the tooltips carry the rest.
    let free = -Infinity;
    for (const g of groups.filter((g) => g.node === node)) {
      const sampled = g.events.every((e) => e.source === "sampled");
      const d = 5;
      svg.push(
        `<polygon class="event ${eventTone(g.kind)}${sampled ? " sampled" : ""}" data-kind="${g.kind}" data-node="${esc(node)}" points="${g.px.toFixed(1)},${y - d} ${(g.px + d).toFixed(1)},${y} ${g.px.toFixed(1)},${y + d} ${(g.px - d).toFixed(1)},${y}"><title>${esc(tooltip(g))}</title></polygon>`,
      );
      const text = label(g);
      if (g.px + 7 >= free) {
        svg.push(`<text class="event-label" x="${(g.px + 7).toFixed(1)}" y="${y + 3}">${esc(text)}</text>`);
        free = g.px + 7 + text.length * CHAR_PX + 4;
      }
    }
  });
  return { svg, height: 16 + nodes.length * ROW + 6, drawn: groups.length };
}
