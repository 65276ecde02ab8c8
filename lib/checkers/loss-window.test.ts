import { describe, expect, it } from "vitest";
import { parseHistory } from "../history/loader.ts";
import { lossWindowChecker } from "./loss-window.ts";
import { runChecker } from "./verdict.ts";

const ms = 1_000_000;
/** Hand-written: partition of n1 takes effect at 1000 ms; window 500 ms. */
function history(finalRead: number[]): string {
  const lines: object[] = [];
  let i = 0;
  const add = (p: number, v: number, node: string, inv: number, ok: number) => {
    lines.push({ index: i++, process: p, type: "invoke", f: "add", value: v, node, time: inv * ms });
    lines.push({ index: i++, process: p, type: "ok", f: "add", value: v, node, time: ok * ms });
  };
  add(0, 1, "n1", 100, 110); // before the cut, on n1
  lines.push({ index: i++, process: "nemesis", type: "invoke", f: "partition", value: {}, time: 990 * ms });
  lines.push({ index: i++, process: "nemesis", type: "info", f: "partition", value: {}, time: 1000 * ms });
  add(0, 2, "n1", 1100, 1200); // in the window (200 ms after the cut), on n1
  add(1, 3, "n2", 1100, 1150); // in the window but on n2 (majority side)
  add(0, 4, "n1", 1600, 1700); // after the window (700 ms), on n1
  lines.push({ index: i++, process: 2, type: "invoke", f: "read", time: 5000 * ms });
  lines.push({ index: i++, process: 2, type: "ok", f: "read", value: finalRead, time: 5100 * ms });
  return lines.map((l) => JSON.stringify(l)).join("\n");
}
const check = (read: number[]) => runChecker(lossWindowChecker, parseHistory(history(read)), { node: "n1", windowMs: 500 });

describe("lossWindowChecker", () => {
  it("allows, and names, a write lost inside the cut master's window", () => {
    const r = check([1, 3, 4]);
    expect(r.valid).toBe(true);
    expect(r.lostInWindow).toEqual([{ element: 2, node: "n1", ackedAtMs: 200 }]);
    expect(r.lostOutsideWindow).toEqual([]);
    expect(r.ackedInWindow).toBe(1);
    expect(r.windowFromMs).toBe(-110);
  });

  it("a write lost after the window, or on another node, or before the cut, is a violation", () => {
    const r = check([2, 3]);
    expect(r.valid).toBe(false);
    expect(r.lostOutsideWindow).toEqual([
      { element: 1, node: "n1", ackedAtMs: -890 },
      { element: 4, node: "n1", ackedAtMs: 700 },
    ]);
    expect(r.reason).toBe("2 acknowledged writes lost outside n1's 500 ms window");
    expect(check([1, 2, 4]).lostOutsideWindow).toEqual([{ element: 3, node: "n2", ackedAtMs: 150 }]);
  });

  it("counts writes acknowledged in the window and kept", () => {
    expect(check([1, 2, 3, 4]).keptInWindow).toBe(1);
  });

  it("opens the window when the fault began being applied, less the replication-lag allowance", () => {
    // Element 1 was acknowledged at 110 ms, 880 ms before the partition's invoke (990 ms):
    // inside a 1000 ms lag allowance, outside the default 100 ms.
    const r = runChecker(lossWindowChecker, parseHistory(history([2, 3, 4])), { node: "n1", windowMs: 500, lagMs: 1000 });
    expect(r.valid).toBe(true);
    expect(r.lostInWindow).toEqual([{ element: 1, node: "n1", ackedAtMs: -890 }]);
  });

  it("is unknown without the fault or without a final read", () => {
    const noFault = parseHistory(
      [
        '{"index":0,"process":0,"type":"invoke","f":"read","time":1}',
        '{"index":1,"process":0,"type":"ok","f":"read","value":[],"time":2}',
      ].join("\n"),
    );
    expect(runChecker(lossWindowChecker, noFault, { node: "n1", windowMs: 1 }).valid).toBe("unknown");
  });
});
