/**
 * `needlab run -p` as papermill: values read as papermill's command line
 * reads them (checked against Python's own int() and float()), the injected
 * cell's place, tags and metadata, and papermill's warnings.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Notebook, NotebookCell } from "../../kernel/notebook";
import {
  injectedSource,
  injectParameters,
  joinParameterPairs,
  parseParameterValue,
  readParameters,
} from "../../kernel/parameters";
import { requireTool, systemPython } from "../helpers/tools";

const RAW = [
  "3",
  "-3",
  "+3",
  " 7 ",
  "007",
  "1_000",
  "3.5",
  ".5",
  "5.",
  "1e3",
  "-2.5E-2",
  "True",
  "False",
  "true",
  "acme",
  "3a",
  "0x10",
  "1.2.3",
  "-",
  "",
  "1e",
  "12_",
  "data/acme.csv",
];

// papermill's _resolve_type, on Python's own number parsing.
const RESOLVE = `
import json, sys
def resolve(v):
    if v == "True": return True
    if v == "False": return False
    try: return int(v)
    except ValueError: pass
    try: return float(v)
    except ValueError: return v
print(json.dumps([resolve(v) for v in json.loads(sys.argv[1])]))
`;

describe("parameter values", () => {
  const py = systemPython(["json"]);
  it("are read as papermill reads -p: True/False, int, float, else text", () => {
    if (!requireTool("python3", py, "apt-get install python3")) return;
    const r = spawnSync(py!, ["-c", RESOLVE, JSON.stringify(RAW)], { encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(RAW.map((v) => parseParameterValue("x", v))).toEqual(JSON.parse(r.stdout));
  });

  it("refuse None, and names that cannot be variables", () => {
    expect(() => parseParameterValue("seed", "None")).toThrow(/-p seed None: .*leave the parameter out/);
    expect(() => readParameters(joinParameterPairs(["-p", "2x", "1"]).slice(1))).toThrow(
      "-p: '2x' cannot be a parameter name",
    );
    expect(() => readParameters(["seed"])).toThrow("-p takes a name and a value, as papermill's: -p seed 3");
  });

  it("take -p NAME VALUE anywhere, a value starting with '-' too, over -f's JSON", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-params-"));
    const file = path.join(dir, "p.json");
    fs.writeFileSync(file, JSON.stringify({ seed: 99, title: "From file", on: true }));
    const argv = joinParameterPairs(["run", "-p", "cut", "-0.5", "nb.ipynb", "--parameters", "seed", "3"]);
    expect(argv.filter((a, i) => i !== 2 && i !== 5)).toEqual(["run", "-p", "nb.ipynb", "--parameters"]);
    expect(readParameters([argv[2], argv[5]], file)).toEqual({ seed: 3, title: "From file", on: true, cut: -0.5 });
    fs.writeFileSync(file, JSON.stringify({ seed: [1] }));
    expect(() => readParameters([], file)).toThrow(`parameter 'seed' is [1]; a parameter holds a number, text`);
    fs.writeFileSync(file, "seed: 3");
    expect(() => readParameters([], file)).toThrow("is not valid JSON: it holds one JSON object");
  });
});

const code = (source: string, tags?: string[], id?: string): NotebookCell => ({
  cell_type: "code",
  ...(id ? { id } : {}),
  source,
  metadata: tags ? { tags } : {},
  outputs: [],
  execution_count: null,
});
const nb = (cells: NotebookCell[], minor = 5): Notebook => ({
  nbformat: 4,
  nbformat_minor: minor,
  metadata: {},
  cells,
});

describe("the injected cell", () => {
  const params = { seed: 3, client: "acme", fast: false };
  const INJECTED = '%%needs\n# Parameters\nparam seed = 3\nparam client = "acme"\nparam fast = false';

  it("goes right after the cell tagged parameters, tagged injected-parameters, as papermill does", () => {
    const input = nb([
      code("%%needs\nneeds n { must recall >= 0.5 }", undefined, "a"),
      code('%%needs\nparam seed = 7\nparam client = "demo"\nparam fast = true', ["parameters"], "b"),
      code("%%needs\ntrain m on d", undefined, "c"),
    ]);
    const { notebook, warnings } = injectParameters(input, params);
    expect(warnings).toEqual([]);
    expect(notebook.cells.map((c) => c.id)).toEqual(["a", "b", "injected-parameters", "c"]);
    expect(notebook.cells[2]).toEqual({
      cell_type: "code",
      id: "injected-parameters",
      metadata: { tags: ["injected-parameters"] },
      source: INJECTED,
      outputs: [],
      execution_count: null,
    });
    expect(notebook.metadata.papermill).toEqual({ parameters: params });
    expect(input.cells.length).toBe(3); // the input is left as it was
  });

  it("replaces an earlier injected cell, so a run's output can be run again", () => {
    const first = injectParameters(nb([code("const seed = 7;", ["parameters"], "p")]), params).notebook;
    const again = injectParameters(first, { seed: 5 }).notebook;
    expect(again.cells.map((c) => c.source)).toEqual(["const seed = 7;", injectedSource({ seed: 5 })]);
  });

  it("goes first with papermill's warning when no cell is tagged parameters, and has no id before nbformat 4.5", () => {
    const { notebook, warnings } = injectParameters(nb([code("1 + 1")], 4), { seed: 1 });
    expect(warnings).toEqual(["the notebook has no cell tagged 'parameters': the parameters go first"]);
    expect(notebook.cells[0].metadata).toEqual({ tags: ["injected-parameters"] });
    expect("id" in notebook.cells[0]).toBe(false);
  });

  it("warns of a name the parameters cell does not declare, with did-you-mean, and passes it anyway", () => {
    const ts = nb([code("const seed = 7;\nlet client: string = 'demo';", ["parameters"])]);
    const { notebook, warnings } = injectParameters(ts, { sed: 3, region: "north" });
    expect(warnings).toEqual([
      "parameter 'sed' is not declared in the cell tagged 'parameters' (did you mean 'seed'?); it is passed anyway",
      "parameter 'region' is not declared in the cell tagged 'parameters' (it declares seed, client); it is passed anyway",
    ]);
    expect(notebook.cells[1].source).toBe('%%needs\n# Parameters\nparam sed = 3\nparam region = "north"');
  });
});
