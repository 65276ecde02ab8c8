import { existsSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAppendChecker } from "../../lib/checkers/list-append.ts";
import { setChecker } from "../../lib/checkers/set.ts";
import { composeResults, runChecker } from "../../lib/checkers/verdict.ts";
import { projectPath } from "../../lib/core/paths.ts";
import { loadHistory } from "../../lib/history/loader.ts";
import { parseEventsJsonl } from "../../lib/report/engine-event.ts";
import { renderTimeline } from "../../lib/report/timeline.ts";

const CHROMIUM = process.env.FAULTLINE_CHROMIUM ?? "/usr/bin/chromium";

/** The timeline opened in a real headless Chromium (Debian's), from a file, with no network. */
describe("HTML timeline in a real browser", () => {
  let browser: Browser;
  let file: string;
  let galeraFile: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(
        `no Chromium at ${CHROMIUM}: run scripts/provision-host.sh (it installs Debian's chromium) or set FAULTLINE_CHROMIUM`,
      );
    const history = await loadHistory(projectPath("fixtures", "histories", "timeline", "partition.jsonl"));
    const { valid, results } = composeResults([runChecker(setChecker, history, {})]);
    file = join(await mkdtemp(join(tmpdir(), "fl-timeline-")), "timeline.html");
    await writeFile(file, renderTimeline({ title: "redis / set-partition", subtitle: "fixture", history, valid, results }));
    // A Galera-shaped run with a planted read skew, lost adds and the engine's events (fixtures/histories/timeline/README.md).
    const galera = await loadHistory(projectPath("fixtures", "histories", "timeline", "galera-read-skew.jsonl"));
    const judged = composeResults([runChecker(listAppendChecker, galera, { model: "serializable" }), runChecker(setChecker, galera, {})]);
    const events = parseEventsJsonl(
      await readFile(projectPath("fixtures", "histories", "timeline", "galera-read-skew.events.jsonl"), "utf8"),
    );
    galeraFile = join(await mkdtemp(join(tmpdir(), "fl-timeline-")), "timeline.html");
    await writeFile(galeraFile, renderTimeline({ title: "galera / isolate-one", subtitle: "fixture", history: galera, ...judged, events }));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("renders offline: the verdicts, every op, and the fault window shaded where the partition was", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 600 } });
    const requests: string[] = [];
    page.on("request", (r) => {
      if (!r.url().startsWith("file://")) requests.push(r.url());
    });
    await page.goto(`file://${file}`);
    expect(requests).toEqual([]);
    expect(await page.textContent("#overall")).toBe("true");
    expect(await page.textContent('[data-checker="set"]')).toBe("set: true");
    expect(await page.locator("rect.op").count()).toBe(6);
    expect(await page.locator("rect.op.fail").count()).toBe(1);
    expect(await page.locator("rect.op.info").count()).toBe(1);

    const windows = page.locator("rect.fault-window");
    expect(await windows.count()).toBe(1);
    const box = await windows.first().boundingBox();
    const svg = await page.locator("#timeline").boundingBox();
    expect(box && svg).toBeTruthy();
    // Partition took effect at 1.01 s and was healed at 3.02 s of a 3.55 s history: about 57% of the time axis.
    const axis = (svg?.width ?? 0) - 80;
    expect(box?.width ?? 0).toBeGreaterThan(axis * 0.5);
    expect(box?.width ?? 0).toBeLessThan(axis * 0.62);
    // Runs in the page: the window really is drawn translucent, over the lanes.
    type StyleOf = { getComputedStyle(element: unknown): { fillOpacity: string } };
    expect(await windows.first().evaluate((el) => (globalThis as unknown as StyleOf).getComputedStyle(el).fillOpacity)).toBe("0.15");
    const png = await page.screenshot();
    expect(png.length).toBeGreaterThan(5000);
    await page.close();
  });

  it("marks the anomaly and the lost writes where they happened, the engine's events per node, and draws the cycle legibly", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const requests: string[] = [];
    page.on("request", (r) => {
      if (!r.url().startsWith("file://")) requests.push(r.url());
    });
    await page.goto(`file://${galeraFile}`);
    expect(requests).toEqual([]);
    expect(await page.textContent("#overall")).toBe("false");
    type Box = { x: number; y: number; width: number; height: number };
    const boxes = async (selector: string) =>
      (await page
        .locator(selector)
        .evaluateAll((els) => els.map((e) => (e as unknown as { getBoundingClientRect(): Box }).getBoundingClientRect()))) as Box[];
    const within = (inner: Box, outer: Box) => inner.x >= outer.x - 0.5 && inner.x + inner.width <= outer.x + outer.width + 0.5;
    // A mark's outline reaches 1.5 px left of its op, which may start the instant the fault took effect: its middle is what counts.
    const middleWithin = (inner: Box, outer: Box) =>
      inner.x + inner.width / 2 >= outer.x && inner.x + inner.width / 2 <= outer.x + outer.width;
    const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

    const [window] = await boxes("rect.fault-window");
    expect(window).toBeTruthy();
    expect(await page.textContent("text.fault-label")).toBe("partition: n3 cut off from n1,n2");

    // The read skew's two transactions, outlined in magenta, inside the partition's window.
    const anomalous = await boxes("rect.mark.anomalous");
    expect(anomalous.length).toBe(2);
    for (const b of anomalous) expect(middleWithin(b, window as Box)).toBe(true);
    type StyleOf = { getComputedStyle(element: unknown): { stroke: string; fill: string } };
    expect(
      await page
        .locator("rect.mark.anomalous")
        .first()
        .evaluate((el) => (globalThis as unknown as StyleOf).getComputedStyle(el).stroke),
    ).toBe("rgb(192, 23, 140)");
    // The four adds n3 acknowledged after the cut, lost: inside the window too, on one lane.
    const lost = await boxes("rect.mark.lost");
    expect(lost.length).toBe(4);
    for (const b of lost) expect(middleWithin(b, window as Box)).toBe(true);
    expect(new Set(lost.map((b) => Math.round(b.y))).size).toBe(1);

    // Engine events: n3 non-Primary inside the window, the Primary of 3 after the heal; the one before the history left out.
    expect(await page.locator("polygon.event").count()).toBe(7);
    const [nonPrimary] = await boxes('polygon.event[data-node="n3"][data-kind="non-primary"]');
    expect(middleWithin(nonPrimary as Box, window as Box)).toBe(true);
    const n3Primary = await boxes('polygon.event[data-node="n3"][data-kind="primary"]');
    expect((n3Primary[0]?.x ?? 0) > (window?.x ?? 0) + (window?.width ?? 0)).toBe(true);
    expect(
      await page
        .locator("polygon.event.trouble")
        .first()
        .evaluate((el) => (globalThis as unknown as StyleOf).getComputedStyle(el).fill),
    ).toBe("rgb(214, 69, 69)");

    // The cycle: two boxes apart, each arrow's label clear of both boxes and of the other label, all inside the figure.
    const figure = await boxes("svg.cycle");
    expect(figure.length).toBe(1);
    const txnBoxes = await boxes("svg.cycle .txn-box rect");
    expect(txnBoxes.length).toBe(2);
    expect(overlap(txnBoxes[0] as Box, txnBoxes[1] as Box)).toBe(false);
    const labels = await boxes("svg.cycle .edge rect");
    expect(labels.length).toBe(2);
    for (const l of labels) for (const t of txnBoxes) expect(overlap(l, t)).toBe(false);
    expect(overlap(labels[0] as Box, labels[1] as Box)).toBe(false);
    for (const b of [...txnBoxes, ...labels]) expect(within(b, figure[0] as Box)).toBe(true);
    // Every micro-op line fits its box.
    const mops = await boxes("svg.cycle .mop");
    for (const m of mops) expect(txnBoxes.some((t) => within(m, t))).toBe(true);
    expect(await page.textContent("#lost-writes h2")).toBe("Lost acknowledged writes (4)");

    const png = await page.screenshot({ fullPage: true, path: join(galeraFile, "..", "timeline.png") });
    expect(png.length).toBeGreaterThan(20_000);
    await page.close();
  });
});
