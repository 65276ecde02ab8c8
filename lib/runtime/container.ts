import type Docker from "dockerode";
import { errorMessage } from "../core/errors.ts";
import type { ContainerFile } from "./container-files.ts";
import { isGoneOrGoing } from "./docker-client.ts";
import { type ExecResult, execIn } from "./exec.ts";
import type { Labels } from "./labels.ts";
import type { RunNetwork } from "./network.ts";
import type { Runtime } from "./runtime.ts";
import { parseTimedLines, type TimedLine } from "./timed-lines.ts";

/** What a container is made of, assembled by ContainerBuilder. */
export interface ContainerSpec {
  image: string;
  name: string;
  role: string;
  cmd?: string[];
  entrypoint?: string[];
  env: Record<string, string>;
  labels: Labels;
  network?: { network: RunNetwork; ip: string; aliases: string[] };
  /** Join another container's network namespace (`--network container:<id>`). */
  networkOf?: StartedContainer;
  capAdd: string[];
  init: boolean;
  tmpfs: Record<string, string>;
  /** Put into the container between create and start (TLS material, config fragments). */
  files: ContainerFile[];
}

/**
 * testcontainers' shape: a builder with `withX(): this`, and `start()` returning a separate
 * handle. Each started container is registered on the run's disposal stack before it starts,
 * so an interruption between create and start still removes it.
 */
export class ContainerBuilder {
  readonly #spec: ContainerSpec;

  constructor(image: string, name: string) {
    this.#spec = { image, name, role: "node", env: {}, labels: {}, capAdd: [], init: false, tmpfs: {}, files: [] };
  }

  withRole(role: string): this {
    this.#spec.role = role;
    return this;
  }
  withCommand(cmd: string[]): this {
    this.#spec.cmd = cmd;
    return this;
  }
  withEntrypoint(entrypoint: string[]): this {
    this.#spec.entrypoint = entrypoint;
    return this;
  }
  withEnv(env: Record<string, string>): this {
    Object.assign(this.#spec.env, env);
    return this;
  }
  withLabels(labels: Labels): this {
    Object.assign(this.#spec.labels, labels);
    return this;
  }
  withNetwork(network: RunNetwork, ip: string, aliases: string[] = []): this {
    this.#spec.network = { network, ip, aliases };
    return this;
  }
  withNetworkOf(container: StartedContainer): this {
    this.#spec.networkOf = container;
    return this;
  }
  withCapAdd(...caps: string[]): this {
    this.#spec.capAdd.push(...caps);
    return this;
  }
  /** Run an init as PID 1 so SIGTERM reaches processes that do not handle it themselves. */
  withInit(): this {
    this.#spec.init = true;
    return this;
  }
  withTmpfs(path: string, options = "rw"): this {
    this.#spec.tmpfs[path] = options;
    return this;
  }
  /** Files written into the container before it starts (mode 0644 and owner root unless given). */
  withFiles(files: readonly ContainerFile[]): this {
    this.#spec.files.push(...files);
    return this;
  }

  get spec(): Readonly<ContainerSpec> {
    return this.#spec;
  }

  start(runtime: Runtime): Promise<StartedContainer> {
    return runtime.startContainer(this.#spec);
  }
}

export function createOptions(spec: ContainerSpec, labels: Labels): Docker.ContainerCreateOptions {
  const networkMode = spec.networkOf ? `container:${spec.networkOf.id}` : spec.network?.network.name;
  return {
    name: spec.name,
    Image: spec.image,
    ...(spec.cmd ? { Cmd: spec.cmd } : {}),
    ...(spec.entrypoint ? { Entrypoint: spec.entrypoint } : {}),
    Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
    Labels: labels,
    HostConfig: {
      ...(networkMode ? { NetworkMode: networkMode } : { NetworkMode: "none" }),
      CapAdd: spec.capAdd,
      Init: spec.init,
      Tmpfs: spec.tmpfs,
    },
    ...(spec.network && !spec.networkOf
      ? {
          NetworkingConfig: {
            EndpointsConfig: {
              [spec.network.network.name]: { IPAMConfig: { IPv4Address: spec.network.ip }, Aliases: spec.network.aliases },
            },
          },
        }
      : {}),
  };
}

/** A created and started container of this run. */
export class StartedContainer implements AsyncDisposable {
  readonly #docker: Docker;
  readonly id: string;
  readonly name: string;
  readonly role: string;
  /** Called after each start again (the runtime follows its logs anew). */
  onStarted: (() => void) | undefined;
  /** Its address on the run network (for one sharing a namespace: that namespace's address). */
  readonly ip: string | undefined;

  constructor(docker: Docker, id: string, spec: ContainerSpec) {
    this.#docker = docker;
    this.id = id;
    this.name = spec.name;
    this.role = spec.role;
    this.ip = spec.networkOf?.ip ?? spec.network?.ip;
  }

  exec(cmd: string[], timeoutMs?: number): Promise<ExecResult> {
    return execIn(this.#docker, this.id, cmd, timeoutMs);
  }

  /** Last lines of the container's output, for diagnosing a node that did not come up. */
  async logs(tail: number | "all" = 50): Promise<string> {
    try {
      const buffer = (await this.#docker.getContainer(this.id).logs({
        stdout: true,
        stderr: true,
        tail: tail === "all" ? undefined : tail,
        timestamps: tail === "all",
        follow: false,
      })) as unknown as Buffer;
      return demuxLogs(buffer);
    } catch (error) {
      return `(logs unavailable: ${errorMessage(error)})`;
    }
  }

  /**
   * The container's output since `sinceMs` (epoch ms) with Docker's timestamps, as timed lines:
   * when an engine logged an event, in its own words. Docker's `since` takes whole seconds, so
   * the lines are cut to `sinceMs` here.
   */
  async timedLogs(sinceMs = 0): Promise<TimedLine[]> {
    const buffer = (await this.#docker.getContainer(this.id).logs({
      stdout: true,
      stderr: true,
      timestamps: true,
      follow: false,
      since: Math.max(0, Math.floor(sinceMs / 1000) - 1),
    })) as unknown as Buffer;
    return parseTimedLines(demuxLogs(buffer)).filter((l) => l.atMs >= sinceMs);
  }

