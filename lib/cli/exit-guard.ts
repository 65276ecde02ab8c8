/**
 * Exit codes 0 and 1 are verdicts (every verdict true; some verdict false): only a command that
 * ran to its end may claim one. While the guard is armed, a process that exits anyway (a
 * config file's timer calling `process.exit(0)`, a library calling it) leaves with 2 instead,
 * saying why: a CI gate must never pass on a run that ran nothing. Codes of 2 and above
 * (bad input, infrastructure, interruption) are left as they are.
 */
export interface ExitGuardProcess {
  exitCode?: number | string | null | undefined;
  on(event: "exit", listener: (code: number) => void): unknown;
  off(event: "exit", listener: (code: number) => void): unknown;
}

/** Arms the guard; the returned function disarms it (call it once the command has its exit code). */
export function guardEarlyExit(
  proc: ExitGuardProcess = process,
  write: (text: string) => void = (text) => process.stderr.write(text),
): () => void {
  const onExit = (code: number) => {
    if (code >= 2) return;
    proc.exitCode = 2;
    write(
      `faultline: the process was made to exit with code ${code} before the command finished (something called process.exit: a config file?); nothing was judged, so the exit code is 2\n`,
    );
  };
  proc.on("exit", onExit);
  return () => {
    proc.off("exit", onExit);
  };
}
