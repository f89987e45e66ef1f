import { describe, expect, it } from "vitest";
import { parseSource } from "../../dsl/syntax";
import type { DatasetDecl, EvaluateStmt, ModelDecl, NeedsDecl, TrainStmt } from "../../dsl/ast";
import { formatDiagnostics } from "../../dsl/diagnostics";

const ok = (src: string) => {
  const r = parseSource(src);
  expect(r.diagnostics).toEqual([]);
  return r.program.statements;
};
const problems = (src: string) => parseSource(src).diagnostics.map((d) => `${d.span.line}:${d.span.col} ${d.message}`);

describe("needs blocks", () => {
  it("parses levels, comparators, percentages, classes and reasons", () => {
    const [needs] = ok(`needs lending {
      must recall >= 80% on class "bad" because "defaults are costly"
      should precision > 0.5
      roc_auc >= 0.75
      f1 < 1
    }`) as NeedsDecl[];
    expect(needs.name.text).toBe("lending");
    expect(
      needs.items.map((i) => [
        i.level,
        i.metric.text,
        i.comparator,
        i.threshold.value,
        i.onClass?.value,
        i.because?.value,
      ]),
    ).toEqual([
      ["must", "recall", ">=", 0.8, "bad", "defaults are costly"],
      ["should", "precision", ">", 0.5, undefined, undefined],
      ["must", "roc_auc", ">=", 0.75, undefined, undefined],
      ["must", "f1", "<", 1, undefined, undefined],
    ]);
    expect(needs.items[0].threshold.raw).toBe("80%");
  });

  it("keeps positions of every need (1-based line and column)", () => {
    const [needs] = ok("needs n {\n  must accuracy >= 0.9\n}") as NeedsDecl[];
    expect(needs.items[0].metric.span).toMatchObject({ line: 2, col: 8, length: 8 });
  });

  it("ignores # and // comments", () => {
    expect(ok("# a comment\nneeds n { // another\n must f1 >= 0.5 # trailing\n}")).toHaveLength(1);
  });

  it("decodes escapes in strings", () => {
    const [needs] = ok('needs n { must recall >= 0.5 on class "say \\"bad\\"" }') as NeedsDecl[];
    expect(needs.items[0].onClass?.value).toBe('say "bad"');
  });
});

describe("dataset blocks", () => {
  it("parses every setting", () => {
    const [ds] = ok(`dataset applicants {
      source "data/credit.csv"
      target default positive "bad"
      drop applicant_id, sex
      split train 70%, validation 10%, test 20%
      stratify
      seed 7
    }`) as DatasetDecl[];
    expect(ds.source?.value.value).toBe("data/credit.csv");
    expect(ds.target?.value.column.text).toBe("default");
    expect(ds.target?.value.positive?.value).toBe("bad");
    expect(ds.drop.map((d) => d.text)).toEqual(["applicant_id", "sex"]);
    expect(ds.split?.value.parts.map((p) => [p.part, p.fraction.value])).toEqual([
      ["train", 0.7],
      ["validation", 0.1],
      ["test", 0.2],
    ]);
    expect(ds.stratify?.value).toBe(true);
    expect(ds.seed?.value.value).toBe(7);
    expect(ds.repeated).toEqual([]);
  });

  it("records a setting given twice", () => {
    const [ds] = ok('dataset d { source "a.csv" source "b.csv" }') as DatasetDecl[];
    expect(ds.source?.value.value).toBe("a.csv");
    expect(ds.repeated.map((r) => [r.text, r.span.col])).toEqual([["source", 28]]);
  });
});

