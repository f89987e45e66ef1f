/**
 * The fused path: trains a dense net (the model `buildModel` lowered, with
 * its initial weights) in the WebAssembly kernel of ./dense-kernel.ts, and
 * writes the weights back into the tfjs model whenever the caller asks (each
 * epoch's end, an interrupt), so predict, export and explain see one model.
 * Settings the kernel lacks (batch norm) return a reason instead, and the
 * caller trains with tfjs-layers.
 */
import * as tf from "@tensorflow/tfjs";
import seedrandom from "seedrandom";
import type { ModelSpec } from "../../plan/plan";
import type { Matrix } from "../data/prepare";
import { createRng, deriveSeed, type Rng } from "../random";
import type { TrainingPath } from "../train-types";
import { ACTIVATION_CODES, DenseKernel, type KernelLoss, type KernelOptimizer } from "./dense-kernel";

export type { TrainingPath };

/** Trains one batch at a time; both paths have this shape. */
export interface BatchStepper {
  readonly path: TrainingPath;
  /** Trains rows order[from..to) once; returns the batch's mean loss (L2 penalties included). */
  step(order: ArrayLike<number>, from: number, to: number, learningRate: number): number | Promise<number>;
  /** Brings the tfjs model's weights up to date with training so far. */
  sync(): void;
}

/** What the model outputs (train.ts's Output, restated to keep this file free of train.ts). */
export type FusedOutput = "binary" | { regression: { center: number; scale: number } } | { multiclass: number };

/** Training matrices up to this many floats (1 GiB) are copied into kernel memory once. */
const RESIDENT_FLOATS = 2 ** 28;

/** tfjs's float32 epsilon, the default of every optimizer's ε. */
const TFJS_EPSILON = 1e-7;

function optimizerOf(spec: Pick<ModelSpec, "optimizer" | "optimizerOptions">): KernelOptimizer {
  const o = spec.optimizerOptions;
  switch (spec.optimizer) {
    case "adam":
      return { kind: "adam", beta1: o.beta1 ?? 0.9, beta2: o.beta2 ?? 0.999, epsilon: o.epsilon ?? TFJS_EPSILON };
    case "sgd":
      return { kind: "sgd", momentum: o.momentum ?? 0 };
    case "rmsprop":
      return { kind: "rmsprop", decay: o.decay ?? 0.9, momentum: o.momentum ?? 0, epsilon: o.epsilon ?? TFJS_EPSILON };
    case "adagrad":
      return { kind: "adagrad", initialAccumulator: o.initial_accumulator ?? 0.1, epsilon: TFJS_EPSILON };
  }
}

function lossOf(output: FusedOutput): KernelLoss {
  if (output === "binary") return { kind: "binary" };
  if ("multiclass" in output) return { kind: "softmax", classes: output.multiclass };
  return { kind: "regression", ...output.regression };
}

/** Why a spec cannot take the fused path, or undefined when it can. */
export function fusedUnsupported(spec: Pick<ModelSpec, "layers" | "backend">): string | undefined {
  if (spec.layers.some((l) => l.batchNorm)) return "batch norm is trained by tfjs-layers";
  if (spec.backend === "gpu" || spec.backend === "native") return `\`backend ${spec.backend}\` asks for TensorFlow`;
  const odd = spec.layers.find((l) => ACTIVATION_CODES[l.activation] === undefined);
  if (odd) return `activation ${odd.activation} is trained by tfjs-layers`;
  return undefined;
}

/**
 * Dropout masks as SeededDropout draws them through tf.dropout: one seed per
 * batch from the layer's stream, then tf.randomUniform's alea generator, keep
 * where ⌊u + keep⌋ = 1, kept units scaled by 1/keep, all in float32. Same seed,
 * same masks on both paths.
 */
