import { setTimeout as sleep } from "node:timers/promises";
import type { HistoryRecorder } from "../../history/recorder.ts";
import type { StartedGaleraCluster } from "./galera-cluster.ts";
import { type ViewSample, viewState } from "./view-samples.ts";

/** Every started node's view now, timed from `since` (Date.now() of the fault). */
export async function sampleViews(cluster: StartedGaleraCluster, recorder: HistoryRecorder, since: number): Promise<ViewSample> {
  const snapshots = await cluster.snapshotEach();
  return {
    atMs: Date.now() - since,
    atNs: recorder.clock.nowNs(),
    nodes: Object.fromEntries(snapshots.map((s) => [s.name, viewState(s)])),
  };
}

/**
 * Samples every `everyMs` until `done(samples)` says so or `untilMs` after `since` has passed;
 * the caller judges what was seen (a sampling window, not a wait for a condition to hold).
 */
export async function sampleUntil(
  cluster: StartedGaleraCluster,
  recorder: HistoryRecorder,
  since: number,
  untilMs: number,
  done: (samples: readonly ViewSample[]) => boolean,
  signal?: AbortSignal,
  everyMs = 200,
): Promise<ViewSample[]> {
  const samples: ViewSample[] = [];
  while (Date.now() - since < untilMs) {
    samples.push(await sampleViews(cluster, recorder, since));
    if (done(samples)) break;
    await sleep(everyMs, undefined, signal ? { signal } : undefined);
  }
  return samples;
}

/**
 * A fault's sampling window in two parts: from the fault until `reached(samples)` (at most
 * `firstMs`), then `between()` (probe the cut-off node, force a bootstrap, ...), then on until
 * the fault has lasted `minMs` and at least `tailMs` more. Returns the samples of both parts
 * (the caller judges them) and what `between` returned.
 */
export async function sampleFaultWindow<T>(
  cluster: StartedGaleraCluster,
  recorder: HistoryRecorder,
  faultAt: number,
  window: {
    firstMs: number;
    reached: (samples: readonly ViewSample[]) => boolean;
    between: () => Promise<T>;
    minMs: number;
    tailMs?: number;
  },
  signal?: AbortSignal,
): Promise<{ samples: ViewSample[]; between: T }> {
  const early = await sampleUntil(cluster, recorder, faultAt, window.firstMs, window.reached, signal);
  const between = await window.between();
  const untilMs = Math.max(window.minMs, Date.now() - faultAt + (window.tailMs ?? 1000));
  const late = await sampleUntil(cluster, recorder, faultAt, untilMs, () => false, signal);
  return { samples: [...early, ...late], between };
}
