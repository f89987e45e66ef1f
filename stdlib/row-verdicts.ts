/**
 * Verdicts for needs measured on rows one by one (regression and multiclass
 * targets): the bootstrap resamples rows, each row its own cell of the
 * seeded multinomial bootstrap, and a need's value is recomputed with the
 * resample's counts as row weights.
 */
import { bootstrapCells, Interval } from "./bootstrap";
import { decide, Verdict } from "./evaluate";
import { deriveSeed } from "./random";
import type { NeedSetSpec, NeedSpec, OperationalMetric } from "../dsl/plan";

export interface RowVerdictOptions {
  seed?: number;
  samples?: number;
}

/**
 * `valueOf(need)` gives the function that measures a need for given row
 * weights (it throws, with the reason, for a need the target cannot have).
 */
export function rowVerdicts(
  model: string,
  rows: number,
  needs: NeedSetSpec,
  valueOf: (need: NeedSpec) => (weights: ArrayLike<number>) => number,
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
    const value = valueOf(need);
    const measured = value(ones);
    const bootstrap = { samples: options.samples ?? 1000, seed: deriveSeed(options.seed ?? 0, `${model}:${need.id}`) };
    const interval: Interval = { ...bootstrapCells(ones, (w) => ({ value: value(w) }), bootstrap).value, estimate: measured };
    return { need, model, measured, interval, status: decide(measured, interval, need) };
  });
}
