/**
 * Verdicts for needs measured on rows one by one (regression and multiclass
 * targets): the bootstrap resamples rows, each row its own cell of the
 * seeded multinomial bootstrap, and a need's value is recomputed with the
 * resample's counts as row weights.
 */
import { bootstrapCells, Interval } from "./bootstrap";
import { decide, Verdict } from "./evaluate";
import { deriveSeed } from "./random";
import { rowsToDecide } from "./rows-to-decide";
import type { NeedSetSpec, NeedSpec, OperationalMetric } from "../plan/plan";

export interface RowVerdictOptions {
  seed?: number;
  samples?: number;
}

/**
 * How a need is measured: from row weights (resampled row by row), or from
 * the counts of a few cells (a confusion matrix) when the value depends on
 * nothing else: resampling the cells multinomially is then exactly the same
 * as resampling the rows, and far cheaper.
 */
export type Measure =
  ((weights: ArrayLike<number>) => number) | { cells: ArrayLike<number>; value: (counts: ArrayLike<number>) => number };

/**
 * `valueOf(need)` gives how a need is measured (it throws, with the reason,
 * for a need the target cannot have).
 */
export function rowVerdicts(
  model: string,
  rows: number,
  needs: NeedSetSpec,
  valueOf: (need: NeedSpec) => Measure,
  operational: Partial<Record<OperationalMetric, number>> | undefined,
  options: RowVerdictOptions,
): Verdict[] {
  const ones = new Float64Array(rows).fill(1);
  return needs.needs.map((need): Verdict => {
    if (need.unit) {
      // Operational needs are measured once, on this machine: no interval.
      const measured = operational?.[need.metric as OperationalMetric] ?? NaN;
      return { need, model, measured, status: decide(measured, undefined, need) };
    }
    const measure = valueOf(need);
    const { cells, value } = typeof measure === "function" ? { cells: ones, value: measure } : measure;
    const measured = value(cells);
    const bootstrap = {
      samples: options.samples ?? 1000,
      seed: deriveSeed(options.seed ?? 0, `${model}:${need.id}`),
      rows: typeof measure === "function",
    };
    const interval: Interval = {
      ...bootstrapCells(cells, (w) => ({ value: value(w) }), bootstrap).value,
      estimate: measured,
    };
    const status = decide(measured, interval, need);
    // How many more rows (at the observed rates) would settle an undecided verdict.
    const toDecide = status === "undecided" ? rowsToDecide(interval, need, rows) : undefined;
    return { need, model, measured, interval, status, ...(toDecide && { toDecide }) };
  });
}
