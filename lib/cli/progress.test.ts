import { afterEach, describe, expect, it, vi } from "vitest";
import { type ActiveWait, beginWait } from "../core/waits.ts";
import {
  clock,
  createProgress,
  type ProgressState,
  progressMode,
  type RunPosition,
  statusLine,
  stillWaitingLine,
  waitText,
  where,
} from "./progress.ts";

const position: RunPosition = { suite: "redis", scenario: "failover", target: "redis-7.0", index: 2, total: 4 };
const primary: ActiveWait = { what: "n1 Primary", startedAt: 100_000, deadline: 130_000 };

/** Streams that keep what was written, and a clock the test moves. */
function fakes(columns?: number) {
  const out: string[] = [];
  const err: string[] = [];
  let t = 1_000_000;
  return {
    out,
    err,
    streams: { out: (s: string) => void out.push(s), err: (s: string) => void err.push(s), columns: () => columns },
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
    at: () => t,
  };
}

describe("progressMode", () => {
  it("is off when quiet, whatever the terminal", () => {
    expect(progressMode(true, {}, true)).toBe("off");
    expect(progressMode(true, { CI: "true" }, false)).toBe("off");
  });

  it("is plain when CI is set to anything that does not mean false, even on a terminal", () => {
    expect(progressMode(false, { CI: "true" }, true)).toBe("plain");
    expect(progressMode(false, { CI: "1" }, true)).toBe("plain");
    expect(progressMode(false, { CI: "woodpecker" }, true)).toBe("plain");
  });

  it("is live on a terminal when CI is unset, empty, 0 or false (any case)", () => {
    expect(progressMode(false, {}, true)).toBe("live");
    expect(progressMode(false, { CI: "" }, true)).toBe("live");
    expect(progressMode(false, { CI: "0" }, true)).toBe("live");
    expect(progressMode(false, { CI: "false" }, true)).toBe("live");
    expect(progressMode(false, { CI: "FALSE" }, true)).toBe("live");
  });

  it("is plain when stderr is not a terminal (a pipe, a file)", () => {
    expect(progressMode(false, {}, false)).toBe("plain");
    expect(progressMode(false, { CI: "false" }, false)).toBe("plain");
  });
});

describe("clock", () => {
  it("minutes:seconds under an hour, hours:minutes:seconds from an hour", () => {
    expect(clock(0)).toBe("0:00");
    expect(clock(59_999)).toBe("0:59");
    expect(clock(61_000)).toBe("1:01");
    expect(clock(3_599_000)).toBe("59:59");
    expect(clock(3_600_000)).toBe("1:00:00");
    expect(clock(3_600_000 + 5 * 60_000 + 7_000)).toBe("1:05:07");
  });

  it("never shows a negative time", () => {
    expect(clock(-5_000)).toBe("0:00");
  });
});

describe("where", () => {
  it("names the position, suite, scenario and target", () => {
    expect(where(position)).toBe("[2/4] redis failover on redis-7.0");
  });

  it("names the repeat when there are several, not when there is one", () => {
    expect(where({ ...position, repeat: { n: 2, of: 3 } })).toBe("[2/4 repeat 2/3] redis failover on redis-7.0");
    expect(where({ ...position, repeat: { n: 1, of: 1 } })).toBe("[2/4] redis failover on redis-7.0");
  });
});

describe("waitText", () => {
  it("says what is awaited, for how long so far, against its deadline, in rounded seconds", () => {
    expect(waitText(primary, 104_400)).toBe("n1 Primary (4 s of 30 s)");
    expect(waitText(primary, 104_600)).toBe("n1 Primary (5 s of 30 s)");
  });
});

describe("statusLine", () => {
  const state: ProgressState = { position, phase: "workload", runStarted: 0, scenarioStarted: 30_000, phaseStarted: 60_000 };

  it("holds the spinner, position, phase elapsed, total elapsed and the wait, separated by dots", () => {
    expect(statusLine(state, primary, 125_000, 0)).toBe(
      "⠋ [2/4] redis failover on redis-7.0 · workload 1:05 · total 2:05 · waiting 25 s of 30 s for n1 Primary",
    );
  });

  it("leaves out the phase and the wait when there is none, and names faultline outside a scenario", () => {
    expect(statusLine({ runStarted: 0 }, undefined, 3_000, 1)).toBe("⠙ faultline · total 0:03");
    expect(statusLine({ position, runStarted: 0 }, undefined, 3_000, 2)).toBe("⠹ [2/4] redis failover on redis-7.0 · total 0:03");
  });

  it("cycles the spinner frames", () => {
    expect(statusLine({ runStarted: 0 }, undefined, 0, 10)).toBe(statusLine({ runStarted: 0 }, undefined, 0, 0));
    expect(statusLine({ runStarted: 0 }, undefined, 0, 11)).not.toBe(statusLine({ runStarted: 0 }, undefined, 0, 0));
  });

  it("cuts a line longer than the width to the width, ending in …", () => {
    const full = statusLine(state, primary, 125_000, 0);
    const cut = statusLine(state, primary, 125_000, 0, 30);
    expect(cut).toHaveLength(30);
    expect(cut).toBe(`${full.slice(0, 29)}…`);
    expect(statusLine(state, primary, 125_000, 0, full.length)).toBe(full);
  });
});

