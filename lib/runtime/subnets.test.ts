import { describe, expect, it } from "vitest";
import { BadInputError, InfrastructureError } from "../core/errors.ts";
import { addressAt, type Cidr, cidrSize, firstFreeSubnet, formatAddress, formatCidr, freeSubnets, overlaps, parseCidr } from "./subnets.ts";

const cidr = (text: string): Cidr => parseCidr(text);

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

describe("parseCidr", () => {
  it("parses a block whose host bits are zero", () => {
    expect(parseCidr("10.213.0.0/16")).toEqual({ base: 10 * 2 ** 24 + 213 * 2 ** 16, prefix: 16 });
    expect(formatCidr(parseCidr("10.213.0.0/16"))).toBe("10.213.0.0/16");
  });

  it("normalises host bits to the block base", () => {
    expect(formatCidr(parseCidr("10.213.7.9/16"))).toBe("10.213.0.0/16");
    expect(formatCidr(parseCidr("192.168.1.77/24"))).toBe("192.168.1.0/24");
    expect(formatCidr(parseCidr("10.213.5.200/22"))).toBe("10.213.4.0/22");
    expect(parseCidr("10.213.7.9/16")).toEqual(parseCidr("10.213.0.0/16"));
  });

  it("handles the extremes of the address space and prefix range", () => {
    expect(parseCidr("0.0.0.0/0")).toEqual({ base: 0, prefix: 0 });
    expect(parseCidr("255.255.255.255/32")).toEqual({ base: 4294967295, prefix: 32 });
    expect(formatCidr(parseCidr("255.255.255.255/32"))).toBe("255.255.255.255/32");
    expect(formatCidr(parseCidr("200.1.2.3/1"))).toBe("128.0.0.0/1");
  });

  it("ignores surrounding whitespace", () => {
    expect(formatCidr(parseCidr("  172.30.0.0/20\n"))).toBe("172.30.0.0/20");
  });

  it.each([
    "300.1.1.1/24",
    "10.0.0.256/24",
    "10.0.0.0/33",
    "10.0.0.0/99",
    "10.0.0.0",
    "10.0.0/24",
    "10.0.0.0.0/24",
    "10.0.0.0/",
    "10.0.0.0/-1",
    "10.0.0.0/24x",
    "a.b.c.d/8",
    "",
    "fd00::/64",
  ])("rejects %j with a BadInputError naming the field", (text) => {
    const error = thrown(() => parseCidr(text, "FAULTLINE_SUBNET_POOL"));
    expect(error).toBeInstanceOf(BadInputError);
    expect((error as BadInputError).field).toBe("FAULTLINE_SUBNET_POOL");
    expect((error as BadInputError).message).toBe(
      `FAULTLINE_SUBNET_POOL: "${text}" is not an IPv4 CIDR block. Write it as a.b.c.d/n, e.g. 10.213.0.0/16.`,
    );
    expect((error as BadInputError).exitCode).toBe(2);
  });

  it('names the field "subnet" by default', () => {
    const error = thrown(() => parseCidr("300.1.1.1/24"));
    expect((error as BadInputError).field).toBe("subnet");
  });
});

describe("formatAddress and cidrSize", () => {
  it("formats addresses above 2^31 without sign trouble", () => {
    expect(formatAddress(3232235777)).toBe("192.168.1.1");
    expect(formatAddress(0)).toBe("0.0.0.0");
  });

  it("counts addresses in a block", () => {
    expect(cidrSize(cidr("10.0.0.0/24"))).toBe(256);
    expect(cidrSize(cidr("10.0.0.0/32"))).toBe(1);
    expect(cidrSize(cidr("0.0.0.0/0"))).toBe(4294967296);
  });
});

