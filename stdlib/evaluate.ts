/**
 * Evaluation of one trained model on its dataset's test split: every binary
 * metric (for either class), the confusion matrix and curves, fairness
 * reports for the sensitive columns, and a verdict per need backed by a
 * seeded bootstrap interval: pass when the whole interval meets the need,
 * fail when the whole interval misses it, undecided otherwise.
 */
import {
  allBinaryMetrics,
  BinaryMetricName,
  calibrationCurve,
  CalibrationCurve,
  ConfusionCounts,
  confusionCounts,
  COUNT_METRICS,
  countMetrics,
  prCurve,
  PrCurve,
  rocCurve,
  RocCurve,
  threshold,
} from "./metrics";
import {
  countByGroup,
  countsFromCells,
  DEFAULT_MIN_POSITIVES,
  DisparityName,
  FairnessReport,
  groupCells,
  intersect,
  reportFromCounts,
} from "./fairness";
import { aucFromCells, bootstrapCells, Interval, scoreCells, scoreMetricsFromCells } from "./bootstrap";
import { deriveSeed } from "./random";
import { meets, VerdictStatus } from "./needs";
import { rowsToDecide, rowsToDecideFairness, type RowsToDecide } from "./rows-to-decide";
import { costGroups, decisionValueByGroup } from "./decisions";
import type { NeedSetSpec, NeedSpec, OperationalMetric } from "../plan/plan";
import { NeedlabError } from "./errors";
import { endWithSuggestion } from "../plan/suggest";

export type EvaluatedOn = "test" | "validation" | "cross-validation";

export type MetricValues = Record<BinaryMetricName, number>;

export interface Verdict {
  need: NeedSpec;
  model: string;
  measured: number;
  interval?: Interval;
  status: VerdictStatus;
  /** Undecided verdicts: about how many test rows would decide it, or why no number would. */
  toDecide?: RowsToDecide | { whyNot: string };
}

export interface Evaluation {
  task: "binary";
  model: string;
  dataset: string;
  /** What the scores are of: the test part, the validation part (tuning), or out-of-fold predictions (k-fold). */
  split: EvaluatedOn;
  rows: number;
  positive: string;
  negative: string;
  threshold: number;
  /** Metrics with the dataset's positive class as class 1. */
  metrics: MetricValues;
  /** Metrics per class name, each computed with that class as class 1. */
  byClass: Record<string, MetricValues>;
  confusion: ConfusionCounts;
  roc: RocCurve;
  pr: PrCurve;
  calibration: CalibrationCurve;
  /** Fairness by each sensitive column, and by each column set a need names ("sex & age_group"). */
  fairness: Record<string, FairnessReport>;
  verdicts: Verdict[];
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
  /** Sensitive column → group value per row of this split. */
  sensitive?: Record<string, string[]>;
  /** Measured by the caller, which has the model: milliseconds and bytes. */
  operational?: Partial<Record<OperationalMetric, number>>;
}

export interface EvaluateOptions {
  threshold?: number;
  seed?: number;
  /** Bootstrap resamples behind each verdict; 0 for point estimates only. */
  samples?: number;
}

/** Fails early, before training, when a need names a class the target does not have. */
export function checkNeedClasses(needs: NeedSetSpec, classes: readonly string[], datasetName: string): void {
  for (const need of needs.needs) {
    if (need.onClass !== undefined && !classes.includes(need.onClass)) {
      throw new NeedlabError(
        `need '${need.text}' in '${needs.name}' names class "${need.onClass}", but the target of '${datasetName}' has classes ${classes.map((c) => `"${c}"`).join(", ")}${endWithSuggestion(need.onClass, classes)}Fix the class name in the needs block.`,
      );
    }
  }
}

const mirror = (c: ConfusionCounts): ConfusionCounts => ({ tp: c.tn, tn: c.tp, fp: c.fn, fn: c.fp });

