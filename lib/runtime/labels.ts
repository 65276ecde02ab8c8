import type { ProcessIdentity } from "../core/process-identity.ts";

/** The contract label: nothing without it is ever touched (docs/architecture.md, "Contracts"). */
export const RUN_LABEL = "faultline.run";
export const HOST_LABEL = "faultline.host";
export const PID_LABEL = "faultline.pid";
export const PID_START_LABEL = "faultline.pid-start";
export const ROLE_LABEL = "faultline.role";

export type Labels = Record<string, string>;

/** Labels every resource of a run carries: the run id and the process that owns it. */
export function runLabels(runId: string, owner: ProcessIdentity, extra: Labels = {}): Labels {
  return {
    ...extra,
    [RUN_LABEL]: runId,
    [HOST_LABEL]: owner.host,
    [PID_LABEL]: String(owner.pid),
    [PID_START_LABEL]: owner.startTicks,
  };
}

/** Docker API filter selecting faultline resources: of one run, or of any run. */
export function labelFilter(runId?: string): { label: string[] } {
  return { label: [runId === undefined ? RUN_LABEL : `${RUN_LABEL}=${runId}`] };
}

/** Second line of defence after the API filter: a resource is ours only if it carries a run id. */
export function runIdOf(labels: Labels | null | undefined): string | undefined {
  const value = labels?.[RUN_LABEL];
  return value === undefined || value === "" ? undefined : value;
}

export function ownerOf(labels: Labels): ProcessIdentity | undefined {
  const host = labels[HOST_LABEL];
  const pidText = labels[PID_LABEL] ?? "";
  // An empty or malformed pid cannot be judged; Number("") would be 0, a "dead" process.
  if (!host || !/^[1-9]\d*$/.test(pidText)) return undefined;
  const pid = Number(pidText);
  return { host, pid, startTicks: labels[PID_START_LABEL] ?? "" };
}
