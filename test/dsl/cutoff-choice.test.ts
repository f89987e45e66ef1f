import { describe, expect, it } from "vitest";
import { compile } from "../../dsl";
import { emptyEnv } from "../../dsl/check";
import { format } from "../../dsl/format";
import { complete, inspect } from "../../dsl/assist";

const DS =
  'dataset d { source "stroke.csv" target stroke positive "1" sensitive age_band split train 60%, validation 20%, test 20% }\n';
const NEEDS = `needs clinic {
  must recall >= 0.8
  must expected_cost <= 800 costs fn 500, fp 20 for age_band "80+" fn 900 for age_band "<40" fp 10, tn 1
}
`;
const env = () => emptyEnv(() => ({ columns: ["age", "stroke", "age_band"] }));

function compiled(src: string) {
  const r = compile(`${DS}${NEEDS}${src}`, env());
  return {
    diagnostics: r.diagnostics.map((d) => d.message),
    steps: r.plan?.steps ?? [],
  };
}
const modelOf = (src: string) => {
  const step = compiled(src).steps.find((s) => s.op === "defineModel");
  return step?.op === "defineModel" ? step.model : undefined;
};

describe("threshold choose in the language", () => {
  it("lowers the goal, objective, prices and needs block", () => {
    expect(
      modelOf("model m: logistic_regression { threshold choose to minimise expected_cost subject to clinic }"),
    ).toMatchObject({
      threshold: 0.5,
      chooseThreshold: { goal: "minimise", metric: "expected_cost", subjectTo: "clinic" },
    });
    expect(
      modelOf("model m: dense { layer 4 threshold 0.3 threshold choose maximize recall }")?.chooseThreshold,
    ).toEqual({ goal: "maximise", metric: "recall" });
    expect(
      modelOf("model m: logistic_regression { threshold choose minimise expected_cost costs fn 10, fp 1 }")
        ?.chooseThreshold,
    ).toEqual({ goal: "minimise", metric: "expected_cost", costs: { fn: 10, fp: 1 } });
    expect(
      modelOf("model m: logistic_regression { threshold choose minimise selection_rate subject to clinic }")
        ?.chooseThreshold,
    ).toEqual({ goal: "minimise", metric: "selection_rate", subjectTo: "clinic" });
  });

  it("says what is wrong, where", () => {
    const wrong = (setting: string) => compiled(`model m: logistic_regression { ${setting} }`).diagnostics;
    expect(wrong("threshold choose lowest expected_cost costs fn 1, fp 1")).toEqual([
      "'lowest' is not a goal: write `minimise` or `maximise`",
    ]);
    expect(wrong("threshold choose minimise roc_auc")).toEqual([
      "roc_auc does not move with a single cut-off; a cut-off can minimise expected_cost or selection_rate, or maximise accuracy, balanced_accuracy, precision, recall, f1, specificity, mcc",
    ]);
    expect(wrong("threshold choose maximise recal")[0]).toMatch(/^unknown objective 'recal'; did you mean 'recall'/);
    expect(wrong("threshold choose maximise expected_cost subject to clinic")).toEqual([
      "expected_cost is better lower: write `minimise expected_cost`",
    ]);
    expect(wrong("threshold choose minimise recall")).toEqual(["recall is better higher: write `maximise recall`"]);
    expect(wrong("threshold choose minimise expected_cost")).toEqual([
      "expected_cost needs prices: add `costs fn 500, fp 20`, or `subject to NEEDS` whose expected_cost need has them",
    ]);
    expect(wrong("threshold choose minimise expected_cost costs fn 5")).toEqual([
      "expected_cost needs the price of both errors: add `fp N` to its costs",
    ]);
    expect(wrong("threshold choose maximise recall costs fn 5, fp 1")).toEqual([
      "costs apply to expected_cost only; remove them",
    ]);
    expect(wrong("threshold choose maximise recall subject to clinik")[0]).toMatch(
      /^unknown needs block 'clinik'; did you mean 'clinic'/,
    );
    const noPrices = compile(
      `${DS}needs plain { must recall >= 0.8 }\nmodel m: logistic_regression { threshold choose minimise expected_cost subject to plain }`,
      env(),
    ).diagnostics.map((d) => d.message);
    expect(noPrices).toEqual([
      "needs block 'plain' has no expected_cost need to take prices from: add `costs fn 500, fp 20` here",
    ]);
    expect(
      compile(
        `dataset r { source "s.csv" target age regression }\nmodel m: linear_regression { threshold choose maximise recall }`,
        env(),
      ).diagnostics.map((d) => d.message),
    ).toEqual(["a linear_regression predicts a number and has no cut-off to choose"]);
  });

  it("keeps its layout through the formatter", () => {
    const src =
      "model m: logistic_regression {\n  threshold choose to minimise expected_cost costs fn 500, fp 20 subject to clinic\n}\n";
    expect(format(src).text).toBe(src);
  });

  it("is offered by completion and explained by inspect", () => {
    const scope = { datasets: ["d"], models: ["m"], needs: ["clinic"], columns: [] };
    const src = "model m: logistic_regression {\n  threshold ";
    expect(complete(src, src.length, scope).matches).toContain("choose");
    const goal = "model m: logistic_regression { threshold choose ";
    expect(complete(goal, goal.length, scope).matches).toEqual(expect.arrayContaining(["to", "minimise", "maximise"]));
    const objective = "model m: logistic_regression { threshold choose minimise ";
    expect(complete(objective, objective.length, scope).matches).toEqual(
      expect.arrayContaining(["expected_cost", "selection_rate", "recall"]),
    );
    const subject = "model m: logistic_regression { threshold choose minimise expected_cost subject to ";
    expect(complete(subject, subject.length, scope).matches).toEqual(["clinic"]);
    const after = "model m: logistic_regression { threshold choose minimise expected_cost ";
    expect(complete(after, after.length, scope).matches).toEqual(expect.arrayContaining(["costs", "subject"]));
    const group = "needs n { must expected_cost <= 800 costs fn 1, fp 2 ";
    expect(complete(group, group.length, scope).matches).toContain("for");
    const column = "needs n { must expected_cost <= 800 costs fn 1, fp 2 for ";
    expect(complete(column, column.length, { ...scope, columns: ["age_band"] }).matches).toEqual(["age_band"]);
    expect(inspect("threshold choose", 12)).toMatch(/validation rows/);
    expect(inspect("costs", 2)).toMatch(/for COL "GROUP"/);
    expect(inspect("subject to", 3)).toMatch(/must-needs/);
  });
});

