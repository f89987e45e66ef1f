/**
 * One notebook run per client, seed and threshold, through the real CLI:
 * `needlab run NB -p ... -f params.json` injects a cell after the cell
 * tagged parameters; DSL cells read the values (the evaluation is the one a
 * notebook with the same values written out gives) and TypeScript cells see
 * them as variables; an undeclared name gets papermill's warning; the
 * output, run again with new values, keeps one injected cell; the executed
 * notebook passes the nbformat validator.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { NEEDLAB, runCli } from "../helpers/kill";
import { evaluations, readCells, type Cell } from "../helpers/notebooks";
import { requireTool, systemPython } from "../helpers/tools";

let dir: string;

const NEEDS = '%%needs\nneeds lending {\n  must recall >= 40% on class "bad"\n  must roc_auc >= 0.6\n}';
const STUDY = (source: string, seed: string, cut: string) =>
  `%%needs\ndataset credit {\n  source ${source}\n  target default positive "bad"\n  drop applicant_id\n  split train 70%, test 30%\n  seed ${seed}\n}\n` +
  `model lr: logistic_regression {\n  threshold ${cut}\n}\ntrain lr on credit\nevaluate lr against lending`;
const PARAMETERS = '%%needs\nparam seed = 7\nparam client = "demo"\nparam cut = 0.5\nparam data_file = "credit.csv"';
// Written out: tslab does not carry an earlier cell's variable into a shorthand property (\`{ seed }\`).
const SHOW =
  "console.log(JSON.stringify({ seed: seed, client: client, cut: cut, data_file: data_file, title: title }))";

const notebook = (cells: [string, string[]?][]) =>
  JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: cells.map(([source, tags], i) => ({
      cell_type: "code",
      id: `cell-${i}`,
      source,
      metadata: tags ? { tags } : {},
      outputs: [],
      execution_count: null,
    })),
  });

/** What the last cell printed (nbformat may store a stream's text as a list of lines). */
const printed = (cells: Cell[]) => {
  const text = (t: string | string[] | undefined) => (Array.isArray(t) ? t.join("") : (t ?? ""));
  const out = cells.at(-1)!.outputs!.find((o) => o.output_type === "stream" && text(o.text).includes("{"));
  return JSON.parse(text(out?.text)) as Record<string, unknown>;
};

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-params-e2e-"));
  const gen = spawnSync(process.execPath, [NEEDLAB, "generate", "credit", "--rows", "800", "--out", "credit.csv"], {
    cwd: dir,
  });
  expect(gen.status).toBe(0);
  fs.writeFileSync(
    path.join(dir, "study.ipynb"),
    notebook([
      [PARAMETERS, ["parameters"]],
      [NEEDS],
      [STUDY('"${data_file}"', "${seed}", "${cut}")],
      ['%%needs\nparam title = "untitled"'],
      [SHOW],
    ]),
  );
  fs.writeFileSync(path.join(dir, "literal.ipynb"), notebook([[NEEDS], [STUDY('"credit.csv"', "3", "0.35")]]));
  fs.writeFileSync(path.join(dir, "params.json"), JSON.stringify({ seed: 99, title: "Report for Acme" }));
});

