/**
 * The HTML report as a client meets it: a study run with `needlab run
 * --html`, then read in a browser and printed. Checked: each verdict table
 * once, run notes (backend) folded away, no absolute path of this machine,
 * template placeholders flagged; every chart drawn no wider than an A4 page
 * and its legend clear of the x-axis title; in print, every table within the
 * page; Chromium's A4 and Letter PDFs with every word on the page (pdftotext
 * -bbox) and every column of the metrics table present; and the needs table's
 * alignment holding in Debian's classic Notebook (untrusted, so without
 * inline styles, as a client who is sent the notebook first opens it).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import { installKernelspec } from "../../kernel/kernelspec";
import { drawnCharts, withPage } from "../helpers/browser";
import { displays, readCells } from "../helpers/notebooks";
import { NOTEBOOK_SERVER, startNotebookServer } from "../helpers/notebook-server";
import { CHROMIUM_FLAGS, chromiumPath, requireTool } from "../helpers/tools";

const ROOT = path.resolve(__dirname, "..", "..");
const CLI = path.join(ROOT, "bin", "needlab.js");
/** A4 is 210 mm across; with the report's 10 mm page margins, 190 mm = 718 CSS px (Letter leaves more). */
const A4_PRINTABLE_PX = Math.floor((190 / 25.4) * 96);
const CHARTS = 4;

let tmp: string;
let run: { status: number | null; stderr: string };
const nbSource = (source: string) => source.split(/(?<=\n)/);
const code = (id: string, source: string) => ({
  id,
  cell_type: "code",
  metadata: {},
  execution_count: null,
  outputs: [],
  source: nbSource(source),
});
const markdown = (id: string, source: string) => ({
  id,
  cell_type: "markdown",
  metadata: {},
  source: nbSource(source),
});

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-report-"));
  const data = path.join(tmp, "data", "loans.csv");
  fs.mkdirSync(path.dirname(data));
  expect(
    spawnSync(process.execPath, [CLI, "generate", "credit", "--rows", "1500", "--seed", "11", "--out", data]).status,
  ).toBe(0);
  const notebook = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "needlab", display_name: "needlab", language: "typescript" } },
    cells: [
      markdown(
        "title",
        "# <Study title>\n\nWritten for <client name>, with <b>bold</b> HTML that is not a placeholder.",
      ),
      code(
        "needs",
        '%%needs\nneeds lending {\n  must recall >= 60% on class "bad" because "each missed default costs five good loans"\n  must roc_auc >= 0.7\n  should precision >= 45% on class "bad"\n  must demographic_parity_difference <= 0.1 by sex because "refusal rates may differ by at most 10 points"\n  must equal_opportunity_difference <= 0.1 by sex\n}',
      ),
      code(
        "data",
        '%%needs\ndataset loans {\n  source "data/loans.csv"\n  target default positive "bad"\n  pii applicant_id\n  sensitive sex, age_group\n  split train 70%, test 30%\n  stratify\n  seed 7\n}',
      ),
      code(
        "models",
        "%%needs\nmodel baseline: logistic_regression { learning_rate 0.05 epochs 8 batch_size 64 threshold 0.3 seed 1 }\nmodel mlp: dense { layer 8 relu epochs 6 batch_size 64 threshold 0.3 seed 1 }\ntrain baseline, mlp on loans",
      ),
      code("evaluate", "%%needs\nevaluate baseline, mlp against lending"),
      code("compare", '%%needs\ncompare baseline, mlp against lending\nexport baseline to "models/baseline"'),
    ],
  };
  fs.writeFileSync(path.join(tmp, "study.ipynb"), JSON.stringify(notebook, null, 1));
  run = spawnSync(
    process.execPath,
    [CLI, "run", "study.ipynb", "--out", "executed.ipynb", "--html", path.join(tmp, "report.html")],
    { cwd: tmp, encoding: "utf8", timeout: 280_000 },
  );
}, 300_000);
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const report = () => fs.readFileSync(path.join(tmp, "report.html"), "utf8");