describe("overlaps", () => {
  it("adjacent blocks do not overlap, either way round", () => {
    expect(overlaps(cidr("10.213.0.0/24"), cidr("10.213.1.0/24"))).toBe(false);
    expect(overlaps(cidr("10.213.1.0/24"), cidr("10.213.0.0/24"))).toBe(false);
    expect(overlaps(cidr("10.213.0.0/23"), cidr("10.213.2.0/23"))).toBe(false);
  });

  it("nested blocks overlap, either way round", () => {
    expect(overlaps(cidr("10.213.0.0/16"), cidr("10.213.77.0/24"))).toBe(true);
    expect(overlaps(cidr("10.213.77.0/24"), cidr("10.213.0.0/16"))).toBe(true);
    expect(overlaps(cidr("10.213.77.0/24"), cidr("10.213.77.128/32"))).toBe(true);
  });

  it("identical blocks overlap", () => {
    expect(overlaps(cidr("10.213.5.0/24"), cidr("10.213.5.0/24"))).toBe(true);
  });

  it("disjoint distant blocks do not overlap", () => {
    expect(overlaps(cidr("10.0.0.0/8"), cidr("172.16.0.0/12"))).toBe(false);
  });
});

describe("addressAt", () => {
  const block = cidr("10.213.4.0/24");

  it("gives the nth host address", () => {
    expect(addressAt(block, 1)).toBe("10.213.4.1");
    expect(addressAt(block, 17)).toBe("10.213.4.17");
    expect(addressAt(block, 254)).toBe("10.213.4.254");
  });

  it("refuses the network address, the broadcast address and beyond", () => {
    expect(() => addressAt(block, 0)).toThrow(new RangeError("host number 0 is outside 10.213.4.0/24"));
    expect(() => addressAt(block, 255)).toThrow(new RangeError("host number 255 is outside 10.213.4.0/24"));
    expect(() => addressAt(block, 256)).toThrow(RangeError);
    expect(() => addressAt(block, -1)).toThrow(RangeError);
  });

  it("refuses fractional and non-finite host numbers", () => {
    expect(() => addressAt(block, 1.5)).toThrow(RangeError);
    expect(() => addressAt(block, Number.NaN)).toThrow(RangeError);
  });

  it("in a /30 only hosts 1 and 2 exist", () => {
    const tiny = cidr("10.213.4.4/30");
    expect(addressAt(tiny, 1)).toBe("10.213.4.5");
    expect(addressAt(tiny, 2)).toBe("10.213.4.6");
    expect(() => addressAt(tiny, 3)).toThrow(RangeError);
  });
});

