/**
 * Model specs → tfjs-layers models, trained with a seeded loop: initial
 * weights, shuffling and dropout masks all come from the model's seed, so the
 * same notebook gives the same numbers on the same backend.
 */
import * as tf from "@tensorflow/tfjs";
import type { ModelSpec } from "../plan/plan";
import { allBinaryMetrics, multiclassReport, regressionMetrics } from "./metrics";
import { createRng, deriveSeed, permutation, Rng } from "./random";
import type { Matrix } from "./data/prepare";
import { NeedlabError } from "./errors";
import { fusedDenseStepper, type BatchStepper, type TrainingPath } from "./fast/fused-dense";
import { argmaxRows } from "./rows";
import type { EpochLog, Output, TrainingData, TrainingOptions, TrainingRun } from "./train-types";

export type { EpochLog, Output, TrainingData, TrainingOptions, TrainingRun } from "./train-types";
import { solvedExactly, trainExact } from "./linear/exact";
import { predictTexts, textInputOf, textsOf } from "./text/text-input";
import { trainText } from "./text/text-train";

export { argmaxRows };

/** The multiclass scores early stopping can watch. */
function multiclassScores(y: Uint8Array, probs: ArrayLike<number>, k: number): Record<string, number> {
  const r = multiclassReport(y, argmaxRows(probs, k), k);
  return {
    accuracy: r.accuracy,
    balanced_accuracy: r.macro.recall,
    f1: r.macro.f1,
    precision: r.macro.precision,
    recall: r.macro.recall,
  };
}

/**
 * Dropout whose masks come from a seeded stream. tfjs's own Dropout layer,
 * given a seed, reuses that one seed, so every batch would drop the same units.
 */
export class SeededDropout extends tf.layers.Layer {
  static className = "NeedlabSeededDropout";
  private readonly rate: number;
  private readonly seed: number;
  private readonly rng: Rng;

  constructor(config: { rate: number; seed: number; name?: string }) {
    super({ name: config.name });
    this.rate = config.rate;
    this.seed = config.seed;
    this.rng = createRng(config.seed);
  }

  call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (!kwargs.training || this.rate === 0) return x;
    return tf.tidy(() => tf.dropout(x, this.rate, undefined, this.rng.int(2 ** 31 - 1)));
  }

  computeOutputShape(shape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return shape;
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}
tf.serialization.registerClass(SeededDropout);

/** The optimizer with its settings; tfjs's defaults (Keras') for the ones not given. */
export function optimizer(spec: Pick<ModelSpec, "optimizer" | "learningRate" | "optimizerOptions">): tf.Optimizer {
  const o = spec.optimizerOptions,
    lr = spec.learningRate;
  switch (spec.optimizer) {
    case "adam":
      return tf.train.adam(lr, o.beta1 ?? 0.9, o.beta2 ?? 0.999, o.epsilon);
    case "sgd":
      return o.momentum ? tf.train.momentum(lr, o.momentum) : tf.train.sgd(lr);
    case "rmsprop":
      return tf.train.rmsprop(lr, o.decay ?? 0.9, o.momentum ?? 0, o.epsilon);
    case "adagrad":
      return tf.train.adagrad(lr, o.initial_accumulator ?? 0.1);
  }
}

/** The learning rate of an epoch (1-based) under the model's schedule. */
export function scheduledRate(spec: Pick<ModelSpec, "learningRate" | "schedule" | "epochs">, epoch: number): number {
  const s = spec.schedule,
    lr = spec.learningRate;
  if (!s) return lr;
  if (s.kind === "exponential") return lr * s.rate! ** (epoch - 1);
  if (s.kind === "step") return lr * s.rate! ** Math.floor((epoch - 1) / s.every!);
  return (lr * (1 + Math.cos((Math.PI * (epoch - 1)) / spec.epochs))) / 2; // cosine: lr at epoch 1, near 0 at the last
}

/** SGD and momentum cache the rate in a tensor and take it through setLearningRate; the others read the field each step. */
function setLearningRate(opt: tf.Optimizer, lr: number): void {
  const o = opt as unknown as { setLearningRate?: (lr: number) => void; learningRate: number };
  if (o.setLearningRate) o.setLearningRate(lr);
  else o.learningRate = lr;
}

/**
 * Per-row loss weights for the batch being trained. tfjs's trainOnBatch
 * takes no sample weights, so the model is compiled with a loss that reads
 * them from here (one holder per model; a model trains one batch at a time).
 */
interface WeightHolder {
  batch?: tf.Tensor1D;
}

const isRegression = (o: Output): o is { regression: { center: number; scale: number } } =>
  typeof o === "object" && "regression" in o;
