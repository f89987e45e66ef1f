/**
 * Fairness reports: a by-group table and the disparities between groups,
 * for one sensitive column or the intersection of several.
 *
 * Definitions:
 *  - demographic_parity_difference/ratio, equalized_odds_difference/ratio,
 *    equal_opportunity_difference: Fairlearn 0.9, "between groups" (largest
 *    minus smallest group value; smallest over largest for ratios; equalized
 *    odds takes the worse of TPR and FPR).
 *  - disparate_impact, statistical_parity_difference, average_odds_difference:
 *    AIF360, the unprivileged groups pooled against the named privileged group.
 *
 * Everything is computed from per-group confusion counts, which is also what
 * makes the bootstrap cheap (see bootstrap.ts). Groups smaller than the
 * minimum size are reported, flagged, and left out of every disparity.
 * Groups with fewer actual positives than the minimum positives are
 * flagged and left out of the disparities that rest on true positive rates
 * (equal opportunity, the TPR half of equalized odds): a group's row count
 * says nothing about how many positives its recall is measured on.
 * Undefined values are NaN and listed with the reason (see dsl/README.md).
 */
import type { ConfusionCounts, Labels } from "./metrics";

export const GROUP_METRICS = [
  "base_rate",
  "selection_rate",
  "accuracy",
  "precision",
  "recall",
  "fpr",
  "fnr",
  "tnr",
] as const;
export type GroupMetric = (typeof GROUP_METRICS)[number];

export { AIF360_DISPARITIES, DISPARITIES, FAIRLEARN_DISPARITIES, type DisparityName } from "../plan/catalogue";
import { AIF360_DISPARITIES, FAIRLEARN_DISPARITIES, type DisparityName } from "../plan/catalogue";

export interface GroupRow extends Record<GroupMetric, number> {
  group: string;
  count: number;
  /** Below the minimum group size: shown, but left out of disparities. */
  small: boolean;
  /** Actual positives and negatives: what the group's TPR and FPR rest on. */
  positives: number;
  negatives: number;
  /** Fewer actual positives than the minimum positives: left out of TPR-based disparities. */
  fewPositives: boolean;
}

export interface Undefined {
  /** e.g. "recall for sex=female" or "demographic_parity_ratio". */
  what: string;
  why: string;
}

export interface FairnessReport {
  /** The sensitive column, or columns joined with " & " for an intersection. */
  by: string;
  groups: GroupRow[];
  disparities: Partial<Record<DisparityName, number>>;
  privileged?: string;
  minGroupSize: number;
  minPositives: number;
  undefined: Undefined[];
}

/**
 * What a need's fairness report uses when the need does not say: a TPR
 * measured on fewer than 10 positives has a 95% interval wider than ±0.3.
 */
export const DEFAULT_MIN_POSITIVES = 10;

export interface ReportOptions {
  minGroupSize?: number;
  /** Default 1 here (only groups with no positives are left out); needs default to DEFAULT_MIN_POSITIVES. */
  minPositives?: number;
  privileged?: string;
}

const div = (a: number, b: number) => (b === 0 ? NaN : a / b);

export function groupRow(group: string, c: ConfusionCounts, minGroupSize: number, minPositives = 1): GroupRow {
  const count = c.tp + c.fp + c.fn + c.tn;
  return {
    group,
    count,
    small: count < minGroupSize,
    positives: c.tp + c.fn,
    negatives: c.fp + c.tn,
    fewPositives: c.tp + c.fn < minPositives,
    base_rate: div(c.tp + c.fn, count),
    selection_rate: div(c.tp + c.fp, count),
    accuracy: div(c.tp + c.tn, count),
    precision: div(c.tp, c.tp + c.fp),
    recall: div(c.tp, c.tp + c.fn),
    fpr: div(c.fp, c.fp + c.tn),
    fnr: div(c.fn, c.tp + c.fn),
    tnr: div(c.tn, c.tn + c.fp),
  };
}

