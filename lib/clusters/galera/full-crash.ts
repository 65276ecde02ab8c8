import { pollUntil } from "../../core/deadline.ts";
import type { Nemesis } from "../../mesh/nemesis.ts";
import type { StartedGaleraCluster } from "./galera-cluster.ts";
import { MARKERS, mostAdvanced } from "./node-script.ts";

export interface FullCrashRecovery {
  /** What each node recovered (uuid:seqno, or "unknown"). */
  positions: Record<string, string>;
  /** The node bootstrapped from: the most advanced. */
  bootstrapped: string;
  seqno: number;
  /** Every node back, Primary and Synced, counted from the restart. */
  recoveredMs: number;
}

const datadirPath = (cluster: StartedGaleraCluster, marker: string) => `${cluster.flavor.datadir}/${marker}`;

/**
 * Kills every node at once (SIGKILL, no clean shutdown anywhere), after marking each datadir
 * so the next start only recovers its position. The kill goes in the history as a nemesis op.
 */
export async function crashAll(cluster: StartedGaleraCluster, nemesis: Nemesis): Promise<void> {
  await Promise.all(cluster.nodes.map((n) => n.container.exec(["touch", datadirPath(cluster, MARKERS.hold)])));
  await nemesis.processFault("kill", cluster.names);
}

/**
 * The documented recovery of a cluster that lost every node, once they were started again
 * (the nemesis's heal): let each recover its last committed position (`--wsrep-recover`), bootstrap from the most advanced
 * (safe_to_bootstrap set), then let the others join it.
 */
export async function recoverFromFullCrash(
  cluster: StartedGaleraCluster,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<FullCrashRecovery> {
  const started = Date.now();
  const positions = await pollUntil(
    async () => {
      const found = await Promise.all(
        cluster.nodes.map(async (n) => {
          const r = await n.container.exec(["cat", datadirPath(cluster, MARKERS.position)], 5000).catch(() => undefined);
          return [n.name, r?.exitCode === 0 ? r.stdout.trim() : undefined] as const;
        }),
      );
      const missing = found.filter(([, p]) => !p).map(([n]) => n);
      return missing.length === 0
        ? { done: true, value: new Map(found as Array<readonly [string, string]>) }
        : { done: false, reason: `no recovered position yet from ${missing.join(", ")}` };
    },
    { what: "every node to recover its last committed position", timeoutMs, intervalMs: 250, ...(signal ? { signal } : {}) },
  );
  const best = mostAdvanced(positions);
  if (!best) throw new Error(`no node recovered a position: ${[...positions].map(([n, p]) => `${n}=${p}`).join(", ")}`);
  const tell = (name: string, what: string) =>
    cluster.node(name).container.exec(["bash", "-c", `echo ${what} > ${datadirPath(cluster, MARKERS.go)}`]);
  await tell(best.node, "bootstrap");
  await cluster.waitForReady(timeoutMs, [best.node]);
  for (const n of cluster.names.filter((x) => x !== best.node)) await tell(n, "join");
  await cluster.waitForReady(timeoutMs);
  return { positions: Object.fromEntries(positions), bootstrapped: best.node, seqno: best.seqno, recoveredMs: Date.now() - started };
}
