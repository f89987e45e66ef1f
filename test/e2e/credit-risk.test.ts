/**
 * The credit-risk study as users run it: `needlab run` (twice: same numbers),
 * a real Jupyter client (nbconvert) through the installed kernelspec, and the
 * HTML report in headless Chromium, offline.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CLI, nbconvertExecute, ROOT } from "../helpers/case-study";
import { chromiumPath, requireTool, systemPython } from "../helpers/tools";
import { drawnCharts, expectReportDrawn, withPage } from "../helpers/browser";
import {
  Cell,
  codeCells,
  displays,
  evaluations,
  expectGolden,
  outputs,
  pinnedResults,
  PLOTLY_MIME,
  readCells,
} from "../helpers/notebooks";

const NOTEBOOK = path.join(ROOT, "notebooks", "credit-risk.ipynb");
let tmp: string;

const needlab = (args: string[], cwd = ROOT) =>
  spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8", timeout: 300_000 });

function expectCompleteStudy(cells: Cell[]): void {
  const code = codeCells(cells);
  expect(code.every((c) => typeof c.execution_count === "number")).toBe(true);
  expect(code.map((c) => c.execution_count)).toEqual(code.map((_, i) => i + 1));
  expect(outputs(cells).filter((o) => o.output_type === "error")).toEqual([]);
  // The verdict table: HTML, text and the machine-readable evaluation in one bundle.
  // (`evaluate` and then `compare` each show one.)
  const verdicts = displays(cells).filter((o) => String(o.data?.["text/html"] ?? "").includes("needlab-verdicts"));
  expect(verdicts).toHaveLength(2);
  expect(Object.keys(verdicts[0].data!).sort()).toEqual([
    "application/vnd.needlab.evaluation+json",
    "text/html",
    "text/plain",
  ]);
  // Twelve charts (ROC, confusion matrices, fairness needs; then `show`: PR, calibration, loss, scorecard,
  // threshold sweep, rates by sex and by age group; `compare`'s scorecard and `monitor`'s drift),
  // each ONE bundle with Plotly JSON, offline HTML and text.
  const charts = displays(cells).filter((o) => o.data?.[PLOTLY_MIME]);
  expect(charts.map((c) => String(c.data!["text/plain"]).split(":")[0])).toEqual([
    "ROC curves",
    "Confusion matrices",
    "Fairness needs",
    "Precision-recall curves",
    "Calibration",
    "Training loss",
    "Needs scorecard",
    "Threshold sweep",
    "baseline",
    "baseline",
    "Needs scorecard",
    "Drift (PSI)",
  ]);
  expect(String(charts[8].data!["text/plain"])).toBe("baseline: rates by sex");
  expect(String(charts[9].data!["text/plain"])).toBe("baseline: rates by age_group");
  for (const c of charts) expect(Object.keys(c.data!).sort()).toEqual([PLOTLY_MIME, "text/html", "text/plain"]);
  expect(String(charts[0].data!["text/plain"])).toMatch(/^ROC curves: baseline AUC 0\.\d{3}, mlp AUC 0\.\d{3}$/);
  expect(String(charts[1].data!["text/plain"])).toMatch(/^Confusion matrices: baseline tn=\d+/);
  expect(String(charts[2].data!["text/plain"])).toMatch(
    /^Fairness needs: baseline demographic_parity_difference 0\.\d{3} (pass|fail|undecided)/,
  );
  // Fairness by sex and by age group, with intervals behind every verdict.
  const fairness = displays(cells).filter((o) => String(o.data?.["text/html"] ?? "").includes("needlab-fairness"));
  expect(fairness).toHaveLength(1);
  expect(String(fairness[0].data!["text/plain"])).toMatch(
    /^Rates by sex \(test split\)[\s\S]*Rates by age_group \(test split\)/,
  );
  // plotly.js is inlined once per notebook: in the first chart only.
  const inlined = charts.map((c) => String(c.data!["text/html"]).includes("inlined so that charts draw offline"));
  expect(inlined).toEqual([true, ...Array(11).fill(false)]);
  // The hand-over: a ranking, an exported model with its card, and drift of next month's applicants.
  const text = (marker: string) =>
    displays(cells)
      .map((o) => String(o.data?.["text/plain"] ?? ""))
      .find((t) => t.startsWith(marker));
  expect(text("Comparison against lending")).toMatch(/1\. mlp /);
  expect(text("Exported mlp")).toMatch(/model-card\.md\s+model card/);
  const drift = displays(cells).find((o) => o.data?.["application/vnd.needlab.drift+json"])!.data![
    "application/vnd.needlab.drift+json"
  ] as { columns: { column: string; status: string }[] };
  expect(drift.columns[0]).toMatchObject({ column: "loan_amount", status: "moderate" }); // asked 30% more
  expect(drift.columns.slice(1).every((c) => c.status === "stable")).toBe(true);
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-e2e-"));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("needlab run", () => {
  let first: Cell[];

  it("executes the study to an executed notebook and a report, leaving the input alone", () => {
    const before = fs.readFileSync(NOTEBOOK, "utf8");
    const r = needlab([
      "run",
      NOTEBOOK,
      "--out",
      path.join(tmp, "run1.ipynb"),
      "--html",
      path.join(tmp, "report.html"),
    ]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/backend: (wasm|cpu|tensorflow)/);
    expect(fs.readFileSync(NOTEBOOK, "utf8")).toBe(before);
    first = readCells(path.join(tmp, "run1.ipynb"));
    expectCompleteStudy(first);
    // The numbers the shipped study reports, pinned (see test/e2e/golden/).
    expectGolden("credit-risk", pinnedResults(first), (a, b) => expect(a).toEqual(b));
  });

  it("gives identical numbers on a second run", () => {
    const r = needlab(["run", NOTEBOOK, "--out", path.join(tmp, "run2.ipynb")]);
    expect(r.status).toBe(0);
    const second = readCells(path.join(tmp, "run2.ipynb"));
    const [a, b] = [evaluations(first), evaluations(second)];
    expect(a).toHaveLength(1);
    expect(b).toEqual(a);
    const models = (
      a[0] as {
        models: {
          model: string;
          metrics: Record<string, number>;
          verdicts: { text: string; low: number; high: number; measured: number; status: string }[];
        }[];
      }
    ).models;
    expect(models.map((m) => m.model)).toEqual(["baseline", "mlp"]);
    for (const m of models) {
      expect(m.metrics.roc_auc).toBeGreaterThan(0.65);
      expect(m.verdicts).toHaveLength(7);
      for (const v of m.verdicts) {
        expect(v.low).toBeLessThanOrEqual(v.measured);
        expect(v.high).toBeGreaterThanOrEqual(v.measured);
        expect(["pass", "fail", "undecided"]).toContain(v.status);
      }
    }
  });

  it("stops at a failing cell with a non-zero exit and the error in the executed notebook", () => {
    const broken = JSON.parse(fs.readFileSync(NOTEBOOK, "utf8"));
    const cell = broken.cells.find((c: Cell) => String(c.source).includes("dataset applicants"));
    cell.source = String(cell.source).replace("target default", "target defualt");
    const input = path.join(tmp, "broken.ipynb");
    fs.writeFileSync(input, JSON.stringify(broken));
    const r = needlab(["run", input, "--out", path.join(tmp, "broken.out.ipynb")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("failed: NeedsError");
    const cells = codeCells(readCells(path.join(tmp, "broken.out.ipynb")));
    const errors = outputs(cells).filter((o) => o.output_type === "error");
    expect(errors).toHaveLength(1);
    expect(JSON.stringify(errors[0])).toContain(
      "column 'defualt' is not in data/credit-applicants.csv; did you mean 'default'?",
    );
    expect(cells.at(-1)!.execution_count).toBeNull(); // later cells did not run
  });

  it("refuses to overwrite the input unless --in-place", () => {
    const r = needlab(["run", NOTEBOOK, "--out", NOTEBOOK]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--out names the input notebook; add --in-place to overwrite it");
  });

  it("renders every chart of the report in Chromium without any network request", async () => {
    await expectReportDrawn(path.join(tmp, "report.html"), 12, async (page) => {
      expect(await page.locator("table.needlab-verdicts").count()).toBe(1); // evaluate shows it; compare repeats it, the report once
      expect(await page.locator(".js-plotly-plot .heatmaplayer").count()).toBe(2); // one confusion matrix per model
    });
  });
});

describe("through a real Jupyter client", () => {
  const py = systemPython(["nbclient", "nbconvert", "jupyter_client"]);
  let executed: string;

  beforeAll(() => {
    if (!py) return;
    const install = needlab(["install", "--prefix", path.join(tmp, "prefix")]);
    expect(install.status).toBe(0);
  });

  it("installs a kernelspec that starts from any folder", () => {
    const spec = JSON.parse(
      fs.readFileSync(path.join(tmp, "prefix", "share", "jupyter", "kernels", "needlab", "kernel.json"), "utf8"),
    );
    expect(spec.argv).toEqual([process.execPath, CLI, "kernel", "--connection-file", "{connection_file}"]);
    expect(path.isAbsolute(spec.argv[1])).toBe(true);
    expect(spec.language).toBe("typescript");
    const logo = fs.readFileSync(path.join(tmp, "prefix", "share", "jupyter", "kernels", "needlab", "logo-64x64.png"));
    expect(logo.subarray(1, 4).toString()).toBe("PNG");
    expect(logo.readUInt32BE(16)).toBe(64);
  });

  it("executes the study with jupyter nbconvert --execute: same outputs, same numbers", () => {
    if (
      !requireTool(
        "python3 with nbconvert/nbclient",
        py,
        "apt-get install jupyter-nbconvert python3-nbclient jupyter-client",
      )
    )
      return;
    executed = path.join(tmp, "nbconvert.ipynb");
    const r = nbconvertExecute(py!, NOTEBOOK, executed, path.join(tmp, "prefix"));
    expect(r.status, r.stderr).toBe(0);
    const cells = readCells(executed);
    expectCompleteStudy(cells);
    expect(evaluations(cells)).toEqual(evaluations(readCells(path.join(tmp, "run1.ipynb"))));
  });

  it("draws the charts from the notebook's own HTML fallback (nbconvert --to html), offline", async () => {
    const exe = chromiumPath();
    if (!executed || !requireTool("chromium", exe, "apt-get install chromium")) return;
    const html = path.join(tmp, "nbconvert.html");
    const r = spawnSync(py!, ["-m", "nbconvert", "--to", "html", executed, "--output", html], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    // nbconvert's own template asks CDNs for require.js and MathJax: refuse them, the charts must not need them.
    await withPage("file://" + html, async ({ page }) => expect(await drawnCharts(page, 12)).toBe(12), {
      blockNetwork: true,
    });
  });
});
