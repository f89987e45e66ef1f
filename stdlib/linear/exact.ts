/**
 * Linear models solved to convergence (see logistic.ts and ridge.ts), handed
 * back as the same tfjs-layers model the gradient path trains (one dense
 * output layer over the inputs: sigmoid, softmax, or linear followed by the
 * fixed layer back to the target's unit), so prediction, export, `show code`
 * and mitigation treat both alike. The run's history holds one entry per
 * solver iteration (Newton step; one for the closed-form ridge): `loss` is
 * the penalised objective per unit of row weight, `valLoss` the unweighted
 * mean loss on the validation rows, as the gradient path reports them.
 */
import * as tf from "@tensorflow/tfjs";
import { DEFAULTS, type ModelSpec } from "../../plan/plan";
import type { Matrix } from "../data/prepare";
import type { EpochLog, Output, TrainingData, TrainingOptions, TrainingRun } from "../train-types";
import { NEWTON_MAX_PARAMETERS, solverSteps, type SolverResult } from "./logistic";
import { solveRidge } from "./ridge";
import { scores, sparseRows, type SparseRows } from "./rows";
import { outputsOf } from "./loss";

/** Linear models are solved exactly unless they name an optimizer (then they train by gradient descent). */
export const solvedExactly = (spec: Pick<ModelSpec, "family" | "solver">): boolean =>
  spec.family !== "dense" && spec.solver !== "gradient";

/** The solver's settings, with scikit-learn's defaults where the spec leaves them out. */
export function solverSettings(spec: Pick<ModelSpec, "family" | "l2" | "maxIter" | "tol">) {
  return {
    l2: spec.l2 ?? (spec.family === "linear_regression" ? DEFAULTS.linearL2 : DEFAULTS.logisticL2),
    maxIter: spec.maxIter ?? DEFAULTS.maxIter,
    tol: spec.tol ?? DEFAULTS.tol,
  };
}

export interface ExactFit {
  output: Output;
  /** The model as buildModel made it (its output layer gets the solution). */
  model: tf.Sequential;
  classWeights?: Record<string, number>;
  /** Class weight × sample weight of each training row. */
  rowWeights?: Float32Array;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Mean loss of the validation rows for output-major parameters θ (as the gradient path's valLoss). */
function validationLoss(m: Matrix, d: number, theta: Float64Array, k: number, output: Output): number {
  if (m.n === 0) return NaN;
  const z = new Float64Array(m.n * k);
  scores(sparseRows(m.x, m.n, d), theta, k, z);
  let total = 0;
  for (let i = 0; i < m.n; i++) {
    if (typeof output === "object" && "regression" in output) {
      const { center, scale } = output.regression;
      total += (z[i] - (m.value![i] - center) / scale) ** 2;
    } else if (k === 1) {
      const p = Math.min(Math.max(1 / (1 + Math.exp(-z[i])), 1e-7), 1 - 1e-7);
      total -= m.y[i] === 1 ? Math.log(p) : Math.log(1 - p);
    } else {
      let max = -Infinity,
        sum = 0;
      for (let c = 0; c < k; c++) max = Math.max(max, z[i * k + c]);
      for (let c = 0; c < k; c++) sum += Math.exp(z[i * k + c] - max);
      total += max + Math.log(sum) - z[i * k + m.y[i]];
    }
  }
  return total / m.n;
}

/** Copies output-major θ (k outputs of d coefficients and an intercept) into the dense layer named "output". */
function setOutputLayer(model: tf.Sequential, theta: Float64Array, d: number, k: number): void {
  const kernel = new Float32Array(d * k),
    bias = new Float32Array(k);
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < d; j++) kernel[j * k + c] = theta[c * (d + 1) + j];
    bias[c] = theta[c * (d + 1) + d];
  }
  const layer = model.getLayer("output");
  const values = [tf.tensor2d(kernel, [d, k]), tf.tensor1d(bias)];
  layer.setWeights(values);
  tf.dispose(values);
}

interface Solved {
  theta: Float64Array;
  /** Outputs of the model's last trained layer. */
  k: number;
  history: EpochLog[];
  interrupted: boolean;
  /** What the run reports: the method, its iterations, and whether it converged. */
  solver: string;
}

