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
  let tn = 0,
    fp = 0,
    fn = 0,
    tp = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i] === 1,
      p = yPred[i] === 1;
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

/** Positives and negatives at each distinct score, highest score first. */
export interface ScoreLevels {
  scores: Float64Array;
  positives: Float64Array;
  negatives: Float64Array;
}

/**
 * Counts labels per distinct score. Sorting the scores as a typed array (a
 * native numeric sort) and binary-searching each row's level is several
 * times faster than sorting row indices with a comparator.
 */
export function scoreLevels(yTrue: Labels, yScore: Labels): ScoreLevels {
  assertSameLength(yTrue, yScore);
  const sorted = Float64Array.from(yScore as ArrayLike<number>).sort();
  let distinct = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[distinct++] = sorted[i];
  const asc = sorted.subarray(0, distinct);
  const positives = new Float64Array(distinct),
    negatives = new Float64Array(distinct);
  for (let i = 0; i < yTrue.length; i++) {
    let lo = 0,
      hi = distinct - 1;
    const s = yScore[i];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (asc[mid] < s) lo = mid + 1;
      else hi = mid;
    }
    // Store descending: level k of the result is asc[distinct - 1 - k].
    if (yTrue[i] === 1) positives[distinct - 1 - lo]++;
    else negatives[distinct - 1 - lo]++;
  }
  return { scores: asc.slice().reverse(), positives, negatives };
}

/**
 * ROC curve points at every distinct score, highest first, as
 * sklearn.metrics.roc_curve(drop_intermediate=False): tied scores form one
 * point, so ties are handled exactly as scikit-learn does.
 */
export function rocCurve(yTrue: Labels, yScore: Labels, levels = scoreLevels(yTrue, yScore)): RocCurve {
  let pos = 0,
    neg = 0;
  for (let k = 0; k < levels.scores.length; k++) {
    pos += levels.positives[k];
    neg += levels.negatives[k];
  }
  const fpr = [0],
    tpr = [0],
    thresholds = [Infinity];
  let tp = 0,
    fp = 0;
  for (let k = 0; k < levels.scores.length; k++) {
    tp += levels.positives[k];
    fp += levels.negatives[k];
    fpr.push(ratio(fp, neg));
    tpr.push(ratio(tp, pos));
    thresholds.push(levels.scores[k]);
  }
  return { fpr, tpr, thresholds };
}

