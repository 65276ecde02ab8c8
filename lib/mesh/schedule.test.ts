import { describe, expect, it } from "vitest";
import { rejection } from "../core/testing.ts";
import { isolate } from "./grudge.ts";
import type { Nemesis } from "./nemesis.ts";
import {
  applyFault,
  type FaultAction,
  type FaultChoice,
  type PeriodicOptions,
  periodicSchedule,
  runSchedule,
  type ScheduledFault,
  scriptedSchedule,
} from "./schedule.ts";
import { latency } from "./toxics.ts";

const N3 = ["n1", "n2", "n3"];
const N5 = ["n1", "n2", "n3", "n4", "n5"];
const HEAL: FaultAction = { kind: "heal" };
const killAll: FaultChoice = { kind: "process", fault: "kill", nodes: { kind: "all" } };

const manyChoices: FaultChoice[] = [
  { kind: "partition", partition: "isolate", mode: "reset" },
  { kind: "partition", partition: "halves", mode: "blackhole" },
  { kind: "partition", partition: "majorities-ring", mode: "reset" },
  { kind: "process", fault: "pause", nodes: { kind: "one" } },
  { kind: "process", fault: "kill", nodes: { kind: "minority" } },
  { kind: "toxic", toxic: latency(200), on: "one-node" },
];

function periodic(overrides: Partial<PeriodicOptions>): ScheduledFault[] {
  return periodicSchedule({
    seed: 1,
    nodes: N5,
    durationMs: 100_000,
    intervalMs: 10_000,
    faultMs: 2_000,
    choices: manyChoices,
    ...overrides,
  });
}

/** A stand-in nemesis that records its calls; `failOn` makes one method throw. */
function fakeNemesis(failOn?: "partition" | "toxic" | "processFault" | "heal") {
  const calls: unknown[][] = [];
  const record =
    (name: string) =>
    async (...args: unknown[]) => {
      calls.push([name, ...args]);
      if (name === failOn) throw new Error(`${name} failed`);
    };
  const fake = {
    partition: record("partition"),
    toxic: record("toxic"),
    processFault: record("processFault"),
    heal: record("heal"),
  };
  return { nemesis: fake as unknown as Nemesis, calls };
}

describe("periodicSchedule", () => {
  it("30 s, every 10 s, 4 s faults: faults at 10000 and 20000, heals at 14000 and 24000, final heal at 30000", () => {
    const kill: FaultAction = { kind: "process", fault: "kill", nodes: ["n1", "n2", "n3"] };
    expect(periodicSchedule({ seed: 1, nodes: N3, durationMs: 30_000, intervalMs: 10_000, faultMs: 4_000, choices: [killAll] })).toEqual([
      { atMs: 10_000, action: kill },
      { atMs: 14_000, action: HEAL },
      { atMs: 20_000, action: kill },
      { atMs: 24_000, action: HEAL },
      { atMs: 30_000, action: HEAL },
    ]);
  });

  it("plans toxics on all links or on one node's links", () => {
    const toxic = latency(100);
    expect(
      periodicSchedule({
        seed: 1,
        nodes: N3,
        durationMs: 14_000,
        intervalMs: 10_000,
        faultMs: 4_000,
        choices: [{ kind: "toxic", toxic, on: "all" }],
      }),
    ).toEqual([
      { atMs: 10_000, action: { kind: "toxic", toxic, selector: { all: true } } },
      { atMs: 14_000, action: HEAL },
    ]);
    const oneNode = periodicSchedule({
      seed: 1,
      nodes: N3,
      durationMs: 14_000,
      intervalMs: 10_000,
      faultMs: 4_000,
      choices: [{ kind: "toxic", toxic, on: "one-node" }],
    });
    const action = oneNode[0]?.action;
    expect(action?.kind).toBe("toxic");
    if (action?.kind !== "toxic") throw new Error("unreachable");
    expect(N3).toContain((action.selector as { node: string }).node);
  });

  it("adds no second heal when the last fault's heal falls exactly on durationMs", () => {
    expect(periodicSchedule({ seed: 1, nodes: N3, durationMs: 14_000, intervalMs: 10_000, faultMs: 4_000, choices: [killAll] })).toEqual([
      { atMs: 10_000, action: { kind: "process", fault: "kill", nodes: ["n1", "n2", "n3"] } },
      { atMs: 14_000, action: HEAL },
    ]);
  });

  it("starts no fault whose heal would fall after durationMs", () => {
    expect(periodicSchedule({ seed: 1, nodes: N3, durationMs: 13_999, intervalMs: 10_000, faultMs: 4_000, choices: [killAll] })).toEqual([
      { atMs: 13_999, action: HEAL },
    ]);
  });

  it("heals each fault faultMs after it starts, faults every intervalMs", () => {
    const steps = periodic({ seed: 5 });
    expect(steps.length).toBe(9 * 2 + 1);
    for (let i = 0; i < 9; i++) {
      expect(steps[2 * i]?.atMs).toBe(10_000 * (i + 1));
      expect(steps[2 * i]?.action.kind).not.toBe("heal");
      expect(steps[2 * i + 1]).toEqual({ atMs: 10_000 * (i + 1) + 2_000, action: HEAL });
    }
  });

  it("is deterministic: same seed, deep-equal schedules", () => {
    expect(periodic({ seed: 17 })).toEqual(periodic({ seed: 17 }));
  });

  it("differs for a different seed when there are several choices", () => {
    expect(periodic({ seed: 1 })).not.toEqual(periodic({ seed: 2 }));
  });

  it("always ends with a heal at durationMs", () => {
    for (let seed = 1; seed <= 10; seed++) {
      for (const durationMs of [10_000, 12_000, 35_500, 100_000]) {
        const steps = periodic({ seed, durationMs });
        expect(steps[steps.length - 1]).toEqual({ atMs: durationMs, action: HEAL });
      }
    }
  });

  it("rejects faultMs >= intervalMs, faultMs <= 0, no choices and durationMs < intervalMs", () => {
    expect(() => periodic({ faultMs: 10_000 })).toThrow(/faultMs \(10000\) must be above 0 and below intervalMs \(10000\)/);
    expect(() => periodic({ faultMs: 12_000 })).toThrow(RangeError);
    expect(() => periodic({ faultMs: 0 })).toThrow(/must be above 0/);
    expect(() => periodic({ faultMs: Number.NaN })).toThrow(RangeError);
    expect(() => periodic({ choices: [] })).toThrow(/at least one fault choice/);
    expect(() => periodic({ durationMs: 9_999 })).toThrow(/durationMs \(9999\) must be at least intervalMs \(10000\)/);
  });
});

