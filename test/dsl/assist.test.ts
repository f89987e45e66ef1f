import { describe, expect, it } from "vitest";
import { complete, inspect } from "../../dsl/assist";
import { KEYWORDS } from "../../dsl/lexer";
import { KEYWORD_WORDS } from "../../dsl/keywords";
import { NEED_METRICS } from "../../plan/plan";

const scope = {
  datasets: ["applicants"],
  models: ["baseline", "mlp"],
  needs: ["lending"],
  columns: ["sex", "age_group", "default"],
};
/** `|` marks the cursor. */
const at = (s: string) => complete(s.replace("|", ""), s.indexOf("|"), scope);

describe("DSL completion", () => {
  it("offers statements, metrics, settings, kinds and activations where the grammar allows them", () => {
    expect(at("|").matches).toEqual([
      "compare",
      "dataset",
      "evaluate",
      "explain",
      "export",
      "include",
      "mitigate",
      "model",
      "monitor",
      "needs",
      "param",
      "show",
      "train",
      "tune",
    ]);
    expect(at("needs n {\n  must re|").matches).toEqual(["recall", "recall_difference"]);
    expect(at("needs n {\n  must |").matches).toContain("demographic_parity_difference");
    expect(at("model m: |").matches).toEqual([
      "conv1d",
      "dense",
      "embedding",
      "gru",
      "linear_regression",
      "logistic_regression",
      "transformer",
    ]);
    expect(at("dataset d { |").matches).toEqual([
      "decimal",
      "delimiter",
      "derive",
      "drop",
      "encode",
      "encoding",
      "filter",
      "format",
      "keep",
      "missing",
      "missing_values",
      "pii",
      "quiet",
      "scale",
      "seed",
      "sensitive",
      "source",
      "split",
      "stratify",
      "target",
      "text",
      "thousands",
      "types",
    ]);
    expect(at("model m: dense { layer 8 r|").matches).toEqual(["relu"]);
  });

  it("offers declared names and columns by context", () => {
    expect(at("train |").matches).toEqual(["baseline", "mlp"]);
    expect(at("train mlp on |").matches).toEqual(["applicants"]);
    expect(at("evaluate mlp against |").matches).toEqual(["lending"]);
    expect(at("show |").matches).toEqual([
      "calibration",
      "classes",
      "code",
      "confused",
      "confusion",
      "cutoff",
      "groups",
      "loss",
      "metrics",
      "misclassified",
      "ngrams",
      "pr",
      "roc",
      "scorecard",
      "thresholds",
      "verdicts",
    ]);
    expect(at("show roc for m|").matches).toEqual(["mlp"]);
    expect(at('dataset d { source "x.csv" target |').matches).toEqual(["age_group", "default", "sex"]);
    expect(at("needs n { must demographic_parity_difference <= 0.1 by a|").matches).toEqual(["age_group"]);
  });

  it("offers the options of each setting", () => {
    expect(at("dataset d { missing age: |").matches).toEqual(["constant", "drop", "mean", "median", "mode"]);
    expect(at("dataset d { encode age: o|").matches).toEqual(["onehot", "ordinal"]);
    expect(at("dataset d { scale |").matches).toEqual(
      expect.arrayContaining(["minmax", "robust", "standard", "none", "age_group"]),
    );
    expect(at("dataset d { format |").matches).toEqual(["csv", "jsonl", "parquet"]);
    expect(at("dataset d { target default |").matches).toEqual(
      expect.arrayContaining(["multiclass", "regression", "positive"]),
    );
    expect(at("dataset d { split train 80%, test 20% by |").matches).toEqual(["group", "time"]);
    expect(at("dataset d { derive x = l|").matches).toEqual(["log", "log1p"]);
    expect(at("model m: dense { schedule |").matches).toEqual(["cosine", "exponential", "step"]);
    expect(at("model m: dense { optimizer sgd |").matches).toContain("momentum");
    expect(at("model m: dense { backend |").matches).toEqual(["auto", "cpu", "gpu", "native", "wasm"]);
    expect(at("model m: dense { early_stopping on r|").matches).toEqual(["r2", "recall", "rmse", "roc_auc"]); // exactly what the checker accepts
    expect(at("tune mlp on applicants against lending search |").matches).toEqual(["grid", "random"]);
    expect(at("tune mlp on applicants against lending { learning|").matches).toEqual(["learning_rate"]);
    expect(at("mitigate mlp by sex using |").matches).toEqual(["reweigh", "thresholds"]);
  });

  it("offers compare's ab_test and its settings", () => {
    expect(at("compare baseline, mlp against lending |").matches).toContain("ab_test");
    expect(at("compare baseline, mlp against lending ab_test |").matches).toEqual(
      expect.arrayContaining(["power", "significance", "train"]),
    );
    expect(inspect("compare a, b against n ab_test", 25)).toMatch(
      /^ab_test \[power P\] \[significance A\]: after `compare`/,
    );
  });

  it("replaces the whole word at the cursor", () => {
    expect(at("train ml|p on applicants")).toEqual({ matches: ["mlp"], start: 6, end: 9 });
  });
});

describe("DSL inspect", () => {
  it("gives the reference text of the keyword or metric under the cursor", () => {
    const src = "needs n { must roc_auc >= 0.8 by sex }";
    expect(inspect(src, src.indexOf("roc_auc") + 2)).toBe(
      "roc_auc: area under the ROC curve; the chance a random positive scores above a random negative (ties count ½).",
    );
    expect(inspect(src, src.indexOf("by") + 1)).toMatch(/^by COL\[, COL\]: a fairness need/);
    expect(inspect(src, src.indexOf("0.8"))).toBeUndefined();
  });

  it("has reference text for every keyword and every metric", () => {
    const words = [...KEYWORDS.map((t) => String(t.PATTERN).replace(/^\/|\\b\/$/g, "")), ...NEED_METRICS];
    const missing = words.filter((w) => inspect(w, 0) === undefined);
    expect(missing).toEqual([]);
    expect(inspect("tune", 1)).toMatch(/^tune MODEL on DATASET against NEEDS/);
  });

  it("keeps the plain keyword list (used by the kernelspec's highlighting) in step with the lexer", () => {
    expect([...KEYWORD_WORDS].sort()).toEqual(KEYWORDS.map((t) => String(t.PATTERN).replace(/^\/|\\b\/$/g, "")).sort());
  });
});
