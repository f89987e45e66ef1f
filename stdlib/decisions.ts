/**
 * What decisions cost. A cost table prices each cell of the confusion matrix
 * (a missed stroke, an unnecessary follow-up); the expected cost is what a
 * model's decisions cost per 1,000 decisions at the observed mix of cells.
 * Net benefit is decision-curve analysis (Vickers & Elkin 2006): true
 * positives per decision, minus false positives weighted by the odds of the
 * threshold probability pt a clinician would treat at, pt / (1 − pt).
 *
 * Both are functions of confusion counts only, so their intervals resample
 * the counts (per group where costs differ by group) with the same seeded
 * multinomial bootstrap as every other count metric (bootstrap.ts).
 */
import { bootstrapCells, BootstrapOptions, Interval } from "./bootstrap";
import type { ConfusionCounts, Labels } from "./metrics";
import { countsFromCells, groupCells } from "./fairness";
import { NeedlabError } from "./errors";
import type { NeedSpec } from "../plan/plan";

/** Cost of one decision in each cell; true positives and negatives cost nothing unless priced. */
export interface CostTable {
  fn: number;
  fp: number;
  tp?: number;
  tn?: number;
}

/** Costs that differ by group: a table per group value, and the table for every other group. */
export interface GroupCosts {
  default: CostTable;
  groups?: Record<string, CostTable>;
}

export const PER_DECISIONS = 1000;

function totalCost(c: ConfusionCounts, cost: CostTable): number {
  return c.fn * cost.fn + c.fp * cost.fp + c.tp * (cost.tp ?? 0) + c.tn * (cost.tn ?? 0);
}

const rows = (c: ConfusionCounts) => c.tp + c.fp + c.fn + c.tn;

/** Cost per 1,000 decisions; NaN when there are no decisions. */
export function expectedCost(c: ConfusionCounts, cost: CostTable): number {
  const n = rows(c);
  return n === 0 ? NaN : (PER_DECISIONS * totalCost(c, cost)) / n;
}

/** Cost per 1,000 decisions over all groups, each group's decisions priced by its own table. */
export function expectedCostByGroup(counts: Map<string, ConfusionCounts>, costs: GroupCosts): number {
  let total = 0,
    n = 0;
  for (const [group, c] of counts) {
    total += totalCost(c, costs.groups?.[group] ?? costs.default);
    n += rows(c);
  }
  return n === 0 ? NaN : (PER_DECISIONS * total) / n;
}

/**
 * Cost per 1,000 decisions from a K × K confusion matrix (rows: true class,
 * columns: predicted class) and a K × K cost matrix in the same layout:
 * costs per class for more than two classes.
 */
export function expectedCostMatrix(confusion: number[][], cost: number[][]): number {
  if (cost.length !== confusion.length || cost.some((row, i) => row.length !== confusion[i].length))
    throw new RangeError(
      `the cost matrix must be ${confusion.length} × ${confusion.length}, like the confusion matrix`,
    );
  let total = 0,
    n = 0;
  confusion.forEach((row, i) =>
    row.forEach((count, j) => {
      total += count * cost[i][j];
      n += count;
    }),
  );
  return n === 0 ? NaN : (PER_DECISIONS * total) / n;
}

function checkThresholdProbability(pt: number): void {
  if (!(pt > 0 && pt < 1))
    throw new RangeError(`the threshold probability must lie strictly between 0 and 1, not ${pt}`);
}

/** Net benefit at threshold probability pt: TP/n − FP/n · pt/(1 − pt); NaN when there are no decisions. */
export function netBenefit(c: ConfusionCounts, pt: number): number {
  checkThresholdProbability(pt);
  const n = rows(c);
  return n === 0 ? NaN : c.tp / n - (c.fp / n) * (pt / (1 - pt));
}

export interface DecisionCurve {
  thresholds: number[];
  /** The model, treating every row whose score is at least pt. */
  model: number[];
  /** Treating everyone; treating no one has net benefit 0 everywhere. */
  treatAll: number[];
}

/** Net benefit of the model and of treating everyone at each threshold probability: the decision curve. */
export function decisionCurve(yTrue: Labels, yScore: Labels, thresholds: number[]): DecisionCurve {
  let positives = 0;
  for (let i = 0; i < yTrue.length; i++) positives += yTrue[i] === 1 ? 1 : 0;
  const all: ConfusionCounts = { tp: positives, fp: yTrue.length - positives, fn: 0, tn: 0 };
  const model = thresholds.map((pt) => {
    const c: ConfusionCounts = { tp: 0, fp: 0, fn: 0, tn: 0 };
    for (let i = 0; i < yTrue.length; i++) {
      const treated = yScore[i] >= pt;
      if (yTrue[i] === 1) treated ? c.tp++ : c.fn++;
      else treated ? c.fp++ : c.tn++;
    }
    return netBenefit(c, pt);
  });
  return { thresholds, model, treatAll: thresholds.map((pt) => netBenefit(all, pt)) };
}