describe("freeSubnets", () => {
  const pool = cidr("10.213.0.0/16");

  it("offers every /24 of an unused /16 pool in order", () => {
    const free = freeSubnets(pool, 24, []);
    expect(free).toHaveLength(256);
    expect(formatCidr(free[0] as Cidr)).toBe("10.213.0.0/24");
    expect(formatCidr(free[1] as Cidr)).toBe("10.213.1.0/24");
    expect(formatCidr(free[255] as Cidr)).toBe("10.213.255.0/24");
  });

  it("skips used blocks of the same, smaller and larger size", () => {
    const used = [cidr("10.213.0.0/24"), cidr("10.213.2.0/23"), cidr("10.213.5.128/28")];
    const free = freeSubnets(pool, 24, used).slice(0, 4).map(formatCidr);
    expect(free).toEqual(["10.213.1.0/24", "10.213.4.0/24", "10.213.6.0/24", "10.213.7.0/24"]);
  });

  it("no candidate overlaps a used block nor another candidate", () => {
    const used = [
      cidr("10.213.3.0/24"),
      cidr("10.213.16.0/20"),
      cidr("10.213.40.7/32"),
      cidr("10.213.128.0/17"),
      cidr("172.17.0.0/16"),
      cidr("10.213.99.0/26"),
    ];
    const free = freeSubnets(pool, 24, used);
    // 256 /24s minus: 1 (3) + 16 (16..31) + 1 (40) + 128 (128..255) + 1 (99) = 147 excluded
    expect(free).toHaveLength(109);
    for (const candidate of free) {
      expect(candidate.prefix).toBe(24);
      for (const u of used) expect(overlaps(candidate, u)).toBe(false);
    }
    for (let i = 0; i < free.length; i++) {
      for (let j = i + 1; j < free.length; j++) expect(overlaps(free[i] as Cidr, free[j] as Cidr)).toBe(false);
    }
    expect(free.map(formatCidr)).not.toContain("10.213.99.0/24");
    expect(free.map(formatCidr)).toContain("10.213.98.0/24");
  });

  it("a used /16 inside a /8 pool excludes all its /24s", () => {
    const free = freeSubnets(cidr("10.0.0.0/8"), 24, [cidr("10.1.0.0/16")]);
    expect(free).toHaveLength(65536 - 256);
    expect(free.some((c) => formatCidr(c).startsWith("10.1."))).toBe(false);
    expect(free.map(formatCidr)).toContain("10.0.255.0/24");
    expect(free.map(formatCidr)).toContain("10.2.0.0/24");
  });

  it("a used block covering the whole pool leaves nothing", () => {
    expect(freeSubnets(pool, 24, [cidr("10.0.0.0/8")])).toEqual([]);
  });

  it("blocks outside the pool change nothing", () => {
    expect(freeSubnets(cidr("10.213.0.0/22"), 24, [cidr("10.212.0.0/16"), cidr("10.214.0.0/24")]).map(formatCidr)).toEqual([
      "10.213.0.0/24",
      "10.213.1.0/24",
      "10.213.2.0/24",
      "10.213.3.0/24",
    ]);
  });

  it("a prefix equal to the pool's gives the pool itself", () => {
    expect(freeSubnets(cidr("10.213.8.0/24"), 24, []).map(formatCidr)).toEqual(["10.213.8.0/24"]);
  });

  it("rejects a prefix shorter than the pool's (a block larger than the pool)", () => {
    const error = thrown(() => freeSubnets(cidr("10.213.0.0/22"), 20, []));
    expect(error).toBeInstanceOf(BadInputError);
    expect((error as BadInputError).field).toBe("FAULTLINE_SUBNET_PREFIX");
    expect((error as BadInputError).message).toBe(
      "FAULTLINE_SUBNET_PREFIX: /20 does not fit in the pool 10.213.0.0/22 or leaves no room for nodes. Use a prefix between /22 and /29.",
    );
  });

  it("rejects prefixes above /29 (no room for nodes)", () => {
    expect(freeSubnets(cidr("10.213.0.0/24"), 29, [])).toHaveLength(32);
    const error = thrown(() => freeSubnets(cidr("10.213.0.0/24"), 30, []));
    expect((error as BadInputError).field).toBe("FAULTLINE_SUBNET_PREFIX");
  });
});

describe("firstFreeSubnet", () => {
  it("returns the first block not in use", () => {
    expect(formatCidr(firstFreeSubnet(cidr("10.213.0.0/16"), 24, [cidr("10.213.0.0/24"), cidr("10.213.1.0/24")]))).toBe("10.213.2.0/24");
  });

  it("when the pool is exhausted, throws an InfrastructureError pointing at `faultline clean` and FAULTLINE_SUBNET_POOL", () => {
    const pool = cidr("10.213.0.0/22");
    const used = ["10.213.0.0/24", "10.213.1.0/24", "10.213.2.0/24", "10.213.3.0/24"].map(cidr);
    const error = thrown(() => firstFreeSubnet(pool, 24, used));
    expect(error).toBeInstanceOf(InfrastructureError);
    expect((error as InfrastructureError).exitCode).toBe(2);
    const message = (error as Error).message;
    expect(message).toContain("no free /24 subnet left in 10.213.0.0/22: 4 blocks in use");
    expect(message).toContain("`npx faultline clean`");
    expect(message).toContain("FAULTLINE_SUBNET_POOL");
  });

  it("with three of four /24s used, returns the fourth", () => {
    const used = ["10.213.0.0/24", "10.213.1.0/24", "10.213.3.0/24"].map(cidr);
    expect(formatCidr(firstFreeSubnet(cidr("10.213.0.0/22"), 24, used))).toBe("10.213.2.0/24");
  });
});
