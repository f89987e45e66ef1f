/**
 * Auditing any model's predictions: overall metrics, a fairness report per
 * sensitive column (and for their intersection), and seeded bootstrap
 * intervals for every metric and disparity. Pure: arrays in, plain data out.
 */
import { allBinaryMetrics, BinaryMetricName, confusionCounts, ConfusionCounts, countMetrics, Labels } from "./metrics";
import {
  countByGroup,
  countsFromCells,
  DisparityName,
  FairnessReport,
  groupCells,
  GroupRow,
  intersect,
  reportFromCounts,
  Undefined,
} from "./fairness";
import {
  aucFromCells,
  bootstrapCells,
  BootstrapOptions,
  Interval,
  scoreCells,
  scoreMetricsFromCells,
} from "./bootstrap";

export interface AuditInput {
  yTrue: Labels;
  yPred: Labels;
  yScore?: Labels;
  /** Sensitive column name → group value per row, in the order given. */
  sensitive: [string, string[]][];
}

export interface AuditOptions {
  /** Sensitive column → privileged value, for the AIF360 measures. */
  privileged?: Record<string, string>;
  minGroupSize?: number;
  /** Groups with fewer actual positives are left out of TPR-based disparities (default 1: only groups with none). */
  minPositives?: number;
  /** Bootstrap resamples; 0 for none. */
  bootstrap?: number;
  seed?: number;
  level?: number;
}

export interface AuditResult {
  rows: number;
  overall: Partial<Record<BinaryMetricName, number>>;
  by: Record<string, FairnessReport>;
  intersectional?: FairnessReport;
  intervals?: {
    overall: Partial<Record<BinaryMetricName, Interval>>;
    by: Record<string, Partial<Record<DisparityName, Interval>>>;
    intersectional?: Partial<Record<DisparityName, Interval>>;
  };
  undefined: Undefined[];
  settings: {
    minGroupSize: number;
    minPositives: number;
    privileged: Record<string, string>;
    bootstrap: number;
    seed: number;
    level: number;
  };
}

const SCORE_METRICS: BinaryMetricName[] = ["roc_auc", "average_precision", "log_loss", "brier"];

function disparitiesOnly(r: FairnessReport): Record<DisparityName, number> {
  return r.disparities as Record<DisparityName, number>;
}

export function audit(input: AuditInput, options: AuditOptions = {}): AuditResult {
  const minGroupSize = options.minGroupSize ?? 30;
  const minPositives = options.minPositives ?? 1;
  const samples = options.bootstrap ?? 1000;
  const seed = options.seed ?? 0;
  const level = options.level ?? 0.95;
  const privileged = options.privileged ?? {};
  const undef: Undefined[] = [];

  const all = input.yScore ? allBinaryMetrics(input.yTrue, input.yScore, 0.5) : undefined;
  const confusion = confusionCounts(input.yTrue, input.yPred);
  const overall: Partial<Record<BinaryMetricName, number>> = { ...countMetrics(confusion) };
  if (input.yScore && all) for (const m of SCORE_METRICS) overall[m] = all[m];
  for (const [m, v] of Object.entries(overall))
    if (Number.isNaN(v)) undef.push({ what: m, why: whyOverall(m, confusion) });

  const by: Record<string, FairnessReport> = {};
  const groupCounts: Record<string, Map<string, ConfusionCounts>> = {};
  for (const [column, values] of input.sensitive) {
    groupCounts[column] = countByGroup(input.yTrue, input.yPred, values);
    by[column] = reportFromCounts(column, groupCounts[column], {
      minGroupSize,
      minPositives,
      privileged: privileged[column],
    });
    undef.push(...by[column].undefined);
  }
  let intersectional: FairnessReport | undefined;
  let interCounts: Map<string, ConfusionCounts> | undefined;
  if (input.sensitive.length > 1) {
    const name = input.sensitive.map(([c]) => c).join(" & ");
    interCounts = countByGroup(input.yTrue, input.yPred, intersect(input.sensitive.map(([, v]) => v)));
    intersectional = reportFromCounts(name, interCounts, { minGroupSize, minPositives });
    undef.push(...intersectional.undefined);
  }

  const result: AuditResult = {
    rows: input.yTrue.length,
    overall,
    by,
    intersectional,
    undefined: undef,
    settings: { minGroupSize, minPositives, privileged, bootstrap: samples, seed, level },
  };
  if (samples > 0) {
    const opts = (purpose: string): BootstrapOptions => ({ samples, seed, level, purpose });
    const overallCells = Float64Array.from([confusion.tp, confusion.fp, confusion.fn, confusion.tn]);
    const intervals: NonNullable<AuditResult["intervals"]> = {
      overall: bootstrapCells(
        overallCells,
        (c) => countMetrics({ tp: c[0], fp: c[1], fn: c[2], tn: c[3] }),
        opts("overall"),
      ),
      by: {},
    };
    if (input.yScore) {
      // For the interval only, scores are rounded to 1/2000 when there are more distinct values than that.
      const { levels, cells } = scoreCells(input.yTrue, input.yScore, 2000);
      const scored = bootstrapCells(
        cells,
        (c) => ({ roc_auc: aucFromCells(c), ...scoreMetricsFromCells(levels, c) }),
        opts("scores"),
      );
      for (const m of SCORE_METRICS)
        intervals.overall[m] = { ...scored[m as keyof typeof scored], estimate: overall[m]! };
    }
    for (const [column] of input.sensitive) {
      const { groups, cells } = groupCells(groupCounts[column]);
      intervals.by[column] = bootstrapCells(
        cells,
        (c) =>
          disparitiesOnly(
            reportFromCounts(column, countsFromCells(groups, c), {
              minGroupSize,
              minPositives,
              privileged: privileged[column],
            }),
          ),
        opts(`by:${column}`),
      );
    }
    if (intersectional && interCounts) {
      const { groups, cells } = groupCells(interCounts);
      intervals.intersectional = bootstrapCells(
        cells,
        (c) =>
          disparitiesOnly(
            reportFromCounts(intersectional!.by, countsFromCells(groups, c), { minGroupSize, minPositives }),
          ),
        opts("intersectional"),
      );
    }
    result.intervals = intervals;
  }
  return result;
}

