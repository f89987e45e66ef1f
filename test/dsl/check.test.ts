import { describe, expect, it } from "vitest";
import { compile } from "../../dsl";
import { CheckEnv, emptyEnv } from "../../dsl/check";

const header =
  (columns: string[]): CheckEnv["readHeader"] =>
  (source) =>
    source === "missing.csv" ? { problem: "cannot find missing.csv" } : { columns };
const env = (over: Partial<CheckEnv> = {}): CheckEnv => ({
  ...emptyEnv(header(["id", "age", "sex", "income", "default"])),
  ...over,
});
const errors = (src: string, e = env()) =>
  compile(src, e).diagnostics.map((d) => `${d.severity} ${d.span.line}:${d.span.col} ${d.message}`);

const DATASET = 'dataset d { source "credit.csv" target default positive "bad" }\n';

describe("checks before anything runs", () => {
  it("accepts a complete study and produces a plan", () => {
    const r = compile(
      `${DATASET}needs n { must recall >= 0.7 on class "bad" }\nmodel m: dense { layer 4 }\ntrain m on d\nevaluate m against n`,
      env(),
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.plan?.steps.map((s) => s.op)).toEqual([
      "defineDataset",
      "defineNeeds",
      "defineModel",
      "train",
      "evaluate",
    ]);
  });

  it("suggests the metric meant", () => {
    expect(errors("needs n { must recal >= 0.5 }")).toEqual([
      "error 1:16 unknown metric 'recal'; did you mean 'recall'?",
    ]);
  });

  it("lists known metrics when nothing is close", () => {
    expect(errors("needs n { must happiness >= 0.5 }")).toEqual([
      "error 1:16 unknown metric 'happiness'; known metrics: accuracy, balanced_accuracy, " +
        "precision, recall, f1, specificity, mcc, roc_auc, average_precision, log_loss, brier, selection_rate, " +
        "top_k_accuracy, share, pr_auc, mae, mse, rmse, r2, mape, demographic_parity_difference, demographic_parity_ratio, " +
        "equalized_odds_difference, equalized_odds_ratio, equal_opportunity_difference, " +
        "disparate_impact, statistical_parity_difference, average_odds_difference, " +
        "accuracy_difference, macro_recall_difference, recall_difference, p95_latency, " +
        "model_size, training_time, expected_cost, net_benefit",
    ]);
  });

  it("refuses thresholds outside a metric's range", () => {
    expect(errors("needs n { must recall >= 80 }")).toEqual([
      "error 1:26 recall lies between 0 and 1, so 80 can never be reached; write it as a fraction (0.8) or a percentage (80%)",
    ]);
  });

  it("warns that accuracy has no class", () => {
    expect(errors('needs n { must accuracy >= 0.8 on class "bad" }')).toEqual([
      "warning 1:41 accuracy counts every class, so 'on class \"bad\"' changes nothing; remove it",
    ]);
  });

  it("checks columns against the CSV header, with suggestions", () => {
    expect(errors('dataset d { source "credit.csv" target defualt drop ag }')).toEqual([
      "error 1:40 column 'defualt' is not in credit.csv; did you mean 'default'?",
      "error 1:53 column 'ag' is not in credit.csv; did you mean 'age'?",
    ]);
  });

  it("reports an unreadable source at the path", () => {
    expect(errors('dataset d { source "missing.csv" target default }')).toEqual(["error 1:20 cannot find missing.csv"]);
  });

  it("requires source and target", () => {
    expect(errors("dataset d { seed 1 }")).toEqual([
      "error 1:9 dataset 'd' has no source: add `source \"path/to/file.csv\"`",
      "error 1:9 dataset 'd' has no target: add `target COLUMN positive \"CLASS\"`",
    ]);
  });

  it("refuses to drop the target", () => {
    expect(errors('dataset d { source "credit.csv" target default drop default }')).toEqual([
      "error 1:53 'default' is the target, so it cannot be dropped",
    ]);
  });

  it("checks that split fractions add up to 100%", () => {
    expect(errors(`dataset d { source "credit.csv" target default split train 70%, test 20% }`)).toEqual([
      "error 1:48 the split fractions add up to 90%, not 100%",
    ]);
  });

  it("requires a test part and fractions between 0 and 1", () => {
    expect(errors(`dataset d { source "credit.csv" target default split train 100% }`)).toEqual([
      "error 1:60 a split fraction lies strictly between 0 and 1 (or 0% and 100%), not 100%",
      "error 1:48 the split has no test part: add `test 20%`; needs are checked on the test part",
    ]);
  });

  it("reports a setting given twice", () => {
    expect(errors('dataset d { source "credit.csv" source "credit.csv" target default }')).toEqual([
      "error 1:33 'source' is given twice in this block; keep one",
    ]);
  });

  it("reports duplicate names in one cell", () => {
    expect(errors(`${DATASET}model d: logistic_regression`)).toEqual([
      "error 2:7 'd' is already declared in this cell at line 1; give it another name",
    ]);
  });

  it("checks model kinds, layers, activations, optimizers and numbers", () => {
    expect(
      errors(
        "model a: dens\nmodel b: dense\nmodel c: logistic_regression { layer 4 }\nmodel e: dense { layer 2.5 rleu dropout 1 optimizer adamw epochs 0 batch_size 1.5 learning_rate 0 threshold 1 }",
      ),
    ).toEqual([
      "error 1:10 unknown model kind 'dens'; did you mean 'dense'?",
      "error 2:7 dense model 'b' has no layers: add at least one, e.g. `layer 16 relu`",
      "error 3:32 a logistic_regression has no hidden layers: remove the `layer` lines or make it `dense`",
      "error 4:24 a layer needs a whole number of units (1 or more), not 2.5",
      "error 4:28 unknown activation 'rleu'; did you mean 'relu'?",
      "error 4:41 dropout is a rate from 0 up to (not including) 1, not 1",
      "error 4:53 unknown optimizer 'adamw'; did you mean 'adam'?",
      "error 4:97 learning_rate must be above 0 and at most 10, not 0",
      "error 4:66 epochs must be a whole number of at least 1, not 0",
      "error 4:79 batch_size must be a whole number of at least 1, not 1.5",
      "error 4:109 threshold is a probability strictly between 0 and 1 (or 0% and 100%), not 1",
    ]);
  });

  it("reports unknown names in statements, with suggestions", () => {
    expect(errors(`${DATASET}model logreg: logistic_regression\ntrain logreg, mlp on dd`)).toEqual([
      "error 3:22 unknown dataset 'dd'; did you mean 'd'?".replace(
        "; did you mean 'd'?",
        "; declare it with `dataset NAME { ... }` first",
      ),
      "error 3:15 unknown model 'mlp'; declare it with `model NAME: dense { ... }` first",
    ]);
    expect(errors(`${DATASET}model logreg: logistic_regression\ntrain logrg on d`)).toEqual([
      "error 3:7 unknown model 'logrg'; did you mean 'logreg'?",
    ]);
  });

  it("says when a name is of the wrong kind", () => {
    expect(errors(`${DATASET}needs n { must f1 >= 0.5 }\ntrain n on d`)).toEqual([
      "error 3:7 unknown model 'n' ('n' is not a model); declare it with `model NAME: dense { ... }` first",
    ]);
  });

  it("refuses to evaluate an untrained model", () => {
    expect(errors(`${DATASET}needs n { must f1 >= 0.5 }\nmodel m: logistic_regression\nevaluate m against n`)).toEqual([
      "error 4:10 model 'm' is not trained yet: add `train m on <dataset>` before evaluating it",
    ]);
  });

  it("uses names declared in earlier cells", () => {
    const earlier = env({
      datasets: new Set(["d"]),
      models: new Set(["m"]),
      needs: new Set(["n"]),
      trained: new Map([["m", "d"]]),
    });
    const r = compile("evaluate m against n", earlier);
    expect(r.diagnostics).toEqual([]);
    expect(r.plan?.steps).toEqual([{ op: "evaluate", models: ["m"], dataset: "d", needs: "n" }]);
  });

  it("reports every problem of a cell at once", () => {
    expect(errors("needs n { must recal >= 0.5 must f1 >= 2 }\nmodel m: dens")).toHaveLength(3);
  });
});

