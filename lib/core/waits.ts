/**
 * What the process is waiting for right now: every wait with a deadline registers here while
 * it lasts, so progress output can say what a long run is stuck on and for how long.
 */
export interface ActiveWait {
  what: string;
  startedAt: number;
  deadline: number;
}

const active = new Set<ActiveWait>();

/** Registers a wait; the returned function ends it (calling it twice is harmless). */
export function beginWait(what: string, timeoutMs: number, now = Date.now()): () => void {
  const wait: ActiveWait = { what, startedAt: now, deadline: now + timeoutMs };
  active.add(wait);
  return () => {
    active.delete(wait);
  };
}

/** The waits in progress, oldest first. */
export function activeWaits(): ActiveWait[] {
  return [...active].sort((a, b) => a.startedAt - b.startedAt);
}

/** The wait that says most: the one that started last (the innermost), if any. */
export function currentWait(): ActiveWait | undefined {
  let latest: ActiveWait | undefined;
  for (const w of active) if (!latest || w.startedAt >= latest.startedAt) latest = w;
  return latest;
}
