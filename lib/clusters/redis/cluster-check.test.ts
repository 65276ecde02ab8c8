import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseClusterCheck } from "./cluster-check.ts";

const fixture = (path: string) => readFileSync(new URL(`../../../fixtures/redis/${path}`, import.meta.url), "utf8");

describe("parseClusterCheck on real Redis 8.0 output", () => {
  it("reads a healthy cluster", () => {
    expect(parseClusterCheck(fixture("redis-8.0/cluster-check-ok.txt"))).toEqual({
      ok: true,
      slotsCovered: true,
      agreeConfig: true,
      openSlots: [],
      errors: [],
    });
  });

  it("reads a cluster where slot 0 was deleted on its master", () => {
    expect(parseClusterCheck(fixture("redis-8.0/cluster-check-uncovered.txt"))).toEqual({
      ok: false,
      slotsCovered: false,
      agreeConfig: false,
      openSlots: [],
      errors: ["Nodes don't agree about configuration!", "Not all 16384 slots are covered by nodes."],
    });
  });

  it("reads open (migrating/importing) slots as warnings, not errors", () => {
    expect(parseClusterCheck(fixture("redis-8.0/cluster-check-open-slots.txt"))).toEqual({
      ok: true,
      slotsCovered: true,
      agreeConfig: true,
      openSlots: [93, 7000],
      errors: [],
    });
  });
});

describe("parseClusterCheck on constructed output", () => {
  const ok = "[OK] All nodes agree about slots configuration.\n>>> Check for open slots...\n>>> Check slots coverage...\n";

  it("takes open slots from per-node warnings even without the summary line, several per line", () => {
    const text = `${ok.replace(">>> Check slots", "[WARNING] Node 10.0.0.1:6379 has slots in importing state 12,5,12.\n>>> Check slots")}[OK] All 16384 slots covered.\n`;
    expect(parseClusterCheck(text).openSlots).toEqual([5, 12]);
  });

  it("strips terminal colour codes and CRLF", () => {
    const text = `\x1b[32;1m[OK] All nodes agree about slots configuration.\x1b[0m\r\n\x1b[32;1m[OK] All 16384 slots covered.\x1b[0m\r\n`;
    expect(parseClusterCheck(text)).toEqual({ ok: true, slotsCovered: true, agreeConfig: true, openSlots: [], errors: [] });
  });

  it("treats output without a coverage verdict as not covered", () => {
    const result = parseClusterCheck(ok);
    expect(result.slotsCovered).toBe(false);
    expect(result.agreeConfig).toBe(true);
    expect(result.ok).toBe(true);
  });

  it("reports any [ERR] line, e.g. a node that is not in cluster mode", () => {
    const result = parseClusterCheck("[ERR] Node 10.0.0.1:6379 is not configured as a cluster node.\n");
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual(["Node 10.0.0.1:6379 is not configured as a cluster node."]);
    expect(result.slotsCovered).toBe(false);
    expect(result.agreeConfig).toBe(false);
  });

  it("does not count an [ERR] coverage line as covered even if an [OK] line is also present", () => {
    const result = parseClusterCheck("[OK] All 16384 slots covered.\n[ERR] Not all 16384 slots are covered by nodes.\n");
    expect(result.slotsCovered).toBe(false);
  });

  it.each([
    ["empty output", "", /no \[OK\]\/\[ERR\]\/\[WARNING\] line/],
    [
      "a connection error",
      "Could not connect to Redis at 10.0.0.1:6379: Connection refused\n",
      /"Could not connect to Redis at 10\.0\.0\.1:6379/,
    ],
  ])("rejects %s", (_name, text, message) => {
    expect(() => parseClusterCheck(text)).toThrow(message);
  });

  it("rejects a non-numeric open slot", () => {
    expect(() => parseClusterCheck("[WARNING] The following slots are open: 93,x.\n")).toThrow(/slot "x" .* is not a number/);
  });
});