describe("scriptedSchedule", () => {
  const partition: FaultAction = { kind: "partition", grudge: isolate(N3, "n1"), mode: "reset" };
  const toxic: FaultAction = { kind: "toxic", selector: { all: true }, toxic: latency(50) };

  it("appends a final heal at the last step's time", () => {
    expect(
      scriptedSchedule([
        { atMs: 0, action: partition },
        { atMs: 5_000, action: toxic },
      ]),
    ).toEqual([
      { atMs: 0, action: partition },
      { atMs: 5_000, action: toxic },
      { atMs: 5_000, action: HEAL },
    ]);
  });

  it("appends nothing when the last step already is a heal", () => {
    const steps: ScheduledFault[] = [
      { atMs: 0, action: partition },
      { atMs: 3_000, action: HEAL },
    ];
    expect(scriptedSchedule(steps)).toEqual(steps);
  });

  it("heals a heal-free script even when a heal sits in the middle", () => {
    expect(
      scriptedSchedule([
        { atMs: 0, action: partition },
        { atMs: 1_000, action: HEAL },
        { atMs: 2_000, action: toxic },
      ]),
    ).toEqual([
      { atMs: 0, action: partition },
      { atMs: 1_000, action: HEAL },
      { atMs: 2_000, action: toxic },
      { atMs: 2_000, action: HEAL },
    ]);
  });

  it("an empty script is one heal at 0", () => {
    expect(scriptedSchedule([])).toEqual([{ atMs: 0, action: HEAL }]);
  });

  it("accepts equal times and leaves its input alone", () => {
    const steps: ScheduledFault[] = [
      { atMs: 10, action: partition },
      { atMs: 10, action: toxic },
    ];
    expect(scriptedSchedule(steps).length).toBe(3);
    expect(steps.length).toBe(2);
  });

  it("rejects negative and out-of-order times", () => {
    expect(() => scriptedSchedule([{ atMs: -1, action: partition }])).toThrow(/step 0: atMs -1 is negative/);
    expect(() => scriptedSchedule([{ atMs: Number.NaN, action: partition }])).toThrow(RangeError);
    expect(() =>
      scriptedSchedule([
        { atMs: 10, action: partition },
        { atMs: 5, action: HEAL },
      ]),
    ).toThrow(/step 1: atMs 5 comes before the step above \(10\)/);
  });
});

describe("applyFault", () => {
  it("routes each action to its nemesis method with its arguments", async () => {
    const { nemesis, calls } = fakeNemesis();
    const grudge = isolate(N3, "n2");
    const toxic = latency(10);
    await applyFault(nemesis, { kind: "partition", grudge, mode: "blackhole" });
    await applyFault(nemesis, { kind: "toxic", selector: { node: "n1" }, toxic });
    await applyFault(nemesis, { kind: "process", fault: "pause", nodes: ["n3"] });
    await applyFault(nemesis, HEAL);
    expect(calls).toEqual([
      ["partition", grudge, "blackhole"],
      ["toxic", { node: "n1" }, toxic],
      ["processFault", "pause", ["n3"]],
      ["heal"],
    ]);
  });

  it("propagates the nemesis's error", async () => {
    const { nemesis } = fakeNemesis("toxic");
    await expect(applyFault(nemesis, { kind: "toxic", selector: { all: true }, toxic: latency(1) })).rejects.toThrow("toxic failed");
  });
});