const WHY: Partial<Record<GroupMetric, string>> = {
  precision: "the group has no predicted positives",
  recall: "the group has no actual positives",
  fnr: "the group has no actual positives",
  fpr: "the group has no actual negatives",
  tnr: "the group has no actual negatives",
};

/** Confusion counts per group value, in first-seen order of the groups. */
export function countByGroup(yTrue: Labels, yPred: Labels, groups: ArrayLike<string>): Map<string, ConfusionCounts> {
  const out = new Map<string, ConfusionCounts>();
  for (let i = 0; i < yTrue.length; i++) {
    let c = out.get(groups[i]);
    if (!c) out.set(groups[i], (c = { tp: 0, fp: 0, fn: 0, tn: 0 }));
    if (yTrue[i] === 1) yPred[i] === 1 ? c.tp++ : c.fn++;
    else yPred[i] === 1 ? c.fp++ : c.tn++;
  }
  return out;
}

function spread(rows: GroupRow[], metric: GroupMetric): { diff: number; ratio: number } {
  const values = rows.map((r) => r[metric]).filter((v) => !Number.isNaN(v));
  if (values.length < 2) return { diff: NaN, ratio: NaN };
  const max = Math.max(...values),
    min = Math.min(...values);
  return { diff: max - min, ratio: div(min, max) };
}

function pooled(counts: ConfusionCounts[]): ConfusionCounts {
  return counts.reduce((a, c) => ({ tp: a.tp + c.tp, fp: a.fp + c.fp, fn: a.fn + c.fn, tn: a.tn + c.tn }), {
    tp: 0,
    fp: 0,
    fn: 0,
    tn: 0,
  });
}

