import { describe, expect, it } from "vitest";
import { badInput } from "../core/testing.ts";
import { intFlag } from "./options.ts";

describe("intFlag", () => {
  it("gives the fallback when the flag is absent", () => {
    expect(intFlag("masters", undefined, 3)).toBe(3);
  });

  it("parses whole numbers, signed and padded", () => {
    expect(intFlag("masters", "5", 3)).toBe(5);
    expect(intFlag("masters", "0", 3)).toBe(0);
    expect(intFlag("offset", "-2", 0)).toBe(-2);
    expect(intFlag("masters", " 7 ", 3)).toBe(7);
    expect(intFlag("masters", "007", 3)).toBe(7);
  });

  it.each(["2.5", "abc", "", "  ", "1e3", "0x10", "5 nodes", "+-1"])("refuses %j naming the flag and the fix", (value) => {
    const error = badInput(() => intFlag("replicas", value, 1));
    expect(error.field).toBe("--replicas");
    expect(error.message).toBe(`--replicas: "${value}" is not a whole number. Give --replicas a number, e.g. --replicas 1.`);
    expect(error.exitCode).toBe(2);
  });
});
