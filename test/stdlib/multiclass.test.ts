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
    r.perClass.forEach((c, k) =>
      expect([c.precision, c.recall, c.f1, c.support]).toEqual([
        report.perClass[k].precision,
        report.perClass[k].recall,
        report.perClass[k].f1,
        report.perClass[k].support,
      ]),
    );
    const hand = -(Math.log(0.7) + Math.log(0.3) + Math.log(0.5) + Math.log(0.8) + Math.log(0.6) + Math.log(0.25)) / 6;
    expect(r.metrics.log_loss).toBeCloseTo(hand, 12);
    expect(r.confusion).toEqual([
      [1, 1, 0],
      [0, 2, 0],
      [1, 0, 1],
    ]);
  });

  it("count a row twice when its weight is 2, as repeating it would", () => {
    const weighted = weightedMulticlass(y, probs, 3, [2, 1, 1, 1, 1, 0]);
    const repeated = weightedMulticlass(
      [0, 0, 0, 1, 1, 2],
      [...probs.slice(0, 3), ...probs.slice(0, 15)],
      3,
      [1, 1, 1, 1, 1, 1],
    );
    expect(weighted.metrics).toEqual(repeated.metrics);
  });
});

describe("multiclass verdict intervals", () => {
  it("resampling the confusion matrix agrees with resampling rows", async () => {
    const { evaluateMulticlass } = await import("../../stdlib/evaluate-multiclass");
    const { createRng } = await import("../../stdlib/random");
    const rng = createRng(5);
    const n = 3000,
      k = 3;
    const y = Uint8Array.from({ length: n }, () => rng.int(3));
    // A classifier right about 70% of the time.
    const probs = new Float32Array(n * k);
    for (let i = 0; i < n; i++) probs[i * k + (rng.next() < 0.7 ? y[i] : rng.int(3))] = 1;
    const need = {
      id: "n.1",
      level: "must" as const,
      metric: "accuracy" as const,
      comparator: ">=" as const,
      threshold: 0.5,
      text: "accuracy >= 0.5",
    };
    const e = evaluateMulticlass(
      { model: "m", dataset: "d", classNames: ["a", "b", "c"], yTrue: y, probs },
      { name: "n", needs: [need] },
      { seed: 3 },
    );
    // Plain row resampling, 2,000 times, for comparison.
    const accs: number[] = [];
    const correct = Array.from(y, (t, i) => (probs[i * k + t] === 1 ? 1 : 0));
    for (let s = 0; s < 2000; s++) {
      let c = 0;
      for (let j = 0; j < n; j++) c += correct[rng.int(n)];
      accs.push(c / n);
    }
    accs.sort((a, b) => a - b);
    const v = e.verdicts[0];
    expect(v.interval!.low).toBeCloseTo(accs[Math.floor(0.025 * accs.length)], 2);
    expect(v.interval!.high).toBeCloseTo(accs[Math.floor(0.975 * accs.length)], 2);
  });
});