  async running(): Promise<boolean> {
    const info = await this.#docker.getContainer(this.id).inspect();
    return info.State.Running;
  }

  /** SIGKILL (or another signal) to the container's main process. */
  async kill(signal = "SIGKILL"): Promise<void> {
    await this.#docker.getContainer(this.id).kill({ signal });
  }

  /** Starts it again after kill or stop; it keeps its name, address and namespace. */
  async startAgain(): Promise<void> {
    await this.#docker.getContainer(this.id).start();
    this.onStarted?.();
  }

  /** SIGTERM, then SIGKILL after `graceSeconds`. */
  async stop(graceSeconds = 10): Promise<void> {
    await this.#docker.getContainer(this.id).stop({ t: graceSeconds });
  }

  /** Freezes every process (cgroup freezer: SIGSTOP-like, the kernel still holds its sockets). */
  async pause(): Promise<void> {
    await this.#docker.getContainer(this.id).pause();
  }

  async unpause(): Promise<void> {
    await this.#docker.getContainer(this.id).unpause();
  }

  async restart(graceSeconds = 10): Promise<void> {
    await this.#docker.getContainer(this.id).restart({ t: graceSeconds });
    this.onStarted?.();
  }

  /** Force-removes the container and its anonymous volumes; already gone counts as done. */
  remove(): Promise<void> {
    return removeContainer(this.#docker, this.id);
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.remove();
  }
}

/** Force-removes a container and its anonymous volumes; already gone counts as done. */
export async function removeContainer(docker: Docker, id: string): Promise<void> {
  try {
    await docker.getContainer(id).remove({ force: true, v: true });
  } catch (error) {
    if (!isGoneOrGoing(error)) throw error;
  }
}

/** Docker multiplexes stdout/stderr in 8-byte-framed chunks when there is no TTY. */
export function demuxLogs(buffer: Buffer): string {
  const first = buffer[0];
  if (buffer.length < 8 || (first !== 0 && first !== 1 && first !== 2)) return buffer.toString("utf8");
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const kind = buffer[offset];
    if (kind !== 0 && kind !== 1 && kind !== 2) return buffer.toString("utf8");
    const size = buffer.readUInt32BE(offset + 4);
    parts.push(buffer.subarray(offset + 8, offset + 8 + size));
    offset += 8 + size;
  }
  return Buffer.concat(parts).toString("utf8");
}
