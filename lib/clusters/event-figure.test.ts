import { describe, expect, it } from "vitest";
import { allNodesEvent, eventFigure, figureSources, firstEvent, type LoggedEvent, sampledEvent } from "./event-figure.ts";

const fault = 1_000_000;
const ev = (node: string, afterMs: number, text = "line"): LoggedEvent => ({ node, atMs: fault + afterMs, text });

describe("a timing figure from the server's log, polling as the cross-check", () => {
  it("takes the log's time when the line exists and is not later than what polling saw", () => {
    expect(eventFigure(3138, ev("n5", 3150.3, "# Failover election won: I'm the new master."), fault)).toEqual({
      ms: 3150,
      source: "server-log",
      sampledMs: 3138,
      logMs: 3150,
      evidence: "n5: # Failover election won: I'm the new master.",
    });
    // Polling lagging far behind (a slow machine) does not hold the figure back.
    expect(eventFigure(4900, ev("n3", 2410), fault).ms).toBe(2410);
  });

  it("falls back to polling when there is no line, and says none when neither saw the event", () => {
    expect(eventFigure(2647, undefined, fault)).toEqual({ ms: 2647, source: "sampled", sampledMs: 2647, logMs: null });
    expect(eventFigure(null, undefined, fault)).toEqual({ ms: null, source: "none", sampledMs: null, logMs: null });
  });

  it("a line only the log saw (polling missed the moment) is still the figure", () => {
    expect(eventFigure(null, ev("n3", 2800), fault)).toMatchObject({ ms: 2800, source: "server-log", sampledMs: null });
  });

  it("refuses a line that comes after polling already saw the state: it cannot be its cause", () => {
    const f = eventFigure(2000, ev("n2", 2600, "New COMPONENT: primary = no"), fault);
    expect(f).toMatchObject({ ms: 2000, source: "sampled", logMs: 2600 });
    expect(f.evidence).toBe(
      "the log's line at 2600 ms (n2: New COMPONENT: primary = no) comes after polling saw the state at 2000 ms: not taken",
    );
    // Within the tolerance (a poll's own duration) the line is taken.
    expect(eventFigure(2000, ev("n2", 2500), fault).source).toBe("server-log");
  });

  it("names each figure's source for results.json", () => {
    expect(figureSources({ promotedMs: eventFigure(10, ev("n5", 12, "won"), fault), pfailMs: eventFigure(7, undefined, fault) })).toEqual({
      promotedMs: "server-log (n5: won)",
      pfailMs: "sampled",
    });
  });
});

describe("events across nodes", () => {
  const events = [ev("n1", -50, "before the fault"), ev("n2", 900), ev("n1", 1200), ev("n2", 1500), ev("n3", 700)];
  it("firstEvent: the earliest match from a time on, on any node", () => {
    expect(firstEvent(events, fault, () => true)).toEqual(ev("n3", 700));
    expect(firstEvent(events, fault, (e) => e.node === "n1")).toEqual(ev("n1", 1200));
    expect(firstEvent(events, fault + 2000, () => true)).toBeUndefined();
  });
  it("allNodesEvent: the latest of each node's first match; none when a node has none", () => {
    expect(allNodesEvent(events, ["n1", "n2"], fault, () => true)).toEqual(ev("n1", 1200));
    expect(allNodesEvent(events, ["n1", "n4"], fault, () => true)).toBeUndefined();
  });
});

describe("sampledEvent", () => {
  const event = { node: "n1", kind: "pfail" as const, text: "polling: a peer flagged n1 fail?" };

  it("a figure polling alone saw is an event at the poll's time", () => {
    const figure = eventFigure(1767, undefined, 0);
    expect(sampledEvent(figure, 10_000, event)).toEqual([{ ...event, atMs: 11_767, source: "sampled" }]);
  });

  it("a line taken from the log gives none (the saved logs give it), nor does a figure nobody saw", () => {
    expect(sampledEvent(eventFigure(2000, { atMs: 11_900, node: "n2", text: "Marking node" }, 10_000), 10_000, event)).toEqual([]);
    expect(sampledEvent(eventFigure(null, undefined, 0), 10_000, event)).toEqual([]);
  });

  it("a line not taken (later than polling) leaves the polled time", () => {
    const figure = eventFigure(1000, { atMs: 12_000, node: "n2", text: "late" }, 10_000);
    expect(sampledEvent(figure, 10_000, event)[0]?.atMs).toBe(11_000);
  });
});
