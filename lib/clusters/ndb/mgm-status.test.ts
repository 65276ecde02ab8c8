import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { memoryBytes, parseAllStatus, parseMemoryUsage } from "./mgm-status.ts";

const fixture = (name: string) => readFileSync(new URL(`../../../fixtures/ndb/${name}`, import.meta.url), "utf8");
const V = "mysql-8.0.41 ndb-8.0.41";

describe("parseAllStatus", () => {
  it("reads both data nodes started", () => {
    expect(parseAllStatus(fixture("all-status.txt"))).toEqual([
      { id: 2, state: "started", version: V },
      { id: 3, state: "started", version: V },
    ]);
  });

  it("reads a data node not connected", () => {
    expect(parseAllStatus(fixture("all-status-one-down.txt"))).toEqual([
      { id: 2, state: "not connected" },
      { id: 3, state: "started", version: V },
    ]);
  });

  it("reads start phases (8.0 and older wording), no contact, and management/API nodes", () => {
    const text = [
      `Node 2: starting (Last completed phase 4) (${V})`,
      `Node 3: shutting down (Last completed phase 2) (${V})`,
      "Node 5: starting (Phase 3) (Version 7.0.9)",
      "Node 6: no contact",
      "Node 1: connected (Version 8.0.41)",
      "Node 4: not connected",
      "4: Node not found",
    ].join("\n");
    expect(parseAllStatus(text)).toEqual([
      { id: 2, state: "starting", lastCompletedPhase: 4, version: V },
      { id: 3, state: "shutting down", lastCompletedPhase: 2, version: V },
      { id: 5, state: "starting", lastCompletedPhase: 3, version: "7.0.9" },
      { id: 6, state: "not connected" },
      { id: 1, state: "connected", version: "8.0.41" },
      { id: 4, state: "not connected" },
    ]);
  });
});

describe("parseMemoryUsage", () => {
  it("reads ALL REPORT MEMORYUSAGE: data and index usage per data node", () => {
    const usage = parseMemoryUsage(fixture("memoryusage.txt"));
    expect(usage).toHaveLength(4);
    expect(usage[0]).toEqual({ node: 2, memory: "Data", trend: "is", percent: 5, usedPages: 177, pageSizeKb: 32, totalPages: 3200 });
    expect(usage[1]).toEqual({ node: 2, memory: "Index", trend: "is", percent: 0, usedPages: 108, pageSizeKb: 8, totalPages: 12832 });
    expect(usage.map((u) => u.node)).toEqual([2, 2, 3, 3]);
    expect(memoryBytes(usage[0] as (typeof usage)[0])).toEqual({ used: 177 * 32 * 1024, total: 3200 * 32 * 1024 });
  });

  it("reads the cluster log's MemoryUsage events (increased to / decreased to)", () => {
    const text = [
      "2026-11-27 14:30:00 [MgmtSrvr] INFO     -- Node 2: Data usage increased to 80%(2560 32K pages of total 3200)",
      "2026-11-27 14:31:00 [MgmtSrvr] INFO     -- Node 2: Data usage decreased to 70%(2240 32K pages of total 3200)",
      "2026-11-27 14:31:00 [MgmtSrvr] INFO     -- Node 2: Started (mysql-8.0.41 ndb-8.0.41)",
    ].join("\n");
    expect(parseMemoryUsage(text).map((u) => [u.trend, u.percent, u.usedPages])).toEqual([
      ["increased to", 80, 2560],
      ["decreased to", 70, 2240],
    ]);
  });
});
