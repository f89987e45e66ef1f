import { describe, expect, it } from "vitest";
import { leaderNote, pairedNeedDifference, type PairedModel } from "../../stdlib/paired-needs";
import { logLoss } from "../../stdlib/metrics";
import type { NeedSpec } from "../../plan/plan";

// Eight test rows, four strokes. At cut-off 0.5:
//   A decides [1,1,1,0, 0,0,0,1]: TP 3, FN 1, FP 1, TN 3 (accuracy 6/8, recall 3/4, specificity 3/4)
//   B decides [1,0,0,0, 0,1,0,0]: TP 1, FN 3, FP 1, TN 3 (accuracy 4/8, recall 1/4, specificity 3/4)
const yTrue = [1, 1, 1, 1, 0, 0, 0, 0];
const scoreA = [0.9, 0.8, 0.7, 0.2, 0.1, 0.2, 0.3, 0.6];
const scoreB = [0.9, 0.3, 0.2, 0.1, 0.1, 0.7, 0.2, 0.2];
const side = yTrue.map((_, i) => (i % 2 ? "odd" : "even"));

function models(copies: number): [PairedModel, PairedModel] {
  const rep = <T>(xs: T[]) => Array.from({ length: copies }, () => xs).flat();
  const common = { yTrue: rep(yTrue), negative: "none", sensitive: { side: rep(side) }, threshold: 0.5 };
  return [
    { model: "A", yScore: rep(scoreA), ...common },
    { model: "B", yScore: rep(scoreB), ...common },
  ];
}

const need = (metric: NeedSpec["metric"], extra: Partial<NeedSpec> = {}): NeedSpec => ({
  id: `n.${metric}`,
  level: "must",
  metric,
  comparator: ">=",
  threshold: 0.5,
  text: `${metric} need`,
  ...extra,
});

describe("paired differences on a need, by hand", () => {
  const [a, b] = models(1);

  it("differences count metrics at each model's cut-off, with McNemar on the rows the metric rests on", () => {
    const acc = pairedNeedDifference(a, b, need("accuracy"), { samples: 500 });
    expect(acc.difference.difference.estimate).toBeCloseTo(0.25, 12);
    // A right, B wrong: rows 1, 2, 5; A wrong, B right: row 7.
    expect([acc.mcnemar!.b, acc.mcnemar!.c]).toEqual([3, 1]);
    // Eight rows cannot tell: the interval includes 0.
    expect(acc.better).toBe("neither");
    expect(acc.text).toMatch(/^accuracy need: no significant difference \(A − B = 0.25 \[/);
    const rec = pairedNeedDifference(a, b, need("recall"), { samples: 500 });
    expect(rec.difference.difference.estimate).toBeCloseTo(0.5, 12);
    // Positives only: b = 2 (rows 1, 2), c = 0; exact p = 2 · (1/2)² = 0.5.
    expect(rec.mcnemar).toMatchObject({ b: 2, c: 0 });
    expect(rec.mcnemar!.exactP).toBeCloseTo(0.5, 12);
  });

  it("reads a need on the negative class from that class's side", () => {
    // Recall of "none" is each model's specificity: 3/4 for both.
    const r = pairedNeedDifference(a, b, need("recall", { onClass: "none" }), { samples: 200 });
    expect(r.difference.difference.estimate).toBeCloseTo(0, 12);
    expect(r.mcnemar).toMatchObject({ b: 1, c: 1 });
  });

  it("differences score metrics", () => {
    // ROC AUC (pairs ranked right, ties half): A 13.5/16, B 9.5/16 (scikit-learn: 0.84375, 0.59375).
    const auc = pairedNeedDifference(a, b, need("roc_auc"), { samples: 200 });
    expect(auc.difference.difference.estimate).toBeCloseTo(4 / 16, 12);
    expect(auc.mcnemar).toBeUndefined();
  });

  it("differences fairness measures on the resampled groups", () => {
    // Equal opportunity by side: A's TPRs 1 (even) and 1/2 (odd), B's 1/2 and 0: both gaps 1/2.
    const r = pairedNeedDifference(
      a,
      b,
      need("equal_opportunity_difference", { by: ["side"], minGroupSize: 1, minPositives: 1, comparator: "<=" }),
      { samples: 200 },
    );
    expect(r.difference.difference.estimate).toBeCloseTo(0, 12);
  });

  it("differences decision needs", () => {
    // Costs fn 10, fp 1: A has FN 1, FP 1 → 11 over 8 rows; B FN 3, FP 1 → 31; per 1,000: 1,375 − 3,875.
    const cost = pairedNeedDifference(a, b, need("expected_cost", { comparator: "<=", costs: { fn: 10, fp: 1 } }), {
      samples: 200,
    });
    expect(cost.difference.difference.estimate).toBeCloseTo(1375 - 3875, 9);
    // Net benefit at pt 0.25 treats scores >= 0.25: A TP 3 (0.9, 0.8, 0.7), FP 2 (0.3, 0.6); B TP 2 (0.9, 0.3), FP 1 (0.7).
    const nb = pairedNeedDifference(a, b, need("net_benefit", { thresholdProbability: 0.25 }), { samples: 200 });
    expect(nb.difference.difference.estimate).toBeCloseTo(3 / 8 - 2 / 8 / 3 - (2 / 8 - 1 / 8 / 3), 12);
  });

  it("refuses operational needs and rows that differ", () => {
    expect(() => pairedNeedDifference(a, b, need("p95_latency", { unit: "duration" }))).toThrow(/measured once/);
    expect(() => pairedNeedDifference(a, models(2)[1], need("accuracy"))).toThrow(/different rows/);
  });
});

describe("which model is better, with enough rows", () => {
  const [a, b] = models(50);

  it("names the better model where the interval excludes zero, whichever way better points", () => {
    const acc = pairedNeedDifference(a, b, need("accuracy"), { seed: 2 });
    expect(acc.better).toBe("A");
    expect(acc.difference.difference.low).toBeGreaterThan(0);
    expect(acc.mcnemar!.exactP).toBeLessThan(0.001);
    // Log loss: lower is better, so a negative difference favours A.
    const ll = pairedNeedDifference(a, b, need("log_loss", { comparator: "<=" }), { seed: 2, samples: 300 });
    expect(ll.difference.difference.estimate).toBeCloseTo(logLoss(a.yTrue, a.yScore) - logLoss(b.yTrue, b.yScore), 12);
    expect(ll.difference.difference.estimate).toBeLessThan(0);
    expect(ll.better).toBe("A");
    // Specificity is 3/4 for both: no model is better.
    expect(pairedNeedDifference(a, b, need("specificity"), { samples: 300 }).better).toBe("neither");
  });

  it("says when the leader is not significantly better", () => {
    const paired = [need("accuracy"), need("specificity")].map((n) => pairedNeedDifference(a, b, n, { samples: 300 }));
    expect(leaderNote("A", "B", paired)).toBe(
      "A is not significantly better than B on specificity need: the difference there may be noise.",
    );
    expect(leaderNote("A", "B", paired.slice(0, 1))).toBe("A is significantly better than B on every need.");
  });
});