describe("what the report shows a reader", () => {
  it("runs the study", () => {
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });

  it("shows each verdict and metrics table once, though compare repeats them", () => {
    const html = displays(readCells(path.join(tmp, "executed.ipynb"))).map((o) => String(o.data?.["text/html"] ?? ""));
    expect(html.filter((h) => h.includes('class="needlab-verdicts"'))).toHaveLength(2);
    expect(report().match(/<table class="needlab-verdicts"/g)).toHaveLength(1);
    expect(report().match(/<table class="needlab-metrics"/g)).toHaveLength(1);
  });

  it("folds the backend note into a collapsed run-notes block and shows no path of this machine", () => {
    const html = report();
    const notes =
      /<details class="run-notes"><summary>Notes on this run \(1\)<\/summary><pre>([^<]*)<\/pre><\/details>/.exec(html);
    expect(notes?.[1]).toMatch(/^needlab: TensorFlow\.js backend \w+: /);
    expect(html.split(notes![0]).join("")).not.toContain("needlab: TensorFlow.js backend");
    expect(html).toContain("Folder: models/baseline");
    expect(html).not.toContain(tmp);
    expect(html).not.toContain(fs.realpathSync(tmp));
  });

  it("flags the template's placeholders instead of swallowing them as HTML tags", () => {
    const html = report();
    expect(html).toContain(
      '<h1><mark class="placeholder" title="a template placeholder: replace it in the notebook">&lt;Study title&gt;</mark></h1>',
    );
    expect(html).toContain(
      "This report still has 2 template placeholders (<code>&lt;Study title&gt;</code>, <code>&lt;client name&gt;</code>)",
    );
    expect(html).toContain("<b>bold</b>");
  });
});

describe("the report in a browser and on paper", () => {
  it("draws every chart no wider than an A4 page, with legends clear of the x-axis titles", async () => {
    await withPage("file://" + path.join(tmp, "report.html"), async ({ page, pageErrors }) => {
      await page.setViewportSize({ width: 1400, height: 900 });
      await page.reload();
      expect(await drawnCharts(page, CHARTS)).toBe(CHARTS);
      const charts = await page.evaluate(() =>
        [...document.querySelectorAll(".js-plotly-plot")].map((el) => {
          const box = (s: string) => el.querySelector(s)?.getBoundingClientRect();
          const [legend, xtitle] = [box(".legend"), box(".g-xtitle")];
          const both = Boolean(legend && xtitle && legend.height > 0 && xtitle.height > 0);
          const overlap =
            legend && xtitle && both
              ? legend.top < xtitle.bottom &&
                xtitle.top < legend.bottom &&
                legend.left < xtitle.right &&
                xtitle.left < legend.right
              : false;
          return {
            title: el.querySelector(".gtitle")?.textContent ?? "",
            width: el.querySelector(".main-svg")!.getBoundingClientRect().width,
            both,
            overlap,
          };
        }),
      );
      const fairness = charts.find((c) =>
        c.title.startsWith("Fairness needs: disparities with 95% bootstrap intervals"),
      );
      expect(fairness?.both).toBe(true); // it has a legend and an x-axis title, which must not overlap
      for (const c of charts) {
        expect(c.width, c.title).toBeLessThanOrEqual(A4_PRINTABLE_PX);
        expect(c.overlap, c.title).toBe(false);
      }
      expect(pageErrors).toEqual([]);
    });
  });

  it("keeps every table within the page in print", async () => {
    await withPage("file://" + path.join(tmp, "report.html"), async ({ page }) => {
      await page.setViewportSize({ width: A4_PRINTABLE_PX, height: 1000 });
      await page.emulateMedia({ media: "print" });
      const tables = await page.evaluate(() =>
        [...document.querySelectorAll("table")].map((t) => ({
          name: t.className || t.caption?.textContent || "",
          right: t.getBoundingClientRect().right,
          scroll: t.scrollWidth,
        })),
      );
      expect(tables.length).toBeGreaterThanOrEqual(5);
      for (const t of tables) {
        expect(t.right, t.name).toBeLessThanOrEqual(A4_PRINTABLE_PX);
        expect(t.scroll, t.name).toBeLessThanOrEqual(A4_PRINTABLE_PX);
      }
    });
  });

  for (const format of ["A4", "Letter"] as const) {
    it(`prints to a ${format} PDF with every word on the page and every metrics column`, async () => {
      if (!requireTool("pdftotext", fs.existsSync("/usr/bin/pdftotext"), "apt-get install poppler-utils")) return;
      const pdf = path.join(tmp, `report-${format}.pdf`);
      await withPage("file://" + path.join(tmp, "report.html"), async ({ page }) => {
        await page.setViewportSize({ width: 1400, height: 900 });
        await page.reload();
        await drawnCharts(page, CHARTS);
        await page.pdf({ path: pdf, format });
      });
      if (!fs.existsSync(pdf)) return; // no Chromium: withPage skipped
      const bbox = spawnSync("/usr/bin/pdftotext", ["-bbox", pdf, "-"], { encoding: "utf8" }).stdout;
      const pageWidth = Number(/<page width="([\d.]+)"/.exec(bbox)![1]);
      const words = [...bbox.matchAll(/xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</g)].map(
        (m) => ({ xMin: +m[1], yMin: +m[2], xMax: +m[3], text: m[4] }),
      );
      expect(words.length).toBeGreaterThan(500);
      const outside = words.filter((w) => w.xMin < 0 || w.xMax > pageWidth);
      expect(outside).toEqual([]);
      const texts = new Set(words.map((w) => w.text));
      for (const column of ["cut-off", "accuracy", "roc_auc", "brier", "tn", "fp", "fn", "tp"])
        expect(texts.has(column) || texts.has(`${column.split("_")[0]}_`), column).toBe(true);
      // Each confidence interval "[low, high]" stays on one line.
      const opens = words.flatMap((w, i) => (/^\[\d+\.\d+,$/.test(w.text) ? [[w, words[i + 1]]] : []));
      expect(opens.length).toBeGreaterThanOrEqual(10);
      for (const [low, high] of opens) {
        expect(high.text).toMatch(/^\d+\.\d+\]$/);
        expect(Math.abs(high.yMin - low.yMin), `${low.text} ${high.text}`).toBeLessThan(1);
      }
    }, 120_000);
  }
});

