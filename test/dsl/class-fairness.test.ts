/**
 * Fairness needs of a classifier over several classes in the language:
 * accuracy_difference, macro_recall_difference and recall_difference on one
 * class, between the groups of a sensitive column; what the checker refuses,
 * and completion and inspect.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../dsl";
import { emptyEnv } from "../../dsl/check";
import { complete, inspect } from "../../dsl/assist";

const env = () => emptyEnv(() => ({ columns: ["message", "intent", "channel", "region", "y"] }));
const MULTI = 'dataset d { source "m.csv" target intent multiclass text message sensitive channel }\n';
const BINARY = 'dataset d { source "m.csv" target y drop message, intent sensitive channel }\n';

function lower(needs: string, ds = MULTI) {
  const r = compile(
    `${ds}needs n {\n${needs}\n}\nmodel m: logistic_regression\ntrain m on d\nevaluate m against n`,
    env(),
  );
  const step = r.plan?.steps.find((s) => s.op === "defineNeeds");
  return {
    diagnostics: r.diagnostics.map((d) => `${d.span.line}:${d.span.col} ${d.message}`),
    needs: step?.op === "defineNeeds" ? step.needs.needs : undefined,
  };
}

describe("multiclass fairness needs in the language", () => {
  it("lower accuracy, macro recall and one class's recall between groups", () => {
    const r = lower(
      [
        'must accuracy_difference <= 5% by channel because "no group of customers served worse"',
        "should macro_recall_difference <= 0.1 by channel min_group_size 50",
        'must recall_difference <= 10% on class "card_lost" by channel min_positives 5',
      ].join("\n"),
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.needs!.map((n) => [n.metric, n.threshold, n.by, n.onClass, n.minGroupSize, n.minPositives])).toEqual([
      ["accuracy_difference", 0.05, ["channel"], undefined, 30, undefined],
      ["macro_recall_difference", 0.1, ["channel"], undefined, 50, undefined],
      ["recall_difference", 0.1, ["channel"], "card_lost", 30, 5],
    ]);
  });

  it("refuses each misuse with one clear message", () => {
    expect(lower("must accuracy_difference <= 5%").diagnostics).toEqual([
      "3:6 accuracy_difference compares groups: add `by COLUMN` (a sensitive column of the dataset)",
    ]);
    expect(lower("must accuracy <= 5% by channel").diagnostics).toEqual([
      "3:24 accuracy is measured over everyone; to compare groups use a fairness metric such as accuracy_difference (multiclass) or equal_opportunity_difference (binary)",
    ]);
    expect(lower("must recall_difference <= 5% by channel").diagnostics).toEqual([
      '3:6 recall_difference compares one class\'s recall between groups: name it, as in `recall_difference <= 10% on class "C" by COLUMN` (or use macro_recall_difference for every class)',
    ]);
    expect(lower('must accuracy_difference <= 5% on class "refund" by channel').diagnostics).toEqual([
      "3:41 accuracy_difference counts every class; 'on class' does not apply to it (one class's recall between groups is recall_difference)",
    ]);
    expect(lower("must accuracy_difference <= 5% by region").diagnostics).toEqual([
      "3:35 'accuracy_difference' is measured between groups of 'region', but dataset 'd' does not name it as sensitive: add `sensitive region` to the dataset",
    ]);
    expect(lower("must accuracy_difference <= 150% by channel").diagnostics[0]).toMatch(
      /accuracy_difference lies between 0 and 1, so 150% can never be missed/,
    );
    expect(lower("must acuracy_difference <= 5% by channel").diagnostics[0]).toMatch(
      /unknown metric 'acuracy_difference'; did you mean 'accuracy_difference'/,
    );
    expect(lower("must accuracy_difference <= 5% by channel", BINARY).diagnostics[0]).toMatch(
      /^3:6 accuracy_difference does not apply to dataset 'd', whose target is two classes \(binary\): use /,
    );
    expect(lower("must demographic_parity_difference <= 5% by channel").diagnostics[0]).toMatch(
      /^3:6 demographic_parity_difference does not apply to dataset 'd', whose target is one of several classes \(multiclass\)/,
    );
  });

  it("completes and explains the new metrics", () => {
    const src = "needs n { must accuracy_difference <= 0.05 by channel }";
    expect(inspect(src, src.indexOf("accuracy_difference") + 3)).toMatch(
      /^accuracy_difference: largest minus smallest group accuracy/,
    );
    expect(inspect(src, src.indexOf(" by ") + 2)).toMatch(/accuracy_difference, macro_recall_difference/);
    const scope = { datasets: [], models: [], needs: [], columns: [] };
    const metrics = complete("needs n { must ", 15, scope).matches;
    expect(metrics).toEqual(
      expect.arrayContaining(["accuracy_difference", "macro_recall_difference", "recall_difference"]),
    );
  });
});
