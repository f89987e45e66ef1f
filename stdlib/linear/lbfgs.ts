/**
 * L-BFGS for logistic models too wide for Newton's Hessian (many classes
 * times many features): the same objective, from θ = 0 as scikit-learn's
 * lbfgs solver starts, so for a multinomial model every step stays in the
 * subspace where each column's coefficients sum to zero over the classes
 * (the gradient never leaves it), and the solution is scikit-learn's.
 * Each step: the two-loop recursion over the last 10 pairs, then
 * backtracking (Armijo) from the full step; pairs without positive
 * curvature are not kept. A step is cheap, so it may take up to
 * 10 × max_iter of them.
 */
import { scores } from "./rows";
import {
  gradientOf,
  maxAbs,
  objectiveOf,
  outputsOf,
  toProbabilities,
  type LogisticProblem,
  type SolverResult,
  type SolverStep,
} from "./loss";

const MEMORY = 10;
export const LBFGS_STEPS_PER_ITER = 10;

const dot = (a: Float64Array, b: Float64Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

export function* lbfgsSteps(p: LogisticProblem): Generator<SolverStep, SolverResult, void> {
  const k = outputsOf(p),
    { n, d } = p.rows;
  const size = k * (d + 1);
  let sumWeights = 0;
  for (let i = 0; i < n; i++) sumWeights += p.weights ? p.weights[i] : 1;
  let theta = new Float64Array(size);
  const z = new Float64Array(n * k);
  const evaluate = (at: Float64Array) => {
    scores(p.rows, at, k, z);
    const f = objectiveOf(p, at, z);
    toProbabilities(z, k);
    return { f, g: gradientOf(p, at, z) };
  };
  let { f, g } = evaluate(theta);
  const pairs: { s: Float64Array; y: Float64Array; rho: number }[] = [];
  let iterations = 0,
    converged = false,
    gradNorm = maxAbs(g) / sumWeights;
  const limit = p.maxIter * LBFGS_STEPS_PER_ITER;
  for (;;) {
    if (iterations > 0) yield { iteration: iterations, objective: f / sumWeights, gradient: gradNorm, theta };
    if (gradNorm <= p.tol) {
      converged = true;
      break;
    }
    if (iterations >= limit) break;
    // Two-loop recursion: direction = -H g.
    const q = Float64Array.from(g);
    const alphas: number[] = [];
    for (let m = pairs.length - 1; m >= 0; m--) {
      const a = pairs[m].rho * dot(pairs[m].s, q);
      alphas[m] = a;
      for (let i = 0; i < size; i++) q[i] -= a * pairs[m].y[i];
    }
    const last = pairs[pairs.length - 1];
    // No pair yet: a first step of length 1 in the largest gradient entry's scale.
    const gamma = last ? dot(last.s, last.y) / dot(last.y, last.y) : 1 / Math.max(maxAbs(g), 1e-12);
    for (let i = 0; i < size; i++) q[i] *= gamma;
    for (let m = 0; m < pairs.length; m++) {
      const b = pairs[m].rho * dot(pairs[m].y, q);
      for (let i = 0; i < size; i++) q[i] += (alphas[m] - b) * pairs[m].s[i];
    }
    for (let i = 0; i < size; i++) q[i] = -q[i];
    let slope = dot(g, q);
    if (!(slope < 0)) {
      // Not a descent direction (rounding): start again from steepest descent.
      pairs.length = 0;
      for (let i = 0; i < size; i++) q[i] = -g[i] / Math.max(maxAbs(g), 1e-12);
      slope = dot(g, q);
    }
    let t = 1,
      next: { f: number; g: Float64Array } | undefined,
      trial = new Float64Array(size);
    for (let halvings = 0; halvings < 40; halvings++, t /= 2) {
      for (let i = 0; i < size; i++) trial[i] = theta[i] + t * q[i];
      const e = evaluate(trial);
      if (e.f <= f + 1e-4 * t * slope) {
        next = e;
        break;
      }
    }
    if (!next || !(next.f <= f)) break;
    const s = new Float64Array(size),
      y = new Float64Array(size);
    for (let i = 0; i < size; i++) {
      s[i] = trial[i] - theta[i];
      y[i] = next.g[i] - g[i];
    }
    const sy = dot(s, y);
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      pairs.push({ s, y, rho: 1 / sy });
      if (pairs.length > MEMORY) pairs.shift();
    }
    theta = trial;
    trial = new Float64Array(size);
    ({ f, g } = next);
    gradNorm = maxAbs(g) / sumWeights;
    iterations++;
  }
  return { theta, outputs: k, iterations, converged, objective: f / sumWeights, gradient: gradNorm, method: "L-BFGS" };
}
