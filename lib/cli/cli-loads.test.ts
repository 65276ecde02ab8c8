import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./cli-child.ts";

// vitest loads modules in its own order; only the real entry point shows an import cycle that leaves a binding uninitialized.
describe("the real CLI loads its modules (bin/faultline.js, in a child process)", () => {
  it("faultline config in an empty folder: the defaults, exit 0", async () => {
    const dir = await mkdtemp(join(tmpdir(), "faultline-loads-"));
    try {
      const outcome = await runCli(["config"], { cwd: dir });
      expect(outcome.stderr).toBe("");
      expect(outcome.stdout).toContain("the defaults");
      expect(outcome.code).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