describe("needlab run -p", () => {
  let run: Awaited<ReturnType<typeof runCli>>;
  let cells: Cell[];
  beforeAll(async () => {
    run = await runCli(
      ["run", "study.ipynb", "-p", "seed", "3", "-p", "client", "acme", "-p", "cut", "0.35", "-f", "params.json"],
      dir,
    );
    cells = readCells(path.join(dir, "study.executed.ipynb"));
  }, 240_000);

  it("injects a papermill cell after the cell tagged parameters, and warns of an undeclared name", () => {
    expect(run.code, run.stderr).toBe(0);
    const raw = JSON.parse(fs.readFileSync(path.join(dir, "study.executed.ipynb"), "utf8"));
    expect(raw.cells[1].metadata).toEqual({ tags: ["injected-parameters"] });
    expect(raw.cells[1].source).toBe(
      '%%needs\n# Parameters\nparam seed = 3\nparam title = "Report for Acme"\nparam client = "acme"\nparam cut = 0.35',
    );
    expect(raw.metadata.papermill.parameters).toEqual({ seed: 3, title: "Report for Acme", client: "acme", cut: 0.35 });
    // The provenance manifest records the values as they stood at the end (a later cell's param included).
    expect(raw.metadata.needlab.provenance.parameters).toEqual({
      seed: 3,
      title: "untitled",
      client: "acme",
      cut: 0.35,
      data_file: "credit.csv",
    });
    expect(run.stderr).toContain(
      "needlab: warning: parameter 'title' is not declared in the cell tagged 'parameters' (it declares seed, client, cut, data_file); it is passed anyway",
    );
  });

  it("gives DSL cells the values: the evaluation a notebook with them written out gives", async () => {
    const literal = await runCli(["run", "literal.ipynb"], dir);
    expect(literal.code, literal.stderr).toBe(0);
    const expected = evaluations(readCells(path.join(dir, "literal.executed.ipynb")));
    expect(expected.length).toBe(1);
    expect(evaluations(cells)).toEqual(expected);
  }, 240_000);

  it("gives TypeScript cells the values as variables (a later cell's param replaces the injected one)", () => {
    expect(printed(cells)).toEqual({
      seed: 3,
      client: "acme",
      cut: 0.35,
      data_file: "credit.csv",
      title: "untitled",
    });
  });

  const py = systemPython(["nbformat"]);
  it("writes a notebook the nbformat validator accepts", () => {
    if (!requireTool("python3 with nbformat", py, "apt-get install python3-nbformat")) return;
    const r = spawnSync(
      py!,
      [
        "-c",
        "import nbformat, sys; nbformat.validate(nbformat.read(sys.argv[1], as_version=4))",
        "study.executed.ipynb",
      ],
      { cwd: dir, encoding: "utf8" },
    );
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it("runs the notebook with its injected cell through a real Jupyter client (nbconvert): the same values and numbers", () => {
    const jupyter = systemPython(["nbclient", "nbconvert", "jupyter_client"]);
    if (!requireTool("python3 with nbconvert/nbclient", jupyter, "apt-get install jupyter-nbconvert python3-nbclient"))
      return;
    const prefix = path.join(dir, "prefix");
    expect(spawnSync(process.execPath, [NEEDLAB, "install", "--prefix", prefix]).status).toBe(0);
    const r = spawnSync(
      jupyter!,
      [
        "-m",
        "nbconvert",
        "--to",
        "notebook",
        "--execute",
        "study.executed.ipynb",
        "--output",
        "nbconvert.ipynb",
      ].concat(["--ExecutePreprocessor.kernel_name=needlab", "--ExecutePreprocessor.timeout=600"]),
      {
        cwd: dir,
        encoding: "utf8",
        env: { ...process.env, JUPYTER_PATH: path.join(prefix, "share", "jupyter") },
        timeout: 600_000,
      },
    );
    expect(r.status, r.stderr).toBe(0);
    const viaJupyter = readCells(path.join(dir, "nbconvert.ipynb"));
    expect(printed(viaJupyter)).toEqual(printed(cells));
    expect(evaluations(viaJupyter)).toEqual(evaluations(cells));
  }, 600_000);

  it("runs its own output again with new values: one injected cell, holding only them (as papermill)", async () => {
    const again = await runCli(["run", "study.executed.ipynb", "--out", "again.ipynb", "-p", "client", "beta"], dir);
    expect(again.code, again.stderr).toBe(0);
    const next = readCells(path.join(dir, "again.ipynb"));
    expect(next.filter((c) => JSON.stringify(c).includes('"injected-parameters"')).length).toBe(1);
    expect(printed(next)).toMatchObject({ seed: 7, client: "beta", cut: 0.5 });
    expect(evaluations(next)).not.toEqual(evaluations(cells));
  }, 240_000);
});

it("runs the shipped template per client: needlab run study.ipynb -p client acme -p data_file ... --html acme.html", async () => {
  const own = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-template-"));
  fs.copyFileSync(path.resolve(__dirname, "../../templates/study.ipynb"), path.join(own, "study.ipynb"));
  fs.mkdirSync(path.join(own, "data"));
  // The credit data under the template's column names: id, the features, outcome yes/no.
  const [head, ...rows] = fs.readFileSync(path.join(dir, "credit.csv"), "utf8").trim().split("\n");
  const cols = head.split(",");
  const [id, target] = [cols.indexOf("applicant_id"), cols.indexOf("default")];
  const keep = cols.map((_, i) => i).filter((i) => i !== id && i !== target);
  const line = (f: string[], outcome: string) => [f[id], ...keep.map((i) => f[i]), outcome].join(",");
  fs.writeFileSync(
    path.join(own, "data", "acme.csv"),
    [
      line(cols, "outcome").replace(/^applicant_id/, "id"),
      ...rows.map((r) => r.split(",")).map((f) => line(f, f[target] === "bad" ? "yes" : "no")),
    ].join("\n") + "\n",
  );
  const r = await runCli(
    ["run", "study.ipynb", "-p", "client", "acme", "-p", "data_file", "data/acme.csv", "--html", "acme.html"],
    own,
  );
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderr).not.toContain("warning");
  expect(fs.statSync(path.join(own, "acme.html")).size).toBeGreaterThan(10_000);
  const last = readCells(path.join(own, "study.executed.ipynb")).at(-1)!;
  expect(String(last.outputs?.find((o) => o.output_type === "execute_result")?.data?.["text/plain"])).toContain(
    "client: 'acme'",
  );
}, 240_000);