const isMulticlass = (o: Output): o is { multiclass: number } => typeof o === "object" && "multiclass" in o;

/**
 * The loss of each row: binary cross-entropy, or the squared error of a
 * regression divided by the target's variance, i.e. the squared error of the
 * standardised target, whatever the target's unit.
 */
function perRowLoss(output: Output, yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  if (isMulticlass(output)) return tf.metrics.categoricalCrossentropy(yTrue, yPred);
  if (!isRegression(output)) return tf.metrics.binaryCrossentropy(yTrue, yPred);
  return tf.div(tf.metrics.meanSquaredError(yTrue, yPred), output.regression.scale ** 2);
}

/** The per-row loss averaged over the batch, each row's term times its weight (Keras' sum-over-batch-size). */
function lossFunction(output: Output, holder?: WeightHolder) {
  return (yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor => {
    const perRow = perRowLoss(output, yTrue, yPred);
    return holder?.batch ? tf.mean(tf.mul(perRow, holder.batch)) : tf.mean(perRow);
  };
}

/** The tfjs-layers model a spec lowers to (seeded weights, compiled). */
export function buildModel(
  spec: ModelSpec,
  inputs: number,
  weights?: WeightHolder,
  output: Output = "binary",
): tf.Sequential {
  const model = tf.sequential({ name: spec.name });
  const init = (purpose: string) => tf.initializers.glorotUniform({ seed: deriveSeed(spec.seed, purpose) });
  let width = inputs;
  spec.layers.forEach((layer, i) => {
    model.add(
      tf.layers.dense({
        inputShape: [width],
        units: layer.units,
        activation: layer.activation,
        kernelInitializer: init(`dense${i}`),
        kernelRegularizer: layer.l2 > 0 ? tf.regularizers.l2({ l2: layer.l2 }) : undefined,
        name: `dense_${i + 1}`,
      }),
    );
    if (layer.batchNorm) model.add(tf.layers.batchNormalization({ name: `batch_norm_${i + 1}` }));
    if (layer.dropout > 0)
      model.add(
        new SeededDropout({
          rate: layer.dropout,
          seed: deriveSeed(spec.seed, `dropout${i}`),
          name: `dropout_${i + 1}`,
        }),
      );
    width = layer.units;
  });
  const units = isMulticlass(output) ? output.multiclass : 1;
  const activation = isMulticlass(output) ? "softmax" : isRegression(output) ? "linear" : "sigmoid";
  model.add(
    tf.layers.dense({ inputShape: [width], units, activation, kernelInitializer: init("output"), name: "output" }),
  );
  if (isRegression(output)) {
    // Fixed: the standardised prediction back in the target's unit (y = z · scale + center).
    const { center, scale } = output.regression;
    model.add(
      tf.layers.dense({
        units: 1,
        trainable: false,
        weights: [tf.tensor2d([[scale]]), tf.tensor1d([center])],
        name: "to_target_unit",
      }),
    );
  }
  // tfjs's own losses where they fit; the regression loss (scaled) and weighted losses are needlab's.
  const builtIn = isMulticlass(output) ? "categoricalCrossentropy" : "binaryCrossentropy";
  model.compile({
    optimizer: optimizer(spec),
    loss: weights || isRegression(output) ? lossFunction(output, weights) : builtIn,
  });
  return model;
}

/** What a model learns to output for each row: the 0/1 label, or a regression target's value. */
const targetsOf = (m: Matrix): ArrayLike<number> => m.value ?? m.y;

function rowsOf(
  m: Matrix,
  width: number,
  idx: ArrayLike<number>,
  from: number,
  to: number,
  rowWeights?: Float32Array,
  classes = 0,
): { x: tf.Tensor2D; y: tf.Tensor2D; w?: tf.Tensor1D } {
  const targets = targetsOf(m);
  const n = to - from;
  const x = new Float32Array(n * width);
  // Several classes: one-hot rows for the softmax output.
  const y = new Float32Array(n * Math.max(1, classes));
  const w = rowWeights ? new Float32Array(n) : undefined;
  for (let k = 0; k < n; k++) {
    const r = idx[from + k];
    x.set(m.x.subarray(r * width, (r + 1) * width), k * width);
    if (classes) y[k * classes + targets[r]] = 1;
    else y[k] = targets[r];
    if (w) w[k] = rowWeights![r];
  }
  return { x: tf.tensor2d(x, [n, width]), y: tf.tensor2d(y, [n, Math.max(1, classes)]), w: w && tf.tensor1d(w) };
}

/**
 * Class weights by class name: `balanced` is scikit-learn's
 * n / (classes × count), so each class contributes equally to the loss.
 */
export function classWeightsOf(
  spec: Pick<ModelSpec, "classWeight">,
  y: Uint8Array,
  names: string[],
): Record<string, number> | undefined {
  const cw = spec.classWeight;
  if (!cw) return undefined;
  if (cw === "balanced") {
    const counts = names.map((_, k) => y.reduce((a, v) => a + (v === k ? 1 : 0), 0));
    return Object.fromEntries(names.map((c, k) => [c, y.length / (names.length * counts[k])]));
  }
  return Object.fromEntries(names.map((c) => [c, cw[c] ?? 1]));
}

/** Metrics where lower is better, when early stopping watches them. */
const LOWER_IS_BETTER = new Set(["loss", "log_loss", "brier", "mae", "rmse", "mse"]);

export function predictProba(model: tf.LayersModel, m: Matrix, width: number): Float32Array {
  if (m.n === 0) return new Float32Array(0);
  const text = textInputOf(model);
  if (text) return predictTexts(model, text, textsOf(m));
  return tf.tidy(() => (model.predict(tf.tensor2d(m.x, [m.n, width])) as tf.Tensor).dataSync() as Float32Array).slice();
}

function meanLoss(model: tf.LayersModel, m: Matrix, width: number, output: Output): number {
  return tf.tidy(() => {
    const p = model.predict(tf.tensor2d(m.x, [m.n, width])) as tf.Tensor;
    const truth = isMulticlass(output)
      ? tf.oneHot(tf.tensor1d(m.y, "int32"), output.multiclass).toFloat()
      : tf.tensor2d(Float32Array.from(targetsOf(m)), [m.n, 1]);
    return perRowLoss(output, truth, p).mean().dataSync()[0];
  });
}

/**
 * trainOnBatch resolves through microtasks only, so a training loop that
 * just awaits it never lets the event loop run: no interrupt, no control
 * message, no heartbeat, no live progress. Yield to it every so often.
 */
const YIELD_EVERY_MS = 40;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The output a dataset calls for. */
export const outputOf = (data: {
  train: Matrix;
  targetScale?: { center: number; scale: number };
  classNames?: string[];
}): Output =>
  data.classNames
    ? { multiclass: data.classNames.length }
    : data.train.value
      ? { regression: data.targetScale ?? { center: 0, scale: 1 } }
      : "binary";

export async function train(spec: ModelSpec, data: TrainingData, options: TrainingOptions = {}): Promise<TrainingRun> {
  const width = data.featureNames.length;
  const output = outputOf(data);
  if (isRegression(output) && spec.classWeight)
    throw new NeedlabError(
      `model '${spec.name}' has class weights, but its target is a number (regression): remove \`class_weight\`, or weigh rows with \`sample_weight COLUMN\`.`,
    );
  const names = isMulticlass(output) ? data.classNames! : [data.negative ?? "0", data.positive ?? "1"];
  const classWeights = classWeightsOf(spec, data.train.y, names);
  // One weight per training row: its sample weight times its class weight.
  let rowWeights: Float32Array | undefined;
  if (classWeights || data.sampleWeights)
    rowWeights = Float32Array.from(
      data.train.y,
      (y, i) => (classWeights?.[names[y]] ?? 1) * (data.sampleWeights?.[i] ?? 1),
    );
  if (data.text) return trainText(spec, { ...data, text: data.text }, output, rowWeights, options, optimizer);
  if (spec.network)
    throw new NeedlabError(
      `model '${spec.name}' is a ${spec.family} network, which reads text, but its dataset has no \`text\` columns: add \`text COLUMN\` to the dataset block, or use logistic_regression or dense.`,
    );
  if (solvedExactly(spec))
    return trainExact(
      spec,
      data,
      { output, classWeights, rowWeights, model: buildModel(spec, width, undefined, output) },
      options,
    );
  const holder: WeightHolder | undefined = rowWeights ? {} : undefined;
  const model = buildModel(spec, width, holder, output);
  const { stepper, note } = chooseStepper(spec, model, data, output, rowWeights, holder, options.path);
  const shuffleRng = createRng(deriveSeed(spec.seed, "shuffle"));
  const history: EpochLog[] = [];
  const started = performance.now();
  let interrupted = false;
  let stoppedEarly = false;
  let lastYield = performance.now();
  // Early stopping: keep a copy of the weights of the best epoch so far.
  const early = spec.patience !== undefined && data.validation.n > 0;
  const watch = spec.stopMetric ?? "loss";
  const lowerIsBetter = LOWER_IS_BETTER.has(watch);
  let best: { score: number; epoch: number; weights: tf.Tensor[] } | undefined;
  outer: for (let epoch = 1; epoch <= spec.epochs; epoch++) {
    const lr = scheduledRate(spec, epoch);
    const order = permutation(data.train.n, shuffleRng);
    let lossSum = 0;
    for (let from = 0; from < data.train.n; from += spec.batchSize) {
      if (performance.now() - lastYield > YIELD_EVERY_MS) {
        await yieldToEventLoop();
        lastYield = performance.now();
      }
      if (options.signal?.aborted) {
        interrupted = true;
        stepper.sync();
        break outer;
      }
      const to = Math.min(data.train.n, from + spec.batchSize);
      lossSum += (await stepper.step(order, from, to, lr)) * (to - from);
    }
    stepper.sync();
    const log: EpochLog = { epoch, loss: lossSum / data.train.n, ...(spec.schedule ? { learningRate: lr } : {}) };
    if (data.validation.n > 0) log.valLoss = meanLoss(model, data.validation, width, output);
    if (early && watch !== "loss") {
      const predicted = predictProba(model, data.validation, width);
      const metrics = (isRegression(output)
        ? regressionMetrics(data.validation.value!, predicted)
        : isMulticlass(output)
          ? multiclassScores(data.validation.y, predicted, output.multiclass)
          : allBinaryMetrics(data.validation.y, predicted, spec.threshold)) as unknown as Record<string, number>;
      log.valMetric = metrics[watch];
      if (log.valMetric === undefined)
        throw new NeedlabError(
          `model '${spec.name}' stops early on ${watch}, which is not measured for a ${isRegression(output) ? "regression" : "binary"} target: use ${isRegression(output) ? "loss, mae, rmse or r2" : "loss or a classification metric"}.`,
        );
    }
    history.push(log);
    options.onEpoch?.(log, spec.epochs);
    const score = watch === "loss" ? log.valLoss : log.valMetric;
    if (early && score !== undefined && Number.isFinite(score)) {
      if (!best || (lowerIsBetter ? score < best.score : score > best.score)) {
        best?.weights.forEach((w) => w.dispose());
        best = { score, epoch, weights: model.getWeights().map((w) => w.clone()) };
      } else if (epoch - best.epoch >= spec.patience!) {
        stoppedEarly = true;
        break;
      }
    }
  }
  if (best) {
    // Stopped early, interrupted or finished: the model keeps its best weights.
    model.setWeights(best.weights);
    best.weights.forEach((w) => w.dispose());
  }
  return {
    model,
    ...(classWeights ? { classWeights } : {}),
    history,
    epochsRun: history.length,
    bestEpoch: best?.epoch,
    stoppedEarly,
    interrupted,
    trainingMs: performance.now() - started,
    parameters: model.countParams(),
    path: stepper.path,
    ...(note ? { pathNote: note } : {}),
  };
}

/** The fused WebAssembly step where it supports the model (unless told otherwise), else tfjs-layers' trainOnBatch. */
function chooseStepper(
  spec: ModelSpec,
  model: tf.Sequential,
  data: TrainingData,
  output: Output,
  rowWeights: Float32Array | undefined,
  holder: WeightHolder | undefined,
  forced = process.env.NEEDLAB_TRAINING_PATH as TrainingPath | undefined,
): { stepper: BatchStepper; note?: string } {
  const width = data.featureNames.length;
  if (forced !== "tfjs-layers") {
    const fused = fusedDenseStepper(spec, model, data.train, width, output, rowWeights);
    if ("step" in fused) return { stepper: fused };
    if (forced === "fused-wasm")
      throw new NeedlabError(`model '${spec.name}' cannot train on the fused path: ${fused.unsupported}.`);
    return { stepper: tfjsStepper(spec, model, data, output, rowWeights, holder), note: fused.unsupported };
  }
  return { stepper: tfjsStepper(spec, model, data, output, rowWeights, holder), note: "asked for" };
}

/** tfjs-layers' own training: one trainOnBatch per batch (the learning rate set once per epoch). */
function tfjsStepper(
  spec: ModelSpec,
  model: tf.Sequential,
  data: TrainingData,
  output: Output,
  rowWeights: Float32Array | undefined,
  holder: WeightHolder | undefined,
): BatchStepper {
  const width = data.featureNames.length;
  let rate = spec.learningRate;
  return {
    path: "tfjs-layers",
    async step(order, from, to, lr) {
      if (spec.schedule && lr !== rate) setLearningRate(model.optimizer, (rate = lr));
      const classes = isMulticlass(output) ? output.multiclass : 0;
      const { x, y, w } = rowsOf(data.train, width, order, from, to, rowWeights, classes);
      if (holder) holder.batch = w;
      const loss = (await model.trainOnBatch(x, y)) as number;
      tf.dispose([x, y, ...(w ? [w] : [])]);
      return loss;
    },
    sync() {},
  };
}

export { p95Latency } from "./latency";
