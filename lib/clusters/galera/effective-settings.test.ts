import { describe, expect, it } from "vitest";
import { effectiveSettingsSql, parseEffectiveSettings, REPORTED_SETTINGS, readEffectiveSettings } from "./effective-settings.ts";

describe("effective settings a Galera run reports", () => {
  it("reports innodb_flush_log_at_trx_commit (PXC's image sets 2, MariaDB's default is 1)", () => {
    expect(REPORTED_SETTINGS).toEqual(["innodb_flush_log_at_trx_commit"]);
    expect(effectiveSettingsSql()).toBe("SELECT @@GLOBAL.innodb_flush_log_at_trx_commit");
    expect(effectiveSettingsSql(["a", "b"])).toBe("SELECT @@GLOBAL.a, @@GLOBAL.b");
  });

  it("reads the client's one tab-separated row, one value per name", () => {
    expect(parseEffectiveSettings("2\n")).toEqual({ innodb_flush_log_at_trx_commit: "2" });
    expect(parseEffectiveSettings("1\t0\n", ["a", "b"])).toEqual({ a: "1", b: "0" });
  });

  it("refuses anything else: no row, two rows, a missing value", () => {
    expect(() => parseEffectiveSettings("")).toThrow(/expected one row of 1 value/);
    expect(() => parseEffectiveSettings("1\n2\n")).toThrow(/got "1\\n2"/);
    expect(() => parseEffectiveSettings("1\n", ["a", "b"])).toThrow(/2 value\(s\) for a, b/);
  });

  it("reads them on one node with one statement; a failed read is recorded with why, never thrown", async () => {
    const asked: string[] = [];
    expect(
      await readEffectiveSettings("n1", async (statement) => {
        asked.push(statement);
        return "2\n";
      }),
    ).toEqual({ node: "n1", values: { innodb_flush_log_at_trx_commit: "2" } });
    expect(asked).toEqual(["SELECT @@GLOBAL.innodb_flush_log_at_trx_commit"]);

    expect(
      await readEffectiveSettings("n1", async () => {
        throw new Error("n1: ERROR 2002 (HY000): Can't connect to local MySQL server");
      }),
    ).toEqual({ node: "n1", values: {}, error: "n1: ERROR 2002 (HY000): Can't connect to local MySQL server" });
    expect((await readEffectiveSettings("n2", async () => "")).error).toMatch(/expected one row/);
  });
});
