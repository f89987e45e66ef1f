import { describe, expect, it } from "vitest";
import { decide, evaluate } from "../../stdlib/evaluate";
import { meets } from "../../stdlib/needs";
import type { NeedSetSpec } from "../../plan/plan";

const needs: NeedSetSpec = {
  name: "n",
  needs: [
    {
      id: "n.1",
      level: "must",
      metric: "recall",
      comparator: ">=",
      threshold: 0.6,
      onClass: "bad",
      text: 'recall >= 0.6 on class "bad"',
    },
    {
      id: "n.2",
      level: "should",
      metric: "recall",
      comparator: ">=",
      threshold: 0.9,
      onClass: "good",
      text: 'recall >= 0.9 on class "good"',
    },
    { id: "n.3", level: "must", metric: "roc_auc", comparator: ">=", threshold: 0.8, text: "roc_auc >= 0.8" },
  ],
};
const split = {
  model: "m",
  dataset: "d",
  positive: "bad",
  negative: "good",
  yTrue: [1, 1, 1, 0, 0, 0, 0, 0],
  yScore: [0.9, 0.7, 0.4, 0.6, 0.3, 0.2, 0.1, 0.05],
};

describe("needs verdicts", () => {
  it("compares with each comparator", () => {
    expect([meets(0.8, ">=", 0.8), meets(0.8, ">", 0.8), meets(0.8, "<=", 0.8), meets(0.8, "<", 0.8)]).toEqual([
      true,
      false,
      true,
      false,
    ]);
  });

  it("decides from the whole interval: pass, fail, undecided, undefined", () => {
    const need = { comparator: ">=" as const, threshold: 0.7 };
    const i = (low: number, high: number) => ({
      estimate: (low + high) / 2,
      low,
      high,
      level: 0.95,
      samples: 1000,
      undefinedShare: 0,
    });
    expect(decide(0.8, i(0.72, 0.85), need)).toBe("pass");
    expect(decide(0.6, i(0.5, 0.69), need)).toBe("fail");
    expect(decide(0.72, i(0.65, 0.79), need)).toBe("undecided");
    expect(decide(NaN, undefined, need)).toBe("undefined");
    expect(decide(0.6, i(0.5, 0.69), { comparator: "<=", threshold: 0.7 })).toBe("pass");
  });

  it("evaluates needs on the named class, mirroring the confusion matrix for the negative class", () => {
    // bad = 1. predictions at 0.5: 1 1 0 1 0 0 0 0
    const e = evaluate(split, needs, { samples: 0 });
    expect(e.confusion).toEqual({ tp: 2, fn: 1, fp: 1, tn: 4 });
    expect(e.byClass.bad.recall).toBeCloseTo(2 / 3, 12); // 2 of 3 bad caught
    expect(e.byClass.good.recall).toBeCloseTo(4 / 5, 12); // 4 of 5 good approved
    expect(e.byClass.good.precision).toBeCloseTo(4 / 5, 12); // 4 of 5 approvals are good
    // AUC: pairs (bad, good): 0.9 and 0.7 beat all 5; 0.4 beats 4 of 5 → 14/15
    expect(e.metrics.roc_auc).toBeCloseTo(14 / 15, 12);
    expect(e.byClass.good.roc_auc).toBeCloseTo(14 / 15, 12);
    expect(e.verdicts.map((v) => v.status)).toEqual(["pass", "fail", "pass"]);
  });

  it("backs every verdict with a seeded interval around the measured value", () => {
    const a = evaluate(split, needs, { seed: 3 });
    expect(evaluate(split, needs, { seed: 3 }).verdicts).toEqual(a.verdicts);
    for (const v of a.verdicts) {
      expect(v.interval!.low).toBeLessThanOrEqual(v.measured);
      expect(v.interval!.high).toBeGreaterThanOrEqual(v.measured);
    }
    // 8 rows cannot settle recall >= 0.6: the interval spans it
    expect(a.verdicts[0].status).toBe("undecided");
  });

  it("applies the model's decision threshold", () => {
    const e = evaluate(split, needs, { threshold: 0.35, samples: 0 });
    expect(e.confusion).toEqual({ tp: 3, fn: 0, fp: 1, tn: 4 });
    expect(e.threshold).toBe(0.35);
  });

  it("checks fairness needs on the sensitive groups", () => {
    const fair: NeedSetSpec = {
      name: "f",
      needs: [
        {
          id: "f.1",
          level: "must",
          metric: "demographic_parity_difference",
          comparator: "<=",
          threshold: 0.3,
          by: ["sex"],
          minGroupSize: 1,
          text: "demographic_parity_difference <= 0.3 by sex",
        },
      ],
    };
    // predictions 1 1 0 1 0 0 0 0: f rows 0, 1, 3, 6 → 3 of 4 positive; m rows 2, 4, 5, 7 → none
    const sex = ["f", "f", "m", "f", "m", "m", "f", "m"];
    const e = evaluate({ ...split, sensitive: { sex } }, fair, { samples: 0 });
    expect(e.fairness.sex.groups.map((g) => [g.group, g.selection_rate])).toEqual([
      ["f", 0.75],
      ["m", 0],
    ]);
    expect(e.verdicts[0]).toMatchObject({ measured: 0.75, status: "fail" });
  });

  it("refuses a need on a class the target does not have", () => {
    const bad: NeedSetSpec = {
      name: "n",
      needs: [{ ...needs.needs[0], onClass: "bda", text: 'recall >= 0.6 on class "bda"' }],
    };
    expect(() => evaluate({ ...split, yTrue: [1, 0], yScore: [0.9, 0.1] }, bad)).toThrow(
      "need 'recall >= 0.6 on class \"bda\"' in 'n' names class \"bda\", but the target of 'd' has classes \"good\", \"bad\"; did you mean 'bad'? Fix the class name in the needs block.",
    );
  });
});
