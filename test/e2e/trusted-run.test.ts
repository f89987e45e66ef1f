/**
 * Notebooks that travel, through the real CLI: every notebook needlab writes
 * or ships validates against nbformat 4.5 (Debian's python3-nbformat,
 * warnings as errors); `needlab run` signs the executed notebook so that
 * nbformat's notary and the classic Notebook in Chromium trust it (charts
 * drawn, no "Not Trusted"), and `--no-trust` does not; the provenance
 * manifest holds what an independent reading of the inputs finds; `needlab
 * diff` tells two runs of the same notebook apart only by their times, and
 * names the verdict a changed seed and threshold flip.
 */
import { type ChildProcess, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installKernelspec } from "../../kernel/kernelspec";
import { withPage, drawnCharts } from "../helpers/browser";
import { NOTEBOOK_SERVER, startNotebookServer } from "../helpers/notebook-server";
import { displays, EVALUATION_MIME, PLOTLY_MIME, readCells } from "../helpers/notebooks";
import { requireTool, systemPython } from "../helpers/tools";
import type { Manifest } from "../../kernel/study/manifest";

const ROOT = path.resolve(__dirname, "..", "..");
const CLI = path.join(ROOT, "bin", "needlab.js");
const py = systemPython(["nbformat"]);
let tmp: string, dataDir: string;
let server: ChildProcess | undefined;
let port = 0;
const runs: Record<string, { status: number | null; stdout: string; stderr: string; before: number; after: number }> =
  {};

const needlab = (args: string[]) => {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: tmp,
    encoding: "utf8",
    timeout: 300_000,
    env: { ...process.env, JUPYTER_DATA_DIR: dataDir },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

const study = (seed: number, rocAuc: number) =>
  JSON.stringify({
    nbformat: 4,
    nbformat_minor: 4,
    metadata: { kernelspec: { name: "needlab", display_name: "needlab", language: "typescript" } },
    cells: [
      { cell_type: "markdown", metadata: {}, source: "# A small study" },
      {
        cell_type: "code",
        metadata: {},
        outputs: [],
        execution_count: null,
        source: `%%needs
needs n {
  must roc_auc >= ${rocAuc}
  should recall >= 50% on class "bad"
}
dataset d {
  source "credit.csv"
  target default positive "bad"
  pii applicant_id
  sensitive sex, age_group
  seed 7
}
model m: logistic_regression { optimizer adam epochs 5 seed ${seed} }
train m on d
evaluate m against n
show pr, loss`,
      },
      { cell_type: "code", metadata: {}, outputs: [], execution_count: null, source: 'console.log("between")' },
      {
        cell_type: "code",
        metadata: {},
        outputs: [],
        execution_count: null,
        source: '%%needs\nexport m to "models/m"',
      },
    ],
  });

/** Python's verdict on a file: "valid" or the warning/error nbformat raised (warnings are errors here). */
const validate = (file: string) =>
  spawnSync(
    py!,
    [
      "-c",
      `import json, sys, warnings, nbformat
warnings.simplefilter("error")
with open(sys.argv[1]) as f:
    nbformat.validate(nbformat.from_dict(json.load(f)))
print("valid")`,
      file,
    ],
    { encoding: "utf8" },
  );
const expectValid = (file: string) => {
  const r = validate(file);
  expect(r.stdout.trim() + r.stderr.split("\n").slice(-2).join(" "), file).toBe("valid");
};

/** nbformat's notary on the file, with the run's data dir: "True" when trusted. */
const notaryTrusts = (file: string) =>
  spawnSync(
    py!,
    [
      "-c",
      `import sys, nbformat
from nbformat.sign import NotebookNotary
print(NotebookNotary(data_dir=sys.argv[2]).check_signature(nbformat.read(sys.argv[1], as_version=4)))`,
      file,
      dataDir,
    ],
    { encoding: "utf8" },
  ).stdout.trim();

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-trusted-"));
  // The notebook server below takes its data dir from here too.
  dataDir = path.join(tmp, "data-dir");
  expect(needlab(["generate", "credit", "--rows", "600", "--seed", "3", "--out", "credit.csv"]).status).toBe(0);
  fs.writeFileSync(path.join(tmp, "study.ipynb"), study(1, 0.6));
  fs.writeFileSync(path.join(tmp, "tweaked.ipynb"), study(2, 0.75));
  for (const [name, args] of [
    ["a", ["run", "study.ipynb", "--out", "a.ipynb", "--html", "a.html"]],
    ["b", ["run", "study.ipynb", "--out", "b.ipynb", "--no-trust"]],
    ["c", ["run", "tweaked.ipynb", "--out", "c.ipynb", "--no-trust"]],
  ] as const) {
    const before = Date.now();
    runs[name] = { ...needlab([...args]), before, after: Date.now() };
    expect(runs[name].status, runs[name].stderr).toBe(0);
  }
}, 600_000);

