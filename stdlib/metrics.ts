/**
 * Binary classification metrics, defined as scikit-learn 1.2 defines them.
 * Inputs are plain arrays: `yTrue` holds 0/1 labels (1 = the positive class),
 * `yPred` 0/1 predictions, `yScore` the predicted probability of class 1.
 * Undefined values (a zero division) are NaN, never a silent 0, so a verdict
 * can say "undefined" instead of "failed".
 */

export type Labels = ArrayLike<number>;

export interface ConfusionCounts {
  tn: number;
  fp: number;
  fn: number;
  tp: number;
}

export function confusionCounts(yTrue: Labels, yPred: Labels): ConfusionCounts {
  assertSameLength(yTrue, yPred);
  let tn = 0, fp = 0, fn = 0, tp = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i] === 1, p = yPred[i] === 1;
    if (t && p) tp++;
    else if (t) fn++;
    else if (p) fp++;
    else tn++;
  }
  return { tn, fp, fn, tp };
}

const ratio = (num: number, den: number) => (den === 0 ? NaN : num / den);

export function accuracy(c: ConfusionCounts): number {
  return ratio(c.tp + c.tn, c.tp + c.tn + c.fp + c.fn);
}
export function precision(c: ConfusionCounts): number {
  return ratio(c.tp, c.tp + c.fp);
}
export function recall(c: ConfusionCounts): number {
  return ratio(c.tp, c.tp + c.fn);
}
export function f1(c: ConfusionCounts): number {
  // 2tp / (2tp + fp + fn): the same value as the harmonic mean where both
  // are defined, and defined (0) when precision alone is undefined, as in sklearn.
  return ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn);
}

export interface RocCurve {
  fpr: number[];
  tpr: number[];
  /** Score thresholds; the first is +Infinity (nothing predicted positive). */
  thresholds: number[];
}

/**
 * ROC curve points at every distinct score, highest first, as
 * sklearn.metrics.roc_curve(drop_intermediate=False): tied scores form one
 * point, so ties are handled exactly as scikit-learn does.
 */
export function rocCurve(yTrue: Labels, yScore: Labels): RocCurve {
  assertSameLength(yTrue, yScore);
  const n = yTrue.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => yScore[b] - yScore[a]);
  let pos = 0;
  for (let i = 0; i < n; i++) if (yTrue[i] === 1) pos++;
  const neg = n - pos;
  const fpr = [0], tpr = [0], thresholds = [Infinity];
  let tp = 0, fp = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k];
    if (yTrue[i] === 1) tp++;
    else fp++;
    const last = k === n - 1 || yScore[order[k + 1]] !== yScore[i];
    if (last) {
      fpr.push(ratio(fp, neg));
      tpr.push(ratio(tp, pos));
      thresholds.push(yScore[i]);
    }
  }
  return { fpr, tpr, thresholds };
}

/** Area under the ROC curve by the trapezoid rule; NaN when only one class is present. */
export function rocAuc(yTrue: Labels, yScore: Labels): number {
  const { fpr, tpr } = rocCurve(yTrue, yScore);
  if (fpr.some(Number.isNaN) || tpr.some(Number.isNaN)) return NaN;
  let area = 0;
  for (let i = 1; i < fpr.length; i++) area += ((fpr[i] - fpr[i - 1]) * (tpr[i] + tpr[i - 1])) / 2;
  return area;
}

/** Predicted labels from scores: positive when score >= threshold. */
export function threshold(yScore: Labels, cut = 0.5): Uint8Array {
  const out = new Uint8Array(yScore.length);
  for (let i = 0; i < yScore.length; i++) out[i] = yScore[i] >= cut ? 1 : 0;
  return out;
}

export const METRIC_NAMES = ["accuracy", "precision", "recall", "f1", "roc_auc"] as const;
export type MetricName = (typeof METRIC_NAMES)[number];
export type MetricValues = Record<MetricName, number>;

/** All first-slice metrics for one positive class. */
export function binaryMetrics(yTrue: Labels, yScore: Labels, cut = 0.5): MetricValues & { confusion: ConfusionCounts } {
  const confusion = confusionCounts(yTrue, threshold(yScore, cut));
  return {
    accuracy: accuracy(confusion),
    precision: precision(confusion),
    recall: recall(confusion),
    f1: f1(confusion),
    roc_auc: rocAuc(yTrue, yScore),
    confusion,
  };
}

function assertSameLength(a: ArrayLike<unknown>, b: ArrayLike<unknown>): void {
  if (a.length !== b.length) throw new RangeError(`label arrays differ in length: ${a.length} vs ${b.length}`);
}
