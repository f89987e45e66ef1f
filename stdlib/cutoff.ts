/**
 * Choosing a model's cut-off on rows it may look at (the validation part, or
 * out-of-fold predictions), never on the test rows: the cut-off that
 * minimises the expected cost (or maximises or minimises a count metric)
 * among those that meet every constraint.
 *
 * The candidates are the distinct scores (a row is positive when its score is
 * at least the cut-off) and one cut-off just above the highest score (no row
 * positive). Sorting the scores once makes the confusion counts at every
 * candidate a running sum, so the sweep costs O(n log n). Among equally good
 * cut-offs the highest is chosen (fewest positive decisions). A metric that
 * is undefined at a cut-off (precision with nothing predicted positive)
 * does not meet a constraint there.
 */
import type { Comparator, GroupCostsSpec } from "../plan/plan";
import { COUNT_METRICS, type ConfusionCounts, type CountMetricName, type Labels } from "./metrics";
import { meets } from "./needs";
import { expectedCost, PER_DECISIONS, type CostTable } from "./decisions";

/** What a cut-off can be judged by: the confusion-count metrics and the share of rows selected. */
export type CutoffMetric = CountMetricName | "selection_rate";

/** Prices of decisions, and optionally other prices for the groups of one sensitive column. */
export interface Prices {
  costs: CostTable;
  costsBy?: GroupCostsSpec;
}

export type CutoffConstraint = { comparator: Comparator; threshold: number } & (
  { metric: CutoffMetric } | ({ metric: "expected_cost" } & Prices)
);

export type CutoffObjective =
  ({ goal: "minimise"; metric: "expected_cost" } & Prices) | { goal: "minimise" | "maximise"; metric: CutoffMetric };

/** The rows a cut-off is chosen on: labels, scores, and each sensitive column's group per row (for prices by group). */
export interface CutoffRows {
  yTrue: Labels;
  yScore: Labels;
  sensitive?: Record<string, ArrayLike<string>>;
}

export interface CutoffSweep {
  /** Candidate cut-offs, highest first. */
  cutoffs: number[];
  objective: number[];
  /** Each constraint's value at every candidate, and whether it is met there: the data for a chart. */
  constraints: { constraint: CutoffConstraint; values: number[]; met: boolean[] }[];
}

export interface CutoffChoice {
  /** Undefined when no candidate meets every constraint. */
  cutoff?: number;
  /** The objective at the chosen cut-off. */
  value?: number;
  /** The validation rows the choice rests on. */
  rows: number;
  /** Why this cut-off, or why none. */
  reason: string;
  sweep: CutoffSweep;
}

function metricValue(metric: CutoffMetric, c: ConfusionCounts): number {
  if (metric === "selection_rate") {
    const n = c.tp + c.fp + c.fn + c.tn;
    return n === 0 ? NaN : (c.tp + c.fp) / n;
  }
  return COUNT_METRICS[metric](c);
}

/** A measure's value at every candidate: expected cost priced row by row where prices differ by group. */
function valuesAt(m: CutoffObjective | CutoffConstraint, rows: CutoffRows, counts: ConfusionCounts[]): number[] {
  if (!("costs" in m)) return counts.map((c) => metricValue(m.metric, c));
  if (!m.costsBy) return counts.map((c) => expectedCost(c, m.costs));
  const groups = rows.sensitive?.[m.costsBy.column];
  if (!groups) throw new RangeError(`prices differ by '${m.costsBy.column}', but the rows have no such groups`);
  const tables = m.costsBy.groups;
  return costsAtCutoffs(rows.yTrue, rows.yScore, (i) => tables[groups[i]] ?? m.costs);
}

/** The smallest double above x: the cut-off at which no row is positive. */
function nextUp(x: number): number {
  if (x === Infinity || Number.isNaN(x)) return x;
  if (x === 0) return Number.MIN_VALUE;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigInt64(0);
  view.setBigInt64(0, x > 0 ? bits + 1n : bits - 1n);
  return view.getFloat64(0);
}

const byScoreDescending = (yScore: Labels) =>
  Array.from({ length: yScore.length }, (_, i) => i).sort((a, b) => yScore[b] - yScore[a]);

/**
 * Cost per 1,000 decisions at every candidate cut-off (the candidates of
 * countsAtCutoffs), each row priced by its own table: everyone decided
 * negative first, then each row in turn moves from fn/tn to tp/fp.
 */
export function costsAtCutoffs(yTrue: Labels, yScore: Labels, tableOf: (row: number) => CostTable): number[] {
  const n = yTrue.length;
  const order = byScoreDescending(yScore);
  let total = 0;
  for (let i = 0; i < n; i++) total += yTrue[i] === 1 ? tableOf(i).fn : (tableOf(i).tn ?? 0);
  const per = (t: number) => (n === 0 ? NaN : (PER_DECISIONS * t) / n);
  const out = [per(total)];
  for (let k = 0; k < order.length; k++) {
    const i = order[k],
      t = tableOf(i);
    total += yTrue[i] === 1 ? (t.tp ?? 0) - t.fn : t.fp - (t.tn ?? 0);
    if (k + 1 < order.length && yScore[order[k + 1]] === yScore[i]) continue;
    out.push(per(total));
  }
  return out;
}

