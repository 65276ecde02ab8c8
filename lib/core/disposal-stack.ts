import { errorMessage } from "./errors.ts";

export interface Disposal {
  name: string;
  dispose: () => Promise<void> | void;
}

export interface DisposalFailure {
  name: string;
  error: unknown;
}

/**
 * Teardown in reverse order of setup (Playwright's rule): every step runs even when an
 * earlier one failed, and the first failure is rethrown once all have run, with every
 * failure listed on it. Disposing twice is a no-op, so a signal handler and a `finally`
 * can both call it.
 */
export class DisposalStack implements AsyncDisposable {
  readonly #items: Disposal[] = [];
  #disposing: Promise<void> | undefined;
  #closed = false;

  defer(name: string, dispose: () => Promise<void> | void): void {
    if (this.#closed) throw new Error(`cannot defer "${name}": the stack is already disposing`);
    this.#items.push({ name, dispose });
  }

  /** Takes `resource` into the stack and returns it, for `const x = stack.use(await start())`. */
  use<T extends AsyncDisposable>(name: string, resource: T): T {
    this.defer(name, async () => {
      await resource[Symbol.asyncDispose]();
    });
    return resource;
  }

  get size(): number {
    return this.#items.length;
  }

  get disposed(): boolean {
    return this.#closed;
  }

  disposeAsync(onFailure?: (failure: DisposalFailure) => void): Promise<void> {
    if (!this.#closed) {
      // Closed before the first step runs: #run calls it synchronously, and it may call defer().
      this.#closed = true;
      this.#disposing = this.#run(onFailure);
    }
    return this.#disposing as Promise<void>;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.disposeAsync();
  }

  async #run(onFailure?: (failure: DisposalFailure) => void): Promise<void> {
    const failures: DisposalFailure[] = [];
    while (this.#items.length > 0) {
      const item = this.#items.pop() as Disposal;
      try {
        await item.dispose();
      } catch (error) {
        failures.push({ name: item.name, error });
        onFailure?.({ name: item.name, error });
      }
    }
    const first = failures[0];
    if (first) {
      const summary = failures.map((f) => `${f.name}: ${errorMessage(f.error)}`).join("; ");
      throw new TeardownError(summary, first.error, failures);
    }
  }
}

export class TeardownError extends Error {
  readonly failures: DisposalFailure[];
  constructor(summary: string, cause: unknown, failures: DisposalFailure[]) {
    super(`teardown failed: ${summary}`, { cause });
    this.name = "TeardownError";
    this.failures = failures;
  }
}
