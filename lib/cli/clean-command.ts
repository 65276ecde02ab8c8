import type { Logger } from "../core/logger.ts";
import { isProcessAlive } from "../core/process-identity.ts";
import { checkEngine, createDockerClient } from "../runtime/docker-client.ts";
import { listRunResources, planSweep, removeResources } from "../runtime/sweep.ts";

/**
 * `faultline clean`: removes the containers, volumes and networks of runs whose process is
 * gone (or, with --all, of every run). Only resources labeled faultline.run are listed at all.
 */
export async function cleanCommand(
  flags: { all?: boolean; dryRun?: boolean },
  logger: Logger,
  out: (text: string) => void,
): Promise<number> {
  const docker = createDockerClient();
  await checkEngine(docker);
  const plan = planSweep(await listRunResources(docker), (owner) => isProcessAlive(owner), { all: flags.all ?? false });
  for (const kept of plan.keep) logger.info(`kept run ${kept.runId}: ${kept.reason}`);
  if (flags.dryRun) {
    for (const r of plan.remove) out(`would remove ${r.kind} ${r.name} (run ${r.runId})`);
    return 0;
  }
  const report = await removeResources(docker, plan.remove);
  for (const r of report.removed) out(`removed ${r.kind} ${r.name} (run ${r.runId})`);
  for (const f of report.failed) out(`failed to remove ${f.resource.kind} ${f.resource.name} (run ${f.resource.runId}): ${f.error}`);
  if (report.removed.length === 0 && report.failed.length === 0) out("nothing to remove");
  return report.failed.length > 0 ? 2 : 0;
}
