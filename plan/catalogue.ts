/**
 * The metric catalogue: one record per metric a need can name. The checker
 * (names, ranges, tasks, `privileged`), completion, inspect docs, early
 * stopping and ranking all read it; the stdlib computes each metric by name
 * (a test fails when a record has no computation for one of its tasks).
 */

export const TASKS = ["binary", "multiclass", "regression"] as const;
export type Task = (typeof TASKS)[number];

export interface MetricRecord {
  /**
   * classification: from labels and scores of a classifier; regression: from
   * predicted numbers; fairness: a disparity between groups (needs `by`);
   * operational: measured once on this machine, no interval; decision: what a
   * classifier's decisions cost or gain (a need states the costs or the
   * threshold probability).
   */
  family: "classification" | "regression" | "fairness" | "operational" | "decision";
  /** The targets it can be computed for. */
  tasks: readonly Task[];
  /** The values it can take, for checking thresholds. */
  range: readonly [number, number];
  /** Which way is better: ranking and charts read it; "zero" means closer to 0 (a signed gap), "one" closer to 1 (a ratio). */
  direction: "higher" | "lower" | "zero" | "one";
  /** Operational needs: the threshold is a duration (ms) or a size (bytes). */
  unit?: "duration" | "size";
  /** AIF360 measures compare every group with a privileged one, named in the need. */
  privileged?: true;
  /** What a bootstrap resamples to measure its interval: confusion cells, score levels, rows, or group cells. */
  resamples: "counts" | "scores" | "rows" | "groups" | "none";
  /** `early_stopping on METRIC` can watch it on the validation part. */
  stoppable?: true;
  /** A column of a binary classifier's metrics table (the table keeps to what fits a page). */
  tabled?: true;
  /** Reference text for inspect and the language reference. */
  doc: string;
}

const BOTH = ["binary", "multiclass"] as const;
const ALL = TASKS;
const rate = { range: [0, 1], direction: "higher" } as const;
/** A gap between the groups of a classifier over several classes. */
const classGap = {
  family: "fairness",
  tasks: ["multiclass"],
  range: [0, 1],
  direction: "lower",
  resamples: "groups",
} as const;

/**
 * The order of the records is the order of the lists below (and so of metric
 * tables and completion): classification, regression, fairness, operational.
 */
