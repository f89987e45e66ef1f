/** Multiclass metrics with row weights, against scikit-learn's definitions (via the report tested against it) and hand-worked values. */
import { describe, expect, it } from "vitest";
import { weightedMulticlass } from "../../stdlib/evaluate-multiclass";
import { multiclassReport } from "../../stdlib/metrics";

describe("weighted multiclass metrics", () => {
  // 6 rows, 3 classes; probabilities per row.
  const y = [0, 0, 1, 1, 2, 2];
  const probs = [0.7, 0.2, 0.1, 0.3, 0.6, 0.1, 0.2, 0.5, 0.3, 0.1, 0.8, 0.1, 0.2, 0.2, 0.6, 0.5, 0.25, 0.25];
  const predicted = [0, 1, 1, 1, 2, 0];

  it("with unit weights, equal the classification report and the hand-computed log loss", () => {
    const r = weightedMulticlass(y, probs, 3, [1, 1, 1, 1, 1, 1]);
    const report = multiclassReport(y, predicted, 3);
    expect(r.metrics.accuracy).toBeCloseTo(report.accuracy, 12);
    expect(r.metrics.f1).toBeCloseTo(report.macro.f1, 12);
    expect(r.metrics.balanced_accuracy).toBeCloseTo(report.macro.recall, 12);
    r.perClass.forEach((c, k) => expect([c.precision, c.recall, c.f1, c.support]).toEqual([report.perClass[k].precision, report.perClass[k].recall, report.perClass[k].f1, report.perClass[k].support]));
    const hand = -(Math.log(0.7) + Math.log(0.3) + Math.log(0.5) + Math.log(0.8) + Math.log(0.6) + Math.log(0.25)) / 6;
    expect(r.metrics.log_loss).toBeCloseTo(hand, 12);
    expect(r.confusion).toEqual([[1, 1, 0], [0, 2, 0], [1, 0, 1]]);
  });

  it("count a row twice when its weight is 2, as repeating it would", () => {
    const weighted = weightedMulticlass(y, probs, 3, [2, 1, 1, 1, 1, 0]);
    const repeated = weightedMulticlass([0, 0, 0, 1, 1, 2], [...probs.slice(0, 3), ...probs.slice(0, 15)], 3, [1, 1, 1, 1, 1, 1]);
    expect(weighted.metrics).toEqual(repeated.metrics);
  });
});