/** Area under the ROC curve by the trapezoid rule; NaN when only one class is present. */
export function rocAuc(yTrue: Labels, yScore: Labels, levels = scoreLevels(yTrue, yScore)): number {
  const { fpr, tpr } = rocCurve(yTrue, yScore, levels);
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

function assertSameLength(a: ArrayLike<unknown>, b: ArrayLike<unknown>): void {
  if (a.length !== b.length) throw new RangeError(`label arrays differ in length: ${a.length} vs ${b.length}`);
}

// ---------------------------------------------------------------------------
// The full binary set. Undefined cases return NaN (see dsl/README.md,
// "Undefined values"), where scikit-learn 1.2 returns 0 with a warning.

export function specificity(c: ConfusionCounts): number {
  return ratio(c.tn, c.tn + c.fp);
}

/** The share of all cases flagged positive: what a clinic's follow-up capacity is measured in. */
export function selectionRate(c: ConfusionCounts): number {
  return ratio(c.tp + c.fp, c.tp + c.fp + c.fn + c.tn);
}

/** Mean recall over the classes present in y_true, as sklearn's balanced_accuracy_score. */
export function balancedAccuracy(c: ConfusionCounts): number {
  const rates = [recall(c), specificity(c)].filter((v) => !Number.isNaN(v));
  return rates.length ? rates.reduce((a, b) => a + b, 0) / rates.length : NaN;
}

/** Matthews correlation coefficient; NaN when a row or column of the confusion matrix is empty. */
export function mcc(c: ConfusionCounts): number {
  const den = Math.sqrt((c.tp + c.fp) * (c.tp + c.fn) * (c.tn + c.fp) * (c.tn + c.fn));
  return den === 0 ? NaN : (c.tp * c.tn - c.fp * c.fn) / den;
}

export interface PrCurve {
  /** Ordered by increasing threshold, ending at precision 1, recall 0 (as sklearn). */
  precision: number[];
  recall: number[];
  thresholds: number[];
}

/** sklearn.metrics.precision_recall_curve (1.2): one point per distinct score. */
export function prCurve(yTrue: Labels, yScore: Labels, levels = scoreLevels(yTrue, yScore)): PrCurve {
  let pos = 0;
  for (let k = 0; k < levels.scores.length; k++) pos += levels.positives[k];
  const precision: number[] = [],
    recallPts: number[] = [],
    thresholds: number[] = [];
  let tp = 0,
    fp = 0;
  for (let k = 0; k < levels.scores.length; k++) {
    tp += levels.positives[k];
    fp += levels.negatives[k];
    precision.push(ratio(tp, tp + fp));
    recallPts.push(ratio(tp, pos));
    thresholds.push(levels.scores[k]);
  }
  return {
    precision: [...precision.reverse(), 1],
    recall: [...recallPts.reverse(), 0],
    thresholds: thresholds.reverse(),
  };
}

/** Average precision, Σ (Rₙ − Rₙ₋₁) Pₙ over distinct thresholds, as sklearn; NaN without positives. */
export function averagePrecision(yTrue: Labels, yScore: Labels, levels = scoreLevels(yTrue, yScore)): number {
  const { precision, recall: r } = prCurve(yTrue, yScore, levels);
  if (r.some(Number.isNaN)) return NaN;
  let ap = 0;
  for (let i = 0; i < r.length - 1; i++) ap += (r[i] - r[i + 1]) * precision[i];
  return ap;
}

const EPS64 = 2.220446049250313e-16; // numpy.finfo(float64).eps, sklearn 1.2's clip for log_loss

/** Mean binary cross-entropy with probabilities clipped to [eps, 1 − eps], as sklearn's log_loss. */
export function logLoss(yTrue: Labels, yProb: Labels): number {
  if (yTrue.length === 0) return NaN;
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const p = Math.min(1 - EPS64, Math.max(EPS64, yProb[i]));
    sum -= yTrue[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return sum / yTrue.length;
}

export function brier(yTrue: Labels, yProb: Labels): number {
  if (yTrue.length === 0) return NaN;
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) sum += (yProb[i] - yTrue[i]) ** 2;
  return sum / yTrue.length;
}

export interface CalibrationCurve {
  /** Fraction of positives per non-empty bin (sklearn's prob_true). */
  fractionPositive: number[];
  /** Mean predicted probability per non-empty bin (prob_pred). */
  meanPredicted: number[];
  counts: number[];
  /** Expected calibration error: Σ (nᵦ/N)·|fractionᵦ − meanᵦ| over the same bins. */
  ece: number;
}

/** sklearn.calibration.calibration_curve(strategy="uniform") plus the expected calibration error. */
export function calibrationCurve(yTrue: Labels, yProb: Labels, bins = 10): CalibrationCurve {
  const total = new Float64Array(bins),
    sumTrue = new Float64Array(bins),
    sumProb = new Float64Array(bins);
  // numpy's linspace(0, 1, bins + 1) inner edges are j·(1/bins); searchsorted(edges, p)
  // counts the edges strictly below p, so a value on an edge goes to the lower bin.
  const step = 1 / bins;
  const edges = Array.from({ length: bins - 1 }, (_, j) => (j + 1) * step);
  for (let i = 0; i < yTrue.length; i++) {
    let lo = 0,
      hi = edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (edges[mid] < yProb[i]) lo = mid + 1;
      else hi = mid;
    }
    const bin = lo;
    total[bin]++;
    sumTrue[bin] += yTrue[i];
    sumProb[bin] += yProb[i];
  }
  const fractionPositive: number[] = [],
    meanPredicted: number[] = [],
    counts: number[] = [];
  let ece = 0;
  for (let b = 0; b < bins; b++) {
    if (total[b] === 0) continue;
    fractionPositive.push(sumTrue[b] / total[b]);
    meanPredicted.push(sumProb[b] / total[b]);
    counts.push(total[b]);
    ece += (total[b] / yTrue.length) * Math.abs(sumTrue[b] / total[b] - sumProb[b] / total[b]);
  }
  return { fractionPositive, meanPredicted, counts, ece: yTrue.length ? ece : NaN };
}

