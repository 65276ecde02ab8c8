import { PassThrough } from "node:stream";
import type Docker from "dockerode";
import { withDeadline } from "../core/deadline.ts";

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs a command in a running container and collects its output, within a deadline. */
export async function execIn(docker: Docker, containerId: string, cmd: string[], timeoutMs = 30_000): Promise<ExecResult> {
  const run = async (): Promise<ExecResult> => {
    const exec = await docker.getContainer(containerId).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
    const stream = await exec.start({ hijack: true, stdin: false });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const stdout = new PassThrough().on("data", (c: Buffer) => out.push(c));
    const stderr = new PassThrough().on("data", (c: Buffer) => err.push(c));
    docker.modem.demuxStream(stream, stdout, stderr);
    await new Promise<void>((resolve, reject) => {
      stream.on("end", resolve);
      stream.on("close", resolve);
      stream.on("error", reject);
    });
    const info = await exec.inspect();
    return {
      exitCode: info.ExitCode ?? -1,
      stdout: Buffer.concat(out).toString("utf8"),
      stderr: Buffer.concat(err).toString("utf8"),
    };
  };
  return withDeadline(run(), timeoutMs, `\`${cmd.join(" ")}\` to finish in container ${containerId.slice(0, 12)}`);
}
