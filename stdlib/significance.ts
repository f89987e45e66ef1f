/**
 * Is model A really better than model B on the same test rows, and how many
 * cases would an A/B trial of the two need?
 *
 *  - The paired bootstrap resamples rows once for both models, so the
 *    difference keeps the correlation between their errors on the same rows.
 *    For metrics of the confusion counts the resampled table is label ×
 *    A's decision × B's decision (8 cells, multinomial, as in bootstrap.ts);
 *    any other metric resamples row indices.
 *  - McNemar's test for accuracy-type needs looks only at the discordant
 *    rows: b where A is right and B wrong, c the reverse. The exact test is
 *    the two-sided binomial test of b among b + c at 1/2 (statsmodels'
 *    mcnemar(exact=True), SciPy's binomtest); the asymptotic one is
 *    chi-square with one degree of freedom and the continuity correction
 *    (|b − c| − 1)² / (b + c).
 *  - Cases per arm for a two-proportion trial (two-sided, equal arms, no
 *    continuity correction; Fleiss, Levin & Paik 2003, eq. 4.14):
 *    n = (z₁₋α/₂ √(2 p̄ q̄) + z₁₋β √(p₁q₁ + p₂q₂))² / (p₁ − p₂)², rounded up.
 */
import { bootstrapCells, BootstrapOptions, Interval, percentile } from "./bootstrap";
import { logGamma, fastRng } from "./sampling";
import type { ConfusionCounts, Labels } from "./metrics";

// ---------------------------------------------------------------------------
// The normal distribution.

/**
 * Complementary error function: Numerical Recipes' erfcc (a Chebyshev fit),
 * fractional error below 1.2e-7 everywhere; ample for p-values.
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Standard normal distribution function Φ(x). */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/**
 * Standard normal quantile Φ⁻¹(p), Peter Acklam's rational approximation
 * (relative error below 1.15e-9), without a refinement step.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return -Infinity;
    if (p === 1) return Infinity;
    return NaN;
  }
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
  ];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low || p > 1 - low) {
    const q = Math.sqrt(-2 * Math.log(p < low ? p : 1 - p));
    const x =
      (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    return p < low ? x : -x;
  }
  const q = p - 0.5,
    r = q * q;
  return (
    ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  );
}

// ---------------------------------------------------------------------------
// McNemar's test.

export interface McNemar {
  /** Rows where A is right and B wrong. */
  b: number;
  /** Rows where A is wrong and B right. */
  c: number;
  /** Exact two-sided binomial p-value. */
  exactP: number;
  /** (|b − c| − 1)² / (b + c), or 0 when b = c (no correction then, as R's mcnemar.test); NaN with no discordant rows. */
  chiSquare: number;
  /** Its p-value, chi-square with one degree of freedom. */
  chiSquareP: number;
}

/** P(X ≤ k) for X ~ Binomial(n, 1/2), summed in log space so large n does not underflow the terms. */
function binomialHalfCdf(k: number, n: number): number {
  let sum = 0;
  const logHalfN = n * Math.log(0.5);
  for (let i = 0; i <= k; i++) sum += Math.exp(logGamma(n + 1) - logGamma(i + 1) - logGamma(n - i + 1) + logHalfN);
  return sum;
}

export function mcnemarFromCounts(b: number, c: number): McNemar {
  const n = b + c;
  const exactP = n === 0 ? 1 : Math.min(1, 2 * binomialHalfCdf(Math.min(b, c), n));
  const chiSquare = n === 0 ? NaN : b === c ? 0 : (Math.abs(b - c) - 1) ** 2 / n;
  // With one degree of freedom, P(χ² > x) = P(|Z| > √x) = erfc(√(x/2)).
  const chiSquareP = n === 0 ? NaN : chiSquare === 0 ? 1 : erfc(Math.sqrt(chiSquare / 2));
  return { b, c, exactP, chiSquare, chiSquareP };
}

/** McNemar's test of two models' decisions on the same rows. */
export function mcnemar(yTrue: Labels, predA: Labels, predB: Labels): McNemar {
  let b = 0,
    c = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const aRight = predA[i] === yTrue[i],
      bRight = predB[i] === yTrue[i];
    if (aRight && !bRight) b++;
    else if (!aRight && bRight) c++;
  }
  return mcnemarFromCounts(b, c);
}

// ---------------------------------------------------------------------------
// Paired bootstrap.

export interface PairedDifference {
  /** Metric of A minus metric of B, with its interval. */
  difference: Interval;
  /** Share of (defined) resamples where A's value exceeds B's. */
  shareAGreater: number;
  /** Whether the interval of the difference excludes zero. */
  significant: boolean;
}

function summarise(estimate: number, draws: Float64Array, level: number, samples: number): PairedDifference {
  const defined = draws.filter((v) => !Number.isNaN(v)).sort();
  let greater = 0;
  for (const v of defined) greater += v > 0 ? 1 : 0;
  const low = percentile(defined, (1 - level) / 2),
    high = percentile(defined, 1 - (1 - level) / 2);
  return {
    difference: { estimate, low, high, level, samples, undefinedShare: 1 - defined.length / samples },
    shareAGreater: defined.length ? greater / defined.length : NaN,
    significant: low > 0 || high < 0,
  };
}