/** A linear regression on the standardised target: one closed-form solve, one history entry. */
function solveRegression(
  data: TrainingData,
  fit: ExactFit,
  rows: SparseRows,
  l2: number,
  scale: { center: number; scale: number },
  options: TrainingOptions,
): Solved {
  const d = rows.d;
  // Ridge's alpha means the same on the standardised target: both terms scale with scale², so w = scale · v.
  const z = Float64Array.from(data.train.value!, (v) => (v - scale.center) / scale.scale);
  const theta = solveRidge({ rows, y: z, weights: fit.rowWeights, l2 });
  const fitted = new Float64Array(rows.n);
  scores(rows, theta, 1, fitted);
  let loss = 0,
    total = 0,
    penalty = 0;
  for (let i = 0; i < rows.n; i++) {
    const s = fit.rowWeights?.[i] ?? 1;
    loss += s * (fitted[i] - z[i]) ** 2;
    total += s;
  }
  for (let j = 0; j < d; j++) penalty += theta[j] ** 2;
  const log: EpochLog = { epoch: 1, loss: (loss + l2 * penalty) / total };
  if (data.validation.n > 0) log.valLoss = validationLoss(data.validation, d, theta, 1, fit.output);
  options.onEpoch?.(log, 1);
  return {
    theta,
    k: 1,
    history: [log],
    interrupted: false,
    solver: `exact: closed form (${l2 > 0 ? `Ridge, alpha ${l2}` : "LinearRegression"}), 1 iteration, converged`,
  };
}

/** A logistic regression: Newton (or L-BFGS) steps, yielding to the event loop between them. */
async function solveClassifier(
  data: TrainingData,
  fit: ExactFit,
  rows: SparseRows,
  settings: ReturnType<typeof solverSettings>,
  options: TrainingOptions,
): Promise<Solved> {
  const d = rows.d;
  const classes = typeof fit.output === "object" && "multiclass" in fit.output ? fit.output.multiclass : 2;
  // A multiclass target has a softmax output even with two classes.
  const softmax = typeof fit.output === "object";
  const k = outputsOf({ classes, softmax });
  const method = k * (d + 1) > NEWTON_MAX_PARAMETERS ? "L-BFGS" : "Newton";
  const steps = solverSteps({ rows, y: data.train.y, classes, softmax, weights: fit.rowWeights, ...settings });
  const history: EpochLog[] = [];
  let theta: Float64Array = new Float64Array(k * (d + 1)),
    result: SolverResult | undefined;
  for (;;) {
    await yieldToEventLoop(); // a step on a wide design takes a while: let interrupts and heartbeats through
    if (options.signal?.aborted) break;
    const next = steps.next();
    if (next.done) {
      result = next.value;
      theta = result.theta;
      break;
    }
    theta = Float64Array.from(next.value.theta);
    const log: EpochLog = { epoch: next.value.iteration, loss: next.value.objective };
    if (data.validation.n > 0) log.valLoss = validationLoss(data.validation, d, theta, k, fit.output);
    history.push(log);
    options.onEpoch?.(log, settings.maxIter);
  }
  const iterations = result?.iterations ?? history.length;
  const outcome = !result
    ? "interrupted"
    : result.converged
      ? "converged"
      : `not converged (gradient ${result.gradient.toExponential(2)} > tol ${settings.tol})`;
  const c = settings.l2 > 0 ? `C ${+(1 / settings.l2).toPrecision(6)}` : "no penalty";
  return {
    theta,
    k,
    history,
    interrupted: !result,
    solver: `exact: ${method} (LogisticRegression, ${c}), ${iterations} iteration${iterations === 1 ? "" : "s"}, ${outcome}`,
  };
}

export async function trainExact(
  spec: ModelSpec,
  data: TrainingData,
  fit: ExactFit,
  options: TrainingOptions = {},
): Promise<TrainingRun> {
  const started = performance.now();
  const settings = solverSettings(spec);
  const rows = sparseRows(data.train.x, data.train.n, data.featureNames.length);
  const solved =
    typeof fit.output === "object" && "regression" in fit.output
      ? solveRegression(data, fit, rows, settings.l2, fit.output.regression, options)
      : await solveClassifier(data, fit, rows, settings, options);
  setOutputLayer(fit.model, solved.theta, rows.d, solved.k);
  return {
    model: fit.model,
    ...(fit.classWeights ? { classWeights: fit.classWeights } : {}),
    history: solved.history,
    epochsRun: solved.history.length,
    stoppedEarly: false,
    interrupted: solved.interrupted,
    trainingMs: performance.now() - started,
    parameters: fit.model.countParams(),
    solver: solved.solver,
  };
}