describe("fairness needs and sensitive columns", () => {
  const FAIR_DS = 'dataset d { source "credit.csv" target default positive "bad" sensitive sex, age }\n';

  it("parse, check and lower min_positives, only where it is written", () => {
    const r = compile(
      `${FAIR_DS}needs f {\n  must equal_opportunity_difference <= 0.1 by age min_group_size 40 min_positives 5\n  must equal_opportunity_difference <= 0.2 by sex\n}\nmodel m: logistic_regression\ntrain m on d\nevaluate m against f`,
      env(),
    );
    expect(r.diagnostics).toEqual([]);
    const needs = r.plan!.steps.find((s) => s.op === "defineNeeds")!;
    const lowered = needs.op === "defineNeeds" ? needs.needs.needs : [];
    expect(lowered.map((n) => [n.minGroupSize, n.minPositives])).toEqual([
      [40, 5],
      [30, undefined],
    ]);
    const bad = compile(
      `${FAIR_DS}needs f { must equal_opportunity_difference <= 0.1 by age min_positives 2.5 }`,
      env(),
    );
    expect(bad.diagnostics.map((d) => d.message)).toEqual([
      "min_positives must be a whole number of at least 1, not 2.5",
    ]);
  });

  it("parse, check and lower with by, privileged and min_group_size", () => {
    const r = compile(
      `${FAIR_DS}needs f {\n  must demographic_parity_difference <= 10% by sex min_group_size 50\n  should disparate_impact <= 1.25 by sex, age privileged "male"\n  must pr_auc >= 0.5\n}\nmodel m: logistic_regression\ntrain m on d\nevaluate m against f`,
      env(),
    );
    expect(r.diagnostics).toEqual([]);
    const needs = r.plan!.steps.find((s) => s.op === "defineNeeds")!;
    expect(needs.op === "defineNeeds" && needs.needs.needs).toEqual([
      {
        id: "f.1",
        level: "must",
        metric: "demographic_parity_difference",
        comparator: "<=",
        threshold: 0.1,
        onClass: undefined,
        by: ["sex"],
        privileged: undefined,
        minGroupSize: 50,
        because: undefined,
        text: "demographic_parity_difference <= 0.1 by sex",
      },
      {
        id: "f.2",
        level: "should",
        metric: "disparate_impact",
        comparator: "<=",
        threshold: 1.25,
        onClass: undefined,
        by: ["sex", "age"],
        privileged: "male",
        minGroupSize: 30,
        because: undefined,
        text: 'disparate_impact <= 1.25 by sex, age privileged "male"',
      },
      {
        id: "f.3",
        level: "must",
        metric: "average_precision",
        comparator: ">=",
        threshold: 0.5,
        onClass: undefined,
        because: undefined,
        text: "average_precision >= 0.5",
      },
    ]);
    const ds = r.plan!.steps.find((s) => s.op === "defineDataset")!;
    expect(ds.op === "defineDataset" && ds.dataset.sensitive).toEqual(["sex", "age"]);
  });

  it("requires `by` for a disparity and refuses it for an overall metric", () => {
    expect(errors("needs f { must equalized_odds_difference <= 0.1 }")).toEqual([
      "error 1:16 equalized_odds_difference compares groups: add `by COLUMN` (a sensitive column of the dataset)",
    ]);
    expect(errors("needs f { must recall >= 0.5 by sex }")).toEqual([
      "error 1:33 recall is measured over everyone; to compare groups use a fairness metric such as recall_difference (multiclass) or equal_opportunity_difference (binary)",
    ]);
  });

  it("requires a privileged group for AIF360's measures, and says when one is pointless", () => {
    expect(errors("needs f { must disparate_impact >= 0.8 by sex }")).toEqual([
      'error 1:16 disparate_impact compares the other groups with a privileged one: add `privileged "VALUE"` after `by`',
    ]);
    expect(errors('needs f { must demographic_parity_ratio >= 0.8 by sex privileged "m" }')).toEqual([
      "warning 1:66 demographic_parity_ratio compares all groups with each other, so 'privileged' changes nothing; it matters for disparate_impact, statistical_parity_difference, average_odds_difference",
    ]);
  });

  it("checks thresholds against each metric's range", () => {
    expect(errors("needs f { must mcc >= -2 }")).toEqual([
      "error 1:23 mcc lies between -1 and 1, so -2 can never be reached",
    ]);
    expect(errors('needs f { must statistical_parity_difference >= -0.1 by sex privileged "m" }')).toEqual([]);
    expect(errors('needs f { must disparate_impact >= 3 by sex privileged "m" }')).toEqual([]);
    expect(errors('needs f { must statistical_parity_difference <= 1.5 by sex privileged "m" }')).toEqual([
      "error 1:49 statistical_parity_difference lies between -1 and 1, so 1.5 can never be missed",
    ]);
    expect(errors("needs f { must log_loss <= 0.5 }")).toEqual([]);
  });

  it("refuses a fairness need on a column the dataset does not declare sensitive", () => {
    expect(
      errors(
        'dataset d { source "credit.csv" target default positive "bad" sensitive age }\nneeds f { must demographic_parity_difference <= 0.1 by sex }\nmodel m: logistic_regression\ntrain m on d\nevaluate m against f',
      ),
    ).toEqual([
      "error 2:56 'demographic_parity_difference' is measured between groups of 'sex', but dataset 'd' does not name it as sensitive: add `sensitive sex` to the dataset",
    ]);
  });

  it("checks sensitive columns against the header and the target", () => {
    expect(errors('dataset d { source "credit.csv" target default sensitive sexx, default }')).toEqual([
      "error 1:58 column 'sexx' is not in credit.csv; did you mean 'sex'?",
      "error 1:64 'default' is the target, so it cannot also be a sensitive attribute",
    ]);
  });
});

