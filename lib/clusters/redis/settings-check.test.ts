import { describe, expect, it } from "vitest";
import { configError } from "./settings-check.ts";

// Captured from redis-server 7.0.15 (Debian bookworm) started with a bad --set.
const BAD_DIRECTIVE = `
*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***
Reading the configuration file, at line 3
>>> 'no-such-thing "1"'
Bad directive or wrong number of arguments
`;
const BAD_VALUE = `
*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***
Reading the configuration file, at line 3
>>> 'maxmemory "lots"'
argument must be a memory value
`;

describe("configError", () => {
  it("quotes the server's reason for refusing a setting", () => {
    expect(configError(BAD_DIRECTIVE)).toBe(`at 'no-such-thing "1"': Bad directive or wrong number of arguments`);
    expect(configError(BAD_VALUE)).toBe(`at 'maxmemory "lots"': argument must be a memory value`);
  });

  it("is undefined when the server accepted its configuration", () => {
    expect(configError("1:M 27 Nov 2026 16:00:00.000 * Ready to accept connections tcp\n")).toBeUndefined();
  });
});
