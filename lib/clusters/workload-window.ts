import { setTimeout as sleep } from "node:timers/promises";
import { MAX_DEADLINE_MS } from "../core/time-limits.ts";

/** A workload that runs until told to stop, and the stop. */
export interface WorkloadWindow {
  /** For the workload: aborted by stop() or by the scenario's own signal. */
  signal: AbortSignal;
  /** The workload's own bound, a backstop only: stop() is what ends it. */
  boundMs: number;
  /**
   * Once the faults are over and the cluster recovered: lets the workload run on until
   * `durationMs` from its start, and for at least a quarter of it more, then stops it. So
   * transactions run through every fault (a crash recovery can outlast --duration) and on the
   * recovered cluster after it.
   */
  stop(): Promise<void>;
}

export function workloadWindow(parent: AbortSignal, durationMs: number): WorkloadWindow {
  const controller = new AbortController();
  const started = Date.now();
  const abort = () => controller.abort(parent.reason);
  if (parent.aborted) abort();
  else parent.addEventListener("abort", abort, { once: true });
  return {
    signal: controller.signal,
    boundMs: MAX_DEADLINE_MS,
    async stop() {
      const left = Math.max(started + durationMs - Date.now(), durationMs / 4);
      await sleep(left, undefined, { signal: parent }).catch(() => {});
      parent.removeEventListener("abort", abort);
      controller.abort();
    },
  };
}
