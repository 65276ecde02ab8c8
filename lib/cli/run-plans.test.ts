import { describe, expect, it } from "vitest";
import { badInput } from "../core/testing.ts";
import { checkRepeat } from "./run-plans.ts";

describe("checkRepeat", () => {
  it("once when not given", () => {
    expect(checkRepeat(undefined)).toBe(1);
  });

  it("a whole number from 1 to 1000, from the command line (text) or the config file (number)", () => {
    expect(checkRepeat("3")).toBe(3);
    expect(checkRepeat(3)).toBe(3);
    expect(checkRepeat("1")).toBe(1);
    expect(checkRepeat(1000)).toBe(1000);
    expect(checkRepeat("1000")).toBe(1000);
  });

  it("anything else is bad input naming --repeat and the value", () => {
    for (const value of ["0", "1001", "2.5", "x", "", "1e2", "0x10", " 3 ", -1, 0, 1001, 2.5, Number.NaN]) {
      const error = badInput(() => checkRepeat(value));
      expect(error.field).toBe("--repeat");
      expect(error.message).toContain("is not a whole number from 1 to 1000");
    }
    expect(badInput(() => checkRepeat("2.5")).message).toContain('"2.5"');
    expect(badInput(() => checkRepeat(-1)).message).toContain("--repeat: -1 is not");
  });
});
