/**
 * Errors that carry the exit code the CLI must end with (docs/architecture.md, "Exit codes": 0 all true,
 * 1 some verdict false, 2 unknown / bad input / infrastructure failure).
 */
export class FaultlineError extends Error {
  readonly exitCode: number;
  constructor(message: string, options?: { cause?: unknown; exitCode?: number }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.exitCode = options?.exitCode ?? 2;
  }
}

/** Input the user can fix: names the field and the fix. Raised before any container starts. */
export class BadInputError extends FaultlineError {
  readonly field: string;
  constructor(field: string, problem: string, fix: string) {
    super(`${field}: ${problem}. ${fix}`);
    this.field = field;
  }
}

/** The machine or Docker did not do what was needed (no engine, image build failed, ...). */
export class InfrastructureError extends FaultlineError {}

/** A wait ran out; the message says what was being waited for and what was last seen. */
export class DeadlineError extends FaultlineError {
  readonly waitingFor: string;
  readonly lastSeen: string | undefined;
  constructor(waitingFor: string, timeoutMs: number, lastSeen?: string) {
    super(`timed out after ${(timeoutMs / 1000).toFixed(1)} s waiting for ${waitingFor}${lastSeen ? `; last seen: ${lastSeen}` : ""}`);
    this.waitingFor = waitingFor;
    this.lastSeen = lastSeen;
  }
}

/** The run was stopped by a signal; cleanup has run by the time this is reported. */
export class InterruptedError extends FaultlineError {
  readonly signal: NodeJS.Signals;
  constructor(signal: NodeJS.Signals) {
    super(`interrupted by ${signal}`);
    this.signal = signal;
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
