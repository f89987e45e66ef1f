/**
 * How many test rows would decide an undecided verdict. A bootstrap
 * interval's half-width shrinks as 1/√N with N rows at the same rates and
 * group mix, so with the observed half-width h on n rows (on the side facing
 * the threshold) the estimate's standard error is about σ = h / z, z the
 * interval's normal quantile (1.96 at 95%). The interval then decides once
 * the distance d from the estimate to the threshold exceeds its half-width;
 * since a new sample's estimate moves too, asking that it decide with
 * probability P (80% by default, like a trial's power) gives
 *
 *   N = n · ((z + z_P) · (h / z) / d)²,
 *
 * which with P = 50% is the plain n · (h / d)². For a fairness need the rows
 * a disparity rests on are the positives of each group (TPR-based
 * measures) or the rows of each group (selection-rate measures): the group
 * with the fewest is the one that is short, and a group left out for being
 * under the minimum says how many rows in all, at the observed mix, would
 * bring it in.
 */
import type { Comparator } from "../plan/plan";
import type { DisparityName, FairnessReport, GroupRow } from "./fairness";
import type { Interval } from "./bootstrap";
import { meets } from "./needs";
import { normalQuantile } from "./significance";

export interface ShortGroup {
  group: string;
  /** What the disparity's rates in this group rest on. */
  basis: "positives" | "rows";
  has: number;
  /** Left out for being under the minimum: rows in all, at the observed mix, that would bring it in. */
  rowsToInclude?: number;
  minimum?: number;
}

export interface RowsToDecide {
  /** Test rows in all. */
  rows: number;
  /** Rows beyond the current test set. */
  more: number;
  /** The verdict the observed value points to. */
  toward: "pass" | "fail";
  /** Probability that a test set of that size decides. */
  probability: number;
  shortGroup?: ShortGroup;
  /** One sentence for the verdict table. */
  text: string;
}

export interface RowsToDecideOptions {
  probability?: number;
}

/**
 * Rows at which an interval on `n` rows would decide the need with the given
 * probability; undefined (with the reason in `whyNot`) when the estimate sits
 * on the threshold or the interval does not straddle it.
 */
export function rowsToDecide(
  interval: Pick<Interval, "estimate" | "low" | "high" | "level">,
  need: { comparator: Comparator; threshold: number },
  n: number,
  options: RowsToDecideOptions = {},
): RowsToDecide | { whyNot: string } {
  const { estimate, low, high, level } = interval;
  const probability = options.probability ?? 0.8;
  if ([estimate, low, high].some(Number.isNaN)) return { whyNot: "the value or its interval is undefined" };
  const toward = meets(estimate, need.comparator, need.threshold) ? "pass" : "fail";
  const d = Math.abs(estimate - need.threshold);
  if (d === 0) return { whyNot: "the value sits on the threshold: no number of rows decides it at the observed rates" };
  const h = need.threshold < estimate ? estimate - low : high - estimate;
  if (h < d) return { whyNot: "the interval already decides" };
  const z = normalQuantile(1 - (1 - level) / 2);
  // Rounded up, less a relative 1e-12 so that decimal inputs (0.75 − 0.65) do not add a row to an exact answer.
  const rows = Math.ceil(n * (((z + normalQuantile(probability)) * (h / z)) / d) ** 2 * (1 - 1e-12));
  const more = Math.max(0, rows - n);
  return {
    rows,
    more,
    toward,
    probability,
    text: `about ${more} more test rows (${rows} in all, at the observed rates) would decide it (${toward}) in ${Math.round(probability * 100)}% of samples`,
  };
}

const TPR_BASED: readonly DisparityName[] = [
  "equal_opportunity_difference",
  "equalized_odds_difference",
  "equalized_odds_ratio",
  "average_odds_difference",
];

/** The group whose rates a disparity rests on least: the one more rows must reach first. */
export function shortGroup(report: FairnessReport, metric: DisparityName): ShortGroup | undefined {
  const basis = TPR_BASED.includes(metric) ? "positives" : "rows";
  const has = (r: GroupRow) => (basis === "positives" ? r.positives : r.count);
  const total = report.groups.reduce((sum, r) => sum + r.count, 0);
  const candidates = report.groups.filter((r) => r.count > 0);
  if (!candidates.length) return undefined;
  const short = candidates.reduce((a, b) => (has(b) < has(a) ? b : a));
  const minimum = short.small
    ? report.minGroupSize
    : basis === "positives" && short.fewPositives
      ? report.minPositives
      : undefined;
  const out: ShortGroup = { group: short.group, basis, has: has(short) };
  if (minimum !== undefined) {
    out.minimum = minimum;
    // Rows scale with the total at the observed mix; the basis the group needs is `minimum` of whichever it lacks.
    const base = short.small ? short.count : short.positives;
    if (base > 0) out.rowsToInclude = Math.ceil((minimum * total) / base);
  }
  return out;
}

/** rowsToDecide for a fairness need, naming the short group. */
export function rowsToDecideFairness(
  interval: Pick<Interval, "estimate" | "low" | "high" | "level">,
  need: { comparator: Comparator; threshold: number; metric: DisparityName },
  report: FairnessReport,
  options: RowsToDecideOptions = {},
): RowsToDecide | { whyNot: string } {
  const n = report.groups.reduce((sum, r) => sum + r.count, 0);
  const group = shortGroup(report, need.metric);
  const base = rowsToDecide(interval, need, n, options);
  if ("whyNot" in base) return base;
  if (!group) return base;
  const rows = Math.max(base.rows, group.rowsToInclude ?? 0);
  const short =
    group.minimum !== undefined
      ? `${report.by}=${group.group} has ${group.has} ${group.basis}, under the minimum ${group.minimum}`
      : `${report.by}=${group.group} is shortest, with ${group.has} ${group.basis}`;
  return {
    ...base,
    rows,
    more: Math.max(0, rows - n),
    shortGroup: group,
    text: `about ${Math.max(0, rows - n)} more test rows (${rows} in all, at the observed rates and group mix) would decide it (${base.toward}) in ${Math.round(base.probability * 100)}% of samples; ${short}`,
  };
}
