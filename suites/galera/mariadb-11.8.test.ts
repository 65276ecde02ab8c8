import { describe, expect, it } from "vitest";
import { APPEND_SCENARIOS, expectTxnJudged, runGaleraCli } from "./galera-run.ts";

/** The same suite on MariaDB 11.8 (Debian trixie packages): every scenario, every gating check. */
describe("faultline run galera --target mariadb-11.8", () => {
  it("passes every scenario's gating checks on MariaDB 11.8", async () => {
    const { code, runs, results, cli } = await runGaleraCli(
      ["--target", "mariadb-11.8", "--duration", "14000", "--fault-ms", "6000", "--chaos-ms", "14000"],
      40 * 60_000,
    );
    expect(runs).toHaveLength(13);
    expect(runs.every((r) => r.target === "mariadb-galera-11.8")).toBe(true);
    const violated = expectTxnJudged(results);
    expect(code, cli.stderr().slice(-4000)).toBe(violated.length > 0 ? 1 : 0);
    for (const r of runs.filter((x) => !APPEND_SCENARIOS.includes(x.scenario))) {
      const res = results[r.scenario];
      for (const [checker, result] of Object.entries(res?.results ?? {})) {
        if (result.advisory) continue;
        expect(result.valid, `${r.scenario} ${checker}: ${result.reason ?? ""}`).toBe(true);
      }
    }
    expect(results["isolate-one"]?.results["primary-view"].refusal).toEqual({ read: 1047, write: 1047 });
    expect(results["forced-bootstrap"]?.results["split-brain"]).toMatchObject({ valid: false, advisory: true });
    expect(results["joiner-under-load"]?.results.join.stateTransfer).toBe("SST");
  });
});