export function decide(
  estimate: number,
  interval: Interval | undefined,
  need: Pick<NeedSpec, "comparator" | "threshold">,
): VerdictStatus {
  if (Number.isNaN(estimate)) return "undefined";
  if (!interval) return meets(estimate, need.comparator, need.threshold) ? "pass" : "fail";
  if (Number.isNaN(interval.low) || Number.isNaN(interval.high)) return "undecided";
  const low = meets(interval.low, need.comparator, need.threshold),
    high = meets(interval.high, need.comparator, need.threshold);
  return low && high ? "pass" : !low && !high ? "fail" : "undecided";
}

const groupKey = (by: string[]) => by.join(" & ");

export function evaluate(s: ScoredSplit, needs: NeedSetSpec, options: EvaluateOptions = {}): Evaluation {
  const cut = options.threshold ?? 0.5;
  const samples = options.samples ?? 1000;
  const seed = options.seed ?? 0;
  checkNeedClasses(needs, [s.negative, s.positive], s.dataset);
  const { confusion, ...metrics } = allBinaryMetrics(s.yTrue, s.yScore, cut);
  const flippedTrue = Uint8Array.from(s.yTrue as ArrayLike<number>, (v) => 1 - v);
  const flippedScore = Float64Array.from(s.yScore as ArrayLike<number>, (v) => 1 - v);
  // Seen from the negative class the confusion matrix is mirrored; score metrics use 1 − score.
  const negScore = allBinaryMetrics(flippedTrue, flippedScore, 0.5);
  const negative = Object.fromEntries(Object.entries(negScore).filter(([k]) => k !== "confusion")) as MetricValues;
  Object.assign(negative, countMetrics(mirror(confusion)));
  const byClass: Record<string, MetricValues> = { [s.positive]: metrics, [s.negative]: negative };

  const yPred = Uint8Array.from(s.yScore as ArrayLike<number>, (v) => (v >= cut ? 1 : 0));
  const fairness: Record<string, FairnessReport> = {};
  const fairnessFor = (by: string[], need?: NeedSpec) => {
    const key =
      groupKey(by) +
      (need?.privileged !== undefined ? ` (privileged ${need.privileged})` : "") +
      (need?.minGroupSize !== undefined ? ` (min ${need.minGroupSize})` : "") +
      (need?.minPositives !== undefined ? ` (min positives ${need.minPositives})` : "");
    const missing = by.find((b) => !s.sensitive?.[b]);
    if (missing)
      throw new NeedlabError(
        `need '${need?.text}' compares groups of '${missing}', which dataset '${s.dataset}' does not declare sensitive: add \`sensitive ${missing}\` to it`,
      );
    const groups = by.length === 1 ? s.sensitive![by[0]] : intersect(by.map((b) => s.sensitive![b]));
    fairness[key] ??= reportFromCounts(groupKey(by), countByGroup(s.yTrue, yPred, groups), {
      minGroupSize: need?.minGroupSize ?? 30,
      minPositives: need?.minPositives ?? DEFAULT_MIN_POSITIVES,
      privileged: need?.privileged,
    });
    return { key, groups };
  };
  for (const col of Object.keys(s.sensitive ?? {})) fairnessFor([col]);

  const verdicts = needs.needs.map((need): Verdict => {
    if (need.unit) {
      // Operational needs are measured once, on this machine: no interval.
      const measured = s.operational?.[need.metric as OperationalMetric] ?? NaN;
      return { need, model: s.model, measured, status: decide(measured, undefined, need) };
    }
    const bootstrap = { samples, seed: deriveSeed(seed, `${s.model}:${need.id}`), purpose: need.id };
    if (need.by?.length) {
      const { key, groups } = fairnessFor(need.by, need);
      const metric = need.metric as DisparityName;
      const measured = fairness[key].disparities[metric] ?? NaN;
      let interval: Interval | undefined;
      if (samples > 0) {
        const { groups: names, cells } = groupCells(countByGroup(s.yTrue, yPred, groups));
        interval = bootstrapCells(
          cells,
          (c) => ({
            value:
              reportFromCounts(key, countsFromCells(names, c), {
                minGroupSize: need.minGroupSize ?? 30,
                minPositives: need.minPositives ?? DEFAULT_MIN_POSITIVES,
                privileged: need.privileged,
              }).disparities[metric] ?? NaN,
          }),
          bootstrap,
        ).value;
      }
      const status = decide(measured, interval, need);
      const toDecide =
        status === "undecided" && interval
          ? rowsToDecideFairness(interval, { ...need, metric }, fairness[key])
          : undefined;
      return { need, model: s.model, measured, interval, status, ...(toDecide && { toDecide }) };
    }
    if (need.metric === "expected_cost" || need.metric === "net_benefit") {
      // net_benefit treats the rows whose score is at least its threshold probability; expected_cost uses the model's cut-off.
      const at = need.metric === "net_benefit" ? need.thresholdProbability : undefined;
      // Prices by group: group × cell counts are resampled, so the group mix varies too.
      const priced =
        costGroups(need, s.sensitive, `dataset '${s.dataset}'`) ?? new Array<string>(s.yTrue.length).fill("");
      const decided = at === undefined ? yPred : threshold(s.yScore, at);
      const { groups: names, cells } = groupCells(countByGroup(s.yTrue, decided, priced));
      const value = (r: ArrayLike<number>) => decisionValueByGroup(need, countsFromCells(names, r));
      const measured = value(cells);
      const interval = samples > 0 ? bootstrapCells(cells, (r) => ({ value: value(r) }), bootstrap).value : undefined;
      const status = decide(measured, interval, need);
      const toDecide = status === "undecided" && interval ? rowsToDecide(interval, need, s.yTrue.length) : undefined;
      return { need, model: s.model, measured, interval, status, ...(toDecide && { toDecide }) };
    }
    const metric = need.metric as BinaryMetricName;
    const isNegative = need.onClass !== undefined && need.onClass === s.negative;
    const measured = byClass[need.onClass ?? s.positive][metric];
    let interval: Interval | undefined;
    if (samples > 0) {
      const count = (COUNT_METRICS as Partial<Record<BinaryMetricName, (c: ConfusionCounts) => number>>)[metric];
      if (count) {
        const c = isNegative ? mirror(confusion) : confusion;
        interval = bootstrapCells(
          [c.tp, c.fp, c.fn, c.tn],
          (r) => ({ value: count({ tp: r[0], fp: r[1], fn: r[2], tn: r[3] }) }),
          bootstrap,
        ).value;
      } else {
        const { levels, cells } = scoreCells(isNegative ? flippedTrue : s.yTrue, isNegative ? flippedScore : s.yScore);
        interval = bootstrapCells(
          cells,
          (r) => ({
            value:
              metric === "roc_auc"
                ? aucFromCells(r)
                : scoreMetricsFromCells(levels, r)[metric as "average_precision" | "log_loss" | "brier"],
          }),
          bootstrap,
        ).value;
      }
      interval = { ...interval, estimate: measured };
    }
    const status = decide(measured, interval, need);
    const toDecide = status === "undecided" && interval ? rowsToDecide(interval, need, s.yTrue.length) : undefined;
    return { need, model: s.model, measured, interval, status, ...(toDecide && { toDecide }) };
  });

  return {
    task: "binary",
    model: s.model,
    dataset: s.dataset,
    split: "test",
    rows: s.yTrue.length,
    positive: s.positive,
    negative: s.negative,
    threshold: cut,
    metrics,
    byClass,
    confusion,
    roc: rocCurve(s.yTrue, s.yScore),
    pr: prCurve(s.yTrue, s.yScore),
    calibration: calibrationCurve(s.yTrue, s.yScore),
    fairness,
    verdicts,
  };
}
