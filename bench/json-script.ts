import { spawn } from "node:child_process";

/**
 * Runs a baseline shell script (`bash <script> <args>`) and parses the JSON object on its last
 * line of output. On timeout it gets SIGTERM, so its trap removes what it created; a non-zero
 * exit or a last line that is not JSON rejects with what it printed.
 */
export function runJsonScript(script: string, args: readonly string[], timeoutMs: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", [script, ...args], { stdio: ["ignore", "pipe", "pipe"], timeout: timeoutMs });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      const line = stdout.trim().split("\n").at(-1) ?? "";
      if (code !== 0 || !line.startsWith("{")) {
        reject(new Error(`${script} exited ${code ?? signal}: ${stderr.trim() || stdout.trim()}`));
        return;
      }
      resolve(JSON.parse(line));
    });
  });
}
