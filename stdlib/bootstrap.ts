/**
 * Seeded bootstrap confidence intervals. Resampling N rows with replacement
 * changes only how many rows fall in each cell of a count table (group ×
 * label × prediction, or score level × label), and those cell counts follow
 * a multinomial law: drawing it directly gives the same distribution as
 * resampling rows, at a cost independent of N.
 */
import { fastRng, multinomial } from "./sampling";

export interface Interval {
  estimate: number;
  low: number;
  high: number;
  /** e.g. 0.95 */
  level: number;
  samples: number;
  /** Share of resamples where the value was undefined (those are left out of the interval). */
  undefinedShare: number;
}

export interface BootstrapOptions {
  samples?: number;
  seed?: number;
  level?: number;
  /** Names the stream, so that two bootstraps with one seed do not share draws. */
  purpose?: string;
  /**
   * Every cell is one row (count 1): a resample is then drawn as n row
   * indices, the same distribution as the multinomial and much faster for
   * many rows.
   */
  rows?: boolean;
}

/** numpy.percentile's default (linear) interpolation on sorted values. */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos),
    hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * Percentile intervals for every value `compute` derives from a table of
 * cell counts. `compute` receives resampled counts (same layout as `cells`).
 */
export function bootstrapCells<K extends string>(
  cells: ArrayLike<number>,
  compute: (counts: ArrayLike<number>) => Record<K, number>,
  options: BootstrapOptions = {},
): Record<K, Interval> {
  const samples = options.samples ?? 1000;
  const level = options.level ?? 0.95;
  const u = fastRng(options.seed ?? 0, options.purpose ?? "bootstrap");
  let n = 0;
  for (let i = 0; i < cells.length; i++) n += cells[i];
  const estimate = compute(cells);
  const keys = Object.keys(estimate) as K[];
  const draws = new Map<K, Float64Array>(keys.map((k) => [k, new Float64Array(samples)]));
  const buffer = new Float64Array(cells.length);
  const resample = options.rows
    ? () => {
        buffer.fill(0);
        for (let j = 0; j < n; j++) buffer[Math.floor(u() * n)]++;
        return buffer;
      }
    : () => multinomial(n, cells, u, buffer);
  for (let s = 0; s < samples; s++) {
    const values = compute(resample());
    for (const k of keys) draws.get(k)![s] = values[k];
  }
  const out = {} as Record<K, Interval>;
  for (const k of keys) {
    const defined = draws
      .get(k)!
      .filter((v) => !Number.isNaN(v))
      .sort();
    out[k] = {
      estimate: estimate[k],
      low: percentile(defined, (1 - level) / 2),
      high: percentile(defined, 1 - (1 - level) / 2),
      level,
      samples,
      undefinedShare: 1 - defined.length / samples,
    };
  }
  return out;
}

/** Score levels × label counts, highest score first: the cells every score-based metric depends on. */
export interface ScoreCells {
  /** Score of each level, descending. */
  levels: Float64Array;
  /** [positives, negatives] per level, flattened. */
  cells: Float64Array;
}

export function scoreCells(yTrue: ArrayLike<number>, yScore: ArrayLike<number>, maxLevels = 20000): ScoreCells {
  const n = yTrue.length;
  // Beyond maxLevels distinct scores, scores are rounded to a grid of that many steps (for the interval only).
  const distinct = new Set<number>();
  for (let i = 0; i < n && distinct.size <= maxLevels; i++) distinct.add(yScore[i]);
  const key = distinct.size > maxLevels ? (s: number) => Math.round(s * maxLevels) / maxLevels : (s: number) => s;
  const levels = new Map<number, [number, number]>();
  for (let i = 0; i < n; i++) {
    const k = key(yScore[i]);
    let c = levels.get(k);
    if (!c) levels.set(k, (c = [0, 0]));
    c[yTrue[i] === 1 ? 0 : 1]++;
  }
  const sorted = [...levels].sort((a, b) => b[0] - a[0]);
  const cells = new Float64Array(sorted.length * 2);
  sorted.forEach(([, [pos, neg]], i) => {
    cells[2 * i] = pos;
    cells[2 * i + 1] = neg;
  });
  return { levels: Float64Array.from(sorted, ([level]) => level), cells };
}

const EPS64 = 2.220446049250313e-16;

/** Average precision, log loss and Brier score from score-level cells (same definitions as metrics.ts). */
export function scoreMetricsFromCells(
  levels: ArrayLike<number>,
  cells: ArrayLike<number>,
): { average_precision: number; log_loss: number; brier: number } {
  let pos = 0,
    n = 0;
  for (let i = 0; i < cells.length; i += 2) {
    pos += cells[i];
    n += cells[i] + cells[i + 1];
  }
  let tp = 0,
    fp = 0,
    ap = 0,
    prevRecall = 0,
    logLoss = 0,
    brier = 0;
  for (let i = 0, l = 0; i < cells.length; i += 2, l++) {
    const p = cells[i],
      q = cells[i + 1],
      s = levels[l];
    tp += p;
    fp += q;
    if (pos > 0 && tp + fp > 0) {
      const r = tp / pos;
      ap += (r - prevRecall) * (tp / (tp + fp));
      prevRecall = r;
    }
    const clipped = Math.min(1 - EPS64, Math.max(EPS64, s));
    logLoss -= p * Math.log(clipped) + q * Math.log(1 - clipped);
    brier += p * (s - 1) ** 2 + q * s * s;
  }
  return { average_precision: pos === 0 ? NaN : ap, log_loss: n ? logLoss / n : NaN, brier: n ? brier / n : NaN };
}

/** ROC AUC from score-level cells: each negative counts the positives above it, ties half. */
export function aucFromCells(cells: ArrayLike<number>): number {
  let posAbove = 0,
    area = 0,
    pos = 0,
    neg = 0;
  for (let i = 0; i < cells.length; i += 2) {
    const p = cells[i],
      q = cells[i + 1];
    area += q * (posAbove + p / 2);
    posAbove += p;
    pos += p;
    neg += q;
  }
  return pos === 0 || neg === 0 ? NaN : area / (pos * neg);
}
