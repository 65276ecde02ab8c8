/** One line of a container's output with the time Docker read it (epoch ms, sub-millisecond). */
export interface TimedLine {
  atMs: number;
  text: string;
}

const STAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z (.*)$/;

/**
 * A container log read with Docker's timestamps (`docker logs --timestamps`), as lines with
 * their times. Docker stamps a line when it reads it from the container's output, with
 * nanoseconds: finer than the servers' own stamps (MariaDB 11.8 writes whole seconds), and on
 * the same host clock as the harness. Lines without a stamp (a wrapped continuation) are kept
 * with the time of the line before them; lines before any stamp are dropped.
 */
export function parseTimedLines(text: string): TimedLine[] {
  const lines: TimedLine[] = [];
  for (const raw of text.split("\n")) {
    const m = STAMP.exec(raw.replace(/\r$/, ""));
    if (m?.[1] !== undefined && m[3] !== undefined) {
      const fraction = m[2] ? Number(`0.${m[2]}`) * 1000 : 0;
      lines.push({ atMs: Date.parse(`${m[1]}Z`) + fraction, text: m[3] });
    } else if (raw.trim() !== "" && lines.length > 0) {
      lines.push({ atMs: (lines.at(-1) as TimedLine).atMs, text: raw });
    }
  }
  return lines;
}
