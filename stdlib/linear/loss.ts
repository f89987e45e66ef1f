/**
 * What the logistic solvers share: the problem, scikit-learn's objective
 * (Σ sᵢ · logloss + l2/2 · ‖coef‖², intercepts unpenalised) and its
 * gradient, from the sparse rows. Parameters are output-major: each
 * output's coefficients, then its intercept.
 */
import type { SparseRows } from "./rows";

export interface LogisticProblem {
  rows: SparseRows;
  /** Class index of each row (binary: 1 = positive). */
  y: ArrayLike<number>;
  /** 2: one sigmoid output; more: softmax. */
  classes: number;
  /** A softmax over both classes even when there are two (scikit-learn's multi_class="multinomial"). */
  softmax?: boolean;
  /** Row weights sᵢ; all 1 when absent. */
  weights?: ArrayLike<number>;
  /** Penalty strength (scikit-learn's 1 / C); 0: none. */
  l2: number;
  maxIter: number;
  /** Stop when every gradient entry of f / Σsᵢ is at most this. */
  tol: number;
}

export interface SolverStep {
  iteration: number;
  /** f(θ) / Σsᵢ after the step. */
  objective: number;
  /** The largest gradient entry of f / Σsᵢ after the step. */
  gradient: number;
  /** Output-major parameters after the step (each output's coefficients, then its intercept). */
  theta: Float64Array;
}

export interface SolverResult {
  theta: Float64Array;
  /** Outputs of the model: 1 (sigmoid) or the number of classes (softmax). */
  outputs: number;
  iterations: number;
  converged: boolean;
  objective: number;
  gradient: number;
  method: "Newton" | "L-BFGS";
}

/** One sigmoid output for two classes, unless a softmax over both is asked for (a multiclass target with two classes). */
export const outputsOf = (p: Pick<LogisticProblem, "classes" | "softmax">) =>
  p.classes === 2 && !p.softmax ? 1 : p.classes;

/** Probabilities from scores, in place: sigmoid (k = 1) or a row-wise softmax. */
export function toProbabilities(z: Float64Array, k: number): void {
  if (k === 1) {
    for (let i = 0; i < z.length; i++) z[i] = 1 / (1 + Math.exp(-z[i]));
    return;
  }
  for (let base = 0; base < z.length; base += k) {
    let max = -Infinity;
    for (let c = 0; c < k; c++) max = Math.max(max, z[base + c]);
    let sum = 0;
    for (let c = 0; c < k; c++) sum += z[base + c] = Math.exp(z[base + c] - max);
    for (let c = 0; c < k; c++) z[base + c] /= sum;
  }
}

/** Σ sᵢ · logloss from the scores (numerically stable), plus the penalty. */
export function objectiveOf(p: LogisticProblem, theta: Float64Array, z: Float64Array): number {
  const k = outputsOf(p),
    { n, d } = p.rows;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const s = p.weights ? p.weights[i] : 1;
    let loss: number;
    if (k === 1) {
      const zi = z[i];
      // log(1 + e^z) - y z
      loss = (zi > 0 ? zi + Math.log1p(Math.exp(-zi)) : Math.log1p(Math.exp(zi))) - (p.y[i] === 1 ? zi : 0);
    } else {
      let max = -Infinity;
      for (let c = 0; c < k; c++) max = Math.max(max, z[i * k + c]);
      let sum = 0;
      for (let c = 0; c < k; c++) sum += Math.exp(z[i * k + c] - max);
      loss = max + Math.log(sum) - z[i * k + p.y[i]];
    }
    total += s * loss;
  }
  let penalty = 0;
  for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) penalty += theta[c * (d + 1) + j] ** 2;
  return total + 0.5 * p.l2 * penalty;
}

/** The gradient of f at θ, from the probabilities of every row. */
export function gradientOf(p: LogisticProblem, theta: Float64Array, prob: Float64Array): Float64Array {
  const k = outputsOf(p),
    { n, d, start, col, val } = p.rows;
  const stride = d + 1;
  const grad = new Float64Array(k * stride);
  for (let i = 0; i < n; i++) {
    const s = p.weights ? p.weights[i] : 1;
    for (let c = 0; c < k; c++) {
      const target = k === 1 ? p.y[i] : p.y[i] === c ? 1 : 0;
      const r = s * (prob[i * k + c] - target);
      if (r === 0) continue;
      const base = c * stride;
      for (let e = start[i]; e < start[i + 1]; e++) grad[base + col[e]] += r * val[e];
      grad[base + d] += r;
    }
  }
  for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) grad[c * stride + j] += p.l2 * theta[c * stride + j];
  return grad;
}

export const maxAbs = (v: Float64Array) => v.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
