import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { projectPath } from "../../core/paths.ts";
import { parseTimedLines } from "../../runtime/timed-lines.ts";
import { failoverFromLogs, type RedisLogEvent, redisLogEvents } from "./log-events.ts";

/** A captured fixture: every node's events, and the fault's time from its header. */
function capture(name: string): { events: RedisLogEvent[]; faultAtMs: number } {
  const text = readFileSync(projectPath("fixtures", "redis", "logs", `${name}.txt`), "utf8");
  const faultAtMs = Date.parse(/nemesis info wall\): (\S+);/.exec(text)?.[1] ?? "");
  const events: RedisLogEvent[] = [];
  for (const section of text.split(/^=== /m).slice(1)) {
    const [node = "", ...lines] = section.split("\n");
    events.push(...redisLogEvents(node.trim(), parseTimedLines(lines.join("\n"))));
  }
  return { events, faultAtMs };
}

const others = ["n2", "n3", "n4", "n5", "n6"];
const cases: Array<[string, string, { fail: [string, number]; promoted: number; ok: [string, number] }]> = [
  // [fixture, victim id, expected (node, ms after the fault) worked out from the file by hand]
  ["redis-7.0-failover-kill", "7f8f3a6eb5ceb08acb28682195c770d44e21dee4", { fail: ["n3", 1890], promoted: 2601, ok: ["n3", 2604] }],
  ["redis-7.0-failover-partition", "6b7057319faf1953b15ee28b37592ec5d58aefa4", { fail: ["n3", 2749], promoted: 3658, ok: ["n4", 3668] }],
  ["redis-8.0-failover-kill", "8685f300488c0a0fc3e38fd51c4308955cbbb661", { fail: ["n3", 2212], promoted: 3057, ok: ["n4", 3081] }],
  ["redis-8.0-failover-partition", "f36f0d00ca0d28dd0ef306481c40397787a04754", { fail: ["n6", 2521], promoted: 3226, ok: ["n4", 3238] }],
  ["valkey-8.1-failover-kill", "0a1f308cc6a1ffe56b565a065f034419178d2024", { fail: ["n3", 2098], promoted: 3048, ok: ["n2", 3052] }],
  ["valkey-8.1-failover-partition", "9bf12a85051324f4188fcfce0e8f194379f934ff", { fail: ["n4", 3027], promoted: 3730, ok: ["n4", 3744] }],
];

describe("a failover read from the nodes' own logs (captured on redis 7.0, 8.0 and valkey 8.1)", () => {
  it.each(cases)("%s: FAIL, promotion of n5, every other node ok again", (name, victimId, want) => {
    const { events, faultAtMs } = capture(name);
    const f = failoverFromLogs(events, { faultAtMs, victim: "n1", victimId, replicas: ["n5"], others });
    const at = (e: RedisLogEvent | undefined) => (e ? [e.node, Math.round(e.atMs - faultAtMs)] : undefined);
    expect(at(f.fail)).toEqual(want.fail);
    expect(at(f.promoted)).toEqual(["n5", want.promoted]);
    expect(at(f.ok)).toEqual(want.ok);
  });

  it("a node that went fail and has not logged ok since the promotion leaves ok unknown", () => {
    const { events, faultAtMs } = capture("redis-7.0-failover-kill");
    const withoutN2Ok = events.filter((e) => !(e.node === "n2" && e.kind === "state" && e.ok));
    const f = failoverFromLogs(withoutN2Ok, {
      faultAtMs,
      victim: "n1",
      victimId: "7f8f3a6eb5ceb08acb28682195c770d44e21dee4",
      replicas: ["n5"],
      others,
    });
    expect(f.promoted?.node).toBe("n5");
    expect(f.ok).toBeUndefined();
  });

  it("only the victim's replicas' promotions count, and only after the fault; the victim's own lines never do", () => {
    const { events, faultAtMs } = capture("redis-8.0-failover-kill");
    const id = "8685f300488c0a0fc3e38fd51c4308955cbbb661";
    expect(failoverFromLogs(events, { faultAtMs, victim: "n1", victimId: id, replicas: ["n4"], others }).promoted).toBeUndefined();
    expect(failoverFromLogs(events, { faultAtMs: faultAtMs + 60_000, victim: "n1", victimId: id, replicas: ["n5"], others })).toEqual({});
    const other = failoverFromLogs(events, { faultAtMs, victim: "n1", victimId: "0".repeat(40), replicas: ["n5"], others });
    expect(other.fail).toBeUndefined();
  });

  it("reads each wording: Redis 7.0's '#', 8.0 and Valkey's '*' with '()', Valkey's 'new primary'", () => {
    const lines = parseTimedLines(
      [
        "2026-12-03T19:30:14.115760689Z 1:S 03 Dec 2026 19:30:14.114 * Marking node 7f8f3a6eb5ceb08acb28682195c770d44e21dee4 as failing (quorum reached).",
        "2026-12-03T19:31:59.736833069Z 1:M 03 Dec 2026 19:31:59.725 * FAIL message received from 37e6dd497244f27ab328eb281507104f9f4702d3 () about 8685f300488c0a0fc3e38fd51c4308955cbbb661 ()",
        "2026-12-03T19:33:48.146175885Z 1:S 03 Dec 2026 19:33:48.145 * Failover election won: I'm the new primary.",
        "2026-12-03T19:30:14.827115430Z 1:M 03 Dec 2026 19:30:14.826 # Cluster state changed: ok",
        "2026-12-03T19:30:14.115713809Z 1:M 03 Dec 2026 19:30:14.115 # Cluster state changed: fail",
        "2026-12-03T19:30:14.824Z 1:M 03 Dec 2026 19:30:14.824 # Failover auth granted to 2b990cb6916537932c0d58c2c3c42fa1035b9dfb for epoch 7",
      ].join("\n"),
    );
    expect(redisLogEvents("n9", lines).map((e) => [e.kind, "about" in e ? e.about.slice(0, 8) : "ok" in e ? e.ok : null])).toEqual([
      ["marked-failing", "7f8f3a6e"],
      ["fail-received", "8685f300"],
      ["promoted", null],
      ["state", true],
      ["state", false],
    ]);
  });
});

describe("failover figures: the log's times, polling as cross-check", () => {
  it("takes FAIL, promotion and ok from the log; PFAIL (never logged) is polled, and never after the logged FAIL", async () => {
    const { failoverFigures } = await import("./failover-figures.ts");
    const { events, faultAtMs } = capture("redis-7.0-failover-kill");
    const o = { faultAtMs, victim: "n1", victimId: "7f8f3a6eb5ceb08acb28682195c770d44e21dee4", replicas: ["n5"], others };
    const timeline = { pfailMs: 1767, failMs: 1953, promotedMs: 2650, promoted: "n5", okMs: 2650 };
    const f = failoverFigures(timeline, events, o);
    expect([f.pfailMs.ms, f.failMs.ms, f.promotedMs.ms, f.okMs.ms]).toEqual([1767, 1890, 2601, 2604]);
    expect([f.pfailMs.source, f.failMs.source, f.promotedMs.source, f.okMs.source]).toEqual([
      "sampled",
      "server-log",
      "server-log",
      "server-log",
    ]);
    // A poll that saw PFAIL only at 2000 ms, after the log's FAIL at 1890 ms, saw it late.
    const late = failoverFigures({ ...timeline, pfailMs: 2000 }, events, o);
    expect(late.pfailMs).toMatchObject({ ms: 1890, source: "sampled", sampledMs: 2000 });
    expect(late.pfailMs.evidence).toMatch(/after the logged FAIL/);
  });
});
