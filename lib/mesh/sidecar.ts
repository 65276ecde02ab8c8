import { InfrastructureError } from "../core/errors.ts";
import { ContainerBuilder, type StartedContainer } from "../runtime/container.ts";
import type { RunNetwork } from "../runtime/network.ts";
import type { Runtime } from "../runtime/runtime.ts";
import type { MeshNode } from "./links.ts";

/**
 * The sidecar owns a node's network namespace on the run network (at the node's address);
 * the node container joins it, so the node is unchanged while the sidecar, with NET_ADMIN,
 * holds the DNAT rules that route its peer traffic through the mesh.
 */
export async function startSidecar(runtime: Runtime, network: RunNetwork, image: string, node: MeshNode): Promise<StartedContainer> {
  return new ContainerBuilder(image, `${node.name}-net`)
    .withRole("sidecar")
    .withNetwork(network, node.ip, [node.name])
    .withCapAdd("NET_ADMIN")
    .start(runtime);
}

/** Loads a ruleset with iptables-restore inside the sidecar, without flushing other tables. */
export async function loadRules(sidecar: StartedContainer, rules: string): Promise<void> {
  // A quoted heredoc keeps the rules verbatim: no shell expansion of their content.
  const script = `iptables-restore --noflush <<'FAULTLINE_RULES'\n${rules}FAULTLINE_RULES\n`;
  const result = await sidecar.exec(["sh", "-c", script]);
  if (result.exitCode !== 0) {
    throw new InfrastructureError(`iptables-restore in ${sidecar.name} failed (exit ${result.exitCode}): ${result.stderr.trim()}`);
  }
}
