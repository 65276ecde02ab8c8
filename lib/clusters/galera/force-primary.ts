import { setTimeout as sleep } from "node:timers/promises";
import { errorMessage } from "../../core/errors.ts";

/** How to reach the node being forced: set the option, and ask whether it is Primary now. */
export interface ForcePrimaryDeps {
  /** Sets pc.bootstrap=YES; resolves with how it was set (the variable used). */
  set(): Promise<string>;
  /** Whether the node reports itself Primary right now. */
  primary(): Promise<boolean>;
  /** Give up after this long (from the first attempt). */
  timeoutMs: number;
  /** After each attempt, how long to watch for the node to become Primary before trying again. */
  settleMs: number;
  /** Between looks at the node's status. */
  intervalMs?: number;
  signal?: AbortSignal;
  now?: () => number;
}

export type ForcePrimaryOutcome =
  | { forced: true; how: string; attempts: number; primaryAfterMs: number }
  | { forced: false; attempts: number; reason: string };

/**
 * Forces a non-Primary node to found a primary component of its own, and confirms it did.
 * Galera takes pc.bootstrap only while its group layer is settled non-Primary (pc state
 * NON_PRIM); asked during a membership change (TRANS/INSTALL, which the server already reports
 * as non-Primary) it logs "ignoring 'pc.bootstrap' in state ..." and the statement still
 * succeeds. So an accepted statement proves nothing: the node must be seen Primary, and an
 * attempt that did not take is repeated, as an operator would, until the deadline.
 */
export async function forcePrimary(deps: ForcePrimaryDeps): Promise<ForcePrimaryOutcome> {
  const now = deps.now ?? Date.now;
  const interval = deps.intervalMs ?? 200;
  const start = now();
  let attempts = 0;
  let lastError: string | undefined;
  let how: string | undefined;
  while (attempts === 0 || now() - start < deps.timeoutMs) {
    deps.signal?.throwIfAborted();
    attempts += 1;
    try {
      how = await deps.set();
      lastError = undefined;
    } catch (error) {
      lastError = errorMessage(error);
    }
    const settleUntil = Math.min(now() + deps.settleMs, start + deps.timeoutMs);
    for (;;) {
      const primary = await deps.primary().catch(() => false);
      if (primary && how !== undefined) return { forced: true, how, attempts, primaryAfterMs: now() - start };
      if (now() + interval > settleUntil) break;
      await sleep(interval, undefined, deps.signal ? { signal: deps.signal } : undefined);
    }
  }
  const seconds = (deps.timeoutMs / 1000).toFixed(1);
  return {
    forced: false,
    attempts,
    reason:
      lastError !== undefined
        ? `pc.bootstrap=YES was refused (${attempts} attempts in ${seconds} s): ${lastError}`
        : `pc.bootstrap=YES was accepted ${attempts} times in ${seconds} s but the node never reported Primary`,
  };
}
