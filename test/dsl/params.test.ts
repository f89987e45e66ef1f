/**
 * Notebook parameters in the DSL: `param NAME = VALUE` and `${NAME}`. A
 * reference gives the very plan the literal gives; an unknown or misspelt
 * name, a value of the wrong kind or a use before the declaration is an
 * error at its place; the formatter keeps references as written.
 */
import { describe, expect, it } from "vitest";
import { checkSequence, compile } from "../../dsl";
import { CheckEnv, emptyEnv } from "../../dsl/check";
import { complete } from "../../dsl/assist";
import { format } from "../../dsl/format";
import type { ParamValue } from "../../plan/plan";

const seen: string[] = [];
const env = (params: Record<string, ParamValue> = {}): CheckEnv => ({
  ...emptyEnv((source) => (seen.push(source), { columns: ["id", "sex", "default"] })),
  params: new Map(Object.entries(params)),
});
const errors = (src: string, e = env()) =>
  compile(src, e).diagnostics.map((d) => `${d.span.line}:${d.span.col} ${d.message}`);

const STUDY = (source: string, seed: string, threshold: string, title: string) =>
  `dataset d {\n  source ${source}\n  target default positive "bad"\n  split train 70%, test 30%\n  seed ${seed}\n}\n` +
  `needs n {\n  must recall >= ${threshold} on class "bad" because ${title}\n}\n` +
  `model m: dense {\n  layer 4\n  threshold ${threshold}\n  seed ${seed}\n}\ntrain m on d\nevaluate m against n\nexport m to ${title}`;

describe("parameters in DSL cells", () => {
  it("give the plan their literal values give, in numbers and inside quoted strings", () => {
    const params = { seed: 3, client: "acme", cut: 0.35, file: "data/acme.csv" };
    const withRefs = compile(STUDY('"${file}"', "${seed}", "${cut}", '"report for ${client}"'), env(params));
    const literal = compile(STUDY('"data/acme.csv"', "3", "0.35", '"report for acme"'), env());
    expect(withRefs.diagnostics).toEqual([]);
    expect(withRefs.plan).toEqual(literal.plan);
    expect(seen).toContain("data/acme.csv");
  });

  it("are declared by `param` (numbers, percentages, text, true/false) and usable below in the same cell", () => {
    const r = compile(
      'param seed = 11\nparam share = 80%\nparam client = "a \\"quoted\\" name"\nparam fast = true\n' +
        'dataset d {\n  source "${client}.csv"\n  target default\n  seed ${seed}\n}',
      env(),
    );
    expect(r.diagnostics).toEqual([]);
    const steps = r.plan!.steps;
    expect(steps.filter((s) => s.op === "defineParam")).toEqual([
      { op: "defineParam", name: "seed", value: 11 },
      { op: "defineParam", name: "share", value: 0.8 },
      { op: "defineParam", name: "client", value: 'a "quoted" name' },
      { op: "defineParam", name: "fast", value: true },
    ]);
    const ds = steps.find((s) => s.op === "defineDataset");
    expect(ds?.op === "defineDataset" && [ds.dataset.seed, ds.dataset.source]).toEqual([11, 'a "quoted" name.csv']);
  });

  it("carry from cell to cell, and a later cell's `param` replaces the value (papermill's injected cell)", () => {
    const cells = ["param seed = 7", "param seed = 3", "model m: dense {\n  layer 2\n  seed ${seed}\n}"];
    expect(checkSequence(cells, () => ({ columns: [] }))).toEqual([[], [], []]);
    const after = compile(cells[1], env({ seed: 7 }));
    expect(after.plan?.steps).toEqual([{ op: "defineParam", name: "seed", value: 3 }]);
  });

  it("report an unknown or misspelt name at its place, with did-you-mean", () => {
    expect(errors("model m: dense {\n  layer 2\n  seed ${sed}\n}", env({ seed: 1 }))).toEqual([
      "3:8 unknown parameter 'sed'; did you mean 'seed'?",
    ]);
    expect(errors('export m to "out/${clinet}/model"', env({ client: "acme" }))).toEqual([
      "1:18 unknown parameter 'clinet'; did you mean 'client'?",
    ]);
    expect(errors("model m: dense {\n  layer 2\n  epochs ${n}\n}")).toEqual([
      "3:10 unknown parameter 'n'; declare it with `param n = VALUE` (in a notebook, in the cell tagged parameters)",
    ]);
    expect(errors("param a = ${b}\nparam b = 1")).toEqual([
      "1:11 parameter 'b' is declared below, at line 2: declare it before its use",
    ]);
  });

  it("refuse a value of the wrong kind, with what to write", () => {
    expect(errors("model m: dense {\n  layer 2\n  seed ${client}\n}", env({ client: "acme" }))).toEqual([
      `3:8 parameter 'client' is "acme", but a number goes here; inside quotes, "\${client}" gives its text`,
    ]);
    expect(errors("param title = acme")).toEqual([
      `1:15 'acme' is not a value: a parameter is a number, a quoted string, true or false (for text, write "acme")`,
    ]);
    expect(errors("param wait = 5 ms")).toEqual([
      "1:14 a parameter is a plain number, without a unit (write the number in milliseconds)",
    ]);
    expect(errors("param m = 1\nmodel m: dense { layer 2 }")[0]).toBe(
      "2:7 'm' is already declared in this cell at line 1; give it another name",
    );
    // A value out of a statement's range is caught by that statement's own check, at the reference.
    expect(errors("model m: dense {\n  layer 2\n  threshold ${t}\n}", env({ t: 1.5 }))).toEqual([
      "3:13 threshold is a probability strictly between 0 and 1 (or 0% and 100%), not 1.5",
    ]);
  });

  it("are kept as written by the formatter", () => {
    const r = format('param seed = 7\nmodel m: dense { layer 2 seed ${seed} }\nexport m to "out/${client}"');
    expect(r.diagnostics).toEqual([]);
    expect(r.text).toBe(
      'param seed = 7\n\nmodel m: dense {\n  layer 2\n  seed ${seed}\n}\n\nexport m to "out/${client}"\n',
    );
  });

  it("are offered by completion after ${, where a number goes and inside strings", () => {
    const scope = { datasets: [], models: [], needs: [], columns: ["seed_col"], params: ["seed", "client", "sample"] };
    const at = (text: string) => complete(text.replace("|", ""), text.indexOf("|"), scope);
    expect(at("model m: dense {\n  seed ${s|").matches).toEqual(["sample", "seed"]);
    expect(at('export m to "out/${|"')).toEqual({ matches: ["client", "sample", "seed"], start: 19, end: 19 });
  });
});