describe("costs that differ by group", () => {
  it("lower to a table per group, the cells a group leaves out kept from the default", () => {
    const step = compiled("").steps.find((s) => s.op === "defineNeeds");
    const need = step?.op === "defineNeeds" ? step.needs.needs[1] : undefined;
    expect(need?.costs).toEqual({ fn: 500, fp: 20 });
    expect(need?.costsBy).toEqual({
      column: "age_band",
      groups: { "80+": { fn: 900, fp: 20 }, "<40": { fn: 500, fp: 10, tn: 1 } },
    });
    expect(need?.text).toBe(
      'expected_cost <= 800 costs fn 500, fp 20 for age_band "80+" fn 900, fp 20 for age_band "<40" fn 500, fp 10, tn 1',
    );
  });

  it("say what is wrong, where", () => {
    const diags = (costs: string, ds = DS) =>
      compile(
        `${ds}needs n { must expected_cost <= 800 costs ${costs} }\nmodel m: logistic_regression\ntrain m on d\nevaluate m on d against n`,
        env(),
      ).diagnostics.map((d) => d.message);
    expect(diags('fn 5, fp 1 for age_band "a" fx 2')).toEqual(["unknown cost 'fx'; costs are fn, fp, tp and tn"]);
    expect(diags('fn 5, fp 1 for age_band "a" fn 2 for sex "b" fn 3')).toEqual([
      "costs differ by one column: every `for` names 'age_band' here, not 'sex'",
    ]);
    expect(diags('fn 5, fp 1 for age_band "a" fn 2 for age_band "a" fn 3')).toEqual([
      'costs for group "a" are given twice',
    ]);
    expect(diags('fn 5, fp 1 for age_band "a" fn 2', DS.replace("sensitive age_band ", ""))).toEqual([
      "costs differ by the groups of 'age_band', but dataset 'd' does not name it as sensitive: add `sensitive age_band` to the dataset",
    ]);
  });

  it("keep their layout through the formatter", () => {
    const src = 'needs n {\n  must expected_cost <= 800 costs fn 500, fp 20 for age_band "80+" fn 900, tp 5\n}\n';
    expect(format(src).text).toBe(src);
  });
});