describe("show", () => {
  it("lowers views and models, every view name checked", () => {
    const r = compile(
      "model m: logistic_regression\nshow roc, pr, calibration, confusion, thresholds, loss, groups, scorecard, verdicts, metrics for m",
      env(),
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.plan!.steps.at(-1)).toEqual({
      op: "show",
      views: [
        "roc",
        "pr",
        "calibration",
        "confusion",
        "thresholds",
        "loss",
        "groups",
        "scorecard",
        "verdicts",
        "metrics",
      ],
      models: ["m"],
    });
    expect(compile("show roc", env()).plan!.steps).toEqual([{ op: "show", views: ["roc"], models: [] }]);
  });

  it("suggests the view meant and checks model names", () => {
    expect(errors("model m: logistic_regression\nshow calibraton for mm")).toEqual([
      "error 2:6 unknown view 'calibraton'; did you mean 'calibration'?",
      "error 2:21 unknown model 'mm'; declare it with `model NAME: dense { ... }` first",
    ]);
  });
});

describe("operational needs and units", () => {
  it("reads durations as milliseconds and sizes as bytes, keeping the text as written", () => {
    const r = compile(
      "needs ops {\n  must p95_latency <= 5 ms\n  must model_size <= 1.5 MB\n  should training_time < 2 min\n}",
      env(),
    );
    expect(r.diagnostics).toEqual([]);
    const step = r.plan!.steps[0];
    expect(step.op === "defineNeeds" && step.needs.needs.map((n) => [n.metric, n.threshold, n.unit, n.text])).toEqual([
      ["p95_latency", 5, "duration", "p95_latency <= 5 ms"],
      ["model_size", 1.5 * 1024 * 1024, "size", "model_size <= 1.5 MB"],
      ["training_time", 120_000, "duration", "training_time < 2 min"],
    ]);
  });

  it("asks for the right kind of unit, and refuses units where none belong", () => {
    expect(errors("needs ops { must p95_latency <= 5 }")).toEqual([
      "error 1:33 p95_latency is a duration: write it with a unit such as `5 ms` or `30 s`",
    ]);
    expect(errors("needs ops { must model_size <= 5 ms }")).toEqual([
      "error 1:32 model_size is a size: write it with a unit such as `500 KB` or `2 MB`",
    ]);
    expect(errors("needs ops { must recall >= 5 ms }")).toEqual(["error 1:28 recall has no unit: remove 'ms'"]);
    expect(errors("model m: logistic_regression { optimizer sgd epochs 30 s }")).toEqual([
      "error 1:53 epochs must be a whole number of at least 1, not 30 s",
    ]);
  });

  it("does not read a unit across a line break (`30` then `seed`)", () => {
    expect(errors("model m: logistic_regression {\n  optimizer sgd\n  epochs 30\n  seed 1\n}")).toEqual([]);
  });
});

