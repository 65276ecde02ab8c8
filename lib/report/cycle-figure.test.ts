import { describe, expect, it } from "vitest";
import { cycleFigure, mopLine } from "./cycle-figure.ts";
import type { CycleStepView, TxnView } from "./timeline-marks.ts";

const txn = (name: string, index: number, ops: unknown[][]): TxnView => ({ name, index, process: index, node: "n1", outcome: "ok", ops });
const T0 = txn("T0", 0, [
  ["r", "x", []],
  ["r", "y", [1]],
]);
const T1 = txn("T1", 1, [
  ["append", "x", 1],
  ["append", "y", 1],
]);
const skew: CycleStepView[] = [
  { from: "T0", to: "T1", type: "rw", key: "x", explanation: "T0 read x empty and did not see 1" },
  { from: "T1", to: "T0", type: "wr", key: "y", explanation: "T0 read y = [1]" },
];

/** The numbers of a path's M and Q commands. */
const path = (svg: string, from: string) => {
  const d = new RegExp(`data-from="${from}"[^]*?<path d="M([-\\d.]+),([-\\d.]+) Q([-\\d.]+),([-\\d.]+) ([-\\d.]+),([-\\d.]+)"`).exec(svg);
  return d ? d.slice(1).map(Number) : [];
};

describe("cycleFigure", () => {
  it("one box per transaction, one labelled arrow per edge, rw dashed", () => {
    const svg = cycleFigure("c0", [T0, T1], skew);
    expect(svg.match(/class="txn-box"/g)?.length).toBe(2);
    expect([...svg.matchAll(/class="edge-label"[^>]*>([^<]*)</g)].map((m) => m[1])).toEqual(["rw x", "wr y"]);
    expect(svg).toContain('stroke-dasharray="6 3" marker-end="url(#c0-rw)"');
    expect(svg).toContain('marker-end="url(#c0-wr)"');
    expect(svg).toContain('<marker id="c0-rw"');
    // What each transaction did, in its box; the explanation as the arrow's tooltip.
    expect(svg).toContain(">append 1 to x</text>");
    expect(svg).toContain("<title>T0 -&gt; T1 (rw): T0 read x empty and did not see 1</title>");
    expect(svg).not.toMatch(/https?:/);
  });

  it("two transactions: their two arrows bow to opposite sides, so neither hides the other", () => {
    const svg = cycleFigure("c0", [T0, T1], skew);
    const [, y0, , cy0] = path(svg, "T0");
    const [, y1, , cy1] = path(svg, "T1");
    expect(Math.sign((cy0 as number) - (y0 as number))).not.toBe(Math.sign((cy1 as number) - (y1 as number)));
  });

  it("realtime and process edges read rt and po; four transactions go round a circle", () => {
    const four = ["T0", "T1", "T2", "T3"].map((n, i) => txn(n, i, [["w", "k", i]]));
    const steps: CycleStepView[] = [
      { from: "T0", to: "T1", type: "ww", key: "k", explanation: "" },
      { from: "T1", to: "T2", type: "realtime", explanation: "" },
      { from: "T2", to: "T3", type: "process", explanation: "" },
      { from: "T3", to: "T0", type: "rw", key: "k", explanation: "" },
    ];
    const svg = cycleFigure("c1", four, steps);
    expect([...svg.matchAll(/class="edge-label"[^>]*>([^<]*)</g)].map((m) => m[1])).toEqual(["ww k", "rt", "po", "rw k"]);
    const boxes = [...svg.matchAll(/<rect x="([-\d.]+)" y="([-\d.]+)" width="240"/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(new Set(boxes.map((b) => b.join())).size).toBe(4);
  });

  it("a closed walk passing a transaction twice keeps every arrow", () => {
    const steps: CycleStepView[] = [
      { from: "T0", to: "T1", type: "rw", key: "x", explanation: "" },
      { from: "T1", to: "T0", type: "rw", key: "y", explanation: "" },
      { from: "T0", to: "T1", type: "wr", key: "z", explanation: "" },
      { from: "T1", to: "T0", type: "ww", key: "z", explanation: "" },
    ];
    expect(cycleFigure("c2", [T0, T1], steps).match(/class="edge"/g)?.length).toBe(4);
  });
});

describe("mopLine", () => {
  it("appends, writes, and reads with their value only once known", () => {
    expect(mopLine(["append", "x", 5], "ok")).toBe("append 5 to x");
    expect(mopLine(["w", 3, "v"], "ok")).toBe('w 3 = "v"');
    expect(mopLine(["r", "x", [1, 2]], "ok")).toBe("r x = [1,2]");
    expect(mopLine(["r", "x", null], "info")).toBe("r x");
    // A long list by its tail: the last element is the version the read saw.
    expect(mopLine(["r", "x", [1, 2, 3, 4, 5, 6, 7, 9]], "ok")).toBe("r x = […5 more, 6,7,9]");
    expect(mopLine(["r", "x", [1, 2, 3, 4]], "ok")).toBe("r x = [1,2,3,4]");
    // A string key that reads as a number stays quoted: key "1" is not key 1.
    expect(mopLine(["append", "1", 5], "ok")).toBe('append 5 to "1"');
  });
});

describe("cycleFigure layout", () => {
  type Rect = { x: number; y: number; w: number; h: number };
  const rects = (svg: string, re: RegExp): Rect[] =>
    [...svg.matchAll(re)].map((m) => ({ x: Number(m[1]), y: Number(m[2]), w: Number(m[3]), h: Number(m[4]) }));
  const overlap = (a: Rect, b: Rect) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

  it.each([2, 3, 4, 5, 6, 8])("%i transactions: no two boxes, no label and box, no two labels overlap; all inside the figure", (n) => {
    const txns = Array.from({ length: n }, (_, i) =>
      txn(`T${i * 10}`, i * 10, [
        ["append", "x", i],
        ["r", "y", [1, 2, 3, 4, 5, 6, 7]],
        ["w", "z", i],
      ]),
    );
    const types = ["ww", "wr", "rw", "realtime", "process"];
    const steps = txns.map((t, i) => ({
      from: t.name,
      to: (txns[(i + 1) % n] as TxnView).name,
      type: types[i % types.length] as string,
      key: "k",
      explanation: "",
    }));
    const svg = cycleFigure("c", txns, steps);
    const boxes = rects(svg, /<rect x="([-\d.]+)" y="([-\d.]+)" width="(240)" height="(\d+)" rx="4"\/>/g);
    const labels = rects(svg, /<rect x="([-\d.]+)" y="([-\d.]+)" width="([\d.]+)" height="(16)" rx="3"/g);
    expect(boxes.length).toBe(n);
    expect(labels.length).toBe(n);
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) expect(overlap(boxes[i] as Rect, boxes[j] as Rect)).toBe(false);
    for (const l of labels) for (const b of boxes) expect(overlap(l, b)).toBe(false);
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) expect(overlap(labels[i] as Rect, labels[j] as Rect)).toBe(false);
    const [vx, vy, vw, vh] = (/viewBox="([-\d.]+) ([-\d.]+) ([\d.]+) ([\d.]+)"/.exec(svg)?.slice(1) ?? []).map(Number) as number[];
    for (const r of [...boxes, ...labels]) {
      expect(r.x).toBeGreaterThanOrEqual(vx as number);
      expect(r.y).toBeGreaterThanOrEqual(vy as number);
      expect(r.x + r.w).toBeLessThanOrEqual((vx as number) + (vw as number));
      expect(r.y + r.h).toBeLessThanOrEqual((vy as number) + (vh as number));
    }
  });
});
