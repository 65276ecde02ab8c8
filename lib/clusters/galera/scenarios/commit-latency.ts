import type { Op } from "../../../history/op.ts";
import { clientOperations } from "../../../history/pairs.ts";

/** Median latency (ms) of acknowledged writes invoked in [fromNs, toNs), and how many there were. */
export function commitLatency(
  history: readonly Op[],
  fromNs: number,
  toNs: number,
): { count: number; p50Ms: number | null; p95Ms: number | null } {
  const latencies = clientOperations(history)
    .filter((o) => o.f === "add" && o.outcome === "ok" && o.completion && o.invoke.time >= fromNs && o.invoke.time < toNs)
    .map((o) => ((o.completion as Op).time - o.invoke.time) / 1e6)
    .sort((a, b) => a - b);
  const at = (q: number) =>
    latencies.length === 0
      ? null
      : Math.round((latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] as number) * 10) / 10;
  return { count: latencies.length, p50Ms: at(0.5), p95Ms: at(0.95) };
}

/** Flow-control counters of one node's wsrep status (a delta between two snapshots says whether it engaged). */
export function flowControl(status: Record<string, string>): { sent: number; received: number; pausedNs: number } {
  const n = (k: string) => Number(status[k] ?? 0) || 0;
  return { sent: n("wsrep_flow_control_sent"), received: n("wsrep_flow_control_recv"), pausedNs: n("wsrep_flow_control_paused_ns") };
}
