import { describe, expect, it } from "vitest";
import { newRunId, RUN_ID_PATTERN } from "./run-id.ts";

describe("newRunId", () => {
  it("matches RUN_ID_PATTERN and carries the UTC start time", () => {
    const id = newRunId(new Date("2025-03-07T09:05:02.123Z"));
    expect(id).toMatch(RUN_ID_PATTERN);
    expect(id.slice(0, 19)).toBe("fl-20250307-090502-");
    expect(id).toHaveLength(25);
  });

  it("two ids made at the same instant differ", () => {
    const now = new Date("2025-03-07T09:05:02Z");
    const ids = new Set(Array.from({ length: 50 }, () => newRunId(now)));
    expect(ids.size).toBe(50);
  });

  it("ids sort by start time", () => {
    const earlier = newRunId(new Date("2025-12-31T23:59:59Z"));
    const later = newRunId(new Date("2026-01-01T00:00:00Z"));
    expect([later, earlier].sort()).toEqual([earlier, later]);
  });

  it("the default is now", () => {
    const day = () => new Date().toISOString().slice(0, 10).replace(/-/g, "");
    const before = day();
    const id = newRunId();
    const after = day();
    expect(id).toMatch(RUN_ID_PATTERN);
    expect([before, after]).toContain(id.slice(3, 11));
  });
});

describe("RUN_ID_PATTERN", () => {
  it("refuses near misses", () => {
    expect(RUN_ID_PATTERN.test("fl-20250307-090502-abcdef")).toBe(true);
    expect(RUN_ID_PATTERN.test("fl-20250307-090502-ABCDEF")).toBe(false);
    expect(RUN_ID_PATTERN.test("fl-20250307-090502-abcde")).toBe(false);
    expect(RUN_ID_PATTERN.test("fl-2025037-090502-abcdef")).toBe(false);
    expect(RUN_ID_PATTERN.test("xfl-20250307-090502-abcdef")).toBe(false);
    expect(RUN_ID_PATTERN.test("fl-capture")).toBe(false);
  });
});
