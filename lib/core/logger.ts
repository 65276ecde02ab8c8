import { printable } from "./printable.ts";

/** Minimal leveled logger on stderr; stdout is kept for a command's result. */
export type LogLevel = "quiet" | "info" | "verbose";

export interface Logger {
  info(message: string): void;
  verbose(message: string): void;
  warn(message: string): void;
}

export function createLogger(
  level: LogLevel = "info",
  write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Logger {
  const started = Date.now();
  // Wall clock for matching server logs, elapsed time for following a long run's phases.
  const stamp = () => `${new Date().toISOString().slice(11, 23)} +${((Date.now() - started) / 1000).toFixed(1)}s`;
  // Messages carry names and output from elsewhere (engines, servers): no control character reaches the terminal.
  return {
    info: (m) => level !== "quiet" && write(`${stamp()} ${printable(m)}`),
    verbose: (m) => level === "verbose" && write(`${stamp()} ${printable(m)}`),
    warn: (m) => write(`${stamp()} warning: ${printable(m)}`),
  };
}

export const silentLogger: Logger = { info() {}, verbose() {}, warn() {} };
