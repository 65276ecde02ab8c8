import type Docker from "dockerode";
import { withDeadline } from "../core/deadline.ts";
import { DisposalStack } from "../core/disposal-stack.ts";
import { errorMessage, InfrastructureError } from "../core/errors.ts";
import { type Logger, silentLogger } from "../core/logger.ts";
import { currentProcessIdentity, type ProcessIdentity } from "../core/process-identity.ts";
import { newRunId } from "../core/run-id.ts";
import { type ContainerSpec, createOptions, demuxLogs, removeContainer, StartedContainer } from "./container.ts";
import { tarOf } from "./container-files.ts";
import { checkEngine, createDockerClient, isGoneOrGoing } from "./docker-client.ts";
import { type Labels, ROLE_LABEL, runLabels } from "./labels.ts";
import { type ContainerLogSink, followLogs } from "./log-stream.ts";
import { dnsSafeName } from "./names.ts";
import { createRunNetwork, type NetworkOptions, type RunNetwork } from "./network.ts";
import { formatCidr } from "./subnets.ts";
import { listRunResources, type RemovalReport, removeResources } from "./sweep.ts";

export interface RuntimeOptions {
  runId?: string;
  docker?: Docker;
  logger?: Logger;
  /** Every container's output, line by line, as it runs (--verbose). */
  containerLogs?: ContainerLogSink;
}

/**
 * One run's hold on Docker: the only place that creates containers and networks, each
 * labeled with the run id and owner, each pushed on a disposal stack. Disposal tears down in
 * reverse order, then sweeps the run's label so that a resource whose create call was still
 * in flight when the run was interrupted is removed too.
 */
export class Runtime implements AsyncDisposable {
  readonly runId: string;
  readonly docker: Docker;
  readonly logger: Logger;
  readonly owner: ProcessIdentity;
  readonly #stack = new DisposalStack();
  readonly #abort = new AbortController();
  readonly #inFlight = new Set<Promise<unknown>>();
  #closing: Promise<RemovalReport> | undefined;
  /** Prefix of resource names: the run id, plus a scope name for a child. */
  readonly #prefix: string;
  /** Only the root sweeps the run's label at the end: a child would remove its parent's resources. */
  readonly #root: boolean;

  readonly #containerLogs: ContainerLogSink | undefined;

  private constructor(runId: string, docker: Docker, logger: Logger, prefix = runId, root = true, containerLogs?: ContainerLogSink) {
    this.runId = runId;
    this.#containerLogs = containerLogs;
    this.docker = docker;
    this.logger = logger;
    this.owner = currentProcessIdentity();
    this.#prefix = prefix;
    this.#root = root;
  }

