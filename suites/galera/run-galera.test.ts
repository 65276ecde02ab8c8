import { describe, expect, it } from "vitest";
import { APPEND_SCENARIOS, expectTxnJudged, runGaleraCli } from "./galera-run.ts";

const SCENARIOS = [
  "replication",
  "isolate-one",
  "even-split",
  "full-crash",
  "joiner-under-load",
  "slow-links",
  "register",
  "forced-bootstrap",
  "bank",
  ...APPEND_SCENARIOS,
];

/**
 * `faultline run galera` with no scenario named: every scenario, each on a fresh MariaDB
 * 10.11 cluster through the mesh, judged from its history and live probes. Exit 0 means every
 * gating check held; the advisory ones (forced-bootstrap, bank) are reported beside them.
 */
describe("faultline run galera (every scenario, the default, on mariadb-10.11)", () => {
  it("passes every gating check, with the measurements behind each", async () => {
    // A shorter workload than the default (20 s, faults held 8 s): every check still has its fault, its
    // samples and hundreds of writes (asserted below), in about two thirds of the time.
    const {
      code,
      runs,
      results: r,
      cli,
    } = await runGaleraCli(["--duration", "14000", "--fault-ms", "6000", "--chaos-ms", "14000"], 40 * 60_000);
    expect(runs.map((x) => x.scenario)).toEqual(SCENARIOS);
    expect(runs.every((x) => x.target === "mariadb-galera-10.11")).toBe(true);
    // Every gating check holds but the append scenarios' isolation verdicts, which are the store's (docs/findings.md).
    const violated = expectTxnJudged(r);
    expect(code, cli.stderr().slice(-4000)).toBe(violated.length > 0 ? 1 : 0);
    for (const run of runs.filter((x) => !APPEND_SCENARIOS.includes(x.scenario))) expect(run.valid, run.scenario).toBe(true);
    const get = (scenario: string) => {
      const res = r[scenario];
      if (!res) throw new Error(`no results for ${scenario}`);
      return res.results;
    };
    // No acknowledged write lost and every node read the same rows, wherever writes ran.
    // The append scenarios record transactions, not the set workload: their verdicts are checked above.
    for (const s of SCENARIOS.filter((x) => !["bank", "forced-bootstrap", "register", ...APPEND_SCENARIOS].includes(x))) {
      expect(get(s).set, s).toMatchObject({ valid: true, lost: [], unexpected: [], duplicated: [], failedPresent: [] });
      expect(get(s).set.acknowledged.length, s).toBeGreaterThan(100);
      expect(get(s).convergence.valid, s).toBe(true);
    }

    expect(get("replication").replication).toMatchObject({ valid: true, pairs: 6, problems: [] });

    const iso = get("isolate-one")["primary-view"];
    expect(iso).toMatchObject({
      valid: true,
      victim: "n3",
      refusal: { read: 1047, write: 1047 },
      victimWritesWhileNonPrimary: 0,
      splitBrains: [],
    });
    expect(iso.nonPrimaryMs).toBeGreaterThan(0);
    expect(iso.nonPrimaryMs).toBeLessThanOrEqual(iso.boundMs);
    // evs.inactive_timeout (PT4S) + the 3 s margin.
    expect(iso.boundMs).toBe(7000);
    expect(iso.timingSources.nonPrimaryMs).toMatch(/^server-log \(n3: /);
    expect(iso.majorityWritesDuringFault).toBeGreaterThan(0);
    expect(iso.recoveredMs).toBeLessThanOrEqual(iso.recoveryBoundMs);
    expect(iso.stateTransfer).toBe("IST");

    const split = get("even-split")["primary-view"];
    expect(split).toMatchObject({ valid: true, writesWithoutPrimary: 0, splitBrains: [] });
    expect(split.halves).toEqual([
      ["n1", "n2"],
      ["n3", "n4"],
    ]);
    expect(split.bothNonPrimaryMs).toBeLessThanOrEqual(split.boundMs);
    expect(Object.values(split.refusals)).toEqual([
      { read: 1047, write: 1047 },
      { read: 1047, write: 1047 },
    ]);

    const crash = get("full-crash")["crash-recovery"];
    expect(crash.valid).toBe(true);
    const seqnos = Object.values(crash.positions as Record<string, string>).map((p) => Number(p.split(":")[1]));
    expect(seqnos).toHaveLength(3);
    expect(crash.seqno).toBe(Math.max(...seqnos));
    expect(crash.positions[crash.bootstrappedFrom]).toMatch(new RegExp(`:${crash.seqno}$`));

    const join = get("joiner-under-load").join;
    expect(join).toMatchObject({ valid: true, joiner: "n4", stateTransfer: "SST", sstMethod: "rsync" });
    // The joiner read back the same rows as the three writers' nodes.
    expect(Object.keys(get("joiner-under-load").convergence.nodes).sort()).toEqual(["n1", "n2", "n3", "n4"]);

    const slow = get("slow-links")["slow-links"];
    expect(slow.valid).toBe(true);
    expect(slow.slowed.p50Ms).toBeGreaterThan(slow.baseline.p50Ms);
    // Flow control read from every node's own counters (violations.test.ts shows it engaging); engaged iff any moved.
    const fc = Object.values(slow.flowControl as Record<string, { sent: number; received: number; pausedMs: number }>);
    expect(Object.keys(slow.flowControl).sort()).toEqual(["n1", "n2", "n3"]);
    for (const f of fc) for (const v of [f.sent, f.received, f.pausedMs]) expect(v).toBeGreaterThanOrEqual(0);
    expect(slow.flowControlEngaged).toBe(fc.some((f) => f.sent > 0 || f.received > 0 || f.pausedMs > 0));

    // Every register linearizable through the partition, with reads, writes and compare-and-sets acknowledged.
    const reg = get("register").register;
    expect(reg.valid, JSON.stringify(reg).slice(0, 2000)).toBe(true);
    expect(get("register").availability.valid).toBe(true);

    // Advisory: two primaries found and reported false, without failing the run.
    const brain = get("forced-bootstrap")["split-brain"];
    expect(brain).toMatchObject({ valid: false, advisory: true, victim: "n3" });
    expect(brain.reason).toMatch(/two primary components/);
    expect(r["forced-bootstrap"]?.valid).toBe(true);

    const bank = get("bank").bank;
    expect(bank.advisory).toBe(true);
    expect(bank.reads).toBeGreaterThan(50);
    expect(cli.stderr()).toMatch(/\| galera\/isolate-one \| pass \|/);
  });
});
