import { describe, expect, it } from "vitest";
import { forcePrimary } from "./force-primary.ts";

/** A node that ignores pc.bootstrap the first `ignored` times it is set (mid membership change), then takes it. */
function node(ignored: number, opts: { refuse?: string } = {}) {
  let sets = 0;
  let primary = false;
  return {
    get sets() {
      return sets;
    },
    set: async () => {
      sets += 1;
      if (opts.refuse) throw new Error(opts.refuse);
      if (sets > ignored) primary = true;
      return "wsrep_provider_pc_bootstrap";
    },
    primary: async () => primary,
  };
}

describe("forcing a cut-off node to found its own primary component", () => {
  it("taken at once: one attempt, confirmed by the node reporting Primary", async () => {
    const n = node(0);
    const out = await forcePrimary({ set: n.set, primary: n.primary, timeoutMs: 2000, settleMs: 100, intervalMs: 10 });
    expect(out).toMatchObject({ forced: true, how: "wsrep_provider_pc_bootstrap", attempts: 1 });
    expect(n.sets).toBe(1);
  });

  it("an accepted statement that the node ignored is repeated until the node is Primary", async () => {
    const n = node(2);
    const out = await forcePrimary({ set: n.set, primary: n.primary, timeoutMs: 5000, settleMs: 50, intervalMs: 10 });
    expect(out).toMatchObject({ forced: true, attempts: 3 });
    expect(n.sets).toBe(3);
  });

  it("a node that never becomes Primary is reported as not forced, with the attempts, never as forced", async () => {
    const n = node(Number.POSITIVE_INFINITY);
    const out = await forcePrimary({ set: n.set, primary: n.primary, timeoutMs: 200, settleMs: 40, intervalMs: 10 });
    expect(out.forced).toBe(false);
    if (out.forced) return;
    expect(out.attempts).toBeGreaterThan(1);
    expect(out.reason).toMatch(/^pc\.bootstrap=YES was accepted \d+ times in 0\.2 s but the node never reported Primary$/);
  });

  it("a refused statement is reported with the server's words", async () => {
    const n = node(0, { refuse: "Variable 'wsrep_provider_pc_bootstrap' is a read only variable" });
    const out = await forcePrimary({ set: n.set, primary: n.primary, timeoutMs: 100, settleMs: 30, intervalMs: 10 });
    expect(out).toMatchObject({ forced: false });
    if (out.forced) return;
    expect(out.reason).toContain("was refused");
    expect(out.reason).toContain("read only variable");
  });

  it("a node already Primary without any accepted statement is not counted as forced", async () => {
    const out = await forcePrimary({
      set: async () => {
        throw new Error("access denied");
      },
      primary: async () => true,
      timeoutMs: 60,
      settleMs: 20,
      intervalMs: 10,
    });
    expect(out.forced).toBe(false);
  });

  it("a status query that fails counts as not Primary yet", async () => {
    let looks = 0;
    const out = await forcePrimary({
      set: async () => "wsrep_provider_options",
      primary: async () => {
        looks += 1;
        if (looks < 3) throw new Error("Lost connection");
        return true;
      },
      timeoutMs: 2000,
      settleMs: 500,
      intervalMs: 10,
    });
    expect(out).toMatchObject({ forced: true, attempts: 1 });
  });
});
