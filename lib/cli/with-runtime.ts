import { errorMessage } from "../core/errors.ts";
import type { Logger } from "../core/logger.ts";
import { printable } from "../core/printable.ts";
import type { ContainerLogSink } from "../runtime/log-stream.ts";
import { Runtime } from "../runtime/runtime.ts";
import { guardSignals } from "../runtime/signals.ts";

/**
 * Opens a run's runtime and guarantees its teardown: on return, on a thrown error, on
 * SIGINT/SIGTERM/SIGHUP, and on an uncaught exception or rejection anywhere in the process.
 */
export async function withRuntime<T>(logger: Logger, body: (runtime: Runtime) => Promise<T>, containerLogs?: ContainerLogSink): Promise<T> {
  const runtime = await Runtime.open({ logger, ...(containerLogs ? { containerLogs } : {}) });
  logger.verbose(`run ${runtime.runId} (pid ${process.pid})`);
  const guard = guardSignals(() => runtime.close(), logger);
  let crashed = false;
  const onCrash = (error: unknown) => {
    // Once: an error raised while reporting or tearing down must not start another report and teardown.
    if (crashed) return;
    crashed = true;
    process.stderr.write(`faultline: crashed: ${printable(errorMessage(error))}\n`);
    runtime.close().finally(() => process.exit(2));
  };
  process.on("uncaughtException", onCrash);
  process.on("unhandledRejection", onCrash);
  try {
    return await body(runtime);
  } finally {
    try {
      await runtime.close();
    } finally {
      guard.release();
      process.off("uncaughtException", onCrash);
      process.off("unhandledRejection", onCrash);
    }
  }
}