describe("the needs table in the classic Notebook", () => {
  const NOTEBOOK = NOTEBOOK_SERVER;
  let server: ChildProcess | undefined;
  afterAll(() => server?.kill());

  it("keeps needs, reasons and labels left-aligned and numbers right-aligned", async () => {
    if (!requireTool("jupyter-notebook", fs.existsSync(NOTEBOOK), "apt-get install jupyter-notebook")) return;
    const exe = chromiumPath();
    if (!requireTool("chromium", exe, "apt-get install chromium")) return;
    installKernelspec({ prefix: tmp });
    const started = await startNotebookServer(tmp);
    server = started.server;
    const { port } = started;
    const browser = await chromium.launch({ executablePath: exe, args: CHROMIUM_FLAGS });
    try {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${port}/notebooks/executed.ipynb`);
      await page.waitForSelector(".output_html table.needlab-verdicts", { timeout: 60_000 });
      const align = await page.evaluate(() => {
        const table = document.querySelector(".output_html table.needlab-verdicts")!;
        // The alignment of the cell's text: its paragraph's where it has one (the classic Notebook strips the
        // inline styles of untrusted output and right-aligns cells, but left-aligns paragraphs).
        const style = (el: Element | null) =>
          el ? getComputedStyle(el.querySelector(":scope > p") ?? el).textAlign : "missing";
        const row = table.querySelector("tbody tr")!;
        return {
          need: style(row.children[0]),
          level: style(row.children[1]),
          measured: style(row.children[2]),
          header: style(table.querySelector("th")),
          caption: style(table.querySelector("caption")),
          label: style(document.querySelector(".output_html table:not([class]) td")),
        };
      });
      expect(align).toEqual({
        need: "left",
        level: "left",
        measured: "right",
        header: "left",
        caption: "left",
        label: "left",
      });
    } finally {
      await browser.close();
    }
  }, 120_000);
});
