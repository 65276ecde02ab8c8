import { describe, expect, it } from "vitest";
import { parseTimedLines } from "./timed-lines.ts";

describe("container log lines with Docker's timestamps", () => {
  it("keeps the nanosecond stamp as fractional epoch milliseconds", () => {
    const [a, b] = parseTimedLines(
      "2026-12-03T19:30:14.827106366Z 1:S 03 Dec 2026 19:30:14.826 # Failover election won: I'm the new master.\n" +
        "2026-12-03T19:30:15Z 1:M 03 Dec 2026 19:30:15.000 # Cluster state changed: ok\n",
    );
    expect(a?.atMs).toBeCloseTo(Date.UTC(2026, 11, 3, 19, 30, 14) + 827.106366, 6);
    expect(a?.text).toBe("1:S 03 Dec 2026 19:30:14.826 # Failover election won: I'm the new master.");
    expect(b?.atMs).toBe(Date.UTC(2026, 11, 3, 19, 30, 15));
  });

  it("a continuation line without a stamp takes the time of the line before; text before any stamp is dropped", () => {
    const lines = parseTimedLines(
      "no stamp yet\n2026-12-03T19:22:11.000500000Z 2026-12-03 19:22:11 0 [Note] WSREP: view(view_id(NON_PRIM,c7d9973f-8d29,5) memb {\n\tc7d9973f-8d29,0\r\n\n",
    );
    expect(lines.map((l) => [l.atMs - Date.UTC(2026, 11, 3, 19, 22, 11), l.text])).toEqual([
      [0.5, "2026-12-03 19:22:11 0 [Note] WSREP: view(view_id(NON_PRIM,c7d9973f-8d29,5) memb {"],
      [0.5, "\tc7d9973f-8d29,0\r"],
    ]);
  });
});
