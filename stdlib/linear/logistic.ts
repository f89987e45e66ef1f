/**
 * Logistic regression solved to convergence by Newton's method, minimising
 * exactly scikit-learn's objective (LogisticRegression, lbfgs, penalty "l2"
 * with C = 1 / l2, or no penalty when l2 is 0):
 *
 *   f(θ) = Σᵢ sᵢ · logloss(xᵢ, yᵢ; θ) + (l2 / 2) · ‖coef‖²
 *
 * with sᵢ a row's weight (class weight × sample weight, as scikit-learn
 * multiplies them) and the intercepts unpenalised. Two classes: one sigmoid
 * output; more: a softmax over all K classes (multi_class="multinomial"),
 * every class's coefficients penalised.
 *
 * Newton from θ = 0 with a backtracking line search converges in a handful
 * of steps; each costs one pass over the non-zero entries for the gradient
 * and the Hessian, and a Cholesky factorisation of the (K·(d+1))² Hessian.
 * Directions the objective does not see (the softmax's shift of all classes
 * by one vector; collinear columns without a penalty) get no step, so the
 * solution is the one scikit-learn's L-BFGS reaches from zero: the
 * minimum-norm one.
 */
import { scores } from "./rows";
import { solveSymmetric } from "./solve";
import { lbfgsSteps } from "./lbfgs";
import {
  maxAbs,
  objectiveOf,
  outputsOf,
  toProbabilities,
  type LogisticProblem,
  type SolverResult,
  type SolverStep,
} from "./loss";

export type { LogisticProblem, SolverResult, SolverStep } from "./loss";

/**
 * Above this many parameters (classes × (features + 1)) a Newton step's
 * Hessian (parameters² entries, parameters³/3 to factor) costs more than the
 * many cheap L-BFGS steps that reach the same optimum.
 */
export const NEWTON_MAX_PARAMETERS = 1200;

/**
 * Two classes: the gradient Σ sᵢ(pᵢ - yᵢ)x̃ᵢ and the upper triangle of the
 * Hessian Σ sᵢpᵢ(1 - pᵢ)x̃ᵢx̃ᵢᵀ, straight from the sparse rows (the hot loop
 * of the solver, so written for it alone).
 */
function binaryDerivatives(p: LogisticProblem, prob: Float64Array, grad: Float64Array, hess: Float64Array): void {
  const { n, d, start, col, val } = p.rows;
  const size = d + 1,
    y = p.y,
    weights = p.weights;
  let gradIntercept = 0,
    hessIntercept = 0;
  for (let i = 0; i < n; i++) {
    const s = weights === undefined ? 1 : weights[i];
    const pi = prob[i];
    const r = s * (pi - y[i]),
      h = s * pi * (1 - pi);
    gradIntercept += r;
    hessIntercept += h;
    const to = start[i + 1];
    for (let a = start[i]; a < to; a++) {
      const ca = col[a],
        va = val[a];
      grad[ca] += r * va;
      const hv = h * va,
        rowAt = ca * size;
      for (let b = a; b < to; b++) hess[rowAt + col[b]] += hv * val[b];
      hess[rowAt + d] += hv;
    }
  }
  grad[d] += gradIntercept;
  hess[d * size + d] += hessIntercept;
}

/** Gradient and Hessian of f at θ, from the probabilities of every row. */
function derivatives(
  p: LogisticProblem,
  theta: Float64Array,
  prob: Float64Array,
): { grad: Float64Array; hess: Float64Array } {
  const k = outputsOf(p),
    { n, d, start, col, val } = p.rows;
  const stride = d + 1,
    size = k * stride;
  const grad = new Float64Array(size),
    hess = new Float64Array(size * size);
  const idx = new Int32Array(d + 1),
    xv = new Float64Array(d + 1);
  if (k === 1) binaryDerivatives(p, prob, grad, hess);
  else
    for (let i = 0; i < n; i++) {
      const s = p.weights ? p.weights[i] : 1;
      if (s === 0) continue;
      // The row's non-zero entries, then the intercept's 1.
      let m = 0;
      for (let e = start[i]; e < start[i + 1]; e++) {
        idx[m] = col[e];
        xv[m++] = val[e];
      }
      idx[m] = d;
      xv[m++] = 1;
      for (let c = 0; c < k; c++) {
        const pc = prob[i * k + c];
        const target = k === 1 ? p.y[i] : p.y[i] === c ? 1 : 0;
        const r = s * (pc - target);
        const gb = c * stride;
        for (let u = 0; u < m; u++) grad[gb + idx[u]] += r * xv[u];
        for (let e = c; e < k; e++) {
          const h = k === 1 ? s * pc * (1 - pc) : s * ((c === e ? pc : 0) - pc * prob[i * k + e]);
          if (h === 0) continue;
          const rowBase = gb,
            colBase = e * stride;
          for (let u = 0; u < m; u++) {
            const hu = h * xv[u],
              rowAt = (rowBase + idx[u]) * size + colBase;
            // Diagonal blocks: the upper triangle (mirrored below); off-diagonal blocks: all of it.
            for (let v = c === e ? u : 0; v < m; v++) hess[rowAt + idx[v]] += hu * xv[v];
          }
        }
      }
    }
  for (let a = 0; a < size; a++) for (let b = a + 1; b < size; b++) hess[b * size + a] = hess[a * size + b];
  // The penalty: on coefficients, not intercepts.
  for (let c = 0; c < k; c++)
    for (let j = 0; j < d; j++) {
      const at = c * stride + j;
      grad[at] += p.l2 * theta[at];
      hess[at * size + at] += p.l2;
    }
  if (k > 1) shiftCurvature(hess, k, stride, p.l2 === 0 ? d + 1 : 1);
  return { grad, hess };
}

