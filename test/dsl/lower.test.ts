import { describe, expect, it } from "vitest";
import { compile, isDslCell, stripMagic } from "../../dsl";
import { emptyEnv } from "../../dsl/check";
import { datasetSpec, DEFAULTS, modelSpec } from "../../plan/plan";

const env = emptyEnv(() => ({ columns: ["id", "x", "y"] }));

describe("lowering to a plan", () => {
  it("fills every default", () => {
    const plan = compile('dataset d { source "f.csv" target y }\nmodel m: logistic_regression', env).plan!;
    expect(plan.steps).toEqual([
      {
        op: "defineDataset",
        dataset: {
          name: "d",
          source: "f.csv",
          format: "csv",
          encoding: "utf-8",
          types: {},
          target: "y",
          task: "binary",
          positive: undefined,
          drop: [],
          keep: [],
          filters: [],
          missing: {},
          encode: {},
          scale: { default: "standard", columns: {} },
          sensitive: [],
          pii: [],
          derived: [],
          split: { train: 0.8, validation: 0, test: 0.2 },
          stratify: false,
          seed: 42,
        },
      },
      {
        op: "defineModel",
        model: {
          name: "m",
          family: "logistic_regression",
          layers: [],
          optimizer: "adam",
          optimizerOptions: {},
          learningRate: DEFAULTS.learningRate,
          epochs: 20,
          batchSize: 32,
          threshold: 0.5,
          stopMetric: "loss",
          backend: "auto",
          seed: 42,
          // Solved exactly, with scikit-learn's LogisticRegression defaults (C = 1).
          solver: "exact",
          l2: DEFAULTS.logisticL2,
          maxIter: DEFAULTS.maxIter,
          tol: DEFAULTS.tol,
        },
      },
    ]);
  });

  it("turns percentages into fractions and keeps what was written", () => {
    const plan = compile(
      'dataset d { source "f.csv" target y positive "1" drop id split train 75%, test 25% stratify seed 9 }\nmodel m: dense { layer 8 tanh dropout 25% layer 4 optimizer sgd learning_rate 0.1 epochs 5 batch_size 10 threshold 30% seed 3 }',
      env,
    ).plan!;
    expect(plan.steps[0]).toEqual({
      op: "defineDataset",
      dataset: datasetSpec({
        name: "d",
        source: "f.csv",
        target: "y",
        positive: "1",
        drop: ["id"],
        split: { train: 0.75, validation: 0, test: 0.25 },
        stratify: true,
        seed: 9,
      }),
    });
    expect(plan.steps[1]).toEqual({
      op: "defineModel",
      model: modelSpec({
        name: "m",
        family: "dense",
        layers: [
          { units: 8, activation: "tanh", dropout: 0.25, l2: 0, batchNorm: false },
          { units: 4, activation: "relu", dropout: 0, l2: 0, batchNorm: false },
        ],
        optimizer: "sgd",
        learningRate: 0.1,
        epochs: 5,
        batchSize: 10,
        threshold: 0.3,
        seed: 3,
      }),
    });
  });

  it("lowers needs with ids and readable text", () => {
    const plan = compile(
      'needs lending { must recall >= 80% on class "bad" because "cost" should roc_auc > 0.7 }',
      env,
    ).plan!;
    expect(plan.steps).toEqual([
      {
        op: "defineNeeds",
        needs: {
          name: "lending",
          needs: [
            {
              id: "lending.1",
              level: "must",
              metric: "recall",
              comparator: ">=",
              threshold: 0.8,
              onClass: "bad",
              because: "cost",
              text: 'recall >= 0.8 on class "bad"',
            },
            {
              id: "lending.2",
              level: "should",
              metric: "roc_auc",
              comparator: ">",
              threshold: 0.7,
              onClass: undefined,
              because: undefined,
              text: "roc_auc > 0.7",
            },
          ],
        },
      },
    ]);
  });

  it("resolves the dataset of an evaluation from the train statement", () => {
    const plan = compile(
      'dataset d { source "f.csv" target y }\nneeds n { must f1 >= 0.1 }\nmodel a: logistic_regression\ntrain a on d\nevaluate a against n',
      env,
    ).plan!;
    expect(plan.steps.at(-1)).toEqual({ op: "evaluate", models: ["a"], dataset: "d", needs: "n" });
  });

  it("gives no plan when there is an error", () => {
    expect(compile("model m: dens", env).plan).toBeUndefined();
  });
});

describe("cell magic", () => {
  it("recognises DSL cells and keeps line numbers when stripping the magic", () => {
    expect(isDslCell("  %%needs\nneeds x {}")).toBe(true);
    expect(isDslCell("const x = 1")).toBe(false);
    const src = stripMagic("%%needs\nneeds x { must recal >= 0.5 }");
    const r = compile(src, env);
    expect(r.diagnostics[0].span.line).toBe(2);
  });
});