/**
 * Paired bootstrap of a confusion-count metric (accuracy, recall, ...):
 * the 8 cells label × A's decision × B's decision are resampled together.
 */
export function pairedCountBootstrap(
  yTrue: Labels,
  predA: Labels,
  predB: Labels,
  metric: (c: ConfusionCounts) => number,
  options: BootstrapOptions = {},
): PairedDifference {
  const cells = new Float64Array(8);
  for (let i = 0; i < yTrue.length; i++)
    cells[(yTrue[i] === 1 ? 4 : 0) + (predA[i] === 1 ? 2 : 0) + (predB[i] === 1 ? 1 : 0)]++;
  const confusion = (r: ArrayLike<number>, model: 2 | 1): ConfusionCounts => {
    const c: ConfusionCounts = { tp: 0, fp: 0, fn: 0, tn: 0 };
    for (let k = 0; k < 8; k++) {
      const positive = k >= 4,
        predicted = (k & model) !== 0;
      if (positive) predicted ? (c.tp += r[k]) : (c.fn += r[k]);
      else predicted ? (c.fp += r[k]) : (c.tn += r[k]);
    }
    return c;
  };
  const samples = options.samples ?? 1000,
    level = options.level ?? 0.95;
  const draws = new Float64Array(samples);
  let s = 0;
  const { value } = bootstrapCells(
    cells,
    (r) => {
      const d = metric(confusion(r, 2)) - metric(confusion(r, 1));
      // The first call is the estimate on the observed cells; the rest are the resamples.
      if (r !== cells) draws[s++] = d;
      return { value: d };
    },
    { purpose: "paired", ...options, samples, level },
  );
  return summarise(value.estimate, draws, level, samples);
}

/**
 * Paired bootstrap by row indices: each resample draws n row indices once and
 * both models' values are computed on those same rows. `value(model, rows)`
 * gets the resampled indices (the identity for the estimate).
 */
export function pairedIndexBootstrap(
  n: number,
  value: (model: "a" | "b", rows: Int32Array) => number,
  options: BootstrapOptions = {},
): PairedDifference {
  const samples = options.samples ?? 1000,
    level = options.level ?? 0.95;
  const u = fastRng(options.seed ?? 0, options.purpose ?? "paired");
  const rows = new Int32Array(n);
  const draws = new Float64Array(samples);
  for (let s = 0; s < samples; s++) {
    for (let j = 0; j < n; j++) rows[j] = Math.floor(u() * n);
    draws[s] = value("a", rows) - value("b", rows);
  }
  const all = Int32Array.from({ length: n }, (_, i) => i);
  return summarise(value("a", all) - value("b", all), draws, level, samples);
}

/** Paired bootstrap of any metric of labels and scores (ROC AUC, log loss, ...), resampling row indices. */
export function pairedBootstrap(
  yTrue: Labels,
  scoreA: Labels,
  scoreB: Labels,
  metric: (yTrue: Labels, yScore: Labels) => number,
  options: BootstrapOptions = {},
): PairedDifference {
  const n = yTrue.length;
  if (scoreA.length !== n || scoreB.length !== n)
    throw new RangeError(`both models must be scored on the same ${n} rows, not ${scoreA.length} and ${scoreB.length}`);
  const y = new Float64Array(n),
    score = new Float64Array(n);
  return pairedIndexBootstrap(
    n,
    (model, rows) => {
      const source = model === "a" ? scoreA : scoreB;
      for (let j = 0; j < n; j++) {
        y[j] = yTrue[rows[j]];
        score[j] = source[rows[j]];
      }
      return metric(y, score);
    },
    options,
  );
}

// ---------------------------------------------------------------------------
// A/B trial size.

export interface TrialSize {
  /** Cases in each arm. */
  perArm: number;
  total: number;
}

/** Cases per arm to detect p1 against p2 with a two-sided test at significance alpha and the given power. */
export function twoProportionSampleSize(p1: number, p2: number, alpha = 0.05, power = 0.8): TrialSize {
  for (const [name, p] of [
    ["p1", p1],
    ["p2", p2],
    ["alpha", alpha],
    ["power", power],
  ] as const)
    if (!(p > 0 && p < 1)) throw new RangeError(`${name} must lie strictly between 0 and 1, not ${p}`);
  if (p1 === p2) throw new RangeError("the two proportions are equal: no trial size detects a difference of zero");
  const za = normalQuantile(1 - alpha / 2),
    zb = normalQuantile(power);
  const mean = (p1 + p2) / 2;
  const root = za * Math.sqrt(2 * mean * (1 - mean)) + zb * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  const perArm = Math.ceil((root * root) / (p1 - p2) ** 2);
  return { perArm, total: 2 * perArm };
}