describe("stillWaitingLine", () => {
  it("says nothing without a wait, or before the wait has lasted 30 s", () => {
    expect(stillWaitingLine(undefined, 200_000, 0)).toBeUndefined();
    expect(stillWaitingLine(primary, 129_999, 0)).toBeUndefined();
  });

  it("reports a wait that has lasted 30 s", () => {
    expect(stillWaitingLine(primary, 130_000, 0)).toBe("still waiting for n1 Primary (30 s of 30 s)");
  });

  it("does not report again within 30 s of the last report", () => {
    const long: ActiveWait = { what: "n2 joined", startedAt: 100_000, deadline: 400_000 };
    expect(stillWaitingLine(long, 159_999, 130_000)).toBeUndefined();
    expect(stillWaitingLine(long, 160_000, 130_000)).toBe("still waiting for n2 joined (60 s of 300 s)");
  });

  it("takes another interval", () => {
    expect(stillWaitingLine(primary, 110_000, 0, 10_000)).toBe("still waiting for n1 Primary (10 s of 30 s)");
    expect(stillWaitingLine(primary, 109_999, 0, 10_000)).toBeUndefined();
  });
});

describe("createProgress", () => {
  const ends: Array<() => void> = [];
  afterEach(() => {
    for (const end of ends.splice(0)) end();
    vi.useRealTimers();
  });

  it("plain: a line on stderr when a scenario starts and at each phase, with the elapsed times", () => {
    const f = fakes();
    const p = createProgress("plain", f.streams, f.now);
    p.phase("preparing");
    expect(f.err).toEqual([]); // no scenario yet: nothing to name
    f.advance(5_000);
    p.scenario(position);
    f.advance(2_000);
    p.phase("workload");
    p.done();
    expect(f.err).toEqual([
      "[2/4] redis failover on redis-7.0: start (total 0:05)\n",
      "[2/4] redis failover on redis-7.0: workload (scenario 0:02)\n",
    ]);
    expect(f.out).toEqual([]);
  });

  it("plain: a phase of the whole run after the scenarios is named as the run's, not the last scenario's", () => {
    const f = fakes();
    const p = createProgress("plain", f.streams, f.now);
    p.scenario(position);
    f.advance(61_000);
    p.runPhase("writing the matrix and reports");
    p.phase("late");
    p.done();
    expect(f.err).toEqual([
      "[2/4] redis failover on redis-7.0: start (total 0:00)\n",
      "faultline: writing the matrix and reports (total 1:01)\n",
    ]);
  });

  it("plain: write sends results to stdout and people's lines to stderr, as they are", () => {
    const f = fakes();
    const p = createProgress("plain", f.streams, f.now);
    p.scenario({ ...position, repeat: { n: 1, of: 2 } });
    p.write("verdict: true", "out");
    p.write("n1 is up", "err");
    p.done();
    expect(f.out).toEqual(["verdict: true\n"]);
    expect(f.err).toEqual(["[2/4 repeat 1/2] redis failover on redis-7.0: start (total 0:00)\n", "n1 is up\n"]);
  });

  it("plain: a long wait is reported every 30 s, not at every tick", () => {
    vi.useFakeTimers();
    const f = fakes();
    const p = createProgress("plain", f.streams, f.now);
    p.scenario(position);
    ends.push(beginWait("n1 Primary", 120_000, f.at()));
    f.err.length = 0;
    f.advance(29_000);
    vi.advanceTimersByTime(1_000);
    expect(f.err).toEqual([]);
    f.advance(2_000);
    vi.advanceTimersByTime(1_000);
    expect(f.err).toEqual(["[2/4] redis failover on redis-7.0 still waiting for n1 Primary (31 s of 120 s)\n"]);
    f.advance(10_000);
    vi.advanceTimersByTime(1_000);
    expect(f.err).toHaveLength(1);
    f.advance(20_000);
    vi.advanceTimersByTime(1_000);
    expect(f.err).toEqual([
      "[2/4] redis failover on redis-7.0 still waiting for n1 Primary (31 s of 120 s)\n",
      "[2/4] redis failover on redis-7.0 still waiting for n1 Primary (61 s of 120 s)\n",
    ]);
    p.done();
    f.advance(60_000);
    vi.advanceTimersByTime(5_000);
    expect(f.err).toHaveLength(2); // done stopped the timer
  });

  it("live: draws the status line, clears it before a written line and redraws it after", () => {
    const f = fakes(80);
    const p = createProgress("live", f.streams, f.now);
    f.advance(5_000);
    p.scenario(position);
    expect(f.err).toEqual(["\r\x1b[K⠋ [2/4] redis failover on redis-7.0 · total 0:05"]);
    f.advance(1_000);
    p.write("n1 is up", "err");
    expect(f.err.slice(1)).toEqual(["\r\x1b[K", "n1 is up\n", "\r\x1b[K⠙ [2/4] redis failover on redis-7.0 · total 0:06"]);
    p.write("verdict: true", "out");
    expect(f.out).toEqual(["verdict: true\n"]);
    expect(f.err.slice(4)).toEqual(["\r\x1b[K", "\r\x1b[K⠹ [2/4] redis failover on redis-7.0 · total 0:06"]);
    p.done();
    expect(f.err.slice(6)).toEqual(["\r\x1b[K"]);
  });

  it("live: the status line shows the phase and the innermost wait (the latest started), cut to the terminal's width", () => {
    const f = fakes(60);
    const p = createProgress("live", f.streams, f.now);
    p.scenario(position);
    ends.push(beginWait("the cluster", 60_000, f.at()));
    f.advance(2_000);
    ends.push(beginWait("n1 Primary", 30_000, f.at()));
    f.advance(4_000);
    p.phase("failover");
    p.done();
    const drawn = f.err[1] as string;
    const full = "⠙ [2/4] redis failover on redis-7.0 · failover 0:00 · total 0:06 · waiting 4 s of 30 s for n1 Primary";
    expect(drawn).toBe(`\r\x1b[K${full.slice(0, 58)}…`);
    expect(drawn.length - "\r\x1b[K".length).toBe(59);
  });

  it("live: a line that fits the terminal is drawn whole", () => {
    const wide = fakes(200);
    const q = createProgress("live", wide.streams, wide.now);
    q.scenario(position);
    ends.push(beginWait("n1 Primary", 30_000, wide.at()));
    wide.advance(4_000);
    q.phase("failover");
    q.done();
    expect(wide.err[1]).toBe(
      `\r\x1b[K⠙ [2/4] redis failover on redis-7.0 · failover 0:00 · total 0:04 · waiting 4 s of 30 s for n1 Primary`,
    );
  });

  it("live: the timer redraws the line with the next spinner frame", () => {
    vi.useFakeTimers();
    const f = fakes(120);
    const p = createProgress("live", f.streams, f.now);
    p.scenario(position);
    f.advance(1_000);
    vi.advanceTimersByTime(120);
    expect(f.err).toEqual([
      "\r\x1b[K⠋ [2/4] redis failover on redis-7.0 · total 0:00",
      "\r\x1b[K⠙ [2/4] redis failover on redis-7.0 · total 0:01",
    ]);
    p.done();
    vi.advanceTimersByTime(1_000);
    expect(f.err).toHaveLength(3); // the clear of done, no redraw after it
    expect(f.err[2]).toBe("\r\x1b[K");
  });

  it("live: done clears nothing when nothing was drawn", () => {
    const f = fakes(80);
    createProgress("live", f.streams, f.now).done();
    expect(f.err).toEqual([]);
  });

  it("off: nothing but the written lines", () => {
    vi.useFakeTimers();
    const f = fakes(80);
    const p = createProgress("off", f.streams, f.now);
    p.scenario(position);
    ends.push(beginWait("n1 Primary", 120_000, f.at()));
    p.phase("workload");
    f.advance(60_000);
    vi.advanceTimersByTime(60_000);
    p.write("verdict: true", "out");
    p.write("n1 is up", "err");
    p.done();
    expect(f.out).toEqual(["verdict: true\n"]);
    expect(f.err).toEqual(["n1 is up\n"]);
  });
});
