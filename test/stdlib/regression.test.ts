/** Regression evaluation: weighted metrics and their bootstrap intervals. */
import { describe, expect, it } from "vitest";
import { evaluateRegression, weightedRegressionMetrics } from "../../stdlib/evaluate-regression";
import { regressionMetrics } from "../../stdlib/metrics";
import { createRng } from "../../stdlib/random";

describe("regression verdicts", () => {
  const rng = createRng(9);
  const n = 2000;
  const y = Float64Array.from({ length: n }, () => 50 + 10 * rng.normal());
  const pred = y.map((v) => v + 3 * rng.normal());

  it("weighted metrics: unit weights give the plain metrics (tested against scikit-learn), weight 2 repeats a row", () => {
    expect(weightedRegressionMetrics(y, pred, new Float64Array(n).fill(1)).r2).toBeCloseTo(
      regressionMetrics(y, pred).r2,
      12,
    );
    const w = new Float64Array(4).fill(1);
    w[0] = 2;
    w[3] = 0;
    expect(weightedRegressionMetrics(y.slice(0, 4), pred.slice(0, 4), w)).toEqual(
      regressionMetrics([y[0], y[0], y[1], y[2]], [pred[0], pred[0], pred[1], pred[2]]),
    );
  });

  it("the interval agrees with plain row resampling", () => {
    const need = {
      id: "n.1",
      level: "must" as const,
      metric: "mae" as const,
      comparator: "<=" as const,
      threshold: 3,
      text: "mae <= 3",
    };
    const e = evaluateRegression(
      { model: "m", dataset: "d", yTrue: y, yPred: pred },
      { name: "n", needs: [need] },
      { seed: 4 },
    );
    const errors = Array.from(y, (v, i) => Math.abs(v - pred[i]));
    const maes: number[] = [];
    for (let s = 0; s < 2000; s++) {
      let sum = 0;
      for (let j = 0; j < n; j++) sum += errors[rng.int(n)];
      maes.push(sum / n);
    }
    maes.sort((a, b) => a - b);
    const v = e.verdicts[0];
    expect(v.measured).toBeCloseTo(errors.reduce((a, b) => a + b, 0) / n, 10);
    expect(v.interval!.low).toBeCloseTo(maes[Math.floor(0.025 * maes.length)], 1);
    expect(v.interval!.high).toBeCloseTo(maes[Math.floor(0.975 * maes.length)], 1);
  });
});
