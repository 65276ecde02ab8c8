import { type ActiveWait, currentWait } from "../core/waits.ts";

/** Where a run is: which suite, scenario and target, the how-many-th of how many, and which repeat. */
export interface RunPosition {
  suite: string;
  scenario: string;
  target: string;
  index: number;
  total: number;
  repeat?: { n: number; of: number };
}

/** "live": a status line redrawn on a terminal; "plain": timestamped lines (CI, pipes); "off": --quiet. */
export type ProgressMode = "live" | "plain" | "off";

export interface Progress {
  /** A line for people, printed above the status line; "out" is the command's result (stdout). */
  write(line: string, stream: "out" | "err"): void;
  scenario(position: RunPosition): void;
  /** A phase of the current scenario. */
  phase(name: string): void;
  /** A phase of the whole run, after the scenarios (the matrix, the teardown). */
  runPhase(name: string): void;
  /** Clears the status line and stops the timer (the run is over). */
  done(): void;
}

/** Live on an interactive terminal unless CI is set; plain otherwise; off when quiet. */
export function progressMode(quiet: boolean, env: NodeJS.ProcessEnv = process.env, isTTY = process.stderr.isTTY === true): ProgressMode {
  if (quiet) return "off";
  const ci = env.CI !== undefined && env.CI !== "" && env.CI !== "0" && env.CI.toLowerCase() !== "false";
  return isTTY && !ci ? "live" : "plain";
}

export const clock = (ms: number): string => {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, "0");
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
};

export const where = (p: RunPosition): string =>
  `[${p.index}/${p.total}${p.repeat && p.repeat.of > 1 ? ` repeat ${p.repeat.n}/${p.repeat.of}` : ""}] ${p.suite} ${p.scenario} on ${p.target}`;

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

/** What a wait has taken so far against its deadline: "n1 Primary (4 s of 30 s)". */
export function waitText(wait: ActiveWait, now: number): string {
  return `${wait.what} (${seconds(now - wait.startedAt)} of ${seconds(wait.deadline - wait.startedAt)})`;
}

export interface ProgressState {
  position?: RunPosition;
  phase?: string;
  runStarted: number;
  scenarioStarted?: number;
  phaseStarted?: number;
}

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/** The live status line: spinner, position, phase with its elapsed time, total elapsed, and the current wait. */
export function statusLine(state: ProgressState, wait: ActiveWait | undefined, now: number, frame: number, width = 160): string {
  const parts = [
    `${FRAMES[frame % FRAMES.length]} ${state.position ? where(state.position) : "faultline"}`,
    state.phase ? `${state.phase} ${clock(now - (state.phaseStarted ?? now))}` : undefined,
    `total ${clock(now - state.runStarted)}`,
    // Times first: a long "what" is cut at the terminal's edge, the clock must not be.
    wait ? `waiting ${seconds(now - wait.startedAt)} of ${seconds(wait.deadline - wait.startedAt)} for ${wait.what}` : undefined,
  ].filter(Boolean);
  const line = parts.join(" · ");
  const fit = Math.max(width, 20);
  return line.length > fit ? `${line.slice(0, fit - 1)}…` : line;
}

/** In plain mode a long wait is reported every `everyMs` (CI systems kill jobs that print nothing). */
export function stillWaitingLine(wait: ActiveWait | undefined, now: number, lastReportAt: number, everyMs = 30_000): string | undefined {
  if (!wait || now - wait.startedAt < everyMs || now - lastReportAt < everyMs) return undefined;
  return `still waiting for ${waitText(wait, now)}`;
}

interface Streams {
  out: (text: string) => void;
  err: (text: string) => void;
  columns?: () => number | undefined;
}

const stdStreams: Streams = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  columns: () => process.stderr.columns,
};

/** Progress for a run: a status line (live), lines (plain) or nothing but the lines written (off). */
export function createProgress(mode: ProgressMode, streams: Streams = stdStreams, now: () => number = Date.now): Progress {
  const state: ProgressState = { runStarted: now() };
  let frame = 0;
  let drawn = false;
  let lastReport = 0;
  let finished = false;
  const clear = () => {
    if (drawn) streams.err("\r\x1b[K");
    drawn = false;
  };
  const draw = () => {
    if (mode !== "live" || finished) return;
    // A terminal that reports no width (0, as under `script`) gets a wide line rather than a stump.
    const columns = streams.columns?.() ?? 0;
    streams.err(`\r\x1b[K${statusLine(state, currentWait(), now(), frame++, columns > 20 ? columns - 1 : 159)}`);
    drawn = true;
  };
  const tick = () => {
    if (mode === "live") draw();
    else if (mode === "plain" && state.position) {
      const line = stillWaitingLine(currentWait(), now(), lastReport);
      if (line) {
        lastReport = now();
        streams.err(`${where(state.position)} ${line}\n`);
      }
    }
  };
  const timer = mode === "off" ? undefined : setInterval(tick, mode === "live" ? 120 : 1000);
  timer?.unref();
  const plain = (text: string) => {
    if (mode === "plain") streams.err(`${text}\n`);
  };
  return {
    write(line, stream) {
      clear();
      (stream === "out" ? streams.out : streams.err)(`${line}\n`);
      draw();
    },
    scenario(position) {
      state.position = position;
      state.scenarioStarted = now();
      state.phase = undefined;
      plain(`${where(position)}: start (total ${clock(now() - state.runStarted)})`);
      draw();
    },
    phase(name) {
      state.phase = name;
      state.phaseStarted = now();
      if (state.position) plain(`${where(state.position)}: ${name} (scenario ${clock(now() - (state.scenarioStarted ?? now()))})`);
      draw();
    },
    runPhase(name) {
      state.position = undefined;
      state.phase = name;
      state.phaseStarted = now();
      plain(`faultline: ${name} (total ${clock(now() - state.runStarted)})`);
      draw();
    },
    done() {
      if (timer) clearInterval(timer);
      clear();
      finished = true;
    },
  };
}
