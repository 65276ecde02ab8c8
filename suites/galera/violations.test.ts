import { describe, expect, it } from "vitest";
import { exitOf, startCli } from "../support/cli-process.ts";
import { runGaleraCli } from "./galera-run.ts";

/**
 * Each primary-view and timing check shown failing against a configuration that violates it:
 * a harness that passed these would pass a broken cluster.
 */
describe("faultline run galera fails clusters that break its checks", () => {
  it("a node told to ignore quorum stays Primary when cut off: isolate-one reports it, not passes", async () => {
    const { code, results, cli } = await runGaleraCli(
      [
        "--scenario",
        "isolate-one",
        "--provider-option",
        "pc.ignore_quorum=true",
        "--duration",
        "12000",
        "--fault-ms",
        "6000",
        "--recovery-ms",
        "15000",
      ],
      10 * 60_000,
    );
    expect(code, cli.stderr().slice(-3000)).toBe(1);
    const pv = results["isolate-one"]?.results["primary-view"];
    expect(pv.valid).toBe(false);
    expect(pv.nonPrimaryMs).toBeNull();
    expect(pv.reason).toMatch(/n3 never went non-Primary while cut off/);
    expect(pv.splitBrains.length).toBeGreaterThan(0);
    expect(pv.reason).toMatch(/two primary components at once: n1\+n2 \| n3/);
    expect(pv.victimWritesWhileNonPrimary).toBe(0);
    expect(pv.refusal).toEqual({ read: null, write: null });
  });

  it("flow control is read from the servers' counters: with gcs.fc_limit=1 under slow links it engages and slow-links says so", async () => {
    const { code, results, cli } = await runGaleraCli(
      ["--scenario", "slow-links", "--provider-option", "gcs.fc_limit=1", "--duration", "15000", "--recovery-ms", "30000"],
      10 * 60_000,
    );
    expect(code, cli.stderr().slice(-3000)).toBe(0);
    const slow = results["slow-links"]?.results["slow-links"];
    expect(slow.flowControlEngaged).toBe(true);
    const fc = Object.values(slow.flowControl as Record<string, { sent: number; received: number; pausedMs: number }>);
    // A node whose receive queue passed the limit asked the others to pause: FC messages sent and received.
    expect(fc.some((f) => f.sent > 0)).toBe(true);
    expect(fc.some((f) => f.received > 0)).toBe(true);
  });

  it("split-brain allowed (pc.ignore_sb): even-split reports two primaries and commits without a majority", async () => {
    const { code, results, cli } = await runGaleraCli(
      [
        "--scenario",
        "even-split",
        "--provider-option",
        "pc.ignore_sb=true",
        "--duration",
        "12000",
        "--fault-ms",
        "6000",
        "--recovery-ms",
        "15000",
      ],
      10 * 60_000,
    );
    expect(code, cli.stderr().slice(-3000)).toBe(1);
    const pv = results["even-split"]?.results["primary-view"];
    expect(pv.valid).toBe(false);
    expect(pv.bothNonPrimaryMs).toBeNull();
    expect(pv.reason).toMatch(/the halves never were both non-Primary/);
    expect(pv.reason).toMatch(/two primary components at once: n1\+n2 \| n3\+n4/);
  });

  it("a node that cannot start is diagnosed from its log, in words, and the run stops with exit 2", async () => {
    // The name passes faultline's syntax check; Galera itself refuses it at start.
    const cli = startCli([
      "run",
      "galera",
      "--scenario",
      "replication",
      "--provider-option",
      "evs.bogus_option=1",
      "--ready-timeout",
      "120000",
    ]);
    const exit = await exitOf(cli, 5 * 60_000);
    expect(exit.code, cli.stderr()).toBe(2);
    expect(cli.stderr()).toMatch(/faultline: n1 stopped while faultline waited for 1 Galera node\(s\) to be Primary and Synced/);
    expect(cli.stderr()).toMatch(
      /n1: wsrep provider option evs\.bogus_option out of range, unknown or malformed: .*Unrecognized parameter 'evs\.bogus_option'/,
    );
  });

  it("bounds tighter than Galera can meet fail the timing checks (suspect timeout = inactive timeout, margin 0, recovery 1 s)", async () => {
    const { code, results, cli } = await runGaleraCli(
      [
        "--scenario",
        "isolate-one,even-split,full-crash,joiner-under-load",
        // The non-Primary bound is evs.inactive_timeout + margin: 4 s here, with a peer suspected only after
        // evs.suspect_timeout, also 4 s: no view change can come sooner. (Shrinking inactive_timeout instead
        // shrinks install_timeout with it, and a 4-node cluster on a loaded machine then loses its views.)
        "--provider-option",
        "evs.suspect_timeout=PT4S",
        "--margin-ms",
        "0",
        "--recovery-ms",
        "1000",
        "--duration",
        "12000",
        "--fault-ms",
        "6000",
      ],
      15 * 60_000,
    );
    expect(code, cli.stderr().slice(-3000)).toBe(1);
    // A cut-off node goes non-Primary only after evs.suspect_timeout (4 s) plus the view change,
    // timed by its own log line.
    const pv = results["isolate-one"]?.results["primary-view"];
    expect(pv.timingSources?.nonPrimaryMs).toMatch(/^server-log \(n3: .*New COMPONENT: primary = no/);
    expect(pv.valid).toBe(false);
    expect(pv.boundMs).toBe(4000);
    expect(pv.nonPrimaryMs).toBeGreaterThan(4000);
    expect(pv.reason).toMatch(/n3 went non-Primary after \d+ ms \(server-log\), bound 4000 ms/);
    const split = results["even-split"]?.results["primary-view"];
    expect(split.valid).toBe(false);
    expect(split.bothNonPrimaryMs).toBeGreaterThan(4000);
    expect(split.reason).toMatch(/both halves non-Primary only after \d+ ms \(server-log\), bound 4000 ms/);
    const crash = results["full-crash"]?.results["crash-recovery"];
    expect(crash.valid).toBe(false);
    expect(crash.recoveredMs).toBeGreaterThan(1000);
    expect(crash.reason).toMatch(/recovery took \d+ ms from the restart, bound 1000 ms/);
    // The data still came through: only the bound failed.
    expect(results["full-crash"]?.results.set.valid).toBe(true);
    const join = results["joiner-under-load"]?.results.join;
    expect(join.valid).toBe(false);
    expect(join.reason).toMatch(/n4 not Synced in the full view within 1000 ms/);
  });

  it("transactions at READ UNCOMMITTED, the claim (snapshot isolation) left as is: append on MariaDB 11.8 reports anomalies it forbids", async () => {
    // On 11.8 the claim held at the server's default (docs/findings.md): this is the same cluster with the isolation weakened.
    const { code, results, cli } = await runGaleraCli(
      ["--target", "mariadb-11.8", "--scenario", "append", "--isolation", "read-uncommitted", "--duration", "12000", "--seed", "7"],
      10 * 60_000,
    );
    expect(code, cli.stderr().slice(-3000)).toBe(1);
    const la = results.append?.results["list-append"];
    expect(la).toMatchObject({ valid: false, model: "snapshot-isolation", isolation: "read-uncommitted", seed: 7 });
    expect(la.claim).toMatchObject({ model: "snapshot-isolation", overridden: false });
    expect(Object.values(la.anomalies as Record<string, { forbidden: boolean }>).some((a) => a.forbidden)).toBe(true);
    expect(la.reason).toMatch(/^snapshot-isolation forbids /);
  });
});
