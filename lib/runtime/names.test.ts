import { describe, expect, it } from "vitest";
import { dnsSafeName, MAX_NAME } from "./names.ts";

describe("dnsSafeName", () => {
  it("keeps names that fit a DNS label", () => {
    expect(dnsSafeName("fl-20261127-172653-fb33b2-galera-n1")).toBe("fl-20261127-172653-fb33b2-galera-n1");
    const exact = "x".repeat(MAX_NAME);
    expect(dnsSafeName(exact)).toBe(exact);
  });

  it("cuts longer names to at most 63 characters, keeping the run id and the role apart by a hash of the whole", () => {
    const a = dnsSafeName("fl-20261127-172653-fb33b2-isolate-one-mariadb-galera-10-11-galera-n1");
    const b = dnsSafeName("fl-20261127-172653-fb33b2-isolate-one-mariadb-galera-10-11-galera-n2");
    expect(a.length).toBeLessThanOrEqual(MAX_NAME);
    expect(a).toMatch(/^fl-20261127-172653-fb33b2-isol-[0-9a-f]{8}-galera-10-11-galera-n1$/);
    expect(a).not.toBe(b);
    expect(dnsSafeName("fl-20261127-172653-fb33b2-isolate-one-mariadb-galera-10-11-galera-n1")).toBe(a);
  });
});
