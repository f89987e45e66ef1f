/**
 * Opening a page in headless Chromium the way the browser tests need: every
 * request and page error recorded, optionally every http(s) request refused
 * (to prove a page needs no network), the browser closed afterwards.
 */
import { chromium, Page } from "playwright-core";
import { expect } from "vitest";
import { CHROMIUM_FLAGS, chromiumPath, requireTool } from "./tools";

export interface OpenedPage {
  page: Page;
  /** Every URL the page asked for. */
  requests: string[];
  pageErrors: string[];
}

/** Runs `check` on the page at `url`; skips (outside CI) when Chromium is missing. */
export async function withPage(
  url: string,
  check: (opened: OpenedPage) => Promise<void>,
  options: { blockNetwork?: boolean } = {},
): Promise<void> {
  const exe = chromiumPath();
  if (!requireTool("chromium", exe, "apt-get install chromium")) return;
  const browser = await chromium.launch({ executablePath: exe, args: CHROMIUM_FLAGS });
  try {
    const page = await browser.newPage();
    const requests: string[] = [],
      pageErrors: string[] = [];
    page.on("request", (req) => requests.push(req.url()));
    page.on("pageerror", (e) => pageErrors.push(String(e)));
    if (options.blockNetwork) await page.route(/^https?:/, (route) => route.abort());
    await page.goto(url);
    await check({ page, requests, pageErrors });
  } finally {
    await browser.close();
  }
}

/** Waits until `count` Plotly charts have drawn, then says how many there are. */
export async function drawnCharts(page: Page, count: number): Promise<number> {
  await page.waitForFunction((n) => document.querySelectorAll(".js-plotly-plot .main-svg").length >= n, count, {
    timeout: 30_000,
  });
  return page.locator(".js-plotly-plot").count();
}

/** Requests that left the machine (anything but files and inline data). */
export const networkRequests = (requests: string[]) => requests.filter((u) => !/^(file|data|blob|about):/.test(u));

/**
 * A report as its reader opens it: every one of its `charts` Plotly charts drawn, no page error, no request
 * leaving the machine; `more` checks the page further. Skips (outside CI) when Chromium is missing.
 */
export async function expectReportDrawn(html: string, charts: number, more?: (page: Page) => Promise<void>) {
  await withPage("file://" + html, async ({ page, requests, pageErrors }) => {
    expect(await drawnCharts(page, charts)).toBe(charts);
    await more?.(page);
    expect(pageErrors).toEqual([]);
    expect(networkRequests(requests)).toEqual([]);
  });
}
