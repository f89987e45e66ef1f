/**
 * One test per construct of the language reference (dsl/README.md): it
 * parses, checks and lowers to the plan the stdlib runs; and each kind of
 * mistake in it gets its exact, positioned message.
 */
import { describe, expect, it } from "vitest";
import { checkSequence, compile } from "../../dsl";
import { CheckEnv, emptyEnv } from "../../dsl/check";
import type { DatasetSpec, ModelSpec, Step } from "../../plan/plan";

const COLUMNS = [
  "id",
  "age",
  "sex",
  "income",
  "people",
  "grade",
  "city",
  "signup",
  "customer",
  "weight",
  "default",
  "price",
];
const env = (over: Partial<CheckEnv> = {}): CheckEnv => ({
  ...emptyEnv((source) => (source.startsWith("missing") ? { problem: `cannot find ${source}` } : { columns: COLUMNS })),
  ...over,
});
const errors = (src: string, e = env()) =>
  compile(src, e).diagnostics.map((d) => `${d.severity} ${d.span.line}:${d.span.col} ${d.message}`);
function plan(src: string, e = env()): Step[] {
  const r = compile(src, e);
  if (!r.plan) throw new Error(r.diagnostics.map((d) => `${d.span.line}:${d.span.col} ${d.message}`).join("\n"));
  return r.plan.steps;
}
const dataset = (settings: string): DatasetSpec => {
  const step = plan(`dataset d { source "f.csv" target default positive "bad" ${settings} }`)[0];
  if (step.op !== "defineDataset") throw new Error("not a dataset");
  return step.dataset;
};
const model = (family: string, settings: string): ModelSpec => {
  const step = plan(`model m: ${family} { ${settings} }`)[0];
  if (step.op !== "defineModel") throw new Error("not a model");
  return step.model;
};
const D =
  'dataset d { source "f.csv" target default positive "bad" sensitive sex split train 60%, validation 20%, test 20% }\nneeds n { must recall >= 0.7 }\n';

describe("dataset: reading the source", () => {
  it("format, delimiter and encoding", () => {
    expect(dataset('format csv delimiter ";" encoding "latin1"')).toMatchObject({
      format: "csv",
      delimiter: ";",
      encoding: "latin1",
    });
    expect(plan('dataset j { source "events.jsonl" target default }')[0]).toMatchObject({
      dataset: { format: "jsonl" },
    });
  });

  it("are checked", () => {
    expect(
      errors('dataset d { source "f.csv" target default format excel delimiter ";;" encoding "klingon" }'),
    ).toEqual([
      "error 1:50 unknown format 'excel'; known: csv, jsonl, parquet",
      'error 1:66 a delimiter is one character, such as ";" or "\\t", not ";;"',
      'error 1:80 unknown text encoding "klingon"; common ones: utf-8, latin1, windows-1252, utf-16le',
    ]);
    expect(errors('dataset d { source "f.jsonl" target default format jsonl delimiter "," }')).toEqual([
      "error 1:68 JSON lines have no delimiter: remove it, or make the format csv",
    ]);
  });

  it("reads the header with the declared delimiter", () => {
    const seen: unknown[] = [];
    compile(
      'dataset d { source "f.csv" target default delimiter ";" }',
      env({ readHeader: (p, o) => (seen.push([p, o]), { columns: ["default"] }) }),
    );
    expect(seen).toEqual([["f.csv", { format: undefined, delimiter: ";", encoding: undefined }]]);
  });
});

