/**
 * Evaluation of one trained model on its dataset's test split: metrics for
 * the positive class, per-class metrics for needs on another class, the
 * confusion matrix, ROC points, and a verdict per need.
 */
import { accuracy, binaryMetrics, ConfusionCounts, f1, MetricValues, precision, recall, rocCurve, RocCurve } from "./metrics";
import { verdict, Verdict } from "./needs";
import type { NeedSetSpec } from "../dsl/plan";
import { NeedlabError } from "./errors";
import { endWithSuggestion } from "../dsl/diagnostics";

export interface Evaluation {
  model: string;
  dataset: string;
  split: "test";
  rows: number;
  positive: string;
  negative: string;
  /** Metrics with the dataset's positive class as class 1. */
  metrics: MetricValues;
  /** Metrics per class name, each computed with that class as class 1. */
  byClass: Record<string, MetricValues>;
  confusion: ConfusionCounts;
  roc: RocCurve;
  verdicts: Verdict[];
  threshold: number;
}

export interface ScoredSplit {
  model: string;
  dataset: string;
  positive: string;
  negative: string;
  /** 1 = positive class. */
  yTrue: ArrayLike<number>;
  /** Probability of the positive class. */
  yScore: ArrayLike<number>;
}

/** Fails early, before training, when a need names a class the target does not have. */
export function checkNeedClasses(needs: NeedSetSpec, classes: readonly string[], datasetName: string): void {
  for (const need of needs.needs) {
    if (need.onClass !== undefined && !classes.includes(need.onClass)) {
      throw new NeedlabError(`need '${need.text}' in '${needs.name}' names class "${need.onClass}", but the target of '${datasetName}' has classes ${classes.map((c) => `"${c}"`).join(", ")}${endWithSuggestion(need.onClass, classes)}Fix the class name in the needs block.`);
    }
  }
}

export function evaluate(s: ScoredSplit, needs: NeedSetSpec, cut = 0.5): Evaluation {
  const { confusion, ...metrics } = binaryMetrics(s.yTrue, s.yScore, cut);
  // Seen from the negative class the confusion matrix is mirrored; ROC AUC is
  // symmetric (AUC(1-y, 1-s) = AUC(y, s)), so it is the same number.
  const mirrored: ConfusionCounts = { tp: confusion.tn, tn: confusion.tp, fp: confusion.fn, fn: confusion.fp };
  const negMetrics: MetricValues = { ...metricsFromCounts(mirrored), roc_auc: metrics.roc_auc };
  const byClass: Record<string, MetricValues> = { [s.positive]: metrics, [s.negative]: negMetrics };
  checkNeedClasses(needs, [s.negative, s.positive], s.dataset);
  const verdicts = needs.needs.map((need) => verdict(need, s.model, byClass[need.onClass ?? s.positive][need.metric]));
  return {
    model: s.model,
    dataset: s.dataset,
    split: "test",
    rows: s.yTrue.length,
    positive: s.positive,
    negative: s.negative,
    metrics,
    byClass,
    confusion,
    roc: rocCurve(s.yTrue, s.yScore),
    verdicts,
    threshold: cut,
  };
}

function metricsFromCounts(c: ConfusionCounts): Omit<MetricValues, "roc_auc"> {
  return { accuracy: accuracy(c), precision: precision(c), recall: recall(c), f1: f1(c) };
}