function whyOverall(metric: string, c: ConfusionCounts): string {
  if (c.tp + c.fn === 0) return "y_true has no positives";
  if (c.tn + c.fp === 0) return "y_true has no negatives";
  if (metric === "precision" && c.tp + c.fp === 0) return "nothing is predicted positive";
  if (metric === "mcc") return "a row or column of the confusion matrix is empty";
  return "undefined for these labels";
}

/** The JSON the `audit --json` command prints: numbers or null, groups keyed by value. */
export function auditJson(r: AuditResult): unknown {
  const num = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? null : v);
  const metrics = (o: Partial<Record<string, number>>) =>
    Object.fromEntries(Object.entries(o).map(([k, v]) => [k, num(v)]));
  const groups = (rows: GroupRow[]) =>
    Object.fromEntries(
      rows.map(({ group, small, fewPositives, ...m }) => [
        group,
        { ...metrics(m), small, few_positives: fewPositives },
      ]),
    );
  const report = (f: FairnessReport) => ({
    groups: groups(f.groups),
    disparities: metrics(f.disparities),
    ...(f.privileged !== undefined ? { privileged: f.privileged } : {}),
  });
  const intervals = (o: Partial<Record<string, Interval>> | undefined) =>
    o &&
    Object.fromEntries(
      Object.entries(o).map(([k, i]) => [
        k,
        { low: num(i!.low), high: num(i!.high), undefined_share: i!.undefinedShare },
      ]),
    );
  return {
    rows: r.rows,
    overall: metrics(r.overall),
    by: Object.fromEntries(Object.entries(r.by).map(([c, f]) => [c, report(f)])),
    ...(r.intersectional ? { intersectional: { by: r.intersectional.by, ...report(r.intersectional) } } : {}),
    ...(r.intervals
      ? {
          confidence_intervals: {
            level: r.settings.level,
            samples: r.settings.bootstrap,
            overall: intervals(r.intervals.overall),
            by: Object.fromEntries(Object.entries(r.intervals.by).map(([c, d]) => [c, intervals(d)])),
            ...(r.intervals.intersectional ? { intersectional: intervals(r.intervals.intersectional) } : {}),
          },
        }
      : {}),
    undefined: r.undefined,
    settings: {
      min_group_size: r.settings.minGroupSize,
      min_positives: r.settings.minPositives,
      privileged: r.settings.privileged,
      bootstrap_samples: r.settings.bootstrap,
      seed: r.settings.seed,
    },
  };
}
