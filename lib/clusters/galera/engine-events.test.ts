import { describe, expect, it } from "vitest";
import { parseTimedLines } from "../../runtime/timed-lines.ts";
import { galeraEngineEvents, galeraLogParser } from "./engine-events.ts";
import { galeraLogEvents } from "./log-events.ts";

// Lines of n3 from the MariaDB 11.8 isolate-one capture (fixtures/galera/timed-logs/).
const N3 = `2026-12-03T20:18:51.103490519Z 2026-12-03 20:18:51 0 [Note] WSREP: New COMPONENT: primary = no, bootstrap = no, my_idx = 0, memb_num = 1
2026-12-03T20:18:51.103495316Z 2026-12-03 20:18:51 0 [Note] WSREP: Shifting SYNCED -> OPEN (TO: 411)
2026-12-03T20:18:58.123308093Z 2026-12-03 20:18:58 0 [Note] WSREP: New COMPONENT: primary = yes, bootstrap = no, my_idx = 2, memb_num = 3
2026-12-03T20:18:59.016954478Z 2026-12-03 20:18:59 0 [Note] WSREP: Shifting JOINED -> SYNCED (TO: 586)`;

describe("galeraEngineEvents", () => {
  it("non-Primary, Primary with its size, synced: each about the node that logged it", () => {
    const events = galeraEngineEvents(galeraLogEvents("n3", parseTimedLines(N3)));
    expect(events.map((e) => [e.node, e.kind, e.detail])).toEqual([
      ["n3", "non-primary", "1 member"],
      ["n3", "primary", "3 members"],
      ["n3", "synced", undefined],
    ]);
    expect(events[0]).toMatchObject({ source: "log", atMs: Date.parse("2026-12-03T20:18:51.103Z") + 0.490519 });
    expect(events[0]?.text).toBe(
      "2026-12-03 20:18:51 0 [Note] WSREP: New COMPONENT: primary = no, bootstrap = no, my_idx = 0, memb_num = 1",
    );
  });
});

describe("galeraLogParser", () => {
  it("reads the cluster nodes' logs only (not a sidecar's or Toxiproxy's)", () => {
    const parse = galeraLogParser(["n1", "n2", "n3"]);
    expect(parse("n3", parseTimedLines(N3)).length).toBe(3);
    expect(parse("n3-net", parseTimedLines(N3))).toEqual([]);
  });
});