describe("model blocks and statements", () => {
  it("parses layers and training settings", () => {
    const [m] = ok(`model mlp: dense {
      layer 32 relu dropout 20%
      layer 8
      optimizer sgd
      learning_rate 0.05
      epochs 10
      batch_size 16
      threshold 0.3
      seed 3
    }`) as ModelDecl[];
    expect(m.family.text).toBe("dense");
    expect(m.layers.map((l) => [l.units.value, l.activation?.text, l.dropout?.value])).toEqual([
      [32, "relu", 0.2],
      [8, undefined, undefined],
    ]);
    expect([
      m.optimizer?.value.text,
      m.learningRate?.value.value,
      m.epochs?.value.value,
      m.batchSize?.value.value,
      m.threshold?.value.value,
      m.seed?.value.value,
    ]).toEqual(["sgd", 0.05, 10, 16, 0.3, 3]);
  });

  it("allows a model without a block", () => {
    const [m] = ok("model lr: logistic_regression") as ModelDecl[];
    expect(m.family.text).toBe("logistic_regression");
    expect(m.layers).toEqual([]);
  });

  it("parses train and evaluate, with and without `on`", () => {
    const [t, e1, e2] = ok("train a, b on data\nevaluate a, b against needs1\nevaluate a on data against needs1") as [
      TrainStmt,
      EvaluateStmt,
      EvaluateStmt,
    ];
    expect([t.models.map((m) => m.text), t.dataset.text]).toEqual([["a", "b"], "data"]);
    expect([e1.models.map((m) => m.text), e1.dataset, e1.needs.text]).toEqual([["a", "b"], undefined, "needs1"]);
    expect(e2.dataset?.text).toBe("data");
  });

  it("lets a keyword prefix start a name (trainset is a name, not `train set`)", () => {
    const [t] = ok("train trainset on testdata") as TrainStmt[];
    expect(t.models[0].text).toBe("trainset");
    expect(t.dataset.text).toBe("testdata");
  });
});

describe("malformed input", () => {
  it("reports a missing number with its position", () => {
    expect(problems("needs x {\n must recall >= \n}")).toEqual(["3:1 expected a number, found '}'"]);
  });

  it("reports an unclosed block at the end of the cell", () => {
    expect(problems("needs x { must recall >= 0.5")).toEqual([
      "1:29 expected a need such as `must recall >= 0.8 on class \"bad\"` or '}', found the end of the cell (a block is not closed)",
    ]);
  });

  it("reports an unclosed string once, not again as a parse error", () => {
    expect(problems('dataset d { source "abc }')).toEqual([
      "1:20 this string is not closed: add a closing '\"' on the same line",
    ]);
  });

  it("reports an unknown statement keyword", () => {
    expect(problems("trian m on d")).toEqual([
      "1:1 unexpected 'trian': expected a statement (needs, dataset, model, train, evaluate, compare, show, explain, tune, mitigate, export, monitor or include)",
    ]);
  });

  it("reports an unknown dataset setting in context", () => {
    expect(problems('dataset d {\n  sauce "a.csv"\n}')).toEqual([
      "2:3 expected a dataset setting (source, format, delimiter, encoding, types, target, drop, keep, filter, missing, encode, scale, derive, sensitive, pii, text, split, stratify, seed) or '}', found 'sauce'",
    ]);
  });

  it("says what an expression, a per-column choice and a tune setting look like", () => {
    expect(problems("dataset d { derive x = }")).toEqual([
      "1:24 expected a number, a column or a function call, found '}'",
    ]);
    expect(problems("dataset d { missing age median }")).toEqual(["1:25 expected ':', found 'median'"]);
    expect(problems("tune m on d against n { learning_rate [0.1] }")).toEqual(["1:39 expected 'in', found '['"]);
  });

  it("reports several errors in one cell and recovers between them", () => {
    const found = problems("needs x { must recall >= }\nmodel m dense {}\ntrain a on b");
    expect(found.length).toBeGreaterThanOrEqual(2);
    expect(found[0]).toBe("1:26 expected a number, found '}'");
    expect(found[1]).toBe("2:9 expected ':', found 'dense'");
  });

  it("formats diagnostics with the source line and a caret", () => {
    const src = "needs x {\n  must recall >= \n}";
    expect(formatDiagnostics(parseSource(src).diagnostics, src)).toBe(
      "cell:3:1: error: expected a number, found '}'\n  }\n  ^",
    );
  });

  it("rejects stray characters", () => {
    expect(problems("needs x { must recall >= 0.5 $ }")[0]).toBe("1:30 unexpected character '$'");
  });
});

describe("column names", () => {
  it("accept keywords and quoted names with spaces", () => {
    const [ds] = ok(
      'dataset d { source "f.csv" target class positive "bad" drop "Loan ID", seed, split_note }',
    ) as DatasetDecl[];
    expect(ds.target?.value.column.text).toBe("class");
    expect(ds.drop.map((d) => d.text)).toEqual(["Loan ID", "seed", "split_note"]);
    expect(ds.drop[0].span).toMatchObject({ line: 1, col: 61 }); // the opening quote
  });
});