describe("dataset: target kinds and column types", () => {
  it("binary (default), regression and multiclass targets", () => {
    expect(dataset("").task).toBe("binary");
    expect(plan('dataset r { source "f.csv" target price regression }')[0]).toMatchObject({
      dataset: { task: "regression", positive: undefined },
    });
    expect(plan('dataset c { source "f.csv" target grade multiclass }')[0]).toMatchObject({
      dataset: { task: "multiclass" },
    });
    expect(errors('dataset r { source "f.csv" target price continuous }')).toEqual([
      "error 1:41 unknown target kind 'continuous'; known: binary, multiclass, regression",
    ]);
    expect(errors('dataset r { source "f.csv" target price regression stratify }')).toEqual([
      "warning 1:52 stratify keeps class balance, and a regression target has no classes: the split is at random; remove `stratify`",
    ]);
  });

  it("reading settings: missing-value markers, number formats, silenced checks, a SQL source", () => {
    const d = dataset(
      'missing_values "?", "-" missing_values income: "n/k" thousands "," decimal "." quiet leak, duplicates',
    );
    expect([d.missingValues, d.missingByColumn, d.thousands, d.decimal, d.quiet]).toEqual([
      ["?", "-"],
      { income: ["n/k"] },
      ",",
      ".",
      ["leak", "duplicates"],
    ]);
    expect(
      errors('dataset d { source "f.csv" target default quiet leaks thousands ",," decimal "," delimiter "," }'),
    ).toEqual([
      "error 1:49 unknown data check 'leaks'; did you mean 'leak'?",
      'error 1:65 thousands is one character, such as "," or ".", not ",,"',
      'error 1:78 a decimal comma needs another delimiter: add `delimiter ";"` (as such files use)',
    ]);
    expect(errors('dataset d { source "f.csv" target default missing_values nope: "?" }')).toEqual([
      "error 1:58 column 'nope' is not in f.csv; its columns are: id, age, sex, income, people, grade, city, signup, customer, weight, default, price",
    ]);
    const step = plan(`dataset d { source sql "select * from 's/*.parquet' where age > 18" target default }`)[0];
    const query = "select * from 's/*.parquet' where age > 18";
    expect(step.op === "defineDataset" && [step.dataset.source, step.dataset.sql]).toEqual([query, query]);
    expect(errors('dataset d { source sqll "select 1" target default }')).toEqual([
      "error 1:20 unknown source kind 'sqll'; did you mean 'sql'?",
    ]);
  });

  it("types", () => {
    expect(dataset("types id: category, income: number").types).toEqual({ id: "category", income: "number" });
    expect(errors('dataset d { source "f.csv" target default types income: float }')).toEqual([
      "error 1:57 unknown column type 'float'; known: number, category, date",
    ]);
  });
});

describe("dataset: choosing rows and columns", () => {
  it("keep", () => {
    expect(dataset("keep age, income").keep).toEqual(["age", "income"]);
    expect(errors('dataset d { source "f.csv" target default keep age, income drop age }')).toEqual([
      "error 1:48 'age' is both kept and dropped: remove it from one of them",
    ]);
    expect(errors('dataset d { source "f.csv" target default sensitive sex keep sex }')).toEqual([
      "error 1:53 'sex' is sensitive, so it is never a feature: remove it from `keep`",
    ]);
  });

  it("filter with comparisons, equality and membership", () => {
    expect(
      dataset('filter age >= 18 filter city != "test" filter grade in ["A", "B"] filter income < 1e6').filters,
    ).toEqual([
      { column: "age", op: ">=", values: [18] },
      { column: "city", op: "!=", values: ["test"] },
      { column: "grade", op: "in", values: ["A", "B"] },
      { column: "income", op: "<", values: [1e6] },
    ]);
  });

  it("filter mistakes", () => {
    expect(errors('dataset d { source "f.csv" target default filter city >= "x" filter agee > 1 }')).toEqual([
      "error 1:50 '>=' compares numbers; compare text with ==, != or in",
      "error 1:69 column 'agee' is not in f.csv; did you mean 'age'?",
    ]);
  });
});

describe("dataset: missing values, encodings, scaling", () => {
  it("lower per column", () => {
    const d = dataset(
      'missing income: mean, city: constant "unknown", age: drop encode grade: ordinal ["C", "B", "A"], city: frequency scale minmax scale age: robust',
    );
    expect(d.missing).toEqual({
      income: { strategy: "mean" },
      city: { strategy: "constant", value: "unknown" },
      age: { strategy: "drop" },
    });
    expect(d.encode).toEqual({ grade: { method: "ordinal", order: ["C", "B", "A"] }, city: { method: "frequency" } });
    expect(d.scale).toEqual({ default: "minmax", columns: { age: "robust" } });
  });

  it("are checked", () => {
    expect(
      errors(
        'dataset d { source "f.csv" target default missing income: average, city: constant, age: median 3 encode city: hot, grade: onehot ["a"] scale zscore }',
      ),
    ).toEqual([
      "error 1:59 unknown missing-value strategy 'average'; known: mean, median, mode, constant, drop",
      'error 1:74 constant needs the value to fill in: `city: constant 0` or `city: constant "unknown"`',
      "error 1:89 median takes no value; only constant does",
      "error 1:111 unknown encoding 'hot'; known: onehot, ordinal, frequency",
      "error 1:123 onehot takes no list; only ordinal does (its order)",
      "error 1:142 unknown scaling 'zscore'; known: standard, minmax, robust, none",
    ]);
  });
});

