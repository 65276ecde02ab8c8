import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { projectPath } from "../../core/paths.ts";
import { parseTimedLines } from "../../runtime/timed-lines.ts";
import { redisEngineEvents, redisLogParser } from "./engine-events.ts";
import { redisLogEvents } from "./log-events.ts";

const VICTIM_ID = "7f8f3a6eb5ceb08acb28682195c770d44e21dee4";

describe("redisEngineEvents (captured: redis 7.0, the master n1 killed, n5 promoted)", () => {
  const text = readFileSync(projectPath("fixtures", "redis", "logs", "redis-7.0-failover-kill.txt"), "utf8");
  const logged = text
    .split(/^=== /m)
    .slice(1)
    .flatMap((section) => {
      const [node = "", ...lines] = section.split("\n");
      return redisLogEvents(node.trim(), parseTimedLines(lines.join("\n")));
    });
  const events = redisEngineEvents(logged, (id) => (id === VICTIM_ID ? "n1" : undefined));

  it("a FAIL is about the node marked failing, with the peer that logged it", () => {
    const fails = events.filter((e) => e.kind === "fail");
    expect(new Set(fails.map((e) => e.node))).toEqual(new Set(["n1"]));
    expect(fails.map((e) => e.reporter).sort()).toEqual(["n2", "n3", "n4", "n5", "n6"]);
    const marked = fails.find((e) => e.text.includes("Marking node"));
    expect(marked).toMatchObject({ reporter: "n5", source: "log" });
    expect(marked?.atMs).toBe(Date.parse("2026-12-03T19:30:14.115Z") + 0.760797);
  });

  it("the promotion on the replica that won, and each node's cluster state", () => {
    expect(events.filter((e) => e.kind === "promoted").map((e) => e.node)).toEqual(["n5"]);
    expect(events.filter((e) => e.kind === "cluster-fail").length).toBe(5);
    expect(events.filter((e) => e.kind === "cluster-ok").map((e) => e.node)).toContain("n1");
  });

  it("an id nobody can name is shown by its first 8 characters", () => {
    expect(redisEngineEvents(logged, () => undefined).find((e) => e.kind === "fail")?.node).toBe("7f8f3a6e");
  });
});

describe("redisLogParser", () => {
  it("names node ids from a view of the cluster by address, and reads the cluster nodes' logs only", () => {
    const nodes = [
      { name: "n1", ip: "10.0.0.11", port: 6379 },
      { name: "n2", ip: "10.0.0.12", port: 6379 },
    ];
    const parse = redisLogParser(nodes, [{ id: VICTIM_ID, ip: "10.0.0.11", port: 6379 }]);
    const lines = parseTimedLines(
      `2026-12-03T19:30:14.115760689Z 1:S 03 Dec 2026 19:30:14.114 * Marking node ${VICTIM_ID} as failing (quorum reached).`,
    );
    expect(parse("n2", lines).map((e) => [e.node, e.kind, e.reporter])).toEqual([["n1", "fail", "n2"]]);
    expect(parse("toxiproxy", lines)).toEqual([]);
  });
});