/** The report for groups given as confusion counts: what the bootstrap recomputes on every resample. */
export function reportFromCounts(
  by: string,
  counts: Map<string, ConfusionCounts>,
  options: ReportOptions = {},
): FairnessReport {
  const minGroupSize = options.minGroupSize ?? 1;
  const minPositives = options.minPositives ?? 1;
  const groups = [...counts]
    .map(([g, c]) => groupRow(g, c, minGroupSize, minPositives))
    .sort((a, b) => a.group.localeCompare(b.group));
  const undef: Undefined[] = [];
  for (const row of groups) {
    if (row.small)
      undef.push({
        what: `group ${by}=${row.group}`,
        why: `${row.count} rows, fewer than the minimum group size ${minGroupSize}: left out of disparities`,
      });
    else if (row.fewPositives && row.positives > 0)
      undef.push({
        what: `group ${by}=${row.group}`,
        why: `${row.positives} actual positives, fewer than the minimum positives ${minPositives}: left out of TPR-based disparities (equal opportunity, equalized odds)`,
      });
    for (const m of GROUP_METRICS)
      if (Number.isNaN(row[m]) && row.count > 0)
        undef.push({ what: `${m} for ${by}=${row.group}`, why: WHY[m] ?? "no rows" });
  }
  const eligible = groups.filter((r) => !r.small);
  const dp = spread(eligible, "selection_rate");
  const tpr = spread(
    eligible.filter((r) => !r.fewPositives),
    "recall",
  );
  const fpr = spread(eligible, "fpr");
  const disparities: Partial<Record<DisparityName, number>> = {
    demographic_parity_difference: dp.diff,
    demographic_parity_ratio: dp.ratio,
    equalized_odds_difference: Number.isNaN(tpr.diff) || Number.isNaN(fpr.diff) ? NaN : Math.max(tpr.diff, fpr.diff),
    equalized_odds_ratio: Number.isNaN(tpr.ratio) || Number.isNaN(fpr.ratio) ? NaN : Math.min(tpr.ratio, fpr.ratio),
    equal_opportunity_difference: tpr.diff,
  };
  const fewGroups = eligible.length < 2 ? `fewer than two groups of at least ${minGroupSize} rows` : undefined;
  if (fewGroups) for (const d of FAIRLEARN_DISPARITIES) undef.push({ what: d, why: fewGroups });
  else {
    if (Number.isNaN(dp.ratio))
      undef.push({ what: "demographic_parity_ratio", why: "every group's selection rate is zero" });
    if (Number.isNaN(tpr.diff))
      undef.push({
        what: "equal_opportunity_difference",
        why:
          minPositives > 1
            ? `fewer than two groups have at least ${minPositives} actual positives`
            : "fewer than two groups have actual positives",
      });
    if (Number.isNaN(disparities.equalized_odds_difference!))
      undef.push({
        what: "equalized_odds_difference",
        why: "fewer than two groups have both actual positives and actual negatives",
      });
    if (Number.isNaN(disparities.equalized_odds_ratio!) && !Number.isNaN(disparities.equalized_odds_difference!))
      undef.push({ what: "equalized_odds_ratio", why: "a largest rate is zero" });
  }

  if (options.privileged !== undefined) {
    const priv = counts.get(options.privileged);
    const unprivCounts = [...counts]
      .filter(([g]) => g !== options.privileged && !groups.find((r) => r.group === g)!.small)
      .map(([, c]) => c);
    if (!priv) {
      for (const d of AIF360_DISPARITIES) undef.push({ what: d, why: `no rows have ${by}=${options.privileged}` });
      for (const d of AIF360_DISPARITIES) disparities[d] = NaN;
    } else {
      const p = groupRow(options.privileged, priv, minGroupSize);
      const u = groupRow("unprivileged", pooled(unprivCounts), minGroupSize);
      disparities.disparate_impact = div(u.selection_rate, p.selection_rate);
      disparities.statistical_parity_difference = u.selection_rate - p.selection_rate;
      disparities.average_odds_difference = 0.5 * (u.fpr - p.fpr + (u.recall - p.recall));
      if (Number.isNaN(disparities.disparate_impact))
        undef.push({
          what: "disparate_impact",
          why: p.count === 0 ? "the privileged group is empty" : "the privileged group's selection rate is zero",
        });
      if (Number.isNaN(disparities.average_odds_difference))
        undef.push({
          what: "average_odds_difference",
          why: "the privileged or the pooled unprivileged groups lack actual positives or negatives",
        });
    }
  }
  return { by, groups, disparities, privileged: options.privileged, minGroupSize, minPositives, undefined: undef };
}

/** Group labels for the intersection of several columns, e.g. "female & <25". */
export function intersect(columns: ArrayLike<string>[]): string[] {
  const n = columns[0]?.length ?? 0;
  return Array.from({ length: n }, (_, i) => columns.map((c) => c[i]).join(" & "));
}

export function fairnessReport(
  yTrue: Labels,
  yPred: Labels,
  groups: ArrayLike<string>,
  by: string,
  options: ReportOptions = {},
): FairnessReport {
  return reportFromCounts(by, countByGroup(yTrue, yPred, groups), options);
}

/**
 * Per-group confusion counts as flat cells (group × tp, fp, fn, tn), the
 * layout the bootstrap resamples, and back.
 */
export function groupCells(counts: Map<string, ConfusionCounts>): { groups: string[]; cells: Float64Array } {
  const groups = [...counts.keys()];
  const cells = new Float64Array(groups.length * 4);
  groups.forEach((g, i) => {
    const c = counts.get(g)!;
    cells.set([c.tp, c.fp, c.fn, c.tn], i * 4);
  });
  return { groups, cells };
}

export function countsFromCells(groups: string[], cells: ArrayLike<number>): Map<string, ConfusionCounts> {
  return new Map(
    groups.map((g, i) => [g, { tp: cells[i * 4], fp: cells[i * 4 + 1], fn: cells[i * 4 + 2], tn: cells[i * 4 + 3] }]),
  );
}
