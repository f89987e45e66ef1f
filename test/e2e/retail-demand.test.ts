/**
 * The retail case study as users run it: `needlab run` end to end (a
 * regression split by time, compared, explained, exported and monitored),
 * and its report drawn in headless Chromium, offline.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { drawnCharts, networkRequests, withPage } from "../helpers/browser";
import {
  codeCells,
  displays,
  expectGolden,
  outputs,
  pinnedResults,
  PLOTLY_MIME,
  readCells,
} from "../helpers/notebooks";

const ROOT = path.resolve(__dirname, "..", "..");
const NOTEBOOK = path.join(ROOT, "notebooks", "retail-demand.ipynb");
const CLI = path.join(ROOT, "bin", "needlab.js");
let tmp: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-retail-"));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("the retail demand study", () => {
  it("runs end to end: both forecasts judged on later weeks, ranked, explained, exported and monitored", () => {
    const r = spawnSync(
      process.execPath,
      [CLI, "run", NOTEBOOK, "--out", path.join(tmp, "retail.ipynb"), "--html", path.join(tmp, "retail.html")],
      { cwd: ROOT, encoding: "utf8", timeout: 300_000 },
    );
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const cells = readCells(path.join(tmp, "retail.ipynb"));
    expect(codeCells(cells).map((c) => c.execution_count)).toEqual(codeCells(cells).map((_, i) => i + 1));
    expect(outputs(cells).filter((o) => o.output_type === "error")).toEqual([]);
    // The numbers the shipped study reports, pinned (see test/e2e/golden/).
    expectGolden("retail-demand", pinnedResults(cells), (a, b) => expect(a).toEqual(b));
    const text = (start: string) =>
      displays(cells)
        .map((o) => String(o.data?.["text/plain"] ?? ""))
        .find((t) => t.startsWith(start)) ?? "";
    // The split is by time: every test week comes after every training week.
    expect(text("Dataset weeks")).toMatch(/split\s+by time \(week\), seed 7/);
    const ranking = displays(cells).find((o) => o.data?.["application/vnd.needlab.comparison+json"])!.data![
      "application/vnd.needlab.comparison+json"
    ] as { ranking: { model: string; acceptable: boolean; rocAuc: number }[] };
    expect(ranking.ranking.map((x) => x.model).sort()).toEqual(["linear", "net"]);
    // The generator is multiplicative with σ 0.12 noise: both models explain most of the variation.
    for (const m of ranking.ranking) expect(m.rocAuc).toBeGreaterThan(0.8);
    expect(text("net relies most on:")).toMatch(/store_id|log_price|promo/);
    expect(text("Exported net")).toContain("model-card.md");
    // Next quarter: summer and 15% dearer; the store mix and promotions do not move.
    const drift = displays(cells).find((o) => o.data?.["application/vnd.needlab.drift+json"])!.data![
      "application/vnd.needlab.drift+json"
    ] as { columns: { column: string; status: string }[] };
    const status = Object.fromEntries(drift.columns.map((c) => [c.column, c.status]));
    expect(status).toMatchObject({
      price: "major",
      log_price: "major",
      temperature: "major",
      store_id: "stable",
      promo: "stable",
      region: "stable",
    });
    expect(
      displays(cells)
        .filter((o) => o.data?.[PLOTLY_MIME])
        .map((c) => String(c.data!["text/plain"]).split(":")[0]),
    ).toEqual(["Training loss", "net relies most on", "Drift (PSI)"]);
  }, 300_000);

  it("gives identical numbers on a second run (same seeds)", () => {
    const r = spawnSync(process.execPath, [CLI, "run", NOTEBOOK, "--out", path.join(tmp, "retail2.ipynb")], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 300_000,
    });
    expect(r.status).toBe(0);
    const machine = (file: string) =>
      displays(readCells(file)).flatMap((o) =>
        ["application/vnd.needlab.comparison+json", "application/vnd.needlab.drift+json"]
          .map((mime) => o.data?.[mime])
          .filter(Boolean),
      );
    const [first, second] = [machine(path.join(tmp, "retail.ipynb")), machine(path.join(tmp, "retail2.ipynb"))];
    expect(first).toHaveLength(2);
    expect(second).toEqual(first);
  });

  it("renders its report in Chromium without any network request", async () => {
    await withPage("file://" + path.join(tmp, "retail.html"), async ({ page, requests, pageErrors }) => {
      expect(await drawnCharts(page, 3)).toBe(3);
      expect(await page.locator("table.needlab-verdicts").count()).toBe(1);
      expect(pageErrors).toEqual([]);
      expect(networkRequests(requests)).toEqual([]);
    });
  }, 60_000);
});
