import { describe, expect, it } from "vitest";
import { controlCharacterIn, printable, printableLine } from "./printable.ts";

describe("printable: user text on a terminal", () => {
  it("escapes ESC, carriage return, NUL, DEL, C1 and bidi overrides as \\uXXXX; keeps newline, tab and other text", () => {
    expect(printable("a\u001b[31mred\u001b[0m")).toBe("a\\u001b[31mred\\u001b[0m");
    expect(printable("ok\rEVIL")).toBe("ok\\u000dEVIL");
    expect(printable("\u0000\u007f\u009b\u202e")).toBe("\\u0000\\u007f\\u009b\\u202e");
    expect(printable("line 1\n\tline 2 é ✓")).toBe("line 1\n\tline 2 é ✓");
  });

  it("printableLine escapes newlines and tabs too", () => {
    expect(printableLine("80M\n")).toBe("80M\\u000a");
    expect(printableLine("a\tb")).toBe("a\\u0009b");
  });

  it("controlCharacterIn finds the first control character, newline and tab included", () => {
    expect(controlCharacterIn("80M\n")).toBe("\n");
    expect(controlCharacterIn("PT3S\r")).toBe("\r");
    expect(controlCharacterIn("a\u001bb")).toBe("\u001b");
    expect(controlCharacterIn("plain value, with spaces")).toBeUndefined();
  });
});
