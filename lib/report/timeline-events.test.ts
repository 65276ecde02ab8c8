import { describe, expect, it } from "vitest";
import type { EngineEvent } from "./engine-event.ts";
import { eventGroups, eventsBand, eventTone } from "./timeline-events.ts";

const ev = (node: string, kind: EngineEvent["kind"], ms: number, extra: Partial<EngineEvent> = {}): EngineEvent => ({
  node,
  kind,
  atMs: ms,
  time: ms * 1e6,
  source: "log",
  text: `${kind} line`,
  ...extra,
});
// 10 s on 1000 px: 10 ms a pixel.
const x = (t: number) => t / 1e7;
const END = 10_000 * 1e6;

describe("eventGroups", () => {
  it("one diamond for a FAIL five peers logged within a few pixels; apart ones stay apart", () => {
    const fails = ["n2", "n3", "n4", "n5", "n6"].map((r, i) => ev("n1", "fail", 2000 + i * 0.01, { reporter: r }));
    const groups = eventGroups([...fails, ev("n1", "fail", 2100), ev("n1", "cluster-ok", 2000)], END, x);
    expect(groups.map((g) => [g.node, g.kind, g.events.length])).toEqual([
      ["n1", "fail", 5],
      ["n1", "cluster-ok", 1],
      ["n1", "fail", 1],
    ]);
  });

  it("leaves out events before the history began or after it ended", () => {
    expect(eventGroups([ev("n1", "primary", -5), ev("n1", "primary", 10_001)], END, x)).toEqual([]);
  });
});

describe("eventsBand", () => {
  it("a row per node in name order, hollow diamonds for what only polling saw, the merged count in the tooltip", () => {
    const band = eventsBand(
      [
        ev("n10", "promoted", 3000),
        ev("n2", "pfail", 1500, { source: "sampled", text: "polling: a peer flagged n2 fail?" }),
        ev("n2", "fail", 2000, { reporter: "n3" }),
        ev("n2", "fail", 2000.01, { reporter: "n4" }),
      ],
      END,
      x,
      100,
    );
    const svg = band.svg.join("\n");
    expect([...svg.matchAll(/<text class="lane" x="4" y="\d+">(\w+)</g)].map((m) => m[1])).toEqual(["n2", "n10"]);
    expect(svg).toContain('class="event trouble sampled" data-kind="pfail"');
    expect(svg).toContain('class="event trouble" data-kind="fail"');
    expect(svg).toContain("n2 FAIL x2\n2.000 s log (logged by n3): fail line\n2.000 s log (logged by n4): fail line");
    expect(band.drawn).toBe(3);
    expect(band.height).toBeGreaterThan(2 * 16);
  });

  it("nothing to draw takes no room", () => {
    expect(eventsBand([], END, x, 100)).toEqual({ svg: [], height: 0, drawn: 0 });
  });
});

describe("eventTone", () => {
  it("trouble, recovery, neither", () => {
    expect([eventTone("non-primary"), eventTone("arbitration-won"), eventTone("arbitration-required")]).toEqual([
      "trouble",
      "recovery",
      "neutral",
    ]);
  });
});
