import { spawn } from "node:child_process";
import type { WriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type Docker from "dockerode";
import { withDeadline } from "../../core/deadline.ts";
import { errorMessage, InfrastructureError } from "../../core/errors.ts";
import { projectPath } from "../../core/paths.ts";
import { isNotFound } from "../docker-client.ts";
import type { Runtime } from "../runtime.ts";
import { type ContextFile, readContext } from "./content-tag.ts";
import { debianMirror } from "./debian-mirror.ts";
import { openPrivateLog } from "./private-log.ts";
import type { ImageEngine } from "./resolve.ts";

const BUILD_TIMEOUT_MS = 20 * 60_000;
const BOOTSTRAP_TIMEOUT_MS = 15 * 60_000;

interface ProgressEvent {
  stream?: string;
  status?: string;
  error?: string;
  errorDetail?: { message?: string };
}

/** Follows a Docker progress stream to its end; an `error` event anywhere fails it, with the output's tail. */
function followProgress(docker: Docker, stream: NodeJS.ReadableStream): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const lines: string[] = [];
    docker.modem.followProgress(
      stream,
      (error: Error | null) => (error ? reject(error) : resolve(lines)),
      (event: ProgressEvent) => {
        const text = (event.stream ?? event.status ?? "").trimEnd();
        if (text) lines.push(...text.split("\n"));
        if (lines.length > 400) lines.splice(0, lines.length - 200);
        if (event.error) reject(new Error(`${event.errorDetail?.message ?? event.error}\n${lines.slice(-25).join("\n")}`));
      },
    );
  });
}

/** Runs a host command, its output into `log` (closed when the command ends), within a deadline. */
function runLogged(
  cmd: string,
  args: string[],
  log: { path: string; stream: WriteStream },
  timeoutMs: number,
  signal: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const logPath = log.path;
    // The run's abort signal (SIGINT, teardown) stops the child too: nothing keeps writing after the run ends.
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"], signal });
    child.stdout.pipe(log.stream, { end: false });
    child.stderr.pipe(log.stream, { end: false });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new InfrastructureError(`\`${cmd}\` did not finish within ${timeoutMs / 1000} s (log: ${logPath})`));
    }, timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      if (signal.aborted) return reject(new InfrastructureError(`\`${cmd}\` stopped: the run is being torn down`));
      reject(new InfrastructureError(`cannot run \`${cmd}\`: ${error.message}. Install it (\`bash scripts/provision-host.sh\`).`));
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      // Resolved once the log is flushed: the caller may remove it, or name it in an error the user reads.
      log.stream.end(() => {
        if (code === 0) resolve();
        else reject(new InfrastructureError(`\`${cmd} ${args.join(" ")}\` exited with ${code} (log: ${logPath})`));
      });
    });
  });
}

/** ImageEngine on a real Docker engine; version checks run in labeled throwaway containers of the runtime. */
export class DockerImageEngine implements ImageEngine {
  readonly #runtime: Runtime;
  readonly #docker: Docker;

  constructor(runtime: Runtime) {
    this.#runtime = runtime;
    this.#docker = runtime.docker;
  }

  async inspect(ref: string): Promise<{ id: string; sizeBytes: number } | undefined> {
    try {
      const info = await this.#docker.getImage(ref).inspect();
      return { id: info.Id, sizeBytes: info.Size };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async pull(ref: string, timeoutMs: number): Promise<void> {
    // The deadline bounds our wait; Docker may finish a slow pull in the background, which is harmless.
    await withDeadline(
      (async () => followProgress(this.#docker, await this.#docker.pull(ref, { abortSignal: this.#runtime.signal })))(),
      timeoutMs,
      `docker pull ${ref}`,
    );
  }

  async build(ref: string, dir: string, files: readonly ContextFile[], buildArgs: Record<string, string>): Promise<void> {
    const context = projectPath("fixtures", "images", dir);
    try {
      const stream = await this.#docker.buildImage(
        { context, src: files.map((f) => f.path) },
        { t: ref, buildargs: buildArgs, rm: true, forcerm: true, labels: { "faultline.image": ref }, abortSignal: this.#runtime.signal },
      );
      await withDeadline(followProgress(this.#docker, stream), BUILD_TIMEOUT_MS, `docker build of ${ref}`);
    } catch (error) {
      throw new InfrastructureError(`build of ${ref} from fixtures/images/${dir} failed: ${errorMessage(error)}`, { cause: error });
    }
  }

  async bootstrap(ref: string, suite: string): Promise<void> {
    if (process.getuid?.() !== 0) {
      throw new InfrastructureError(
        `building ${ref} needs debootstrap as root; run faultline as root once, or make debian:${suite} available to Docker`,
      );
    }
    const mirror = await debianMirror();
    const work = await mkdtemp(join(tmpdir(), `faultline-${suite}-`));
    // Also on the run's teardown: an interrupted run exits before this method's own cleanup.
    this.#runtime.defer(`remove ${work}`, () => rm(work, { recursive: true, force: true }));
    const rootfs = join(work, "rootfs");
    try {
      // The log lives outside the work directory, which is removed whatever happens: in a private
      // directory of its own (never a fixed name in /tmp, see private-log.ts), kept only when debootstrap
      // failed, for the error to name.
      const log = await openPrivateLog(`debootstrap-${suite}`);
      await runLogged("debootstrap", ["--variant=minbase", suite, rootfs, mirror], log, BOOTSTRAP_TIMEOUT_MS, this.#runtime.signal);
      await log.remove();
      const tar = spawn("tar", ["-C", rootfs, "-c", "."], { stdio: ["ignore", "pipe", "inherit"], signal: this.#runtime.signal });
      const [repo, tag] = ref.split(/:(?=[^:/]+$)/);
      const stream = await this.#docker.importImage(tar.stdout, { repo, tag });
      await withDeadline(followProgress(this.#docker, stream), BOOTSTRAP_TIMEOUT_MS, `docker import of ${ref}`);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  readContext(dir: string): Promise<ContextFile[]> {
    return readContext(projectPath("fixtures", "images", dir));
  }

  async runVersion(ref: string, cmd: string[]): Promise<string> {
    const result = await this.#runtime.runToCompletion(ref, cmd, 60_000);
    if (result.exitCode !== 0) {
      throw new InfrastructureError(`\`${cmd.join(" ")}\` in ${ref} exited with ${result.exitCode}: ${result.output.trim().slice(0, 300)}`);
    }
    return result.output;
  }
}