/**
 * A decision need's value from confusion counts: expected_cost with the
 * need's costs, net_benefit at its threshold probability (counts taken there).
 */
export function decisionValue(
  need: Pick<NeedSpec, "metric" | "text" | "costs" | "thresholdProbability">,
  c: ConfusionCounts,
): number {
  if (need.metric === "expected_cost") {
    if (!need.costs) throw new NeedlabError(`need '${need.text}' has no costs: add \`costs fn N, fp N\` to it`);
    return expectedCost(c, need.costs);
  }
  if (need.thresholdProbability === undefined)
    throw new NeedlabError(`need '${need.text}' has no threshold probability: add \`at 10%\` to it`);
  return netBenefit(c, need.thresholdProbability);
}

/**
 * A decision need's value from confusion counts by group (keyed by the
 * group of the need's `costsBy` column; any one key when its prices do not
 * differ by group): each group's decisions priced by its own table.
 */
export function decisionValueByGroup(
  need: Pick<NeedSpec, "metric" | "text" | "costs" | "costsBy" | "thresholdProbability">,
  counts: Map<string, ConfusionCounts>,
): number {
  if (need.metric === "expected_cost" && need.costs && need.costsBy)
    return expectedCostByGroup(counts, { default: need.costs, groups: need.costsBy.groups });
  const all: ConfusionCounts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (const c of counts.values()) for (const k of ["tp", "fp", "fn", "tn"] as const) all[k] += c[k];
  return decisionValue(need, all);
}

/**
 * The group of each row that prices its decision, for a need whose prices
 * differ by group (undefined otherwise); a priced group the column never
 * takes is a mistake worth one clear message.
 */
export function costGroups(
  need: Pick<NeedSpec, "text" | "costsBy">,
  sensitive: Record<string, ArrayLike<string>> | undefined,
  /** Whose rows, in words: "dataset 'loans'". */
  where: string,
): ArrayLike<string> | undefined {
  const by = need.costsBy;
  if (!by) return undefined;
  const groups = sensitive?.[by.column];
  if (!groups)
    throw new NeedlabError(
      `need '${need.text}' prices the groups of '${by.column}', which ${where} does not carry as a sensitive column: add \`sensitive ${by.column}\` to the dataset`,
    );
  const seen = new Set(Array.from(groups));
  const unknown = Object.keys(by.groups).filter((g) => !seen.has(g));
  if (unknown.length)
    throw new NeedlabError(
      `need '${need.text}' prices group ${unknown.map((g) => JSON.stringify(g)).join(", ")} of '${by.column}', which no row of ${where} has; its groups there are ${[
        ...seen,
      ]
        .sort()
        .map((g) => JSON.stringify(g))
        .join(", ")}. Fix the group's name in the costs.`,
    );
  return groups;
}

const cellsOf = (c: ConfusionCounts) => [c.tp, c.fp, c.fn, c.tn];
const countsOf = (r: ArrayLike<number>): ConfusionCounts => ({ tp: r[0], fp: r[1], fn: r[2], tn: r[3] });

/** Expected cost with its seeded bootstrap interval (resampling the four confusion cells). */
export function expectedCostInterval(c: ConfusionCounts, cost: CostTable, options: BootstrapOptions = {}): Interval {
  return bootstrapCells(cellsOf(c), (r) => ({ value: expectedCost(countsOf(r), cost) }), {
    purpose: "expected_cost",
    ...options,
  }).value;
}

/** Expected cost with group-specific costs, resampling group × cell counts (so the group mix varies too). */
export function expectedCostByGroupInterval(
  counts: Map<string, ConfusionCounts>,
  costs: GroupCosts,
  options: BootstrapOptions = {},
): Interval {
  const { groups, cells } = groupCells(counts);
  return bootstrapCells(cells, (r) => ({ value: expectedCostByGroup(countsFromCells(groups, r), costs) }), {
    purpose: "expected_cost",
    ...options,
  }).value;
}

/** Net benefit with its seeded bootstrap interval. */
export function netBenefitInterval(c: ConfusionCounts, pt: number, options: BootstrapOptions = {}): Interval {
  checkThresholdProbability(pt);
  return bootstrapCells(cellsOf(c), (r) => ({ value: netBenefit(countsOf(r), pt) }), {
    purpose: "net_benefit",
    ...options,
  }).value;
}
