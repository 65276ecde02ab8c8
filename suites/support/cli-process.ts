import { type ChildProcess, spawn } from "node:child_process";
import { pollUntil } from "../../lib/core/deadline.ts";
import { projectPath } from "../../lib/core/paths.ts";

/** A `faultline` child process whose output can be waited on, as a user's terminal would see it. */
export interface CliProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `pattern` in stdout+stderr, or fails naming what it waited for. */
  waitForOutput(pattern: RegExp, what: string, timeoutMs: number): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startCli(args: string[], env: NodeJS.ProcessEnv = {}): CliProcess {
  const child = spawn(process.execPath, [projectPath("bin", "faultline.js"), ...args], {
    cwd: projectPath(),
    env: { ...process.env, FAULTLINE_PULL: process.env.FAULTLINE_PULL ?? "never", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout?.on("data", (c: Buffer) => {
    out += c.toString();
  });
  child.stderr?.on("data", (c: Buffer) => {
    err += c.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitForOutput: (pattern, what, timeoutMs) =>
      pollUntil(
        async () => {
          const match = (out + err).match(pattern);
          if (match) return { done: true, value: match };
          return { done: false, reason: `output so far: ${(out + err).slice(-400)}` };
        },
        { what, timeoutMs, intervalMs: 50 },
      ),
  };
}

/** Waits for the process to exit, failing (and killing it) when it takes longer than `timeoutMs`. */
export async function exitOf(cli: CliProcess, timeoutMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      cli.child.kill("SIGKILL");
      reject(new Error(`faultline did not exit within ${timeoutMs} ms; stderr: ${cli.stderr().slice(-800)}`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([cli.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
