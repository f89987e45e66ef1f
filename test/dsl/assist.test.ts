import { describe, expect, it } from "vitest";
import { complete, inspect } from "../../dsl/assist";

const scope = { datasets: ["applicants"], models: ["baseline", "mlp"], needs: ["lending"], columns: ["sex", "age_group", "default"] };
/** `|` marks the cursor. */
const at = (s: string) => complete(s.replace("|", ""), s.indexOf("|"), scope);

describe("DSL completion", () => {
  it("offers statements, metrics, settings, kinds and activations where the grammar allows them", () => {
    expect(at("|").matches).toEqual(["dataset", "evaluate", "explain", "export", "include", "mitigate", "model", "monitor", "needs", "show", "train", "tune"]);
    expect(at("needs n {\n  must re|").matches).toEqual(["recall"]);
    expect(at("needs n {\n  must |").matches).toContain("demographic_parity_difference");
    expect(at("model m: |").matches).toEqual(["dense", "logistic_regression"]);
    expect(at("dataset d { |").matches).toEqual(["derive", "drop", "pii", "seed", "sensitive", "source", "split", "stratify", "target"]);
    expect(at("model m: dense { layer 8 r|").matches).toEqual(["relu"]);
  });

  it("offers declared names and columns by context", () => {
    expect(at("train |").matches).toEqual(["baseline", "mlp"]);
    expect(at("train mlp on |").matches).toEqual(["applicants"]);
    expect(at("evaluate mlp against |").matches).toEqual(["lending"]);
    expect(at("show |").matches).toEqual(["calibration", "code", "confusion", "groups", "loss", "metrics", "pr", "roc", "scorecard", "thresholds", "verdicts"]);
    expect(at("show roc for m|").matches).toEqual(["mlp"]);
    expect(at('dataset d { source "x.csv" target |').matches).toEqual(["age_group", "default", "sex"]);
    expect(at("needs n { must demographic_parity_difference <= 0.1 by a|").matches).toEqual(["age_group"]);
  });

  it("replaces the whole word at the cursor", () => {
    expect(at("train ml|p on applicants")).toEqual({ matches: ["mlp"], start: 6, end: 9 });
  });
});

describe("DSL inspect", () => {
  it("gives the reference text of the keyword or metric under the cursor", () => {
    const src = "needs n { must roc_auc >= 0.8 by sex }";
    expect(inspect(src, src.indexOf("roc_auc") + 2)).toBe("roc_auc: area under the ROC curve; the chance a random positive scores above a random negative (ties count ½).");
    expect(inspect(src, src.indexOf("by") + 1)).toMatch(/^by COL\[, COL\]: a fairness need/);
    expect(inspect(src, src.indexOf("0.8"))).toBeUndefined();
  });
});
