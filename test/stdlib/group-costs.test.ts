/**
 * Prices that differ by group (`costs fn 500, fp 20 for sex "m" fn 800`),
 * and prices of true positives and negatives, by hand: in an evaluation's
 * expected_cost need, in the paired difference between two models, and in
 * the sweep that chooses a cut-off.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../dsl";
import { emptyEnv } from "../../dsl/check";
import { evaluate } from "../../stdlib/evaluate";
import { pairedNeedDifference } from "../../stdlib/paired-needs";
import { chooseCutoff, costsAtCutoffs } from "../../stdlib/cutoff";
import type { NeedSpec } from "../../plan/plan";

/** The need as the language lowers it. */
function needFrom(src: string): NeedSpec {
  const r = compile(
    `dataset d { source "s.csv" target y positive "1" sensitive sex }\nneeds n { must ${src} }\nmodel m: logistic_regression\ntrain m on d\nevaluate m against n`,
    emptyEnv(() => ({ columns: ["y", "sex"] })),
  );
  expect(r.diagnostics).toEqual([]);
  const step = r.plan!.steps.find((s) => s.op === "defineNeeds");
  return step?.op === "defineNeeds" ? step.needs.needs[0] : (undefined as never);
}

// 10 rows, 4 positives; women on even rows, men on odd ones.
const yTrue = [1, 1, 1, 1, 0, 0, 0, 0, 0, 0];
const yScore = [0.9, 0.8, 0.6, 0.3, 0.7, 0.55, 0.4, 0.2, 0.1, 0.05];
const sex = yTrue.map((_, i) => (i % 2 === 0 ? "f" : "m"));
const split = { model: "a", dataset: "d", positive: "1", negative: "0", yTrue, yScore, sensitive: { sex } };
const need = needFrom('expected_cost <= 800 costs fn 500, fp 20, tp 20 for sex "m" fn 800 for sex "f" tn 5');

describe("prices by group in an evaluation", () => {
  it("price each group's decisions by its own table", () => {
    expect(need.costsBy).toEqual({
      column: "sex",
      groups: { m: { fn: 800, fp: 20, tp: 20 }, f: { fn: 500, fp: 20, tp: 20, tn: 5 } },
    });
    // Cut-off 0.5. Women (rows 0, 2, 4, 6, 8): TP 0 and 2 (2 · 20), FP 4 (20), TN 6 and 8 (2 · 5) = 70.
    // Men (rows 1, 3, 5, 7, 9): TP 1 (20), FN 3 (800), FP 5 (20), TN 7 and 9 (0) = 840. 910 over 10 decisions.
    const e = evaluate(split, { name: "n", needs: [need] }, { threshold: 0.5, samples: 0 });
    expect(e.verdicts[0].measured).toBeCloseTo(91000, 9);
    // The same need without group prices: 500 + 2 · 20 + 3 · 20 = 600, 60,000 per 1,000.
    const plain = needFrom("expected_cost <= 800 costs fn 500, fp 20, tp 20");
    expect(evaluate(split, { name: "n", needs: [plain] }, { samples: 0 }).verdicts[0].measured).toBeCloseTo(60000, 9);
  });

  it("give an interval around the value, resampling groups and cells together", () => {
    const e = evaluate(split, { name: "n", needs: [need] }, { threshold: 0.5, seed: 4, samples: 500 });
    const v = e.verdicts[0];
    expect(v.interval!.low).toBeLessThan(91000);
    expect(v.interval!.high).toBeGreaterThan(91000);
    expect(
      evaluate(split, { name: "n", needs: [need] }, { threshold: 0.5, seed: 4, samples: 500 }).verdicts[0],
    ).toEqual(v);
  });

  it("name a priced group the column never takes, and the groups it has", () => {
    const wrong = needFrom('expected_cost <= 800 costs fn 500, fp 20 for sex "x" fn 900');
    expect(() => evaluate(split, { name: "n", needs: [wrong] }, { samples: 0 })).toThrow(
      `need '${wrong.text}' prices group "x" of 'sex', which no row of dataset 'd' has; its groups there are "f", "m". Fix the group's name in the costs.`,
    );
    expect(() => evaluate({ ...split, sensitive: {} }, { name: "n", needs: [need] }, { samples: 0 })).toThrow(
      /which dataset 'd' does not carry as a sensitive column: add `sensitive sex` to the dataset/,
    );
  });
});

describe("prices by group between two models", () => {
  it("give the paired difference of their costs", () => {
    // Model b decides at 0.25: women TP 0, 2 (40), FP 4, 6 (40), TN 8 (5) = 85; men TP 1, 3 (40), FP 5 (20), TN 7, 9 = 60.
    const a = { ...split, threshold: 0.5 },
      b = { ...split, model: "b", threshold: 0.25 };
    const p = pairedNeedDifference(a, b, need, { samples: 200, seed: 1 });
    expect(p.difference.difference.estimate).toBeCloseTo(91000 - 14500, 9);
  });
});

describe("prices by group when choosing a cut-off", () => {
  // Eight rows, scores descending; groups alternate a, b; a missed case costs 10 (30 in group b), a false alarm 1.
  const rows = { yTrue: [1, 1, 0, 1, 0, 0, 0, 0], yScore: [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2] };
  const groups = rows.yTrue.map((_, i) => (i % 2 === 0 ? "a" : "b"));
  const costsBy = { column: "g", groups: { b: { fn: 30, fp: 1 } } };

  it("sweep the cost row by row", () => {
    // Nobody flagged: misses 10 + 30 + 30 = 70. Flagging row 0 (a) leaves 60, row 1 (b) 30, row 2 a false alarm 31,
    // row 3 (b) 1, then a false alarm each: 2, 3, 4, 5; over 8 decisions, per 1,000.
    const tables = (i: number) => (groups[i] === "b" ? costsBy.groups.b : { fn: 10, fp: 1 });
    expect(costsAtCutoffs(rows.yTrue, rows.yScore, tables).map((v) => Math.round(v))).toEqual([
      8750, 7500, 3750, 3875, 125, 250, 375, 500, 625,
    ]);
  });

  it("choose with them, subject to a need priced by group too", () => {
    const choice = chooseCutoff(
      { ...rows, sensitive: { g: groups } },
      { goal: "minimise", metric: "expected_cost", costs: { fn: 10, fp: 1 }, costsBy },
      [{ metric: "expected_cost", comparator: "<=", threshold: 4000, costs: { fn: 10, fp: 1 }, costsBy }],
    );
    expect(choice.cutoff).toBe(0.6);
    expect(choice.value).toBeCloseTo(125, 9);
    expect(choice.sweep.constraints[0].met).toEqual([false, false, true, true, true, true, true, true, true]);
    expect(() =>
      chooseCutoff(rows, { goal: "minimise", metric: "expected_cost", costs: { fn: 10, fp: 1 }, costsBy }),
    ).toThrow(/prices differ by 'g', but the rows have no such groups/);
  });
});