/**
 * The softmax is unchanged when one vector is added to every class's
 * parameters, so f is flat along those shifts and the Hessian singular.
 * Curvature added along them (for the intercepts, and for every column when
 * nothing is penalised) makes it definite without changing the step on the
 * other directions: the gradient never points along a shift when θ's classes
 * sum to zero, which they do from θ = 0.
 */
function shiftCurvature(hess: Float64Array, k: number, stride: number, columns: number): void {
  const size = k * stride;
  let scale = 0;
  for (let a = 0; a < size; a++) scale = Math.max(scale, hess[a * size + a]);
  const add = (scale || 1) / k;
  for (let j = stride - columns; j < stride; j++)
    for (let c = 0; c < k; c++) for (let e = 0; e < k; e++) hess[(c * stride + j) * size + e * stride + j] += add;
}

/**
 * Newton's method from θ = 0, one step per iteration: yields after every
 * step (so a caller can report progress, yield to the event loop or stop),
 * and returns the result when the gradient is within tol, after maxIter
 * steps, or when no step lowers f any more (the optimum within floating point).
 */
export function* newtonSteps(p: LogisticProblem): Generator<SolverStep, SolverResult, void> {
  const k = outputsOf(p),
    { n, d } = p.rows;
  const size = k * (d + 1);
  let sumWeights = 0;
  for (let i = 0; i < n; i++) sumWeights += p.weights ? p.weights[i] : 1;
  let theta = new Float64Array(size);
  const z = new Float64Array(n * k);
  scores(p.rows, theta, k, z);
  let f = objectiveOf(p, theta, z);
  let iterations = 0,
    converged = false,
    gradNorm = Infinity;
  const step = new Float64Array(size),
    trial = new Float64Array(size);
  for (;;) {
    toProbabilities(z, k);
    const { grad, hess } = derivatives(p, theta, z);
    gradNorm = maxAbs(grad) / sumWeights;
    if (iterations > 0) yield { iteration: iterations, objective: f / sumWeights, gradient: gradNorm, theta };
    if (gradNorm <= p.tol) {
      converged = true;
      break;
    }
    if (iterations >= p.maxIter) break;
    for (let a = 0; a < size; a++) grad[a] = -grad[a];
    solveSymmetric(hess, grad, size, step);
    // Backtracking (Armijo) from the full Newton step.
    let slope = 0;
    for (let a = 0; a < size; a++) slope -= grad[a] * step[a];
    let t = 1,
      fTrial = Infinity;
    for (let halvings = 0; halvings < 40; halvings++, t /= 2) {
      for (let a = 0; a < size; a++) trial[a] = theta[a] + t * step[a];
      scores(p.rows, trial, k, z);
      fTrial = objectiveOf(p, trial, z);
      if (fTrial <= f + 1e-4 * t * slope) break;
    }
    if (!(fTrial <= f)) break;
    theta = Float64Array.from(trial);
    f = fTrial;
    iterations++;
  }
  return { theta, outputs: k, iterations, converged, objective: f / sumWeights, gradient: gradNorm, method: "Newton" };
}

/** Newton's method, or L-BFGS where the Hessian would be too large (see NEWTON_MAX_PARAMETERS). */
export function solverSteps(p: LogisticProblem): Generator<SolverStep, SolverResult, void> {
  return outputsOf(p) * (p.rows.d + 1) > NEWTON_MAX_PARAMETERS ? lbfgsSteps(p) : newtonSteps(p);
}

/** Runs the solver to its end. */
export function solveLogistic(p: LogisticProblem): SolverResult {
  const steps = solverSteps(p);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}
