import { describe, expect, it } from "vitest";
import { workloadWindow } from "./workload-window.ts";

describe("workloadWindow: a workload that runs through every fault and a while after", () => {
  it("stop() ends it at durationMs from its start when the faults ended early", async () => {
    const started = Date.now();
    const w = workloadWindow(new AbortController().signal, 200);
    expect(w.signal.aborted).toBe(false);
    await w.stop();
    expect(w.signal.aborted).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it("and a quarter of durationMs after the faults when they outlasted it", async () => {
    const w = workloadWindow(new AbortController().signal, 200);
    await new Promise((r) => setTimeout(r, 250));
    const stopping = Date.now();
    await w.stop();
    expect(Date.now() - stopping).toBeGreaterThanOrEqual(45);
  });

  it("the scenario's abort ends it at once", async () => {
    const parent = new AbortController();
    const w = workloadWindow(parent.signal, 60_000);
    parent.abort();
    expect(w.signal.aborted).toBe(true);
    const stopping = Date.now();
    await w.stop();
    expect(Date.now() - stopping).toBeLessThan(1000);
  });
});