describe("dataset: derived columns", () => {
  it("lower expressions with precedence, parentheses and functions", () => {
    expect(dataset("derive r = income / people * 2 + 1").derived).toEqual([
      {
        name: "r",
        expr: {
          op: "+",
          left: { op: "*", left: { op: "/", left: { col: "income" }, right: { col: "people" } }, right: { num: 2 } },
          right: { num: 1 },
        },
      },
    ]);
    expect(dataset("derive a = log(income - (age -1))").derived[0].expr).toEqual({
      fn: "log",
      args: [{ op: "-", left: { col: "income" }, right: { op: "-", left: { col: "age" }, right: { num: 1 } } }],
    });
    expect(dataset("derive band = bucket(age, [25, 40, 60])").derived[0].expr).toEqual({
      fn: "bucket",
      args: [{ col: "age" }],
      list: [25, 40, 60],
    });
  });

  it("check functions, arity, edges and columns; later settings may use the new column", () => {
    expect(
      errors(
        'dataset d { source "f.csv" target default derive a = lg(age) derive b = max(age) derive c = bucket(age, [40, 30]) derive d = sqrt(age, [1]) derive e = agee * 2 derive age = 1 }',
      ),
    ).toEqual([
      "error 1:54 unknown function 'lg'; known: bucket, log, log1p, sqrt, abs, exp, round, min, max",
      "error 1:73 max takes 2 arguments, not 1",
      "error 1:110 bucket edges must increase: 30 comes after 40",
      "error 1:126 sqrt takes no list; only bucket does",
      "error 1:152 column 'agee' is not in f.csv; did you mean 'age'?",
      "error 1:168 'age' is already a column: give the derived column another name",
    ]);
    expect(dataset("derive band = bucket(age, [40]) sensitive band").sensitive).toEqual(["band"]);
  });
});

describe("dataset: splits", () => {
  it("group and time splits, k folds", () => {
    expect(dataset("split train 80%, test 20% by group customer").split).toEqual({
      train: 0.8,
      validation: 0,
      test: 0.2,
      group: "customer",
    });
    expect(dataset("split train 70%, validation 10%, test 20% by time signup").split).toEqual({
      train: 0.7,
      validation: 0.1,
      test: 0.2,
      time: "signup",
    });
    expect(dataset("split kfold 5").split).toEqual({ train: 0.8, validation: 0, test: 0.2, kfold: 5 });
  });

  it("are checked", () => {
    expect(errors('dataset d { source "f.csv" target default split kfold 1 }')).toEqual([
      "error 1:55 kfold takes a whole number of folds from 2 to 50, not 1",
    ]);
    expect(
      errors('dataset d { source "f.csv" target default split train 80%, test 20% by season signup stratify }'),
    ).toEqual(["error 1:72 unknown split kind 'season'; known: group, time"]);
    expect(
      errors('dataset d { source "f.csv" target default split train 80%, test 20% by time signup stratify }'),
    ).toEqual([
      "error 1:84 a time split cannot also be stratified: the test part is the latest rows; remove `stratify`",
    ]);
  });
});

