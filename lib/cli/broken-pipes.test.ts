import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { projectPath } from "../core/paths.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/**
 * A child shaped like a run: a crash handler that reports on stderr (as withRuntime's does),
 * output written after its reader is gone, then asynchronous I/O (a teardown) before it exits.
 * Returns its exit code, or null when it had not exited by the deadline (it was killed).
 */
function runChild(guard: boolean, marker: string, deadlineMs: number): Promise<number | null> {
  const script = `
    import { writeFile } from "node:fs/promises";
    const { ignoreBrokenPipes } = await import(${JSON.stringify(projectPath("lib", "cli", "broken-pipes.ts"))});
    if (${guard}) ignoreBrokenPipes();
    process.on("uncaughtException", (e) => { process.stderr.write("crashed: " + e.message + "\\n"); });
    setTimeout(() => { for (let i = 0; i < 5; i++) { process.stdout.write("result\\n"); process.stderr.write("progress\\n"); } }, 300);
    setTimeout(async () => { await writeFile(${JSON.stringify(marker)}, "torn down"); process.exit(0); }, 800);
  `;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "pipe"] });
  // The reader goes away before the child writes anything.
  child.stdout.destroy();
  child.stderr.destroy();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
    }, deadlineMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

describe("ignoreBrokenPipes", () => {
  it("a process whose stdout and stderr readers are gone still reaches its teardown and exits", async () => {
    const dir = mkdtempSync(join(tmpdir(), "faultline-pipes-"));
    dirs.push(dir);
    const marker = join(dir, "teardown");
    // Without the guard the crash handler feeds itself and this child spins until killed (checked by hand, exit null).
    expect(await runChild(true, marker, 20_000)).toBe(0);
    expect(existsSync(marker)).toBe(true);
  }, 30_000);
});