export const METRICS = {
  accuracy: {
    family: "classification",
    tabled: true,
    tasks: BOTH,
    ...rate,
    resamples: "counts",
    stoppable: true,
    doc: "accuracy = (tp + tn) / n. Range 0-1.",
  },
  balanced_accuracy: {
    family: "classification",
    tabled: true,
    tasks: BOTH,
    ...rate,
    resamples: "counts",
    stoppable: true,
    doc: "balanced_accuracy: mean of recall and specificity over the classes present. Range 0-1.",
  },
  precision: {
    family: "classification",
    tabled: true,
    tasks: BOTH,
    ...rate,
    resamples: "counts",
    stoppable: true,
    doc: "precision = tp / (tp + fp): of those flagged, the share truly positive. Undefined when nothing is flagged.",
  },
  recall: {
    family: "classification",
    tabled: true,
    tasks: BOTH,
    ...rate,
    resamples: "counts",
    stoppable: true,
    doc: "recall = tp / (tp + fn): of the true positives, the share caught (TPR). Undefined without positives.",
  },
  f1: {
    family: "classification",
    tabled: true,
    tasks: BOTH,
    ...rate,
    resamples: "counts",
    stoppable: true,
    doc: "f1 = 2tp / (2tp + fp + fn): harmonic mean of precision and recall.",
  },
  specificity: {
    family: "classification",
    tasks: ["binary"],
    ...rate,
    resamples: "counts",
    stoppable: true,
    doc: "specificity = tn / (tn + fp): of the true negatives, the share left alone (TNR).",
  },
  mcc: {
    family: "classification",
    tasks: ["binary"],
    range: [-1, 1],
    direction: "higher",
    resamples: "counts",
    stoppable: true,
    doc: "mcc: Matthews correlation, (tp·tn − fp·fn) / √((tp+fp)(tp+fn)(tn+fp)(tn+fn)). Range −1 to 1.",
  },
  roc_auc: {
    family: "classification",
    tabled: true,
    tasks: ["binary"],
    ...rate,
    resamples: "scores",
    stoppable: true,
    doc: "roc_auc: area under the ROC curve; the chance a random positive scores above a random negative (ties count ½).",
  },
  average_precision: {
    family: "classification",
    tabled: true,
    tasks: ["binary"],
    ...rate,
    resamples: "scores",
    stoppable: true,
    doc: "average_precision (pr_auc): Σ (Rₙ − Rₙ₋₁)·Pₙ over distinct thresholds, as scikit-learn.",
  },
  top_k_accuracy: {
    family: "classification",
    tasks: ["multiclass"],
    ...rate,
    resamples: "counts",
    doc: "top_k_accuracy: the share of rows whose true class is among the k most probable (a menu of k choices), as scikit-learn's top_k_accuracy_score (ties: the higher class index ranks first). Write k as `at 3` or in the name: `top_3_accuracy >= 90%`.",
  },
  share: {
    family: "classification",
    tasks: ["multiclass"],
    ...rate,
    direction: "lower",
    resamples: "counts",
    doc: 'share: the share of rows predicted as a class, `share of "bearish" <= 30%`. With `per hour|day|week|month` it is an alert that `monitor ... by time COL` checks on new data, period by period.',
  },
  log_loss: {
    family: "classification",
    tasks: BOTH,
    range: [0, Infinity],
    direction: "lower",
    resamples: "scores",
    doc: "log_loss: mean cross-entropy of the predicted probabilities (lower is better).",
  },
  brier: {
    family: "classification",
    tabled: true,
    tasks: ["binary"],
    range: [0, 1],
    direction: "lower",
    resamples: "scores",
    doc: "brier: mean squared difference between probability and outcome (lower is better).",
  },
  selection_rate: {
    family: "classification",
    tasks: ["binary"],
    range: [0, 1],
    direction: "lower",
    resamples: "counts",
    doc: "selection_rate = (tp + fp) / n: the share of all cases the model flags (e.g. follow-ups a clinic must make room for); a capacity, so lower is taken as better.",
  },
  mae: {
    family: "regression",
    tasks: ["regression"],
    range: [0, Infinity],
    direction: "lower",
    resamples: "rows",
    stoppable: true,
    doc: "mae: mean absolute error of a regression (lower is better).",
  },
  mse: {
    family: "regression",
    tasks: ["regression"],
    range: [0, Infinity],
    direction: "lower",
    resamples: "rows",
    doc: "mse: mean squared error of a regression (lower is better).",
  },
  rmse: {
    family: "regression",
    tasks: ["regression"],
    range: [0, Infinity],
    direction: "lower",
    resamples: "rows",
    stoppable: true,
    doc: "rmse: square root of the mean squared error, in the target's unit (lower is better).",
  },
  r2: {
    family: "regression",
    tasks: ["regression"],
    range: [-Infinity, 1],
    direction: "higher",
    resamples: "rows",
    stoppable: true,
    doc: "r2: coefficient of determination, 1 − SS_res / SS_tot (at most 1; 0 is as good as predicting the mean).",
  },
  mape: {
    family: "regression",
    tasks: ["regression"],
    range: [0, Infinity],
    direction: "lower",
    resamples: "rows",
    doc: "mape: mean absolute percentage error, |y − ŷ| / |y| averaged (lower is better).",
  },
  demographic_parity_difference: {
    family: "fairness",
    tasks: ["binary"],
    range: [0, 1],
    direction: "lower",
    resamples: "groups",
    doc: "demographic_parity_difference: largest minus smallest group selection rate (Fairlearn). Needs `by`.",
  },
  demographic_parity_ratio: {
    family: "fairness",
    tasks: ["binary"],
    range: [0, 1],
    direction: "higher",
    resamples: "groups",
    doc: "demographic_parity_ratio: smallest over largest group selection rate (Fairlearn). Needs `by`.",
  },
  equalized_odds_difference: {
    family: "fairness",
    tasks: ["binary"],
    range: [0, 1],
    direction: "lower",
    resamples: "groups",
    doc: "equalized_odds_difference: the larger of the TPR and FPR gaps between groups (Fairlearn). Needs `by`.",
  },
  equalized_odds_ratio: {
    family: "fairness",
    tasks: ["binary"],
    range: [0, 1],
    direction: "higher",
    resamples: "groups",
    doc: "equalized_odds_ratio: the smaller of the TPR and FPR ratios between groups (Fairlearn). Needs `by`.",
  },
  equal_opportunity_difference: {
    family: "fairness",
    tasks: ["binary"],
    range: [0, 1],
    direction: "lower",
    resamples: "groups",
    doc: "equal_opportunity_difference: largest minus smallest group TPR (Fairlearn). Needs `by`.",
  },
  disparate_impact: {
    family: "fairness",
    tasks: ["binary"],
    range: [0, Infinity],
    direction: "one",
    privileged: true,
    resamples: "groups",
    doc: "disparate_impact: selection rate of the other groups ÷ the privileged group's (AIF360). Needs `by` and `privileged`.",
  },
  statistical_parity_difference: {
    family: "fairness",
    tasks: ["binary"],
    range: [-1, 1],
    direction: "zero",
    privileged: true,
    resamples: "groups",
    doc: "statistical_parity_difference: selection rate of the other groups − the privileged group's (AIF360).",
  },
  average_odds_difference: {
    family: "fairness",
    tasks: ["binary"],
    range: [-1, 1],
    direction: "zero",
    privileged: true,
    resamples: "groups",
    doc: "average_odds_difference: ½[(FPR other − FPR privileged) + (TPR other − TPR privileged)] (AIF360).",
  },
  accuracy_difference: {
    ...classGap,
    doc: "accuracy_difference: largest minus smallest group accuracy (Fairlearn's MetricFrame difference of accuracy_score). Needs `by`.",
  },
  macro_recall_difference: {
    ...classGap,
    doc: "macro_recall_difference: largest minus smallest group macro recall (each group's mean recall over the classes it has: balanced_accuracy_score). Needs `by`.",
  },
  recall_difference: {
    ...classGap,
    doc: 'recall_difference: largest minus smallest group recall of one class, over the groups with at least min_positives rows of it. Needs `by` and `on class "C"`.',
  },
  p95_latency: {
    family: "operational",
    tasks: ALL,
    range: [0, Infinity],
    direction: "lower",
    unit: "duration",
    resamples: "none",
    doc: "p95_latency: 95th percentile of one-row prediction time over 200 calls (a duration: `<= 5 ms`).",
  },
  model_size: {
    family: "operational",
    tasks: ALL,
    range: [0, Infinity],
    direction: "lower",
    unit: "size",
    resamples: "none",
    doc: "model_size: parameters × 4 bytes (a size: `<= 1 MB`).",
  },
  training_time: {
    family: "operational",
    tasks: ALL,
    range: [0, Infinity],
    direction: "lower",
    unit: "duration",
    resamples: "none",
    doc: "training_time: wall-clock training time (a duration: `<= 30 s`).",
  },
  expected_cost: {
    family: "decision",
    tasks: ["binary"],
    range: [-Infinity, Infinity],
    direction: "lower",
    resamples: "counts",
    doc: "expected_cost: what the decisions cost per 1,000 decisions, 1000 · (fn·FN + fp·FP + tp·TP + tn·TN) / n, at the model's cut-off; the need states the prices: `expected_cost <= 800 costs fn 500, fp 20, tp 20`.",
  },
  net_benefit: {
    family: "decision",
    tasks: ["binary"],
    range: [-Infinity, 1],
    direction: "higher",
    resamples: "counts",
    doc: "net_benefit: decision-curve analysis at threshold probability pt, TP/n − FP/n · pt/(1 − pt), treating rows whose score is at least pt; the need states pt: `net_benefit >= 0.02 at 10%`.",
  },
} as const satisfies Record<string, MetricRecord>;

