/**
 * Fairness for a classifier over several classes: each group's accuracy,
 * macro recall (mean recall over the classes the group has, scikit-learn's
 * balanced_accuracy_score) or recall of one class, and the gap between the
 * best and the worst group (Fairlearn's MetricFrame `difference()`, max − min
 * of the by-group values).
 *
 * Everything comes from per-group, per-true-class counts of hits and misses:
 * cells group × class × (hit, miss). Resampling those cells multinomially is
 * resampling the rows (the group mix varies too), as the binary disparities
 * resample their group × confusion cells; so a need's interval is one more
 * `{ cells, value }` measure for the row-verdict bootstrap.
 *
 * Groups smaller than the minimum group size are shown, flagged, and left
 * out; so, for the recall of one class, are groups with fewer rows of that
 * class than the minimum positives.
 */
import type { ClassGapName } from "../plan/catalogue";
import type { Undefined } from "./fairness";

export interface ClassGroupRow {
  group: string;
  count: number;
  /** Below the minimum group size: shown, but left out of the gap. */
  small: boolean;
  accuracy: number;
  macro_recall: number;
  /** The named class's recall and rows in the group (recall_difference only). */
  recall?: number;
  classRows?: number;
  /** Fewer rows of the named class than the minimum positives: left out of recall_difference. */
  fewPositives?: boolean;
}

export interface ClassGapReport {
  /** The sensitive column, or columns joined with " & ". */
  by: string;
  metric: ClassGapName;
  onClass?: string;
  groups: ClassGroupRow[];
  /** Best group's value minus the worst group's; NaN with fewer than two groups counted. */
  gap: number;
  /** The groups with the highest and the lowest value among those counted. */
  best?: string;
  worst?: string;
  minGroupSize: number;
  minPositives: number;
  undefined: Undefined[];
}

export interface GapOptions {
  metric: ClassGapName;
  /** Index of the named class (recall_difference). */
  cls?: number;
  className?: string;
  minGroupSize: number;
  minPositives: number;
}

/** Hits and misses per group and true class, groups in first-seen order. */
export function groupClassCells(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  groups: ArrayLike<string>,
  k: number,
): { groups: string[]; cells: Float64Array } {
  const index = new Map<string, number>();
  for (let i = 0; i < groups.length; i++) if (!index.has(groups[i])) index.set(groups[i], index.size);
  const cells = new Float64Array(index.size * k * 2);
  for (let i = 0; i < yTrue.length; i++) {
    const at = (index.get(groups[i])! * k + yTrue[i]) * 2;
    cells[yTrue[i] === yPred[i] ? at : at + 1]++;
  }
  return { groups: [...index.keys()], cells };
}

const div = (a: number, b: number) => (b === 0 ? NaN : a / b);

function rowOf(group: string, g: number, cells: ArrayLike<number>, k: number, o: GapOptions): ClassGroupRow {
  let hits = 0,
    count = 0,
    recalls = 0,
    present = 0;
  for (let c = 0; c < k; c++) {
    const h = cells[(g * k + c) * 2],
      rows = h + cells[(g * k + c) * 2 + 1];
    hits += h;
    count += rows;
    if (rows > 0) {
      recalls += h / rows;
      present++;
    }
  }
  const row: ClassGroupRow = {
    group,
    count,
    small: count < o.minGroupSize,
    accuracy: div(hits, count),
    macro_recall: div(recalls, present),
  };
  if (o.cls !== undefined) {
    const h = cells[(g * k + o.cls) * 2],
      rows = h + cells[(g * k + o.cls) * 2 + 1];
    Object.assign(row, { recall: div(h, rows), classRows: rows, fewPositives: rows < o.minPositives });
  }
  return row;
}

const valueOf = (row: ClassGroupRow, metric: ClassGapName) =>
  metric === "accuracy_difference"
    ? row.accuracy
    : metric === "macro_recall_difference"
      ? row.macro_recall
      : row.recall!;

/** The groups a gap counts: big enough, and (one class's recall) with enough rows of the class. */
const counted = (rows: ClassGroupRow[], metric: ClassGapName) =>
  rows.filter((r) => !r.small && !(metric === "recall_difference" && r.fewPositives));

/** Only the gap: what the bootstrap recomputes on every resample. */
export function gapFromCells(names: string[], cells: ArrayLike<number>, k: number, o: GapOptions): number {
  const values = counted(
    names.map((g, i) => rowOf(g, i, cells, k, o)),
    o.metric,
  )
    .map((r) => valueOf(r, o.metric))
    .filter((v) => !Number.isNaN(v));
  return values.length < 2 ? NaN : Math.max(...values) - Math.min(...values);
}

/** The by-group table, the gap, and why a group is left out or the gap is undefined. */
export function classGapReport(
  by: string,
  names: string[],
  cells: ArrayLike<number>,
  k: number,
  o: GapOptions,
): ClassGapReport {
  const groups = names.map((g, i) => rowOf(g, i, cells, k, o)).sort((a, b) => a.group.localeCompare(b.group));
  const undef: Undefined[] = [];
  for (const r of groups) {
    if (r.small)
      undef.push({
        what: `group ${by}=${r.group}`,
        why: `${r.count} rows, fewer than the minimum group size ${o.minGroupSize}: left out of the gap`,
      });
    else if (o.metric === "recall_difference" && r.fewPositives)
      undef.push({
        what: `group ${by}=${r.group}`,
        why: `${r.classRows} rows of class "${o.className}", fewer than the minimum positives ${o.minPositives}: left out of recall_difference`,
      });
  }
  const scored = counted(groups, o.metric)
    .map((r) => ({ group: r.group, value: valueOf(r, o.metric) }))
    .filter((r) => !Number.isNaN(r.value))
    .sort((a, b) => b.value - a.value);
  const gap = scored.length < 2 ? NaN : scored[0].value - scored[scored.length - 1].value;
  if (scored.length < 2)
    undef.push({
      what: o.metric,
      why:
        o.metric === "recall_difference"
          ? `fewer than two groups have at least ${o.minGroupSize} rows and ${o.minPositives} rows of class "${o.className}"`
          : `fewer than two groups of at least ${o.minGroupSize} rows`,
    });
  return {
    by,
    metric: o.metric,
    ...(o.className !== undefined && { onClass: o.className }),
    groups,
    gap,
    ...(scored.length >= 2 && { best: scored[0].group, worst: scored[scored.length - 1].group }),
    minGroupSize: o.minGroupSize,
    minPositives: o.minPositives,
    undefined: undef,
  };
}
