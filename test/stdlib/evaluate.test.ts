import { describe, expect, it } from "vitest";
import { evaluate } from "../../stdlib/evaluate";
import { meets, verdict } from "../../stdlib/needs";
import type { NeedSetSpec } from "../../dsl/plan";

const needs: NeedSetSpec = {
  name: "n",
  needs: [
    { id: "n.1", level: "must", metric: "recall", comparator: ">=", threshold: 0.6, onClass: "bad", text: 'recall >= 0.6 on class "bad"' },
    { id: "n.2", level: "should", metric: "recall", comparator: ">=", threshold: 0.9, onClass: "good", text: 'recall >= 0.9 on class "good"' },
    { id: "n.3", level: "must", metric: "roc_auc", comparator: ">=", threshold: 0.8, text: "roc_auc >= 0.8" },
  ],
};

describe("needs verdicts", () => {
  it("compares with each comparator", () => {
    expect([meets(0.8, ">=", 0.8), meets(0.8, ">", 0.8), meets(0.8, "<=", 0.8), meets(0.8, "<", 0.8)]).toEqual([true, false, true, false]);
  });

  it("calls an undefined metric undefined, not failed", () => {
    expect(verdict(needs.needs[0], "m", NaN).status).toBe("undefined");
  });

  it("evaluates needs on the named class, mirroring the confusion matrix for the negative class", () => {
    // bad = 1. yTrue 1 1 1 0 0 0 0 0 ; scores → predictions at 0.5: 1 1 0 1 0 0 0 0
    const e = evaluate({ model: "m", dataset: "d", positive: "bad", negative: "good", yTrue: [1, 1, 1, 0, 0, 0, 0, 0], yScore: [0.9, 0.7, 0.4, 0.6, 0.3, 0.2, 0.1, 0.05] }, needs);
    expect(e.confusion).toEqual({ tp: 2, fn: 1, fp: 1, tn: 4 });
    expect(e.byClass.bad.recall).toBeCloseTo(2 / 3, 12); // 2 of 3 bad caught
    expect(e.byClass.good.recall).toBeCloseTo(4 / 5, 12); // 4 of 5 good approved
    expect(e.byClass.good.precision).toBeCloseTo(4 / 5, 12); // 4 of 5 approvals are good
    // AUC: pairs (bad, good): 0.9 and 0.7 beat all 5; 0.4 beats 4 of 5 → 14/15
    expect(e.metrics.roc_auc).toBeCloseTo(14 / 15, 12);
    expect(e.verdicts.map((v) => v.status)).toEqual(["pass", "fail", "pass"]);
  });

  it("applies the model's decision threshold", () => {
    const e = evaluate({ model: "m", dataset: "d", positive: "bad", negative: "good", yTrue: [1, 1, 1, 0, 0, 0, 0, 0], yScore: [0.9, 0.7, 0.4, 0.6, 0.3, 0.2, 0.1, 0.05] }, needs, 0.35);
    expect(e.confusion).toEqual({ tp: 3, fn: 0, fp: 1, tn: 4 });
    expect(e.threshold).toBe(0.35);
  });

  it("refuses a need on a class the target does not have", () => {
    const bad: NeedSetSpec = { name: "n", needs: [{ ...needs.needs[0], onClass: "bda", text: 'recall >= 0.6 on class "bda"' }] };
    expect(() => evaluate({ model: "m", dataset: "d", positive: "bad", negative: "good", yTrue: [1, 0], yScore: [0.9, 0.1] }, bad)).toThrow(
      'need \'recall >= 0.6 on class "bda"\' in \'n\' names class "bda", but the target of \'d\' has classes "good", "bad"; did you mean \'bad\'? Fix the class name in the needs block.',
    );
  });
});