export type MetricName = keyof typeof METRICS;
type NamesOf<F extends MetricRecord["family"]> = {
  [K in MetricName]: (typeof METRICS)[K]["family"] extends F ? K : never;
}[MetricName];
export type ClassificationMetricName = NamesOf<"classification">;
export type RegressionMetricName = NamesOf<"regression">;
export type DisparityName = NamesOf<"fairness">;
export type OperationalMetric = NamesOf<"operational">;
export type DecisionMetricName = NamesOf<"decision">;
/** Every metric of a binary classifier, computed for one cut-off (the evaluation's metric table). */
export type BinaryMetricName = {
  [K in ClassificationMetricName]: "binary" extends (typeof METRICS)[K]["tasks"][number] ? K : never;
}[ClassificationMetricName];
/** Classification metrics only a classifier over several classes has (top-k accuracy, a class's predicted share). */
export type MulticlassOnlyMetricName = Exclude<ClassificationMetricName, BinaryMetricName>;

const names = <K extends MetricName>(family: MetricRecord["family"]) =>
  (Object.keys(METRICS) as MetricName[]).filter((m) => METRICS[m].family === family) as K[];

const binaryToo = (m: MetricName) => (METRICS[m].tasks as readonly Task[]).includes("binary");
export const BINARY_METRICS: readonly BinaryMetricName[] = names<BinaryMetricName>("classification").filter(binaryToo);
export const MULTICLASS_ONLY_METRICS: readonly MulticlassOnlyMetricName[] = names<MulticlassOnlyMetricName>(
  "classification",
).filter((m) => !(METRICS[m].tasks as readonly Task[]).includes("binary"));
export const REGRESSION_METRICS: readonly RegressionMetricName[] = names<RegressionMetricName>("regression");
export const DISPARITIES: readonly DisparityName[] = names<DisparityName>("fairness");
export const DECISION_METRICS: readonly DecisionMetricName[] = names<DecisionMetricName>("decision");
/** AIF360's measures against a privileged group; Fairlearn's between groups (binary: from per-group confusion counts). */
export const AIF360_DISPARITIES = DISPARITIES.filter((m) => (METRICS[m] as MetricRecord).privileged);
export const FAIRLEARN_DISPARITIES = DISPARITIES.filter(
  (m) => !(METRICS[m] as MetricRecord).privileged && binaryToo(m),
);
/** Between-group gaps of a classifier over several classes (from per-group, per-class hits and misses). */
export type ClassGapName = "accuracy_difference" | "macro_recall_difference" | "recall_difference";
export const CLASS_GAPS = DISPARITIES.filter((m) => !binaryToo(m)) as ClassGapName[];
export const OPERATIONAL_METRICS = Object.fromEntries(
  names<OperationalMetric>("operational").map((m) => [m, (METRICS[m] as MetricRecord).unit!]),
) as Record<OperationalMetric, "duration" | "size">;

