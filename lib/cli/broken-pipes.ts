/**
 * A reader that goes away (a CI runner killed, `faultline run ... | head`) breaks stdout and
 * stderr. Node reports every later write to them as an 'error' event; with no listener that is
 * an uncaught exception, and a crash handler that reports it on stderr feeds itself: each report
 * raises the next before the event loop turns, so teardown never runs and SIGTERM is never
 * handled (seen once: two runs at 100% CPU for minutes, their containers left behind). With
 * this, writes to a broken stream are dropped and the run goes on to its end or its teardown.
 */
export function ignoreBrokenPipes(streams: readonly NodeJS.WritableStream[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) if (!stream.listeners("error").includes(dropOutputError)) stream.on("error", dropOutputError);
}

// Nowhere is left to report a broken terminal or pipe; the run's own files still record everything.
function dropOutputError(): void {}
