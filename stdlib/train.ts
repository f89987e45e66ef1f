/**
 * Model specs → tfjs-layers models, trained with a seeded loop: initial
 * weights, shuffling and dropout masks all come from the model's seed, so the
 * same notebook gives the same numbers on the same backend.
 */
import * as tf from "@tensorflow/tfjs";
import type { ModelSpec, OptimizerName } from "../dsl/plan";
import { createRng, deriveSeed, permutation, Rng } from "./random";
import type { Matrix } from "./data/prepare";

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

function optimizer(name: OptimizerName, lr: number): tf.Optimizer {
  switch (name) {
    case "adam":
      return tf.train.adam(lr);
    case "sgd":
      return tf.train.sgd(lr);
    case "rmsprop":
      return tf.train.rmsprop(lr);
    case "adagrad":
      return tf.train.adagrad(lr);
  }
}

/** The tfjs-layers model a spec lowers to (uncompiled weights, seeded). */
export function buildModel(spec: ModelSpec, inputs: number): tf.Sequential {
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
    if (layer.dropout > 0) model.add(new SeededDropout({ rate: layer.dropout, seed: deriveSeed(spec.seed, `dropout${i}`), name: `dropout_${i + 1}` }));
    width = layer.units;
  });
  model.add(tf.layers.dense({ inputShape: [width], units: 1, activation: "sigmoid", kernelInitializer: init("output"), name: "output" }));
  model.compile({ optimizer: optimizer(spec.optimizer, spec.learningRate), loss: "binaryCrossentropy" });
  return model;
}

export interface EpochLog {
  epoch: number;
  loss: number;
  valLoss?: number;
}

export interface TrainingOptions {
  onEpoch?: (log: EpochLog, total: number) => void;
  /** Checked at every batch boundary; training stops there, keeping its weights. */
  signal?: { aborted: boolean };
}

export interface TrainingRun {
  model: tf.Sequential;
  /** With early stopping: the epoch whose weights the model kept (lowest validation loss). */
  bestEpoch?: number;
  stoppedEarly: boolean;
  /** Loss per epoch. */
  history: EpochLog[];
  epochsRun: number;
  /** True when an interrupt stopped training early; the weights are those reached. */
  interrupted: boolean;
  trainingMs: number;
  parameters: number;
}

function rowsOf(m: Matrix, width: number, idx: ArrayLike<number>, from: number, to: number): { x: tf.Tensor2D; y: tf.Tensor2D } {
  const n = to - from;
  const x = new Float32Array(n * width);
  const y = new Float32Array(n);
  for (let k = 0; k < n; k++) {
    const r = idx[from + k];
    x.set(m.x.subarray(r * width, (r + 1) * width), k * width);
    y[k] = m.y[r];
  }
  return { x: tf.tensor2d(x, [n, width]), y: tf.tensor2d(y, [n, 1]) };
}

export function predictProba(model: tf.LayersModel, m: Matrix, width: number): Float32Array {
  if (m.n === 0) return new Float32Array(0);
  return tf.tidy(() => (model.predict(tf.tensor2d(m.x, [m.n, width])) as tf.Tensor).dataSync() as Float32Array).slice();
}

function meanLoss(model: tf.LayersModel, m: Matrix, width: number): number {
  return tf.tidy(() => {
    const p = model.predict(tf.tensor2d(m.x, [m.n, width])) as tf.Tensor;
    return tf.metrics.binaryCrossentropy(tf.tensor2d(m.y, [m.n, 1], "float32"), p).mean().dataSync()[0];
  });
}

/**
 * trainOnBatch resolves through microtasks only, so a training loop that
 * just awaits it never lets the event loop run: no interrupt, no control
 * message, no heartbeat, no live progress. Yield to it every so often.
 */
const YIELD_EVERY_MS = 40;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function train(spec: ModelSpec, data: { train: Matrix; validation: Matrix; featureNames: string[] }, options: TrainingOptions = {}): Promise<TrainingRun> {
  const width = data.featureNames.length;
  const model = buildModel(spec, width);
  const shuffleRng = createRng(deriveSeed(spec.seed, "shuffle"));
  const history: EpochLog[] = [];
  const started = performance.now();
  let interrupted = false;
  let stoppedEarly = false;
  let lastYield = performance.now();
  // Early stopping: keep a copy of the weights of the best epoch so far.
  const early = spec.patience !== undefined && data.validation.n > 0;
  let best: { loss: number; epoch: number; weights: tf.Tensor[] } | undefined;
  outer: for (let epoch = 1; epoch <= spec.epochs; epoch++) {
    const order = permutation(data.train.n, shuffleRng);
    let lossSum = 0;
    for (let from = 0; from < data.train.n; from += spec.batchSize) {
      if (performance.now() - lastYield > YIELD_EVERY_MS) {
        await yieldToEventLoop();
        lastYield = performance.now();
      }
      if (options.signal?.aborted) {
        interrupted = true;
        break outer;
      }
      const to = Math.min(data.train.n, from + spec.batchSize);
      const { x, y } = rowsOf(data.train, width, order, from, to);
      const loss = (await model.trainOnBatch(x, y)) as number;
      tf.dispose([x, y]);
      lossSum += loss * (to - from);
    }
    const log: EpochLog = { epoch, loss: lossSum / data.train.n };
    if (data.validation.n > 0) log.valLoss = meanLoss(model, data.validation, width);
    history.push(log);
    options.onEpoch?.(log, spec.epochs);
    if (early && log.valLoss !== undefined) {
      if (!best || log.valLoss < best.loss) {
        best?.weights.forEach((w) => w.dispose());
        best = { loss: log.valLoss, epoch, weights: model.getWeights().map((w) => w.clone()) };
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
  return { model, history, epochsRun: history.length, bestEpoch: best?.epoch, stoppedEarly, interrupted, trainingMs: performance.now() - started, parameters: model.countParams() };
}

/**
 * The 95th percentile of single-row prediction time, in milliseconds, over
 * 200 rows after 20 warm-up calls: what serving one applicant at a time costs.
 */
export function p95Latency(model: tf.LayersModel, m: Matrix, width: number, calls = 200): number {
  if (m.n === 0) return NaN;
  const time = (i: number) => {
    const r = i % m.n;
    const started = performance.now();
    tf.tidy(() => (model.predict(tf.tensor2d(m.x.subarray(r * width, (r + 1) * width), [1, width])) as tf.Tensor).dataSync());
    return performance.now() - started;
  };
  for (let i = 0; i < 20; i++) time(i);
  const times = Array.from({ length: calls }, (_, i) => time(i)).sort((a, b) => a - b);
  return times[Math.ceil(0.95 * calls) - 1];
}
