import { pollUntil } from "../../core/deadline.ts";
import { DeadlineError, errorMessage } from "../../core/errors.ts";
import type { Nemesis } from "../../mesh/nemesis.ts";
import { NodeStoppedError, type StartedGaleraCluster } from "./galera-cluster.ts";
import { MARKERS, mostAdvanced, STATE_DIR } from "./node-script.ts";

/** How far the recovery got: positions read, bootstrap node up, joiners in, done. */
export type RecoveryStep = "positions" | "bootstrap" | "join" | "done";

export interface FullCrashRecovery {
  /** What each node recovered (uuid:seqno, or "unknown"), as far as they were read. */
  positions: Record<string, string>;
  /** The node bootstrapped from (the most advanced), once chosen. */
  bootstrapped: string | null;
  seqno: number | null;
  /** The step the recovery was at when it ended ("done" when it completed). */
  step: RecoveryStep;
  /** Every node back, Primary and Synced, counted from the restart; null when it did not get there. */
  recoveredMs: number | null;
  /**
   * Why the recovery did not complete. `cluster`: the servers did not recover (a node aborted,
   * a wait for Primary and Synced expired, no node recovered a position): a verdict. `harness`:
   * faultline could not drive the procedure (Docker calls failed, its own position markers
   * unreadable): no verdict on the cluster.
   */
  failure?: { by: "cluster" | "harness"; reason: string };
}

/** A marker of the node script, where every flavor keeps them (outside the datadir an SST empties). */
const markerPath = (marker: string) => `${STATE_DIR}/${marker}`;

/**
 * Kills every node at once (SIGKILL, no clean shutdown anywhere), after leaving each node the
 * hold marker, so that its next start only recovers its position. The kill goes in the history as a nemesis op.
 */
export async function crashAll(cluster: StartedGaleraCluster, nemesis: Nemesis): Promise<void> {
  await Promise.all(cluster.nodes.map((n) => n.container.exec(["touch", markerPath(MARKERS.hold)])));
  await nemesis.processFault("kill", cluster.names);
}

/** Each node's published position, or why it could not be read (a Docker error is the harness's problem). */
async function readPositions(cluster: StartedGaleraCluster): Promise<Array<{ node: string; position?: string; error?: string }>> {
  return Promise.all(
    cluster.nodes.map(async (n) => {
      try {
        const r = await n.container.exec(["cat", markerPath(MARKERS.position)], 5000);
        return r.exitCode === 0 && r.stdout.trim() ? { node: n.name, position: r.stdout.trim() } : { node: n.name };
      } catch (error) {
        return { node: n.name, error: errorMessage(error) };
      }
    }),
  );
}

/** A failed wait for Primary and Synced, as the cluster's failure or the harness's. */
export function classify(error: unknown): NonNullable<FullCrashRecovery["failure"]> {
  if (error instanceof DeadlineError || error instanceof NodeStoppedError) return { by: "cluster", reason: errorMessage(error) };
  return { by: "harness", reason: errorMessage(error) };
}

/**
 * The documented recovery of a cluster that lost every node, once they were started again
 * (the nemesis's heal): let each recover its last committed position (`--wsrep-recover`),
 * bootstrap from the most advanced (safe_to_bootstrap set), then let the others join it.
 * Never throws for a recovery that fails: the result says how far it got and whose failure
 * it was (an interrupted run still throws).
 */
export async function recoverFromFullCrash(
  cluster: StartedGaleraCluster,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<FullCrashRecovery> {
  const started = Date.now();
  const result: FullCrashRecovery = { positions: {}, bootstrapped: null, seqno: null, step: "positions", recoveredMs: null };
  let harnessErrors: string[] = [];
  try {
    await pollUntil(
      async () => {
        const found = await readPositions(cluster);
        for (const f of found) if (f.position) result.positions[f.node] = f.position;
        harnessErrors = found.flatMap((f) => (f.error ? [`${f.node}: ${f.error}`] : []));
        const missing = found.filter((f) => !f.position).map((f) => f.node);
        return missing.length === 0
          ? { done: true, value: undefined }
          : { done: false, reason: `no recovered position yet from ${missing.join(", ")}` };
      },
      { what: "every node to recover its last committed position", timeoutMs, intervalMs: 250, ...(signal ? { signal } : {}) },
    );
  } catch (error) {
    if (!(error instanceof DeadlineError)) throw error;
    // The position is published by faultline's own start script: not reading it is never the cluster's verdict.
    const why = harnessErrors.length > 0 ? `; reading it failed: ${harnessErrors.join("; ")}` : "";
    return { ...result, failure: { by: "harness", reason: `${errorMessage(error)}${why}` } };
  }
  const best = mostAdvanced(new Map(Object.entries(result.positions)));
  if (!best) {
    const list = Object.entries(result.positions)
      .map(([n, p]) => `${n}=${p}`)
      .join(", ");
    return { ...result, failure: { by: "cluster", reason: `no node recovered a committed position (${list})` } };
  }
  result.bootstrapped = best.node;
  result.seqno = best.seqno;
  const tell = (name: string, what: string) =>
    cluster.node(name).container.exec(["bash", "-c", `echo ${what} > ${markerPath(MARKERS.go)}`]);
  try {
    result.step = "bootstrap";
    await tell(best.node, "bootstrap");
    await cluster.waitForReady(timeoutMs, [best.node]);
    result.step = "join";
    for (const n of cluster.names.filter((x) => x !== best.node)) await tell(n, "join");
    await cluster.waitForReady(timeoutMs);
  } catch (error) {
    if (signal?.aborted) throw error;
    return { ...result, failure: classify(error) };
  }
  return { ...result, step: "done", recoveredMs: Date.now() - started };
}

/** One line a person reads: what each node recovered, which was bootstrapped, how it ended. */
export function describeRecovery(r: FullCrashRecovery): string {
  const positions = Object.entries(r.positions);
  const read = positions.length > 0 ? positions.map(([n, p]) => `${n} ${p}`).join(", ") : "none read";
  const chosen = r.bootstrapped ? `bootstrapped from ${r.bootstrapped} (seqno ${r.seqno})` : "no bootstrap node chosen";
  const end =
    r.failure === undefined
      ? `every node Primary and Synced ${r.recoveredMs} ms after the restart`
      : `${r.failure.by === "cluster" ? "the cluster did not recover" : "faultline could not drive the recovery"} at step ${r.step}: ${r.failure.reason}`;
  return `positions: ${read}; ${chosen}; ${end}`;
}
