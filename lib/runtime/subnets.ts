import { BadInputError, InfrastructureError } from "../core/errors.ts";

/** An IPv4 CIDR block as numbers: base address (host bits zero) and prefix length. */
export interface Cidr {
  base: number;
  prefix: number;
}

export function parseCidr(text: string, field = "subnet"): Cidr {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text.trim());
  const octets = match?.slice(1, 5).map(Number);
  const prefix = Number(match?.[5]);
  if (!match || !octets || octets.some((o) => o > 255) || prefix > 32) {
    throw new BadInputError(field, `"${text}" is not an IPv4 CIDR block`, "Write it as a.b.c.d/n, e.g. 10.213.0.0/16.");
  }
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  return { base: address - (address % size), prefix };
}

export function formatCidr(cidr: Cidr): string {
  return `${formatAddress(cidr.base)}/${cidr.prefix}`;
}

export function formatAddress(address: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join(".");
}

export function cidrSize(cidr: Cidr): number {
  return 2 ** (32 - cidr.prefix);
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.base < b.base + cidrSize(b) && b.base < a.base + cidrSize(a);
}

/** The nth address inside a block (0 is the network address), refusing to step outside it. */
export function addressAt(cidr: Cidr, n: number): string {
  if (!Number.isInteger(n) || n < 1 || n >= cidrSize(cidr) - 1) {
    throw new RangeError(`host number ${n} is outside ${formatCidr(cidr)}`);
  }
  return formatAddress(cidr.base + n);
}

/**
 * Candidate blocks of `prefix` length inside `pool`, skipping every block that overlaps one
 * already in use (other Docker networks, host interfaces). The first free one is tried;
 * Docker rejects a block another run created in the meantime, and the caller moves on.
 */
export function freeSubnets(pool: Cidr, prefix: number, used: readonly Cidr[]): Cidr[] {
  if (prefix < pool.prefix || prefix > 29) {
    throw new BadInputError(
      "FAULTLINE_SUBNET_PREFIX",
      `/${prefix} does not fit in the pool ${formatCidr(pool)} or leaves no room for nodes`,
      `Use a prefix between /${pool.prefix} and /29.`,
    );
  }
  const step = 2 ** (32 - prefix);
  const free: Cidr[] = [];
  for (let base = pool.base; base < pool.base + cidrSize(pool); base += step) {
    const candidate = { base, prefix };
    if (!used.some((u) => overlaps(u, candidate))) free.push(candidate);
  }
  return free;
}

export function firstFreeSubnet(pool: Cidr, prefix: number, used: readonly Cidr[]): Cidr {
  const [first] = freeSubnets(pool, prefix, used);
  if (!first) {
    throw new InfrastructureError(
      `no free /${prefix} subnet left in ${formatCidr(pool)}: ${used.length} blocks in use. ` +
        "Run `npx faultline clean` to remove networks of dead runs, or set FAULTLINE_SUBNET_POOL to a larger or different private block.",
    );
  }
  return first;
}