  /**
   * A scope of this run (one scenario's cluster): same run id and labels, its own teardown, so
   * its resources go when it closes while the run goes on. The parent closes it at the latest.
   */
  child(scope: string): Runtime {
    this.#ensureOpen();
    const child = new Runtime(this.runId, this.docker, this.logger, `${this.#prefix}-${scope}`, false, this.#containerLogs);
    const abort = () => child.#abort.abort(this.#abort.signal.reason);
    this.#abort.signal.addEventListener("abort", abort, { once: true });
    this.defer(`scope ${scope}`, async () => {
      await child.close();
    });
    return child;
  }

  static async open(options: RuntimeOptions = {}): Promise<Runtime> {
    const docker = options.docker ?? createDockerClient();
    await checkEngine(docker);
    return new Runtime(options.runId ?? newRunId(), docker, options.logger ?? silentLogger, undefined, true, options.containerLogs);
  }

  /** Aborted when the run is being torn down: long waits pass it on and stop early. */
  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  labels(role: string, extra: Labels = {}): Labels {
    return runLabels(this.runId, this.owner, { ...extra, [ROLE_LABEL]: role });
  }

  /** Registers a teardown step of the caller's (run in reverse order with the rest). */
  defer(name: string, dispose: () => Promise<void> | void): void {
    this.#stack.defer(name, dispose);
  }

  async createNetwork(suffix: string, options: Partial<NetworkOptions> = {}): Promise<RunNetwork> {
    this.#ensureOpen();
    const name = dnsSafeName(`${this.#prefix}-${suffix}`);
    const network = await this.#track(createRunNetwork(this.docker, { ...options, name, labels: this.labels("network") }));
    this.defer(`network ${name}`, async () => {
      try {
        await this.docker.getNetwork(network.id).remove();
      } catch (error) {
        if (!isGoneOrGoing(error)) throw error;
      }
    });
    this.logger.verbose(`network ${name} (${formatCidr(network.subnet)}, internal) created`);
    return network;
  }

  async startContainer(spec: ContainerSpec): Promise<StartedContainer> {
    this.#ensureOpen();
    const name = dnsSafeName(`${this.#prefix}-${spec.name}`);
    const options = createOptions({ ...spec, name }, { ...spec.labels, ...this.labels(spec.role) });
    const created = await this.#track(this.docker.createContainer(options));
    const container = new StartedContainer(this.docker, created.id, { ...spec, name });
    this.defer(`container ${name}`, () => container.remove());
    if (spec.files.length > 0) {
      try {
        await this.#track(created.putArchive(await tarOf(spec.files), { path: "/" }));
      } catch (error) {
        const paths = spec.files.map((f) => f.path).join(", ");
        throw new InfrastructureError(`files ${paths} could not be put into container ${name}: ${errorMessage(error)}`, { cause: error });
      }
    }
    try {
      await this.#track(created.start());
    } catch (error) {
      throw new InfrastructureError(`container ${name} (${spec.image}) did not start: ${errorMessage(error)}`, { cause: error });
    }
    this.logger.verbose(`container ${name} started${container.ip ? ` at ${container.ip}` : ""}`);
    const sink = this.#containerLogs;
    if (sink) {
      // Followed again after each start (a killed node's stream ends with it), from that moment on.
      let stop = followLogs(this.docker, created.id, spec.name, sink);
      container.onStarted = () => {
        stop();
        stop = followLogs(this.docker, created.id, spec.name, sink, Math.floor(Date.now() / 1000));
      };
      this.defer(`log stream of ${name}`, () => stop());
    }
    return container;
  }

  /** Runs a command to completion in a throwaway container of this run (no network) and returns its output. */
  async runToCompletion(image: string, cmd: string[], timeoutMs = 60_000): Promise<{ exitCode: number; output: string }> {
    this.#ensureOpen();
    const name = dnsSafeName(`${this.#prefix}-once-${Math.random().toString(16).slice(2, 8)}`);
    const created = await this.#track(
      this.docker.createContainer(
        createOptions(
          { image, name, role: "once", cmd, env: {}, labels: {}, capAdd: [], init: false, tmpfs: {}, files: [] },
          this.labels("once"),
        ),
      ),
    );
    try {
      await this.#track(created.start());
      const result = (await withDeadline(created.wait(), timeoutMs, `\`${cmd.join(" ")}\` to exit in ${image}`)) as { StatusCode: number };
      const raw = (await created.logs({ stdout: true, stderr: true, follow: false })) as unknown as Buffer;
      return { exitCode: result.StatusCode, output: demuxLogs(raw) };
    } finally {
      await removeContainer(this.docker, created.id);
    }
  }

  /** Tears everything down once; later calls return the same result. */
  close(timeoutMs = 60_000): Promise<RemovalReport> {
    this.#closing ??= this.#close(timeoutMs);
    return this.#closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close().then(() => undefined);
  }

  async #close(timeoutMs: number): Promise<RemovalReport> {
    this.#abort.abort(new Error("run is being torn down"));
    let firstError: unknown;
    try {
      await withDeadline(
        this.#stack.disposeAsync((f) => this.logger.warn(`teardown of ${f.name} failed: ${errorMessage(f.error)}`)),
        timeoutMs,
        `teardown of run ${this.runId}`,
      );
    } catch (error) {
      firstError = error;
    }
    // A create request sent just before the interruption may still land; wait for it, then sweep.
    await withDeadline(Promise.allSettled([...this.#inFlight]), 15_000, "in-flight Docker calls to settle").catch(() => {});
    if (!this.#root) {
      if (firstError) throw firstError;
      return { removed: [], failed: [] };
    }
    const leftovers = await listRunResources(this.docker, this.runId);
    const report = await removeResources(this.docker, leftovers);
    if (report.removed.length > 0) {
      this.logger.verbose(`final sweep removed ${report.removed.map((r) => `${r.kind} ${r.name}`).join(", ")}`);
    }
    if (report.failed.length > 0) {
      const what = report.failed.map((f) => `${f.resource.kind} ${f.resource.name}: ${f.error}`).join("; ");
      throw new InfrastructureError(`run ${this.runId} could not remove: ${what}. Run \`npx faultline clean\`.`, { cause: firstError });
    }
    if (firstError) throw firstError;
    return report;
  }

  #ensureOpen(): void {
    if (this.#closing) throw new InfrastructureError(`run ${this.runId} is being torn down; nothing new is started`);
  }

  #track<T>(promise: Promise<T>): Promise<T> {
    this.#inFlight.add(promise);
    const forget = () => this.#inFlight.delete(promise);
    promise.then(forget, forget);
    return promise;
  }
}
