/**
 * The market-sentiment study as users run it: `needlab run` with its numbers
 * pinned (three models on seeded headlines, April monitored with the daily
 * bearish-share alert failing on the sell-off days), a real Jupyter client
 * giving the same numbers, and the report drawn in headless Chromium, offline.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { requireTool, systemPython } from "../helpers/tools";
import { expectReportDrawn } from "../helpers/browser";
import { codeCells, displays, expectGolden, outputs, pinnedResults, readCells } from "../helpers/notebooks";
import { needlab, nbconvertExecute, ROOT } from "../helpers/case-study";

const NOTEBOOK = path.join(ROOT, "notebooks", "market-sentiment.ipynb");
const SPIKE = ["2025-04-14", "2025-04-15", "2025-04-16", "2025-04-17"];
let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-sentiment-"));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("the market-sentiment study", () => {
  it("runs end to end: three models compared, and the alert catches exactly the sell-off days", () => {
    const r = needlab(["run", NOTEBOOK, "--out", path.join(tmp, "run.ipynb"), "--html", path.join(tmp, "report.html")]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const cells = readCells(path.join(tmp, "run.ipynb"));
    expect(codeCells(cells).map((c) => c.execution_count)).toEqual(codeCells(cells).map((_, i) => i + 1));
    expect(outputs(cells).filter((o) => o.output_type === "error")).toEqual([]);
    const alerts = displays(cells).find((o) => o.data?.["application/vnd.needlab.alerts+json"]);
    expect(alerts).toBeDefined();
    const json = JSON.stringify(alerts!.data!["application/vnd.needlab.alerts+json"]);
    for (const day of SPIKE) expect(json).toContain(day);
    const text = String(alerts!.data!["text/plain"]);
    expect(text).toMatch(/fail/);
    expectGolden("market-sentiment", pinnedResults(cells), (a, b) => expect(a).toEqual(b));
    const comparison = displays(cells).find((o) => o.data?.["application/vnd.needlab.comparison+json"])!.data![
      "application/vnd.needlab.comparison+json"
    ] as { ranking: { model: string }[] };
    expect(comparison.ranking.map((m) => m.model).sort()).toEqual(["baseline", "emb", "strict"]);
    // April brings the sell-off's words, which no training headline has.
    const vocabulary = JSON.stringify(
      displays(cells).find((o) => o.data?.["application/vnd.needlab.vocabulary+json"])!.data![
        "application/vnd.needlab.vocabulary+json"
      ],
    );
    for (const word of ["contagion", "liquidity"]) expect(vocabulary).toContain(word);
  }, 600_000);

  it("draws every chart of the report in Chromium without any network request", async () => {
    const charts = displays(readCells(path.join(tmp, "run.ipynb"))).filter(
      (o) => o.data?.["application/vnd.plotly.v1+json"],
    ).length;
    expect(charts).toBeGreaterThan(2);
    await expectReportDrawn(path.join(tmp, "report.html"), charts);
  }, 120_000);

  it("gives the same numbers through a real Jupyter client (nbconvert --execute, needlab kernelspec)", () => {
    const py = systemPython(["nbclient", "nbconvert", "jupyter_client"]);
    if (!requireTool("python3 with nbconvert/nbclient", py, "apt-get install jupyter-nbconvert python3-nbclient"))
      return;
    const prefix = path.join(tmp, "prefix");
    expect(needlab(["install", "--prefix", prefix]).status).toBe(0);
    const out = path.join(tmp, "nbconvert.ipynb");
    const r = nbconvertExecute(py!, NOTEBOOK, out, prefix);
    expect(r.status, r.stderr).toBe(0);
    const cells = readCells(out);
    expect(outputs(cells).filter((o) => o.output_type === "error")).toEqual([]);
    expect(pinnedResults(cells)).toEqual(pinnedResults(readCells(path.join(tmp, "run.ipynb"))));
  }, 600_000);
});
