import { describe, expect, it } from "vitest";
import { completedOps, elementOf, listOfText, registerValueOf } from "./txn-values.ts";

describe("listOfText: a list-append row's comma-joined TEXT as the list it holds", () => {
  it("a missing row or NULL is the empty list", () => {
    expect(listOfText(undefined)).toEqual([]);
    expect(listOfText(null)).toEqual([]);
    expect(listOfText("")).toEqual([]);
  });
  it("splits the elements and reads whole numbers as numbers, in order", () => {
    expect(listOfText("1")).toEqual([1]);
    expect(listOfText("3,1,2")).toEqual([3, 1, 2]);
    expect(listOfText(Buffer.from("4,5"))).toEqual([4, 5]);
  });
  it("keeps what is not a whole number as text, and duplicates as they are: the checker judges them", () => {
    expect(listOfText("1,x,2")).toEqual([1, "x", 2]);
    expect(listOfText("1,,2")).toEqual([1, "", 2]);
    expect(listOfText("2,2")).toEqual([2, 2]);
  });
});

describe("elementOf and registerValueOf", () => {
  it("read Redis's strings and SQL's cells", () => {
    expect(elementOf("17")).toBe(17);
    expect(elementOf("-3")).toBe(-3);
    expect(elementOf("1e3")).toBe("1e3");
    expect(registerValueOf(undefined)).toBeNull();
    expect(registerValueOf(null)).toBeNull();
    expect(registerValueOf(9n)).toBe(9);
    expect(registerValueOf("12")).toBe(12);
    expect(registerValueOf(5)).toBe(5);
  });
});

describe("completedOps", () => {
  it("fills each read with its result and keeps writes", () => {
    expect(
      completedOps(
        [
          ["r", 1, null],
          ["append", 1, 3],
          ["r", 2, null],
        ],
        [[1, 2], undefined, []],
      ),
    ).toEqual([
      ["r", 1, [1, 2]],
      ["append", 1, 3],
      ["r", 2, []],
    ]);
    expect(completedOps([["r", "k", null]], [undefined])).toEqual([["r", "k", null]]);
  });
  it("refuses a result count that does not match (a workload bug)", () => {
    expect(() => completedOps([["r", 1, null]], [])).toThrow(/0 results for 1 micro-ops/);
  });
});
