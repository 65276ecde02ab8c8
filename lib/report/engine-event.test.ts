import { describe, expect, it } from "vitest";
import { type EngineEvent, eventsJsonl, onHistoryClock, parseEventsJsonl } from "./engine-event.ts";

describe("onHistoryClock", () => {
  it("puts epoch times on the history's clock, in ns from its zero, sorted", () => {
    const origin = Date.UTC(2026, 11, 4, 10, 0, 0);
    const events = onHistoryClock(
      [
        { node: "n3", kind: "promoted", atMs: origin + 6200.25, source: "log", text: "Failover election won: I'm the new master." },
        { node: "n1", kind: "pfail", atMs: origin + 5000, source: "sampled", text: "n1 flagged fail? by a peer" },
        { node: "n1", kind: "fail", atMs: origin + 5500, source: "log", reporter: "n2", text: "Marking node ... as failing" },
      ],
      origin,
    );
    expect(events.map((e) => [e.kind, e.time])).toEqual([
      ["pfail", 5_000_000_000],
      ["fail", 5_500_000_000],
      ["promoted", 6_200_250_000],
    ]);
  });

  it("an event before the history started gets a negative time (the timeline leaves it out)", () => {
    expect(onHistoryClock([{ node: "n1", kind: "cluster-ok", atMs: 900, source: "log", text: "" }], 1000)[0]?.time).toBe(-100_000_000);
  });
});

describe("events.jsonl", () => {
  it("round-trips, and skips lines that are not events", () => {
    const event: EngineEvent = {
      node: "n3",
      kind: "non-primary",
      atMs: 1,
      time: 2,
      source: "log",
      detail: "1 member",
      text: "New COMPONENT: primary = no",
    };
    const text = `${eventsJsonl([event])}not json\n{"node":"n1"}\n\n`;
    expect(parseEventsJsonl(text)).toEqual([event]);
  });
});