describe("personal data", () => {
  it("lowers pii columns and refuses them as target or sensitive attribute", () => {
    const r = compile('dataset d { source "credit.csv" target default pii id }', env());
    expect(r.diagnostics).toEqual([]);
    const step = r.plan!.steps[0];
    expect(step.op === "defineDataset" && step.dataset.pii).toEqual(["id"]);
    expect(errors('dataset d { source "credit.csv" target default sensitive sex pii sex, default, idd }')).toEqual([
      "error 1:80 column 'idd' is not in credit.csv; did you mean 'id'?",
      "error 1:66 'sex' is personal data (pii), so it cannot also be a sensitive attribute: PII is never used, and fairness checks use it",
      "error 1:71 'default' is the target, so it cannot be personal data that is never used",
    ]);
  });
});

describe("declared names become TypeScript variables", () => {
  it("refuses reserved words and the study's own name", () => {
    expect(errors("model default: logistic_regression\nneeds lab { must f1 >= 0.5 }")).toEqual([
      "error 1:7 'default' is a reserved word in TypeScript cells, where every declared name becomes a variable: choose another name",
      "error 2:7 'lab' is the name of the study object in TypeScript cells, where every declared name becomes a variable: choose another name",
    ]);
  });
});

describe("explain, and statements checked before they are available", () => {
  it("explain needs a trained model", () => {
    expect(errors("model m: logistic_regression\nexplain m")).toEqual([
      "error 2:9 model 'm' is not trained yet: add `train m on <dataset>` before explaining it",
    ]);
    const r = compile(`${DATASET}model m: logistic_regression\ntrain m on d\nexplain m`, env());
    expect(r.plan!.steps.at(-1)).toEqual({ op: "explain", models: ["m"] });
  });

  it("tune, mitigate, export and monitor check their names", () => {
    expect(errors("tune q on d2 against n2 { learning_rate in [0.1] }")).toEqual([
      "error 1:22 unknown needs block 'n2'; declare it with `needs NAME { ... }` first",
      "error 1:11 unknown dataset 'd2'; declare it with `dataset NAME { ... }` first",
      "error 1:6 unknown model 'q'; declare it with `model NAME: dense { ... }` first",
    ]);
  });
});

