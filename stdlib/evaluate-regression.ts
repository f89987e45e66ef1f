/**
 * Evaluation of a regression model on its test rows: mae, mse, rmse, r2 and
 * mape (as scikit-learn), and a verdict per need with a seeded bootstrap
 * interval. The bootstrap is the same multinomial one as for classifiers,
 * with every row its own cell: a resample is a count per row, and each
 * metric is computed with those counts as weights.
 */
import { regressionMetrics, RegressionMetrics } from "./metrics";
import type { EvaluatedOn, Verdict } from "./evaluate";
import { rowVerdicts } from "./row-verdicts";
import type { NeedSetSpec, OperationalMetric } from "../plan/plan";
import { NeedlabError } from "./errors";

export interface RegressionEvaluation {
  task: "regression";
  model: string;
  dataset: string;
  split: EvaluatedOn;
  rows: number;
  metrics: RegressionMetrics;
  /** Actual and predicted values, in test-row order (for the chart). */
  actual: Float32Array;
  predicted: Float32Array;
  verdicts: Verdict[];
}

export interface PredictedSplit {
  model: string;
  dataset: string;
  yTrue: ArrayLike<number>;
  yPred: ArrayLike<number>;
  operational?: Partial<Record<OperationalMetric, number>>;
}

/** The regression metrics with each row counted `weights[i]` times (a bootstrap resample). */
export function weightedRegressionMetrics(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  weights: ArrayLike<number>,
): RegressionMetrics {
  let n = 0,
    mean = 0;
  for (let i = 0; i < yTrue.length; i++) {
    n += weights[i];
    mean += weights[i] * yTrue[i];
  }
  if (n === 0) return { mae: NaN, mse: NaN, rmse: NaN, r2: NaN, mape: NaN };
  mean /= n;
  let abs = 0,
    sq = 0,
    ape = 0,
    tot = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const w = weights[i];
    if (w === 0) continue;
    const e = yTrue[i] - yPred[i];
    abs += w * Math.abs(e);
    sq += w * e * e;
    ape += (w * Math.abs(e)) / Math.max(Math.abs(yTrue[i]), Number.EPSILON);
    tot += w * (yTrue[i] - mean) ** 2;
  }
  const r2 = tot === 0 ? (sq === 0 ? 1 : 0) : 1 - sq / tot;
  return { mae: abs / n, mse: sq / n, rmse: Math.sqrt(sq / n), r2, mape: ape / n };
}

export function evaluateRegression(
  s: PredictedSplit,
  needs: NeedSetSpec,
  options: { seed?: number; samples?: number; split?: EvaluatedOn } = {},
): RegressionEvaluation {
  const metrics = regressionMetrics(s.yTrue, s.yPred);
  const verdicts = rowVerdicts(
    s.model,
    s.yTrue.length,
    needs,
    (need) => {
      const metric = need.metric as keyof RegressionMetrics;
      if (!(metric in metrics))
        throw new NeedlabError(
          `${need.metric} is not measured for a regression target (need ${need.id}): use mae, mse, rmse, mape or r2.`,
        );
      return (w) => weightedRegressionMetrics(s.yTrue, s.yPred, w)[metric];
    },
    s.operational,
    options,
  );
  return {
    task: "regression",
    model: s.model,
    dataset: s.dataset,
    split: options.split ?? "test",
    rows: s.yTrue.length,
    metrics,
    actual: Float32Array.from(s.yTrue),
    predicted: Float32Array.from(s.yPred),
    verdicts,
  };
}
