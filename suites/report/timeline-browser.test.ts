import { existsSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setChecker } from "../../lib/checkers/set.ts";
import { composeResults, runChecker } from "../../lib/checkers/verdict.ts";
import { projectPath } from "../../lib/core/paths.ts";
import { loadHistory } from "../../lib/history/loader.ts";
import { renderTimeline } from "../../lib/report/timeline.ts";

const CHROMIUM = process.env.FAULTLINE_CHROMIUM ?? "/usr/bin/chromium";

/** The timeline opened in a real headless Chromium (Debian's), from a file, with no network. */
describe("HTML timeline in a real browser", () => {
  let browser: Browser;
  let file: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(
        `no Chromium at ${CHROMIUM}: run scripts/provision-host.sh (it installs Debian's chromium) or set FAULTLINE_CHROMIUM`,
      );
    const history = await loadHistory(projectPath("fixtures", "histories", "timeline", "partition.jsonl"));
    const { valid, results } = composeResults([runChecker(setChecker, history, {})]);
    file = join(await mkdtemp(join(tmpdir(), "fl-timeline-")), "timeline.html");
    await writeFile(file, renderTimeline({ title: "redis / set-partition", subtitle: "fixture", history, valid, results }));
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
});
