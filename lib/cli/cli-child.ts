/**
 * For tests (not imported by product code): the real CLI in a child process, as a user's shell
 * runs it, for what only a whole process shows (its exit code when something calls
 * process.exit, what reaches its stderr). DOCKER_HOST points at a socket that does not exist,
 * so that even a test whose input wrongly got through could not start a container.
 */
import { execFile } from "node:child_process";
import { projectPath } from "../core/paths.ts";

export interface CliOutcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

export const NO_DOCKER = "unix:///nonexistent/faultline-test-no-docker.sock";

export function runCli(
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<CliOutcome> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [projectPath("bin", "faultline.js"), ...args],
      {
        cwd: options.cwd,
        env: { ...process.env, CI: "true", FAULTLINE_PULL: "never", DOCKER_HOST: NO_DOCKER, ...options.env },
        timeout: options.timeoutMs ?? 60_000,
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : null;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