describe("models", () => {
  it("linear regression, optimizer settings and a schedule", () => {
    expect(model("linear_regression", "optimizer sgd momentum 0.9 schedule step 0.5 every 10")).toMatchObject({
      family: "linear_regression",
      optimizer: "sgd",
      optimizerOptions: { momentum: 0.9 },
      schedule: { kind: "step", rate: 0.5, every: 10 },
    });
    expect(model("dense", "layer 4 optimizer adam beta1 0.8 beta2 0.99 schedule cosine")).toMatchObject({
      optimizerOptions: { beta1: 0.8, beta2: 0.99 },
      schedule: { kind: "cosine" },
    });
  });

  it("early stopping on a metric, class and sample weights, backend and output", () => {
    expect(
      model(
        "logistic_regression",
        'early_stopping on pr_auc patience 4 class_weight "bad": 3, "good": 1 sample_weight weight backend wasm output binary',
      ),
    ).toMatchObject({
      patience: 4,
      stopMetric: "average_precision",
      classWeight: { bad: 3, good: 1 },
      sampleWeight: "weight",
      backend: "wasm",
      output: "binary",
    });
    expect(model("logistic_regression", "class_weight balanced").classWeight).toBe("balanced");
  });

  it("are checked", () => {
    expect(
      errors(
        "model m: logistic_regression { optimizer sgd beta1 0.9 schedule exponential schedule step 0.5 early_stopping on happiness patience 2 class_weight even backend tpu output ranking }",
      ),
    ).toEqual([
      "error 1:77 'schedule' is given twice in this block; keep one",
      "error 1:46 sgd has no setting 'beta1'; its settings: momentum",
      "error 1:65 exponential multiplies the learning rate by a factor above 0 and at most 1: write `schedule exponential 0.5`",
      "error 1:113 unknown metric to stop on 'happiness'; known: loss, accuracy, balanced_accuracy, precision, recall, f1, specificity, mcc, roc_auc, average_precision, pr_auc, mae, rmse, r2",
      'error 1:147 class_weight is `balanced` or weights by class, e.g. `class_weight "bad": 3, "good": 1`, not \'even\'',
      "error 1:160 unknown backend 'tpu'; did you mean 'gpu'?",
      "error 1:171 unknown output 'ranking'; known: binary, multiclass, regression",
    ]);
    expect(errors("model m: linear_regression { layer 4 }")).toEqual([
      "error 1:30 a linear_regression has no hidden layers: remove the `layer` lines or make it `dense`",
    ]);
  });
});

describe("needs fit the task", () => {
  it("refuses a classification metric on a regression target and the reverse", () => {
    const src =
      'dataset r { source "f.csv" target price regression }\nneeds n { must roc_auc >= 0.8 must mae <= 3 }\nmodel m: linear_regression\ntrain m on r\nevaluate m against n';
    expect(errors(src)).toEqual([
      "error 2:16 roc_auc does not apply to dataset 'r', whose target is a number (regression): use mae, rmse, mse, mape or r2",
    ]);
    expect(
      errors(`${D}needs q { must rmse <= 1 }\nmodel m: logistic_regression\ntrain m on d\nevaluate m against q`),
    ).toEqual([
      "error 3:16 rmse does not apply to dataset 'd', whose target is two classes (binary): use a classification metric such as recall, roc_auc or f1",
    ]);
  });

  it("checks the model kind against the target", () => {
    expect(
      errors('dataset r { source "f.csv" target price regression }\nmodel m: logistic_regression\ntrain m on r'),
    ).toEqual([
      "error 3:7 'm' is a logistic_regression, a classifier, but 'r' has a numeric (regression) target: make it `linear_regression` or `dense`",
    ]);
    expect(errors(`${D}model m: linear_regression\ntrain m on d`)).toEqual([
      "error 4:7 'm' is a linear_regression, but 'd' has a binary target: make it `logistic_regression` or `dense`",
    ]);
    expect(errors(`${D}model m: dense { layer 2 output regression }\ntrain m on d`)).toEqual([
      "error 4:7 'm' is declared with `output regression`, but 'd' has a binary target",
    ]);
  });
});

describe("checking cell after cell (needlab check, notebooks)", () => {
  it("carries each dataset's target kind and each model's layers to later cells", () => {
    const header = () => ({ columns: COLUMNS });
    expect(
      checkSequence(
        ['dataset r { source "f.csv" target price regression }', "model m: linear_regression\ntrain m on r"],
        header,
      ),
    ).toEqual([[], []]);
    const [, second] = checkSequence(
      ['dataset r { source "f.csv" target price regression }', "model m: logistic_regression\ntrain m on r"],
      header,
    );
    expect(second.map((d) => d.message)).toEqual([
      "'m' is a logistic_regression, a classifier, but 'r' has a numeric (regression) target: make it `linear_regression` or `dense`",
    ]);
    const [, , third] = checkSequence(
      [D, "model b: dense { layer 8 }\ntrain b on d", "tune b on d against n { layer 2 units in [4] }"],
      header,
    );
    expect(third.map((d) => d.message)).toEqual(["model 'b' has 1 hidden layer, so there is no layer 2"]);
  });
});

