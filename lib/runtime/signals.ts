import type { Logger } from "../core/logger.ts";

const SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

export interface SignalGuard {
  /** Stops listening; call once the run has torn down by itself. */
  release(): void;
}

/**
 * On SIGINT, SIGTERM or SIGHUP: run `teardown` once, then exit with `exitCode` (2: the run's
 * verdict is unknown). Further signals while tearing down are reported, not obeyed, so a
 * second Ctrl-C cannot leave half-removed resources; teardown itself has a deadline.
 */
export function guardSignals(teardown: (signal: NodeJS.Signals) => Promise<unknown>, logger: Logger, exitCode = 2): SignalGuard {
  let received: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (received) {
      logger.warn(`${signal} received again: still tearing down after ${received}, please wait`);
      return;
    }
    received = signal;
    logger.warn(`interrupted by ${signal}: tearing down`);
    teardown(signal).then(
      () => {
        process.stderr.write(`faultline: interrupted by ${signal}; everything this run created was removed\n`);
        process.exit(exitCode);
      },
      (error: unknown) => {
        process.stderr.write(`faultline: interrupted by ${signal}; teardown failed: ${String(error)}\n`);
        process.exit(exitCode);
      },
    );
  };
  for (const s of SIGNALS) process.on(s, onSignal);
  return {
    release() {
      for (const s of SIGNALS) process.off(s, onSignal);
    },
  };
}