/** The columns of a binary classifier's metrics table, in catalogue order. */
export const TABLED_METRICS: readonly BinaryMetricName[] = BINARY_METRICS.filter(
  (m) => (METRICS[m] as MetricRecord).tabled,
);

/** Other names a need may use for a metric. */
export const METRIC_ALIASES: Record<string, MetricName> = { pr_auc: "average_precision" };
/** Every word a need may name as its metric (aliases too). */
export const NEED_METRICS: readonly string[] = [
  ...BINARY_METRICS,
  ...MULTICLASS_ONLY_METRICS,
  ...Object.keys(METRIC_ALIASES),
  ...REGRESSION_METRICS,
  ...DISPARITIES,
  ...Object.keys(OPERATIONAL_METRICS),
  ...DECISION_METRICS,
];
/** What `early_stopping on METRIC` can watch on the validation part (the loss, or a stoppable metric). */
export const STOP_METRICS: readonly string[] = [
  "loss",
  ...(Object.keys(METRICS) as MetricName[]).filter(
    (m) => (METRICS[m] as MetricRecord).stoppable && METRICS[m].family === "classification",
  ),
  ...Object.keys(METRIC_ALIASES),
  ...(Object.keys(METRICS) as MetricName[]).filter(
    (m) => (METRICS[m] as MetricRecord).stoppable && METRICS[m].family === "regression",
  ),
];

const record = (metric: string): MetricRecord | undefined =>
  (METRICS as Record<string, MetricRecord>)[metricOf(metric).metric];

/** Which targets a metric can be computed for (none for an unknown word). */
export function metricTasks(metric: string): readonly Task[] {
  return record(metric)?.tasks ?? [];
}

/** The values a metric can take, for checking thresholds. */
export function metricRange(metric: string): readonly [number, number] {
  return record(metric)?.range ?? [0, 1];
}

/** Reference text for inspect. */
export function metricDoc(metric: string): string | undefined {
  if (metric in METRIC_ALIASES) return `${metric}: another name for ${METRIC_ALIASES[metric]}.`;
  return record(metric)?.doc;
}

/** Measures that compare groups with a named privileged one (AIF360). */
export const PRIVILEGED_METRICS: readonly string[] = AIF360_DISPARITIES;

/** `top_3_accuracy` is top_k_accuracy with k = 3 (the need may also write `top_k_accuracy ... at 3`). */
const TOP_K_NAME = /^top_(\d+)_accuracy$/;

/**
 * The metric a need's word names, with the k a `top_K_accuracy` word
 * carries: aliases resolved; an unknown word comes back unchanged.
 */
export function metricOf(word: string): { metric: string; k?: number } {
  const top = TOP_K_NAME.exec(word);
  if (top) return { metric: "top_k_accuracy", k: Number(top[1]) };
  return { metric: METRIC_ALIASES[word] ?? word };
}

/** How often an alert need (`share of "C" <= 30% per day`) is checked on new data. */
export const ALERT_PERIODS = ["hour", "day", "week", "month"] as const;
export type AlertPeriod = (typeof ALERT_PERIODS)[number];