describe("statements", () => {
  const M = `${D}model a: logistic_regression\nmodel b: dense { layer 8 }\ntrain a, b on d\n`;

  it("compare", () => {
    expect(plan(`${M}compare a, b against n`).at(-1)).toEqual({
      op: "compare",
      models: ["a", "b"],
      dataset: "d",
      needs: "n",
    });
    expect(errors(`${M}compare a against n`)).toEqual([
      "error 6:9 compare sets two or more models side by side: add another model, or use `evaluate a against n`",
    ]);
  });

  it("tune with a grid or a seeded random search", () => {
    expect(
      plan(
        `${M}tune b on d against n search random trials 5 seed 3 { learning_rate in [0.001, 0.01] layer 1 units in [4, 8, 16] dropout in [0, 20%] }`,
      ).at(-1),
    ).toEqual({
      op: "tune",
      tune: {
        model: "b",
        dataset: "d",
        needs: "n",
        search: "random",
        trials: 5,
        seed: 3,
        params: [
          { name: "learning_rate", values: [0.001, 0.01] },
          { name: "units", layer: 1, values: [4, 8, 16] },
          { name: "dropout", values: [0, 0.2] },
        ],
      },
    });
    expect(plan(`${M}tune a on d against n { threshold in [0.3, 0.5] }`).at(-1)).toMatchObject({
      tune: { search: "grid", trials: 10, seed: 42 },
    });
  });

  it("tune mistakes", () => {
    expect(
      errors(
        `${M}tune b on d against n search bayes trials 0 { momentum in [0.9] units in [4] layer 3 units in [4] epochs in [2.5] }`,
      ),
    ).toEqual([
      "error 6:30 unknown search 'bayes'; use grid (every combination) or random (`trials N` of them)",
      "error 6:43 trials is a whole number from 1 to 1000, not 0",
      "error 6:47 cannot tune 'momentum'; tune searches learning_rate, epochs, batch_size, threshold, dropout, l2, units",
      "error 6:65 units belong to one layer: write `layer 1 units in [8, 16]`",
      "error 6:84 model 'b' has 1 hidden layer, so there is no layer 3",
      "error 6:110 epochs values are whole numbers of at least 1, not 2.5",
    ]);
    expect(errors(`${M}tune b on d against n { }`)).toEqual([
      "error 6:6 tune needs at least one setting to search, e.g. `tune b on d against n { learning_rate in [0.001, 0.01, 0.1] }`",
    ]);
  });

  it("mitigate, export and monitor", () => {
    expect(
      plan(`${M}mitigate a by sex using reweigh\nexport a, b to "exports"\nmonitor d with "new.csv"`).slice(-3),
    ).toEqual([
      { op: "mitigate", models: ["a"], by: ["sex"], method: "reweigh" },
      { op: "export", models: ["a", "b"], path: "exports" },
      { op: "monitor", dataset: "d", path: "new.csv", models: [] },
    ]);
    expect(errors(`${M}mitigate a by age using magic\nexport c to "x"\nmonitor d with "missing.csv"`)).toEqual([
      "error 6:25 unknown mitigation 'magic'; known: reweigh, thresholds",
      "error 6:15 'age' is not a sensitive column of dataset 'd': mitigation works on the groups of a sensitive column (add `sensitive age` to the dataset)",
      "error 7:8 unknown model 'c'; declare it with `model NAME: dense { ... }` first",
      "error 8:16 cannot find missing.csv",
    ]);
    expect(errors(`${D}model a: logistic_regression\nexport a to "x"`)).toEqual([
      "error 4:8 model 'a' is not trained yet: add `train a on <dataset>` before exporting it",
    ]);
  });
});
