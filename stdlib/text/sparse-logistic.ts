/**
 * Multinomial logistic regression on a sparse matrix (the TF-IDF baseline),
 * fitted exactly: the minimum of scikit-learn's `LogisticRegression`
 * objective (lbfgs, multinomial, L2 on the weights and not the intercepts)
 *
 *   Σᵢ −log softmax(xᵢ·W + b)[yᵢ] + ‖W‖² / (2C)
 *
 * by L-BFGS (10 pairs, backtracking line search), stopping as SciPy's
 * L-BFGS-B does under scikit-learn (gradient below tol, or a relative decrease
 * below ftol). One pass over the non-zero
 * entries gives the loss and its gradient, in WebAssembly SIMD
 * (stdlib/text/sparse-kernel.ts), so a Banking77-sized problem (10,003 ×
 * 10,292, ~190,000 entries, 77 classes) costs tens of milliseconds an
 * iteration and never becomes dense. Deterministic: no sampling, the same
 * data give the same weights.
 *
 * The tabular training issue's exact solver (stdlib/linear/) is dense; a text
 * model may move onto it once it takes a sparse matrix.
 */
import { NeedlabError } from "../errors";
import type { Csr } from "./sparse";
import { NONE, SparseLogisticKernel } from "./sparse-kernel";

export interface SparseLogisticOptions {
  /** Inverse regularisation strength (scikit-learn's C). */
  C: number;
  maxIter: number;
  /** Stop when the largest gradient entry is at most this (scikit-learn's tol, SciPy's gtol). */
  tol: number;
  /** Or when an iteration lowers the loss by at most this share of it (SciPy L-BFGS-B's ftol). */
  ftol: number;
}

// scikit-learn's tol and SciPy's default ftol (2.22e-9, i.e. factr 1e7), so both stop at the same place.
export const DEFAULT_SPARSE_LOGISTIC: SparseLogisticOptions = {
  C: 1,
  maxIter: 1000,
  tol: 1e-4,
  ftol: 2.220446049250313e-9,
};

export interface SparseLogisticModel {
  classes: number;
  features: number;
  /** Feature-major [features × classes]: class k's weight of feature j at j·classes + k. */
  weights: Float64Array;
  bias: Float64Array;
  iterations: number;
  /** Loss and gradient evaluations (iterations plus line-search steps). */
  evaluations: number;
  converged: boolean;
}

/** Pairs of steps the L-BFGS keeps (SciPy's default m). */
const MEMORY = 10;

/**
 * The L-BFGS direction −H·g into q from the stored pairs (the two-loop recursion), rho[m] = 1 / (y_mᵀ s_m).
 * Each update of q is fused with the dot product the next step needs, so q is read once per pair.
 */
function direction(k: SparseLogisticKernel, g: number, S: number[], Y: number[], rho: number[], q: number): void {
  k.copy(q, g);
  const m = S.length;
  if (m === 0) {
    k.scaleDot(q, -1, NONE);
    return;
  }
  const alpha: number[] = [];
  let sq = k.dot(S[m - 1], q); // s_mᵀ q, ready for the first step
  for (let i = m - 1; i >= 0; i--) {
    alpha[i] = rho[i] * sq;
    sq = k.axpyDot(q, -alpha[i], Y[i], i > 0 ? S[i - 1] : NONE);
  }
  const last = m - 1;
  const gamma = 1 / (rho[last] * k.dot(Y[last], Y[last])); // sᵀy / yᵀy: the scale of the initial Hessian
  let yq = k.scaleDot(q, gamma, Y[0]);
  for (let i = 0; i < m; i++) yq = k.axpyDot(q, alpha[i] - rho[i] * yq, S[i], i + 1 < m ? Y[i + 1] : NONE);
  k.scaleDot(q, -1, NONE);
}

