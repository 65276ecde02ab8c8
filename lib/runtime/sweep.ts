import type Docker from "dockerode";
import { errorMessage } from "../core/errors.ts";
import type { ProcessIdentity } from "../core/process-identity.ts";
import { isGoneOrGoing } from "./docker-client.ts";
import { type Labels, labelFilter, ownerOf, runIdOf } from "./labels.ts";

export type ResourceKind = "container" | "network" | "volume";

export interface RunResource {
  kind: ResourceKind;
  id: string;
  name: string;
  runId: string;
  labels: Labels;
}

/** Every resource carrying the run label (of one run, or of all runs). Unlabeled ones never appear. */
export async function listRunResources(docker: Docker, runId?: string): Promise<RunResource[]> {
  const filters = labelFilter(runId);
  const [containers, networks, volumes] = await Promise.all([
    docker.listContainers({ all: true, filters }),
    docker.listNetworks({ filters }),
    docker.listVolumes({ filters }),
  ]);
  const found: Array<Omit<RunResource, "runId"> & { runId: string | undefined }> = [
    ...containers.map((c) => ({
      kind: "container" as const,
      id: c.Id,
      name: (c.Names[0] ?? c.Id).replace(/^\//, ""),
      labels: c.Labels ?? {},
      runId: runIdOf(c.Labels),
    })),
    ...networks.map((n) => ({ kind: "network" as const, id: n.Id, name: n.Name, labels: n.Labels ?? {}, runId: runIdOf(n.Labels) })),
    ...(volumes.Volumes ?? []).map((v) => ({
      kind: "volume" as const,
      id: v.Name,
      name: v.Name,
      labels: v.Labels ?? {},
      runId: runIdOf(v.Labels),
    })),
  ];
  // The API filter already selected on the label; this re-check means a filter bug cannot widen the sweep.
  return found.filter((r): r is RunResource => r.runId !== undefined && (runId === undefined || r.runId === runId));
}

export interface SweepPlan {
  remove: RunResource[];
  keep: Array<{ runId: string; reason: string }>;
}

/**
 * Which runs to sweep: those whose owning process is gone. A run whose owner is alive (or
 * cannot be judged: another host, labels without an owner) is kept unless `all` is set.
 */
export function planSweep(
  resources: readonly RunResource[],
  isAlive: (owner: ProcessIdentity) => boolean,
  options: { all?: boolean; protect?: string } = {},
): SweepPlan {
  const byRun = new Map<string, RunResource[]>();
  for (const r of resources) byRun.set(r.runId, [...(byRun.get(r.runId) ?? []), r]);
  const plan: SweepPlan = { remove: [], keep: [] };
  for (const [runId, group] of byRun) {
    if (runId === options.protect) {
      plan.keep.push({ runId, reason: "this process's own run" });
      continue;
    }
    const owner = group.map((r) => ownerOf(r.labels)).find((o) => o !== undefined);
    if (!options.all) {
      if (!owner) {
        plan.keep.push({ runId, reason: "no owner labels; use --all to remove it" });
        continue;
      }
      if (isAlive(owner)) {
        plan.keep.push({ runId, reason: `process ${owner.pid} on ${owner.host} is still running` });
        continue;
      }
    }
    plan.remove.push(...group);
  }
  // Containers first: a network cannot be removed while a container is attached, nor a volume while mounted.
  const order: Record<ResourceKind, number> = { container: 0, volume: 1, network: 2 };
  plan.remove.sort((a, b) => order[a.kind] - order[b.kind]);
  return plan;
}

export interface RemovalReport {
  removed: RunResource[];
  failed: Array<{ resource: RunResource; error: string }>;
}

/** Removes in the given order, continuing past failures; something already gone counts as removed. */
export async function removeResources(docker: Docker, resources: readonly RunResource[]): Promise<RemovalReport> {
  const report: RemovalReport = { removed: [], failed: [] };
  const removeOne = async (r: RunResource) => {
    try {
      if (r.kind === "container") await docker.getContainer(r.id).remove({ force: true, v: true });
      else if (r.kind === "volume") await docker.getVolume(r.id).remove();
      else await docker.getNetwork(r.id).remove();
      report.removed.push(r);
    } catch (error) {
      if (isGoneOrGoing(error)) report.removed.push(r);
      else report.failed.push({ resource: r, error: errorMessage(error) });
    }
  };
  for (const kind of ["container", "volume", "network"] as const) {
    await Promise.all(resources.filter((r) => r.kind === kind).map(removeOne));
  }
  return report;
}