describe("regularisation and early stopping settings", () => {
  it("lower l2, batch_norm and early_stopping", () => {
    const r = compile(
      "model m: dense {\n  layer 16 relu dropout 20% l2 0.001 batch_norm\n  early_stopping patience 3\n}",
      env(),
    );
    expect(r.diagnostics).toEqual([]);
    const step = r.plan!.steps[0];
    expect(step.op === "defineModel" && [step.model.layers, step.model.patience]).toEqual([
      [{ units: 16, activation: "relu", dropout: 0.2, l2: 0.001, batchNorm: true }],
      3,
    ]);
  });

  it("checks their values", () => {
    expect(errors("model m: dense { layer 4 l2 20 early_stopping patience 0 }")).toEqual([
      "error 1:29 l2 is a penalty from 0 to 10 (typically 0.0001 to 0.01), not 20",
      "error 1:56 patience must be a whole number of epochs, at least 1, not 0",
    ]);
  });
});

describe("derive", () => {
  it("lowers a bucket and lets later settings use the new column", () => {
    const r = compile(
      'dataset d { source "credit.csv" target default derive band = bucket(age, [25, 40, 60]) sensitive band }',
      env(),
    );
    expect(r.diagnostics).toEqual([]);
    const step = r.plan!.steps[0];
    expect(step.op === "defineDataset" && [step.dataset.derived, step.dataset.sensitive]).toEqual([
      [{ name: "band", expr: { fn: "bucket", args: [{ col: "age" }], list: [25, 40, 60] } }],
      ["band"],
    ]);
  });

  it("checks the function, the column and the name", () => {
    expect(errors('dataset d { source "credit.csv" target default derive age = bukket(agee, [40, 25]) }')).toEqual([
      "error 1:61 unknown function 'bukket'; did you mean 'bucket'?",
      "error 1:68 column 'agee' is not in credit.csv; did you mean 'age'?",
      "error 1:55 'age' is already a column: give the derived column another name",
    ]);
  });
});