afterAll(() => {
  server?.kill();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("every notebook needlab writes or ships is valid nbformat 4.5", () => {
  it("the shipped notebooks and the template", () => {
    if (!requireTool("python3-nbformat", py, "apt-get install python3-nbformat")) return;
    for (const f of ["notebooks/credit-risk.ipynb", "notebooks/retail-demand.ipynb", "templates/study.ipynb"])
      expectValid(path.join(ROOT, f));
  });

  it("executed notebooks (from a 4.4 notebook without ids) and fmt --write", () => {
    if (!requireTool("python3-nbformat", py, "apt-get install python3-nbformat")) return;
    // The check itself: a 4.5 notebook without ids fails it.
    fs.writeFileSync(path.join(tmp, "no-ids.ipynb"), study(1, 0.6).replace('"nbformat_minor":4', '"nbformat_minor":5'));
    expect(validate(path.join(tmp, "no-ids.ipynb")).stderr).toContain("MissingIDFieldWarning");
    for (const f of ["a.ipynb", "b.ipynb", "c.ipynb"]) expectValid(path.join(tmp, f));
    const ids = (f: string) => readCells(path.join(tmp, f)).map((c) => (c as { id?: string }).id);
    expect(new Set(ids("a.ipynb")).size).toBe(4);
    // The same notebook gets the same ids every run.
    expect(ids("b.ipynb")).toEqual(ids("a.ipynb"));
    fs.writeFileSync(path.join(tmp, "messy.ipynb"), study(1, 0.6).replace("needs n {", "needs   n   {"));
    expect(needlab(["fmt", "messy.ipynb", "--write"]).stdout).toContain("1 %%needs cell(s) reformatted");
    expectValid(path.join(tmp, "messy.ipynb"));
  });
});

describe("needlab run signs the executed notebook as jupyter trust does", () => {
  it("nbformat's notary trusts it; --no-trust leaves it untrusted", () => {
    if (!requireTool("python3-nbformat", py, "apt-get install python3-nbformat")) return;
    expect(runs.a.stdout).toContain(`trusted for Jupyter: signature in ${path.join(dataDir, "nbsignatures.db")}`);
    expect(notaryTrusts(path.join(tmp, "a.ipynb"))).toBe("True");
    expect(runs.b.stdout).not.toContain("trusted for Jupyter");
    expect(notaryTrusts(path.join(tmp, "b.ipynb"))).toBe("False");
    expect(fs.statSync(path.join(dataDir, "notebook_secret")).mode & 0o777).toBe(0o600);
  });

  it("opens in the classic Notebook trusted, every chart drawn; the unsigned copy does not", async () => {
    if (!requireTool("jupyter-notebook", fs.existsSync(NOTEBOOK_SERVER), "apt-get install jupyter-notebook")) return;
    installKernelspec({ prefix: tmp });
    ({ server, port } = await startNotebookServer(tmp));
    const charts = displays(readCells(path.join(tmp, "a.ipynb"))).filter((o) => o.data?.[PLOTLY_MIME]).length;
    expect(charts).toBeGreaterThanOrEqual(2);
    await withPage(`http://127.0.0.1:${port}/notebooks/a.ipynb`, async ({ page }) => {
      await page.waitForFunction(() =>
        /Trusted/.test(document.querySelector("#notification_trusted")?.textContent ?? ""),
      );
      expect((await page.textContent("#notification_trusted"))?.trim()).toBe("Trusted");
      expect(await drawnCharts(page, charts)).toBe(charts);
    });
    await withPage(`http://127.0.0.1:${port}/notebooks/b.ipynb`, async ({ page }) => {
      await page.waitForFunction(() =>
        /Trusted/.test(document.querySelector("#notification_trusted")?.textContent ?? ""),
      );
      expect((await page.textContent("#notification_trusted"))?.trim()).toBe("Not Trusted");
      await page.waitForSelector(".output_area", { timeout: 30_000 });
      expect(await page.locator(".js-plotly-plot").count()).toBe(0);
    });
  }, 180_000);
});

const manifestOf = (f: string): Manifest =>
  JSON.parse(fs.readFileSync(path.join(tmp, f), "utf8")).metadata.needlab.provenance;
const sha256 = (s: string | Buffer) => crypto.createHash("sha256").update(s).digest("hex");
const json = (file: string) => JSON.parse(fs.readFileSync(path.join(ROOT, file), "utf8")) as { version: string };

describe("provenance", () => {
  it("the executed notebook's manifest holds what produced it", () => {
    const m = manifestOf("a.ipynb");
    const csv = fs.readFileSync(path.join(tmp, "credit.csv"));
    const lines = csv.toString().trim().split("\n");
    expect(m.data).toEqual([{ dataset: "d", file: "credit.csv", sha256: sha256(csv), bytes: csv.length, rows: 600 }]);
    expect(lines.length - 1).toBe(600);
    const nb = JSON.parse(fs.readFileSync(path.join(tmp, "a.ipynb"), "utf8"));
    expect(m.dsl).toEqual([
      { cell: 2, id: nb.cells[1].id, sha256: sha256(nb.cells[1].source) },
      { cell: 4, id: nb.cells[3].id, sha256: sha256(nb.cells[3].source) },
    ]);
    expect(m.needlab).toBe(json("package.json").version);
    expect(m.tfjs).toBe(json("node_modules/@tensorflow/tfjs/package.json").version);
    expect(m.node).toBe(process.version);
    const backend = /backend: (\w+) \((.+)\)/.exec(runs.a.stdout)!;
    expect(m.backend).toEqual({ name: backend[1], label: backend[2] });
    expect(m.models).toEqual([
      {
        model: "m",
        dataset: "d",
        backend: backend[1],
        training: expect.stringMatching(/^(fused-wasm|tfjs-layers)$/),
        epochs: 5,
      },
    ]);
    expect(m.seeds).toEqual({ "dataset d": 7, "model m": 1 });
    expect(m.parameters).toEqual({});
    const [started, ended] = [Date.parse(m.started), Date.parse(m.ended)];
    expect(runs.a.before <= started && started <= ended && ended <= runs.a.after).toBe(true);
  });

  it("the model card carries the manifest as it stood at export; the report shows it collapsed", () => {
    const m = manifestOf("a.ipynb");
    // The export folder is the last run's (c, seed 2): compare with that run's manifest.
    const card = fs.readFileSync(path.join(tmp, "models", "m", "model-card.md"), "utf8");
    const block = /## Provenance\n[^\n]*\n\n```json\n([\s\S]*?)\n```\n/.exec(card);
    expect(block).not.toBeNull();
    const atExport = JSON.parse(block![1]) as Manifest;
    const c = manifestOf("c.ipynb");
    expect(atExport.started).toBe(c.started);
    expect(Date.parse(atExport.ended)).toBeLessThanOrEqual(Date.parse(c.ended));
    expect({ ...atExport, started: 0, ended: 0, dsl: 0 }).toEqual({ ...c, started: 0, ended: 0, dsl: 0 });
    expect(atExport.dsl).toEqual(c.dsl.map((d) => ({ sha256: d.sha256 })));
    const html = fs.readFileSync(path.join(tmp, "a.html"), "utf8");
    const details = /<details class="provenance">([\s\S]*?)<\/details>/.exec(html);
    expect(details?.[1]).toContain(m.data[0].sha256);
    expect(details?.[1]).toContain("Provenance");
  });
});

describe("needlab diff", () => {
  it("the same notebook run twice differs only in its times, and exits 0", () => {
    const r = needlab(["diff", "a.ipynb", "b.ipynb"]);
    expect(r.status, r.stderr).toBe(0);
    const [ma, mb] = [manifestOf("a.ipynb"), manifestOf("b.ipynb")];
    expect(r.stdout).toBe(
      [
        "--- a.ipynb",
        "+++ b.ipynb",
        "manifest",
        `  started: ${ma.started} → ${mb.started}`,
        `  ended: ${ma.ended} → ${mb.ended}`,
        "verdicts",
        "  the same (2)",
        "metrics",
        "  the same",
        "no verdict differs (2 compared)",
        "",
      ].join("\n"),
    );
  });

  it("a changed seed and threshold: the manifest, the flipped verdict and the metrics, exit 1", () => {
    const r = needlab(["diff", "a.ipynb", "c.ipynb"]);
    expect(r.status, r.stderr).toBe(1);
    const evaluation = (f: string) =>
      (
        displays(readCells(path.join(tmp, f))).find((o) => o.data?.[EVALUATION_MIME])!.data![EVALUATION_MIME] as {
          models: { metrics: Record<string, number>; verdicts: { status: string }[] }[];
        }
      ).models[0];
    const [ea, ec] = [evaluation("a.ipynb"), evaluation("c.ipynb")];
    expect(ea.verdicts[0].status).toBe("pass");
    expect(ec.verdicts[0].status).not.toBe("pass");
    expect(r.stdout).toContain("  seeds.model m: 1 → 2 (+1)");
    expect(r.stdout).toMatch(/dsl\.\[cell 2\]\.sha256: [0-9a-f]{64} → [0-9a-f]{64}/);
    expect(r.stdout).toContain(
      `  d · n · m · n.1 (must roc_auc >= 0.6 → roc_auc >= 0.75): pass → ${ec.verdicts[0].status}\n`,
    );
    const auc = (v: number) => String(Number(v.toPrecision(4)));
    expect(r.stdout).toContain(
      `  d · n · m · metrics.roc_auc: ${auc(ea.metrics.roc_auc)} → ${auc(ec.metrics.roc_auc)}`,
    );
    expect(r.stdout.trim().split("\n").pop()).toBe("1 verdict differs");
    expect(needlab(["diff", "a.ipynb", "missing.ipynb"]).status).toBe(2);
  });
});
