import { describe, expect, it } from "vitest";
import { BadInputError } from "../../core/errors.ts";
import { rejection } from "../../core/testing.ts";
import type { ResolvedImage } from "../../runtime/images.ts";
import type { Runtime } from "../../runtime/runtime.ts";
import { checkSettingsWithServer, configError } from "./settings-check.ts";

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

describe("checkSettingsWithServer: an unknown --set name or a bad value is bad input in the server's words", () => {
  const image: ResolvedImage = {
    name: "redis-7.0",
    ref: "redis:7.0",
    id: "sha256:0",
    source: "official",
    action: "present",
    engineVersion: "7.0.15",
    sizeBytes: 0,
  };
  /** A runtime whose throwaway server prints `output` (no Docker), recording the command it was given. */
  const serverSaying = (output: string) => {
    const commands: string[][] = [];
    const runtime = {
      runToCompletion: async (_image: string, cmd: string[]) => {
        commands.push(cmd);
        return { exitCode: 1, output };
      },
    } as unknown as Runtime;
    return { runtime, commands };
  };
  const binaries = { server: "redis-server", cli: "redis-cli" };

  it("a secret's value the server echoes is redacted in the message", async () => {
    const { runtime } = serverSaying(BAD_DIRECTIVE.replace("'no-such-thing \"1\"'", "'tls-key-file-pass \"s3cret-pw\"'"));
    const e = (await rejection(checkSettingsWithServer(runtime, image, binaries, { "tls-key-file-pass": "s3cret-pw" }))) as BadInputError;
    expect(e).toBeInstanceOf(BadInputError);
    expect(e.message).toContain('tls-key-file-pass "<redacted>"');
    expect(e.message).not.toContain("s3cret-pw");
  });

  it("an unknown setting name: the flag and target, what the server found", async () => {
    const { runtime, commands } = serverSaying(BAD_DIRECTIVE);
    const e = (await rejection(checkSettingsWithServer(runtime, image, binaries, { "no-such-thing": "1" }))) as BadInputError;
    expect(e).toBeInstanceOf(BadInputError);
    expect(e.exitCode).toBe(2);
    expect(e.field).toBe("--set (redis-7.0)");
    expect(e.message).toBe(
      `--set (redis-7.0): redis-server 7.0.15 refuses the settings: at 'no-such-thing "1"': Bad directive or wrong number of arguments. Check each setting's name and value for this target.`,
    );
    expect(commands).toEqual([["timeout", "2", "redis-server", "--port", "0", "--no-such-thing", "1"]]);
  });

  it("a value of the wrong kind", async () => {
    const { runtime } = serverSaying(BAD_VALUE);
    const error = await rejection(checkSettingsWithServer(runtime, image, binaries, { maxmemory: "lots" }));
    expect(error).toBeInstanceOf(BadInputError);
    expect((error as BadInputError).message).toContain(`refuses the settings: at 'maxmemory "lots"': argument must be a memory value`);
  });

  it("settings the server accepts, and no settings at all (no server is asked)", async () => {
    const ok = serverSaying("1:M * Ready to accept connections tcp\n");
    await expect(checkSettingsWithServer(ok.runtime, image, binaries, { appendfsync: "always" })).resolves.toBeUndefined();
    const none = serverSaying(BAD_DIRECTIVE);
    await expect(checkSettingsWithServer(none.runtime, image, binaries, {})).resolves.toBeUndefined();
    expect(none.commands).toEqual([]);
  });
});