/** Fits the weights; `y` holds class indices 0 … classes − 1. */
export function fitSparseLogistic(
  X: Csr,
  y: ArrayLike<number>,
  classes: number,
  options: Partial<SparseLogisticOptions> = {},
): SparseLogisticModel {
  const o = { ...DEFAULT_SPARSE_LOGISTIC, ...options };
  if (y.length !== X.rows) throw new NeedlabError(`${y.length} labels for ${X.rows} texts: give one label per text`);
  if (!(o.C > 0)) throw new NeedlabError(`C ${o.C}: give a positive number`);
  const K = classes;
  // Five working vectors and MEMORY + 1 pairs (the stored ones and the next), laid out once: a Banking77 vector is 6 MB.
  const k = new SparseLogisticKernel(X, y, K, 5 + 2 * (MEMORY + 1), o.C);
  let [theta, grad, next, nextGrad] = k.vectors;
  const d = k.vectors[4];
  const spares = k.vectors.slice(5);
  let spareS = spares.pop()!,
    spareY = spares.pop()!;
  let f = k.lossGradient(theta, grad),
    evaluations = 1;
  const S: number[] = [],
    Y: number[] = [],
    rho: number[] = [];
  let iterations = 0,
    converged = false;
  for (; iterations < o.maxIter; iterations++) {
    if (k.maxAbs(grad) <= o.tol) {
      converged = true;
      break;
    }
    direction(k, grad, S, Y, rho, d);
    let slope = k.dot(grad, d);
    if (slope >= 0) {
      // Not a descent direction (rounding): restart from steepest descent.
      spares.push(...S, ...Y);
      S.length = Y.length = rho.length = 0;
      direction(k, grad, S, Y, rho, d);
      slope = k.dot(grad, d);
    }
    let step = S.length === 0 ? Math.min(1, 1 / k.maxAbs(grad)) : 1;
    let fNext = Infinity;
    for (let tries = 0; tries < 50; tries++) {
      k.stepTo(next, theta, step, d);
      fNext = k.lossGradient(next, nextGrad);
      evaluations++;
      if (fNext <= f + 1e-4 * step * slope) break; // Armijo: enough decrease
      step /= 2;
    }
    if (!(fNext < f)) {
      converged = true; // no further decrease is representable
      break;
    }
    const curvature = k.differences(spareS, spareY, next, theta, nextGrad, grad);
    if (curvature > 1e-12) {
      S.push(spareS);
      Y.push(spareY);
      rho.push(1 / curvature);
      if (S.length > MEMORY) {
        spares.push(S.shift()!, Y.shift()!);
        rho.shift();
      }
      [spareS, spareY] = [spares.pop()!, spares.pop()!];
    }
    const relative = (f - fNext) / Math.max(Math.abs(f), Math.abs(fNext), 1);
    [theta, next] = [next, theta];
    [grad, nextGrad] = [nextGrad, grad];
    f = fNext;
    if (relative <= o.ftol) {
      converged = true;
      break;
    }
  }
  return {
    classes: K,
    features: X.cols,
    weights: k.read(theta, 0, X.cols * K),
    bias: k.read(theta, X.cols * K),
    iterations,
    evaluations,
    converged,
  };
}

/** Class probabilities, row-major [rows × classes]. */
export function predictSparseLogistic(model: SparseLogisticModel, X: Csr): Float64Array {
  const K = model.classes,
    out = new Float64Array(X.rows * K);
  for (let i = 0; i < X.rows; i++) {
    const z = out.subarray(i * K, (i + 1) * K);
    z.set(model.bias);
    for (let p = X.indptr[i]; p < X.indptr[i + 1]; p++) {
      const v = X.data[p],
        base = X.indices[p] * K;
      for (let k = 0; k < K; k++) z[k] += v * model.weights[base + k];
    }
    let max = -Infinity,
      sum = 0;
    for (let k = 0; k < K; k++) max = Math.max(max, z[k]);
    for (let k = 0; k < K; k++) sum += z[k] = Math.exp(z[k] - max);
    for (let k = 0; k < K; k++) z[k] /= sum;
  }
  return out;
}