/** Confusion counts at every candidate cut-off, highest cut-off (nothing positive) first. */
export function countsAtCutoffs(yTrue: Labels, yScore: Labels): { cutoffs: number[]; counts: ConfusionCounts[] } {
  const order = byScoreDescending(yScore);
  let positives = 0;
  for (let i = 0; i < yTrue.length; i++) positives += yTrue[i] === 1 ? 1 : 0;
  const negatives = yTrue.length - positives;
  const cutoffs = [yScore.length ? nextUp(yScore[order[0]]) : 0.5];
  const counts: ConfusionCounts[] = [{ tp: 0, fp: 0, fn: positives, tn: negatives }];
  let tp = 0,
    fp = 0;
  for (let k = 0; k < order.length; k++) {
    if (yTrue[order[k]] === 1) tp++;
    else fp++;
    // Rows tied at one score are decided together: a candidate only after the last of them.
    if (k + 1 < order.length && yScore[order[k + 1]] === yScore[order[k]]) continue;
    cutoffs.push(yScore[order[k]]);
    counts.push({ tp, fp, fn: positives - tp, tn: negatives - fp });
  }
  return { cutoffs, counts };
}

const describe = (c: CutoffConstraint) => `${c.metric} ${c.comparator} ${c.threshold}`;
const objectiveName = (o: CutoffObjective) => `${o.goal} ${o.metric}`;

/** The cut-off that best meets the objective among those meeting every constraint, on validation rows only. */
export function chooseCutoff(
  validation: CutoffRows,
  objective: CutoffObjective,
  constraints: CutoffConstraint[] = [],
): CutoffChoice {
  if (validation.yTrue.length !== validation.yScore.length)
    throw new RangeError(
      `labels and scores differ in length: ${validation.yTrue.length} vs ${validation.yScore.length}`,
    );
  const { cutoffs, counts } = countsAtCutoffs(validation.yTrue, validation.yScore);
  const sweep: CutoffSweep = {
    cutoffs,
    objective: valuesAt(objective, validation, counts),
    constraints: constraints.map((constraint) => {
      const values = valuesAt(constraint, validation, counts);
      return {
        constraint,
        values,
        met: values.map((v) => !Number.isNaN(v) && meets(v, constraint.comparator, constraint.threshold)),
      };
    }),
  };
  const better = objective.goal === "minimise" ? (a: number, b: number) => a < b : (a: number, b: number) => a > b;
  let best = -1;
  for (let k = 0; k < cutoffs.length; k++) {
    if (!sweep.constraints.every((s) => s.met[k])) continue;
    const v = sweep.objective[k];
    if (Number.isNaN(v)) continue;
    if (best < 0 || better(v, sweep.objective[best])) best = k;
  }
  const rows = validation.yTrue.length;
  if (best < 0) {
    const unmet = sweep.constraints.filter((s) => !s.met.some(Boolean)).map((s) => describe(s.constraint));
    const reason = unmet.length
      ? `no cut-off meets ${unmet.join(" and ")} on the ${rows} validation rows`
      : `no single cut-off meets ${constraints.map(describe).join(" and ")} together on the ${rows} validation rows`;
    return { rows, reason: `${reason}: relax a need or improve the model`, sweep };
  }
  const value = sweep.objective[best];
  const subject = constraints.length ? ` subject to ${constraints.map(describe).join(", ")}` : "";
  return {
    cutoff: cutoffs[best],
    value,
    rows,
    reason: `${objectiveName(objective)}${subject}: ${objective.metric} ${value} at cut-off ${cutoffs[best]} on ${rows} validation rows`,
    sweep,
  };
}

/**
 * The same choice on a whole split whose rows are tagged by part: only the
 * rows tagged "validation" are read, so the test rows cannot move it.
 */
export function chooseCutoffOnSplit(
  split: { yTrue: Labels; yScore: Labels; part: ArrayLike<"train" | "validation" | "test"> },
  objective: CutoffObjective,
  constraints: CutoffConstraint[] = [],
): CutoffChoice {
  const yTrue: number[] = [],
    yScore: number[] = [];
  for (let i = 0; i < split.part.length; i++)
    if (split.part[i] === "validation") {
      yTrue.push(split.yTrue[i]);
      yScore.push(split.yScore[i]);
    }
  if (yTrue.length === 0) throw new RangeError("the split has no validation rows to choose a cut-off on");
  return chooseCutoff({ yTrue, yScore }, objective, constraints);
}
