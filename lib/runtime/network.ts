import { networkInterfaces } from "node:os";
import type Docker from "dockerode";
import { errorMessage, InfrastructureError } from "../core/errors.ts";
import type { Labels } from "./labels.ts";
import { addressAt, type Cidr, firstFreeSubnet, formatCidr, parseCidr } from "./subnets.ts";

/** Default pool: a private block Docker's own default pools (172.17/16.., 192.168/16) do not use. */
export const DEFAULT_SUBNET_POOL = "10.213.0.0/16";
export const DEFAULT_SUBNET_PREFIX = 24;

export interface NetworkOptions {
  name: string;
  labels: Labels;
  pool?: string;
  prefix?: number;
}

/** A run's own network: `--internal` (no route out), with an explicit subnet. */
export interface RunNetwork {
  readonly id: string;
  readonly name: string;
  readonly subnet: Cidr;
  readonly gateway: string;
  /** Address of host number n (2 and up; 1 is the gateway). */
  address(n: number): string;
}

/** Every block already taken on this host: other Docker networks and the host's interfaces. */
export async function subnetsInUse(docker: Docker): Promise<Cidr[]> {
  const used: Cidr[] = [];
  for (const network of await docker.listNetworks()) {
    for (const config of network.IPAM?.Config ?? []) {
      if (config.Subnet?.includes(".")) used.push(parseCidr(config.Subnet));
    }
  }
  for (const addresses of Object.values(networkInterfaces())) {
    for (const a of addresses ?? []) if (a.family === "IPv4" && a.cidr) used.push(parseCidr(a.cidr));
  }
  return used;
}

/**
 * Creates the network on the first free block. Concurrent runs may pick the same block at
 * once; Docker refuses the second ("Pool overlaps"), which re-reads what is in use and moves on.
 */
export async function createRunNetwork(docker: Docker, options: NetworkOptions): Promise<RunNetwork> {
  const pool = parseCidr(options.pool ?? process.env.FAULTLINE_SUBNET_POOL ?? DEFAULT_SUBNET_POOL, "FAULTLINE_SUBNET_POOL");
  const prefix = options.prefix ?? Number(process.env.FAULTLINE_SUBNET_PREFIX ?? DEFAULT_SUBNET_PREFIX);
  const refused: Cidr[] = [];
  for (let attempt = 0; attempt < 16; attempt++) {
    const subnet = firstFreeSubnet(pool, prefix, [...(await subnetsInUse(docker)), ...refused]);
    const gateway = addressAt(subnet, 1);
    try {
      const network = await docker.createNetwork({
        Name: options.name,
        Driver: "bridge",
        Internal: true,
        CheckDuplicate: true,
        Labels: options.labels,
        IPAM: { Driver: "default", Config: [{ Subnet: formatCidr(subnet), Gateway: gateway }] },
      });
      return { id: network.id, name: options.name, subnet, gateway, address: (n) => addressAt(subnet, n) };
    } catch (error) {
      if (!/overlap/i.test(errorMessage(error))) throw error;
      refused.push(subnet);
    }
  }
  throw new InfrastructureError(
    `Docker refused ${refused.length} subnets in a row for network ${options.name} (${refused.map(formatCidr).join(", ")}): ` +
      "other runs are creating networks at the same moment, or Docker holds blocks it does not list. Retry, or set FAULTLINE_SUBNET_POOL.",
  );
}
