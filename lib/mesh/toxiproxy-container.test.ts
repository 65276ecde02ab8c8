import { describe, expect, it } from "vitest";
import { parseVersion } from "./toxiproxy-container.ts";

describe("parseVersion", () => {
  it("reads Toxiproxy 2.12's JSON answer and older plain-text ones", () => {
    expect(parseVersion('{"version": "2.12.0"}')).toBe("2.12.0");
    expect(parseVersion("2.1.4\n")).toBe("2.1.4");
    expect(parseVersion('{"other": 1}')).toBe('{"other": 1}');
  });
});