describe("runSchedule", () => {
  const grudge = isolate(N3, "n1");
  const partition: FaultAction = { kind: "partition", grudge, mode: "reset" };
  const slow = latency(5);
  const toxic: FaultAction = { kind: "toxic", selector: { all: true }, toxic: slow };

  it("applies the steps in order, waiting for each, and ends with exactly one heal", async () => {
    const { nemesis, calls } = fakeNemesis();
    const started = Date.now();
    await runSchedule(nemesis, [
      { atMs: 0, action: partition },
      { atMs: 10, action: toxic },
      { atMs: 20, action: { kind: "process", fault: "kill", nodes: ["n2"] } },
      { atMs: 30, action: HEAL },
    ]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(28);
    expect(calls).toEqual([["partition", grudge, "reset"], ["toxic", { all: true }, slow], ["processFault", "kill", ["n2"]], ["heal"]]);
  });

  it("heals at the end when the schedule itself does not", async () => {
    const { nemesis, calls } = fakeNemesis();
    await runSchedule(nemesis, [{ atMs: 0, action: partition }]);
    expect(calls).toEqual([["partition", grudge, "reset"], ["heal"]]);
  });

  it("an empty schedule still heals", async () => {
    const { nemesis, calls } = fakeNemesis();
    await runSchedule(nemesis, []);
    expect(calls).toEqual([["heal"]]);
  });

  it("when a step throws: heals, propagates the error, and runs no later step", async () => {
    const { nemesis, calls } = fakeNemesis("partition");
    const error = await rejection(
      runSchedule(nemesis, [
        { atMs: 0, action: partition },
        { atMs: 5, action: toxic },
        { atMs: 10, action: HEAL },
      ]),
    );
    expect((error as Error).message).toBe("partition failed");
    expect(calls).toEqual([["partition", grudge, "reset"], ["heal"]]);
  });

  // Regression: found by review and fixed; this failed before the fix.
  it("heals after a failing fault step that follows a heal step", async () => {
    const { nemesis, calls } = fakeNemesis("partition");
    await rejection(
      runSchedule(nemesis, [
        { atMs: 0, action: HEAL },
        { atMs: 1, action: partition },
      ]),
    );
    expect(calls).toEqual([["heal"], ["partition", grudge, "reset"], ["heal"]]);
  });

  it("retries the heal at the end when a heal step throws, and propagates the heal's error", async () => {
    const { nemesis, calls } = fakeNemesis("heal");
    const error = await rejection(
      runSchedule(nemesis, [
        { atMs: 0, action: partition },
        { atMs: 1, action: HEAL },
      ]),
    );
    expect((error as Error).message).toBe("heal failed");
    expect(calls).toEqual([["partition", grudge, "reset"], ["heal"], ["heal"]]);
  });

  it("with an already-aborted signal: applies no waiting step, still heals, and rejects with AbortError", async () => {
    const { nemesis, calls } = fakeNemesis();
    const error = await rejection(
      runSchedule(
        nemesis,
        [
          { atMs: 10, action: partition },
          { atMs: 20, action: HEAL },
        ],
        AbortSignal.abort(),
      ),
    );
    expect((error as Error).name).toBe("AbortError");
    expect(calls).toEqual([["heal"]]);
  });

  it("aborted while waiting: stops before the next step and heals", async () => {
    const { nemesis, calls } = fakeNemesis();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 5);
    const error = await rejection(
      runSchedule(
        nemesis,
        [
          { atMs: 0, action: partition },
          { atMs: 30, action: toxic },
          { atMs: 30, action: HEAL },
        ],
        controller.signal,
      ),
    );
    expect((error as Error).name).toBe("AbortError");
    expect(calls).toEqual([["partition", grudge, "reset"], ["heal"]]);
  });

  it("with an already-aborted signal, a step already due (atMs 0) is not applied either", async () => {
    const { nemesis, calls } = fakeNemesis();
    const error = await rejection(runSchedule(nemesis, [{ atMs: 0, action: partition }], AbortSignal.abort()));
    expect((error as Error).name).toBe("AbortError");
    expect(calls).toEqual([["heal"]]);
  });

  it("when a fault step fails and the heal after it fails too, the fault's error is the one reported", async () => {
    const calls: string[] = [];
    const nemesis = {
      partition: async () => {
        calls.push("partition");
        throw new Error("partition failed");
      },
      heal: async () => {
        calls.push("heal");
        throw new Error("heal failed");
      },
    } as unknown as Nemesis;
    const error = await rejection(runSchedule(nemesis, [{ atMs: 0, action: partition }]));
    expect((error as Error).message).toBe("partition failed");
    expect(calls).toEqual(["partition", "heal"]);
  });
});
