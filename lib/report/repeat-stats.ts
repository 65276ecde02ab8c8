import type { Validity } from "../checkers/verdict.ts";

/** One scenario run as the repeat statistics read it. */
export interface RepeatRecord {
  suite: string;
  scenario: string;
  target: string;
  valid: Validity;
  /** Timings in milliseconds by name (readyMs, failoverMs, ..., wallMs). */
  timings: Record<string, number>;
}

export interface Distribution {
  n: number;
  min: number;
  median: number;
  p95: number;
  max: number;
}

export interface RepeatGroup {
  suite: string;
  scenario: string;
  target: string;
  verdicts: Validity[];
  /** The verdicts disagree: never a pass. */
  flaky: boolean;
  /** false if any repeat was false, else unknown if any was unknown or the verdicts disagree, else true. */
  valid: Validity;
  timings: Record<string, Distribution>;
}

/** Nearest-rank percentile of sorted values (p in 0..100): an observed value, never an interpolation. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new Error("percentile of no values");
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

export function distribution(values: readonly number[]): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    min: sorted[0] as number,
    median: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    max: sorted[sorted.length - 1] as number,
  };
}

/**
 * The runs of each (suite, scenario, target) together: every verdict, whether they disagree
 * (flaky), the merged verdict, and each timing's distribution over the repeats that measured it.
 */
export function repeatGroups(records: readonly RepeatRecord[]): RepeatGroup[] {
  const groups = new Map<string, RepeatRecord[]>();
  for (const r of records) {
    const key = JSON.stringify([r.suite, r.scenario, r.target]);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map((runs) => {
    const first = runs[0] as RepeatRecord;
    const verdicts = runs.map((r) => r.valid);
    const flaky = new Set(verdicts.map(String)).size > 1;
    const valid: Validity = verdicts.includes(false) ? false : flaky || verdicts.includes("unknown") ? "unknown" : true;
    const names = [...new Set(runs.flatMap((r) => Object.keys(r.timings)))].sort();
    const timings = Object.fromEntries(
      names.map((name) => [name, distribution(runs.map((r) => r.timings[name]).filter((v): v is number => Number.isFinite(v)))]),
    );
    return { suite: first.suite, scenario: first.scenario, target: first.target, verdicts, flaky, valid, timings };
  });
}

const ms = (v: number) => (v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`);

/** The distributions as a Markdown table: one row per scenario, target and timing. */
export function repeatMarkdown(groups: readonly RepeatGroup[]): string {
  const rows = groups.flatMap((g) =>
    Object.entries(g.timings).map(
      ([name, d]) =>
        `| ${g.suite}/${g.scenario} | ${g.target} | ${name} | ${d.n} | ${ms(d.min)} | ${ms(d.median)} | ${ms(d.p95)} | ${ms(d.max)} |`,
    ),
  );
  const flaky = groups.filter((g) => g.flaky);
  return [
    "| scenario | target | timing | n | min | median | p95 | max |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
    "",
    flaky.length === 0
      ? `No scenario changed its verdict between repeats.`
      : `Flaky (verdict changed between repeats, never reported as passed):\n${flaky
          .map((g) => `- ${g.suite}/${g.scenario} on ${g.target}: ${g.verdicts.map(String).join(", ")}`)
          .join("\n")}`,
    "",
  ].join("\n");
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** The distributions as an HTML section for the matrix page; flaky scenarios first, marked. */
export function repeatHtml(groups: readonly RepeatGroup[]): string {
  const flaky = groups.filter((g) => g.flaky);
  const rows = groups
    .flatMap((g) =>
      Object.entries(g.timings).map(
        ([name, d]) =>
          `<tr><th>${esc(`${g.suite}/${g.scenario}`)}</th><td>${esc(g.target)}</td><td>${esc(name)}</td><td>${d.n}</td><td>${ms(d.min)}</td><td>${ms(d.median)}</td><td>${ms(d.p95)}</td><td>${ms(d.max)}</td></tr>`,
      ),
    )
    .join("\n");
  const flakyList =
    flaky.length === 0
      ? "<p>No scenario changed its verdict between repeats.</p>"
      : `<p class="fail">Flaky (verdict changed between repeats, never reported as passed):</p><ul>${flaky
          .map((g) => `<li>${esc(`${g.suite}/${g.scenario} on ${g.target}: ${g.verdicts.map(String).join(", ")}`)}</li>`)
          .join("")}</ul>`;
  return `<h2>Repeats: timing distributions</h2>
${flakyList}
<table><tr><th>scenario</th><th>target</th><th>timing</th><th>n</th><th>min</th><th>median</th><th>p95</th><th>max</th></tr>
${rows}
</table>`;
}
