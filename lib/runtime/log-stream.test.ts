import { describe, expect, it } from "vitest";
import { lineSplitter } from "./log-stream.ts";

const collect = () => {
  const lines: string[] = [];
  return { lines, splitter: lineSplitter((line) => lines.push(line)) };
};

describe("lineSplitter", () => {
  it("gives whole lines; a line split across chunks comes out once it is complete", () => {
    const { lines, splitter } = collect();
    splitter.push("ab");
    expect(lines).toEqual([]);
    splitter.push("c\nde");
    expect(lines).toEqual(["abc"]);
    splitter.push("f\ng\nh");
    expect(lines).toEqual(["abc", "def", "g"]);
  });

  it("takes \\r\\n as a line end, also when the \\r and the \\n come in different chunks", () => {
    const { lines, splitter } = collect();
    splitter.push("one\r\ntwo\r");
    expect(lines).toEqual(["one"]);
    splitter.push("\nthree\n");
    expect(lines).toEqual(["one", "two", "three"]);
  });

  it("keeps empty lines", () => {
    const { lines, splitter } = collect();
    splitter.push("a\n\nb\n");
    expect(lines).toEqual(["a", "", "b"]);
  });

  it("flush gives the partial last line, once", () => {
    const { lines, splitter } = collect();
    splitter.push("ready\npartial");
    splitter.flush();
    expect(lines).toEqual(["ready", "partial"]);
    splitter.flush();
    expect(lines).toEqual(["ready", "partial"]);
    splitter.push("next\n");
    expect(lines).toEqual(["ready", "partial", "next"]);
  });

  it("flush gives nothing when the last chunk ended a line", () => {
    const { lines, splitter } = collect();
    splitter.push("done\n");
    splitter.flush();
    expect(lines).toEqual(["done"]);
  });
});
