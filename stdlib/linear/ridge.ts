/**
 * Linear regression in closed form, minimising exactly scikit-learn's
 * Ridge(alpha = l2) objective (LinearRegression when l2 is 0):
 *
 *   Σᵢ sᵢ (yᵢ - xᵢ·w - b)² + l2 · ‖w‖²
 *
 * The intercept is unpenalised, so the columns and the target are centred
 * on their weighted means and w solves (Xcᵀ S Xc + l2 I) w = Xcᵀ S yc, by
 * Cholesky, or without a penalty on a rank-deficient design (every one-hot
 * column beside an intercept) by the pseudo-inverse: the minimum-norm
 * solution, as LinearRegression's lstsq gives.
 */
import type { SparseRows } from "./rows";
import { solveSymmetric } from "./solve";

export interface RidgeProblem {
  rows: SparseRows;
  y: ArrayLike<number>;
  weights?: ArrayLike<number>;
  l2: number;
}

/** The coefficients, then the intercept (length d + 1). */
export function solveRidge(p: RidgeProblem): Float64Array {
  const { n, d, start, col, val } = p.rows;
  const w = (i: number) => (p.weights ? p.weights[i] : 1);
  let total = 0,
    yMean = 0;
  const xMean = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const s = w(i);
    total += s;
    yMean += s * p.y[i];
    for (let e = start[i]; e < start[i + 1]; e++) xMean[col[e]] += s * val[e];
  }
  yMean /= total;
  for (let j = 0; j < d; j++) xMean[j] /= total;
  // Σ sᵢ xᵢxᵢᵀ - S x̄x̄ᵀ and Σ sᵢ xᵢyᵢ - S x̄ȳ: the centred products, from the sparse rows.
  const gram = new Float64Array(d * d),
    rhs = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const s = w(i);
    const from = start[i],
      to = start[i + 1];
    for (let a = from; a < to; a++) {
      const sa = s * val[a],
        row = col[a] * d;
      rhs[col[a]] += sa * p.y[i];
      for (let b = a; b < to; b++) gram[row + col[b]] += sa * val[b];
    }
  }
  for (let a = 0; a < d; a++) {
    rhs[a] -= total * xMean[a] * yMean;
    for (let b = a; b < d; b++) {
      const v = gram[a * d + b] - total * xMean[a] * xMean[b];
      gram[a * d + b] = v;
      gram[b * d + a] = v;
    }
    gram[a * d + a] += p.l2;
  }
  const coef = new Float64Array(d);
  solveSymmetric(gram, rhs, d, coef);
  let intercept = yMean;
  for (let j = 0; j < d; j++) intercept -= xMean[j] * coef[j];
  const out = new Float64Array(d + 1);
  out.set(coef);
  out[d] = intercept;
  return out;
}
