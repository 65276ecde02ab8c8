import { describe, expect, it } from "vitest";
import { parseClusterNodes } from "./cluster-nodes.ts";
import { failoverBoundMs, failoverTimeline, type ViewSample } from "./failover-timeline.ts";

const line = (id: string, ip: string, flags: string, master: string, slots: string) =>
  `${id} ${ip}:6379@16379 ${flags} ${master} 0 0 1 connected ${slots}`.trim();
// n1 (victim, master 0-16383 for brevity) with replica n2; n3 a bystander master without slots.
const healthy = (self: string) =>
  parseClusterNodes(
    [
      line("a1", "10.0.0.11", self === "n1" ? "myself,master" : "master", "-", "0-16383"),
      line("b2", "10.0.0.12", self === "n2" ? "myself,slave" : "slave", "a1", ""),
      line("c3", "10.0.0.13", self === "n3" ? "myself,master" : "master", "-", ""),
    ].join("\n"),
  );
const failing = (self: string, flag: "fail?" | "fail", promoted: boolean) =>
  parseClusterNodes(
    [
      line("a1", "10.0.0.11", `master,${flag}`, "-", promoted ? "" : "0-16383"),
      line(
        "b2",
        "10.0.0.12",
        `${self === "n2" ? "myself," : ""}${promoted ? "master" : "slave"}`,
        promoted ? "-" : "a1",
        promoted ? "0-16383" : "",
      ),
      line("c3", "10.0.0.13", self === "n3" ? "myself,master" : "master", "-", ""),
    ].join("\n"),
  );

describe("failoverBoundMs", () => {
  it("is node-timeout + 1000 + rank x 1000 + margin", () => {
    expect(failoverBoundMs(2000, 0, 1500)).toBe(4500);
    expect(failoverBoundMs(5000, 2, 0)).toBe(8000);
  });
});

describe("failoverTimeline", () => {
  const victim = { name: "n1", address: "10.0.0.11:6379" };
  const samples: ViewSample[] = [
    { atMs: 100, views: { n2: { nodes: healthy("n2"), state: "ok" }, n3: { nodes: healthy("n3"), state: "ok" } } },
    { atMs: 2100, views: { n2: { nodes: failing("n2", "fail?", false), state: "ok" }, n3: { nodes: healthy("n3"), state: "ok" } } },
    {
      atMs: 2300,
      views: { n2: { nodes: failing("n2", "fail", false), state: "fail" }, n3: { nodes: failing("n3", "fail", false), state: "fail" } },
    },
    {
      atMs: 3100,
      views: { n2: { nodes: failing("n2", "fail", true), state: "ok" }, n3: { nodes: failing("n3", "fail", false), state: "fail" } },
    },
    {
      atMs: 3300,
      views: { n2: { nodes: failing("n2", "fail", true), state: "ok" }, n3: { nodes: failing("n3", "fail", true), state: "ok" } },
    },
  ];

  it("finds PFAIL, FAIL, the promotion (seen by the replica itself) and ok everywhere but the victim", () => {
    expect(failoverTimeline(samples, victim, { n2: "10.0.0.12:6379" })).toEqual({
      pfailMs: 2100,
      failMs: 2300,
      promotedMs: 3100,
      promoted: "n2",
      okMs: 3300,
    });
  });

  it("reports nothing where nothing happened: no failover is null, not zero", () => {
    expect(failoverTimeline(samples.slice(0, 1), victim, { n2: "10.0.0.12:6379" })).toEqual({
      pfailMs: null,
      failMs: null,
      promotedMs: null,
      promoted: null,
      okMs: null,
    });
    // A FAIL seen without an earlier PFAIL sample counts as PFAIL at the same time.
    expect(failoverTimeline([samples[2] as ViewSample], victim, { n2: "10.0.0.12:6379" })).toMatchObject({
      pfailMs: 2300,
      failMs: 2300,
      promotedMs: null,
    });
  });

  it("ignores the victim's own view", () => {
    const own: ViewSample = { atMs: 50, views: { n1: { nodes: failing("n1", "fail", true), state: "ok" } } };
    expect(failoverTimeline([own], victim, {})).toMatchObject({ failMs: null, okMs: null });
  });
});
