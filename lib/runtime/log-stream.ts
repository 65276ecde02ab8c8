import { PassThrough } from "node:stream";
import type Docker from "dockerode";

/** Receives a container's output line by line (`--verbose`). */
export type ContainerLogSink = (container: string, line: string) => void;

/** Splits chunks into whole lines; the rest waits for the next chunk (or `flush`). */
export function lineSplitter(onLine: (line: string) => void): { push(chunk: string): void; flush(): void } {
  let rest = "";
  return {
    push(chunk) {
      const parts = (rest + chunk).split(/\r?\n/);
      rest = parts.pop() ?? "";
      for (const p of parts) onLine(p);
    },
    flush() {
      if (rest) onLine(rest);
      rest = "";
    },
  };
}

/**
 * Follows a container's stdout and stderr from `sinceSeconds` (epoch seconds) until it stops
 * or the returned function is called. Errors end the stream quietly: streaming logs is a
 * courtesy of --verbose, never a reason for a run to fail.
 */
export function followLogs(docker: Docker, id: string, name: string, sink: ContainerLogSink, sinceSeconds = 0): () => void {
  let stopped = false;
  let stream: NodeJS.ReadableStream | undefined;
  const lines = lineSplitter((line) => sink(name, line));
  const out = new PassThrough();
  out.on("data", (c: Buffer) => lines.push(c.toString("utf8")));
  docker
    .getContainer(id)
    .logs({ follow: true, stdout: true, stderr: true, since: sinceSeconds })
    .then((s) => {
      stream = s as NodeJS.ReadableStream;
      if (stopped) return destroy(stream);
      docker.modem.demuxStream(stream, out, out);
      stream.on("end", () => lines.flush());
      stream.on("error", () => {});
    })
    .catch(() => {});
  return () => {
    stopped = true;
    if (stream) destroy(stream);
    lines.flush();
  };
}

const destroy = (s: NodeJS.ReadableStream) => (s as unknown as { destroy?: () => void }).destroy?.();
