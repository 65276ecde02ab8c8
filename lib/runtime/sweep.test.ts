import { describe, expect, it } from "vitest";
import type { ProcessIdentity } from "../core/process-identity.ts";
import { type Labels, runLabels } from "./labels.ts";
import { planSweep, type ResourceKind, type RunResource } from "./sweep.ts";

const alive: ProcessIdentity = { host: "box", pid: 100, startTicks: "5000" };
const dead: ProcessIdentity = { host: "box", pid: 200, startTicks: "6000" };

function resource(kind: ResourceKind, name: string, runId: string, owner?: ProcessIdentity): RunResource {
  const labels: Labels = owner ? runLabels(runId, owner) : { "faultline.run": runId };
  return { kind, id: `id-${name}`, name, runId, labels };
}

const isAlive = (o: ProcessIdentity) => o.pid === alive.pid && o.startTicks === alive.startTicks;
const names = (rs: readonly RunResource[]) => rs.map((r) => r.name);

describe("planSweep", () => {
  it("keeps a run whose owner is alive, with the reason", () => {
    const plan = planSweep([resource("container", "a-n1", "fl-a", alive), resource("network", "a-net", "fl-a", alive)], isAlive);
    expect(plan).toEqual({ remove: [], keep: [{ runId: "fl-a", reason: "process 100 on box is still running" }] });
  });

  it("removes every resource of a run whose owner is dead", () => {
    const plan = planSweep(
      [
        resource("container", "d-n1", "fl-d", dead),
        resource("container", "d-n2", "fl-d", dead),
        resource("network", "d-net", "fl-d", dead),
      ],
      isAlive,
    );
    expect(names(plan.remove)).toEqual(["d-n1", "d-n2", "d-net"]);
    expect(plan.keep).toEqual([]);
  });

  it("groups by run id: only the dead run's resources go", () => {
    const resources = [
      resource("container", "a-n1", "fl-a", alive),
      resource("container", "d-n1", "fl-d", dead),
      resource("network", "a-net", "fl-a", alive),
      resource("network", "d-net", "fl-d", dead),
      resource("volume", "d-vol", "fl-d", dead),
    ];
    const plan = planSweep(resources, isAlive);
    expect(names(plan.remove)).toEqual(["d-n1", "d-vol", "d-net"]);
    expect(plan.keep).toEqual([{ runId: "fl-a", reason: "process 100 on box is still running" }]);
  });

  it("judges a run by any of its resources that has owner labels", () => {
    const plan = planSweep([resource("volume", "v", "fl-d"), resource("container", "c", "fl-d", dead)], isAlive);
    expect(names(plan.remove)).toEqual(["c", "v"]);
  });

  it("asks isAlive with the owner read from the labels", () => {
    const asked: ProcessIdentity[] = [];
    planSweep([resource("container", "x", "fl-x", { host: "far", pid: 7, startTicks: "" })], (o) => {
      asked.push(o);
      return true;
    });
    expect(asked).toEqual([{ host: "far", pid: 7, startTicks: "" }]);
  });

  it("keeps an owner-less run unless all is set", () => {
    const resources = [resource("container", "o-n1", "fl-o"), resource("network", "o-net", "fl-o")];
    expect(planSweep(resources, isAlive)).toEqual({
      remove: [],
      keep: [{ runId: "fl-o", reason: "no owner labels; use --all to remove it" }],
    });
    const all = planSweep(resources, isAlive, { all: true });
    expect(names(all.remove)).toEqual(["o-n1", "o-net"]);
    expect(all.keep).toEqual([]);
  });

  it("with all, removes runs whose owner is alive too, without asking", () => {
    let asked = 0;
    const plan = planSweep(
      [resource("container", "a-n1", "fl-a", alive)],
      () => {
        asked++;
        return true;
      },
      { all: true },
    );
    expect(names(plan.remove)).toEqual(["a-n1"]);
    expect(asked).toBe(0);
  });

  it("protect keeps this process's own run, even with all", () => {
    const resources = [resource("container", "me-n1", "fl-me", dead), resource("container", "d-n1", "fl-d", dead)];
    const plan = planSweep(resources, isAlive, { all: true, protect: "fl-me" });
    expect(names(plan.remove)).toEqual(["d-n1"]);
    expect(plan.keep).toEqual([{ runId: "fl-me", reason: "this process's own run" }]);
  });

  it("orders removal containers, then volumes, then networks, across runs", () => {
    const resources = [
      resource("network", "net1", "fl-1", dead),
      resource("volume", "vol1", "fl-1", dead),
      resource("container", "c1", "fl-1", dead),
      resource("network", "net2", "fl-2", dead),
      resource("container", "c2", "fl-2", dead),
      resource("volume", "vol2", "fl-2", dead),
    ];
    const plan = planSweep(resources, isAlive);
    expect(plan.remove.map((r) => r.kind)).toEqual(["container", "container", "volume", "volume", "network", "network"]);
    expect(names(plan.remove)).toEqual(["c1", "c2", "vol1", "vol2", "net1", "net2"]);
  });

  it("an empty list plans nothing", () => {
    expect(planSweep([], isAlive, { all: true })).toEqual({ remove: [], keep: [] });
  });
});
