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
 * entries gives the loss and its gradient, so a Banking77-sized problem
 * (10,003 × 10,292, ~250,000 entries, 77 classes) costs milliseconds an
 * iteration and never becomes dense. Deterministic: no sampling, the same
 * data give the same weights.
 *
 * The tabular training issue's exact solver (stdlib/linear/) is dense; a text
 * model may move onto it once it takes a sparse matrix.
 */
import { NeedlabError } from "../errors";
import type { Csr } from "./sparse";

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

/** Loss and gradient at theta = [W (features × classes), b (classes)] in one pass over the entries. */
function lossAndGradient(theta: Float64Array, X: Csr, y: ArrayLike<number>, K: number, C: number, grad: Float64Array) {
  const { indptr, indices, data, rows } = X; // locals: the hot loops read them millions of times
  const FK = X.cols * K;
  grad.fill(0);
  const z = new Float64Array(K);
  let loss = 0;
  for (let i = 0; i < rows; i++) {
    const start = indptr[i],
      end = indptr[i + 1],
      label = y[i];
    for (let k = 0; k < K; k++) z[k] = theta[FK + k];
    for (let p = start; p < end; p++) {
      const v = data[p],
        base = indices[p] * K;
      for (let k = 0; k < K; k++) z[k] += v * theta[base + k];
    }
    let max = -Infinity;
    for (let k = 0; k < K; k++) if (z[k] > max) max = z[k];
    loss -= z[label] - max;
    let sum = 0;
    for (let k = 0; k < K; k++) sum += z[k] = Math.exp(z[k] - max);
    loss += Math.log(sum);
    for (let k = 0; k < K; k++) z[k] /= sum; // z becomes the residual p − onehot(y)
    z[label] -= 1;
    for (let p = start; p < end; p++) {
      const v = data[p],
        base = indices[p] * K;
      for (let k = 0; k < K; k++) grad[base + k] += v * z[k];
    }
    for (let k = 0; k < K; k++) grad[FK + k] += z[k];
  }
  const half = 1 / (2 * C),
    inv = 1 / C;
  for (let j = 0; j < FK; j++) {
    const w = theta[j];
    loss += w * w * half;
    grad[j] += w * inv;
  }
  return loss;
}

const dot = (a: Float64Array, b: Float64Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};
const maxAbs = (a: Float64Array) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) if (Math.abs(a[i]) > m) m = Math.abs(a[i]);
  return m;
};

/** L-BFGS direction −H·g from the stored pairs (the two-loop recursion). */
function direction(g: Float64Array, S: Float64Array[], Y: Float64Array[], q: Float64Array): Float64Array {
  q.set(g);
  const alpha: number[] = [];
  for (let m = S.length - 1; m >= 0; m--) {
    const a = dot(S[m], q) / dot(Y[m], S[m]);
    alpha[m] = a;
    for (let i = 0; i < q.length; i++) q[i] -= a * Y[m][i];
  }
  if (S.length > 0) {
    const last = S.length - 1,
      gamma = dot(S[last], Y[last]) / dot(Y[last], Y[last]);
    for (let i = 0; i < q.length; i++) q[i] *= gamma;
  }
  for (let m = 0; m < S.length; m++) {
    const b = dot(Y[m], q) / dot(Y[m], S[m]);
    for (let i = 0; i < q.length; i++) q[i] += S[m][i] * (alpha[m] - b);
  }
  for (let i = 0; i < q.length; i++) q[i] = -q[i];
  return q;
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
  const K = classes,
    size = X.cols * K + K;
  // Six vectors of the parameters' size and the ten pairs, allocated once: a Banking77 vector is 6 MB.
  let theta = new Float64Array(size),
    grad = new Float64Array(size),
    next = new Float64Array(size),
    nextGrad = new Float64Array(size),
    spareS: Float64Array = new Float64Array(size),
    spareY: Float64Array = new Float64Array(size);
  const d = new Float64Array(size);
  let f = lossAndGradient(theta, X, y, K, o.C, grad),
    evaluations = 1;
  const S: Float64Array[] = [],
    Y: Float64Array[] = [];
  let iterations = 0,
    converged = false;
  for (; iterations < o.maxIter; iterations++) {
    if (maxAbs(grad) <= o.tol) {
      converged = true;
      break;
    }
    direction(grad, S, Y, d);
    let slope = dot(grad, d);
    if (slope >= 0) {
      // Not a descent direction (rounding): restart from steepest descent.
      S.length = Y.length = 0;
      direction(grad, S, Y, d);
      slope = dot(grad, d);
    }
    let step = S.length === 0 ? Math.min(1, 1 / maxAbs(grad)) : 1;
    let fNext = Infinity;
    for (let tries = 0; tries < 50; tries++) {
      for (let i = 0; i < size; i++) next[i] = theta[i] + step * d[i];
      fNext = lossAndGradient(next, X, y, K, o.C, nextGrad);
      evaluations++;
      if (fNext <= f + 1e-4 * step * slope) break; // Armijo: enough decrease
      step /= 2;
    }
    if (!(fNext < f)) {
      converged = true; // no further decrease is representable
      break;
    }
    let curvature = 0;
    for (let i = 0; i < size; i++) {
      spareS[i] = next[i] - theta[i];
      spareY[i] = nextGrad[i] - grad[i];
      curvature += spareS[i] * spareY[i];
    }
    if (curvature > 1e-12) {
      S.push(spareS);
      Y.push(spareY);
      if (S.length > 10) [spareS, spareY] = [S.shift()!, Y.shift()!];
      else [spareS, spareY] = [new Float64Array(size), new Float64Array(size)];
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
    weights: theta.slice(0, X.cols * K),
    bias: theta.slice(X.cols * K),
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