/** The metrics a confusion matrix alone determines, by name: what the bootstrap resamples as counts. */
export const COUNT_METRICS = {
  accuracy: (c: ConfusionCounts) => accuracy(c),
  balanced_accuracy: (c: ConfusionCounts) => balancedAccuracy(c),
  precision: (c: ConfusionCounts) => precision(c),
  recall: (c: ConfusionCounts) => recall(c),
  f1: (c: ConfusionCounts) => f1(c),
  specificity: (c: ConfusionCounts) => specificity(c),
  mcc: (c: ConfusionCounts) => mcc(c),
  selection_rate: (c: ConfusionCounts) => selectionRate(c),
} as const;
export type CountMetricName = keyof typeof COUNT_METRICS;

export function countMetrics(c: ConfusionCounts): Record<CountMetricName, number> {
  return Object.fromEntries(Object.entries(COUNT_METRICS).map(([k, f]) => [k, f(c)])) as Record<
    CountMetricName,
    number
  >;
}

/** Every binary metric by name, for one threshold: the catalogue's classification metrics. */
export { BINARY_METRICS, type BinaryMetricName } from "../plan/catalogue";
import type { BinaryMetricName } from "../plan/catalogue";

export function allBinaryMetrics(
  yTrue: Labels,
  yScore: Labels,
  cut = 0.5,
): Record<BinaryMetricName, number> & { confusion: ConfusionCounts } {
  const c = confusionCounts(yTrue, threshold(yScore, cut));
  const levels = scoreLevels(yTrue, yScore);
  return {
    ...countMetrics(c),
    roc_auc: rocAuc(yTrue, yScore, levels),
    average_precision: averagePrecision(yTrue, yScore, levels),
    log_loss: logLoss(yTrue, yScore),
    brier: brier(yTrue, yScore),
    confusion: c,
  };
}

// ---------------------------------------------------------------------------
// Multiclass (labels are class indices 0..k-1).

export interface ClassReport {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface MulticlassReport {
  accuracy: number;
  /** matrix[true][predicted] */
  confusion: number[][];
  perClass: ClassReport[];
  macro: Omit<ClassReport, "support">;
  weighted: Omit<ClassReport, "support">;
}

export function multiclassReport(yTrue: Labels, yPred: Labels, classes: number): MulticlassReport {
  assertSameLength(yTrue, yPred);
  const m = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < yTrue.length; i++) m[yTrue[i]][yPred[i]]++;
  let correct = 0;
  const perClass = m.map((row, k) => {
    correct += row[k];
    const predicted = m.reduce((a, r) => a + r[k], 0);
    const support = row.reduce((a, b) => a + b, 0);
    const p = ratio(row[k], predicted),
      r = ratio(row[k], support);
    return { precision: p, recall: r, f1: ratio(2 * row[k], predicted + support), support };
  });
  const avg = (key: keyof Omit<ClassReport, "support">, weighted: boolean) => {
    const total = perClass.reduce((a, c) => a + (weighted ? c.support : 1), 0);
    return perClass.reduce((a, c) => a + c[key] * (weighted ? c.support : 1), 0) / total;
  };
  const average = (weighted: boolean) => ({
    precision: avg("precision", weighted),
    recall: avg("recall", weighted),
    f1: avg("f1", weighted),
  });
  return {
    accuracy: ratio(correct, yTrue.length),
    confusion: m,
    perClass,
    macro: average(false),
    weighted: average(true),
  };
}

// ---------------------------------------------------------------------------
// Regression.

export interface RegressionMetrics {
  mae: number;
  mse: number;
  rmse: number;
  r2: number;
  mape: number;
}

export function regressionMetrics(yTrue: Labels, yPred: Labels): RegressionMetrics {
  assertSameLength(yTrue, yPred);
  const n = yTrue.length;
  if (n === 0) return { mae: NaN, mse: NaN, rmse: NaN, r2: NaN, mape: NaN };
  let abs = 0,
    sq = 0,
    ape = 0,
    mean = 0;
  for (let i = 0; i < n; i++) mean += yTrue[i] / n;
  let tot = 0;
  for (let i = 0; i < n; i++) {
    const e = yTrue[i] - yPred[i];
    abs += Math.abs(e);
    sq += e * e;
    ape += Math.abs(e) / Math.max(Math.abs(yTrue[i]), EPS64);
    tot += (yTrue[i] - mean) ** 2;
  }
  // sklearn (force_finite): a constant y_true gives r2 = 1 for a perfect fit, else 0.
  const r2 = tot === 0 ? (sq === 0 ? 1 : 0) : 1 - sq / tot;
  return { mae: abs / n, mse: sq / n, rmse: Math.sqrt(sq / n), r2, mape: ape / n };
}