class DropoutMasks {
  private readonly rng: Rng;
  private readonly keep: number;
  private readonly scale: number;
  constructor(seed: number, rate: number) {
    this.rng = createRng(seed);
    this.keep = Math.fround(1 - rate);
    this.scale = Math.fround(1 / this.keep);
  }
  fill(mask: Float32Array): void {
    const uniform = seedrandom.alea(String(this.rng.int(2 ** 31 - 1)));
    for (let i = 0; i < mask.length; i++)
      mask[i] = Math.floor(Math.fround(Math.fround(uniform()) + this.keep)) === 1 ? this.scale : 0;
  }
}

/** The dense layers of a model buildModel made, in order (the fixed rescaling layer excluded). */
const denseLayers = (model: tf.Sequential) =>
  model.layers.filter((l) => l.getClassName() === "Dense" && l.name !== "to_target_unit");

/**
 * The fused stepper for a model built from `spec`, or the reason it cannot
 * train it. `rowWeights`: one loss weight per training row (class × sample).
 */
export function fusedDenseStepper(
  spec: ModelSpec,
  model: tf.Sequential,
  train: Matrix,
  width: number,
  output: FusedOutput,
  rowWeights?: Float32Array,
): BatchStepper | { unsupported: string } {
  const why = fusedUnsupported(spec);
  if (why) return { unsupported: why };
  const layers = denseLayers(model);
  let kernel: DenseKernel;
  try {
    kernel = new DenseKernel(
      layers.map((layer, i) => {
        const [k] = layer.getWeights();
        const hidden = spec.layers[i];
        return {
          inputs: k.shape[0]!,
          units: k.shape[1]!,
          activation: hidden ? ACTIVATION_CODES[hidden.activation] : 0,
          dropout: (hidden?.dropout ?? 0) > 0,
          l2: hidden?.l2 ?? 0,
        };
      }),
      Math.min(spec.batchSize, Math.max(1, train.n)),
      lossOf(output),
      optimizerOf(spec),
      // The training rows live in kernel memory, gathered there per batch, up to 1 GiB of them.
      train.x.length <= RESIDENT_FLOATS
        ? { x: train.x, targets: train.value ?? train.y, weights: rowWeights }
        : undefined,
    );
  } catch (e) {
    // WebAssembly memory is at most 4 GiB: a huge batch of wide layers does not fit.
    if (e instanceof RangeError)
      return { unsupported: `a batch of ${spec.batchSize} rows does not fit in WebAssembly memory` };
    throw e;
  }
  layers.forEach((layer, i) => {
    const [k, b] = layer.getWeights();
    const w = kernel.weights(i);
    w.kernel.set(k.dataSync());
    w.bias.set(b.dataSync());
  });
  const masks = spec.layers.map((l, i) =>
    l.dropout > 0 ? new DropoutMasks(deriveSeed(spec.seed, `dropout${i}`), l.dropout) : undefined,
  );
  const targets = train.value ?? train.y;
  const resident = train.x.length <= RESIDENT_FLOATS;
  return {
    path: "fused-wasm",
    step(order, from, to, learningRate) {
      const rows = to - from;
      if (resident && order instanceof Int32Array) {
        kernel.gather(order, from, to);
        masks.forEach((m, i) => m?.fill(kernel.mask(i, rows)));
        return kernel.step(rows, learningRate);
      }
      const x = kernel.inputs(rows),
        y = kernel.targets(rows),
        w = kernel.rowWeights(rows);
      const source = train.x;
      for (let k = 0; k < rows; k++) {
        const r = order[from + k];
        // An element loop: a subarray per row costs more than copying 20 numbers.
        for (let j = 0, at = r * width, to = k * width; j < width; j++) x[to + j] = source[at + j];
        y[k] = targets[r];
        if (rowWeights) w[k] = rowWeights[r];
      }
      masks.forEach((m, i) => m?.fill(kernel.mask(i, rows)));
      return kernel.step(rows, learningRate);
    },
    sync() {
      const values = layers.map((layer, i) => {
        const w = kernel.weights(i);
        const [k, b] = layer.getWeights();
        return [tf.tensor(w.kernel, k.shape), tf.tensor(w.bias, b.shape)];
      });
      layers.forEach((layer, i) => layer.setWeights(values[i]));
      tf.dispose(values.flat());
    },
  };
}
