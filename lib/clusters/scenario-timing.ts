/** Timing and load of a database suite's scenarios (Galera, NDB), from the CLI's flags. */
export interface ScenarioTiming {
  /** How long the workload runs. */
  durationMs: number;
  /** How long a partition, an outage or another fault is held. */
  faultMs: number;
  workers: number;
  /** Added to timing bounds (what the bound's formula leaves out: view changes, sampling). */
  marginMs: number;
  /** Deadline for a cluster to be ready, at start and after a fault. */
  readyMs: number;
  /** Bound on the cluster (or a node) being back, ready, after a heal or a restart. */
  recoveryMs: number;
}
