/**
 * The fused WebAssembly path (stdlib/fast) against tfjs-layers' own training
 * of the same model: same seed, same initial weights, same batches, same
 * dropout masks. Tolerance: every epoch's mean training loss within 1e-4
 * (absolute) of the tfjs path's, and the trained models' predictions within
 * 1e-3; the two differ only in float32 rounding and where tfjs clips a
 * probability to [1e-7, 1 - 1e-7] before its cross-entropy (the fused step
 * takes the loss from the logits).
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../stdlib/backend";
import { buildModel, predictProba, train, type TrainingData, type TrainingRun } from "../../stdlib/train";
import { fusedDenseStepper, type BatchStepper } from "../../stdlib/fast/fused-dense";
import { modelSpec, type LayerSpec, type ModelSpec } from "../../plan/plan";
import type { Matrix } from "../../stdlib/data/prepare";
import { createRng } from "../../stdlib/random";
import { DenseKernel } from "../../stdlib/fast/dense-kernel";

const LOSS_TOLERANCE = 1e-4;
const PREDICTION_TOLERANCE = 1e-3;

const layer = (units: number, over: Partial<LayerSpec> = {}): LayerSpec => ({
  units,
  activation: "relu",
  dropout: 0,
  l2: 0,
  batchNorm: false,
  ...over,
});

const spec = (over: Partial<ModelSpec> = {}): ModelSpec =>
  modelSpec({
    name: "m",
    family: "dense",
    layers: [layer(16), layer(8, { activation: "tanh" })],
    optimizer: "adam",
    learningRate: 0.01,
    epochs: 5,
    batchSize: 32,
    seed: 3,
    ...over,
  });

const empty: Matrix = { x: new Float32Array(0), y: new Uint8Array(0), rows: new Int32Array(0), n: 0 };

/** Rows with a noisy rule of the first two features: binary, three classes, or a number around 10. */
function matrix(n: number, kind: "binary" | "multiclass" | "regression", seed: number): Matrix {
  const width = 6,
    rng = createRng(seed);
  const x = Float32Array.from({ length: n * width }, () => rng.normal());
  const score = Float32Array.from({ length: n }, (_, i) => x[i * width] + 0.5 * x[i * width + 1] + 0.3 * rng.normal());
  const y = Uint8Array.from(score, (s) =>
    kind === "multiclass" ? (s > 0.5 ? 2 : s > -0.5 ? 1 : 0) : kind === "binary" ? (s > 0 ? 1 : 0) : 0,
  );
  const value = kind === "regression" ? Float32Array.from(score, (s) => 3 * s + 10) : undefined;
  return { x, y, ...(value ? { value } : {}), rows: Int32Array.from({ length: n }, (_, i) => i), n };
}

function data(kind: "binary" | "multiclass" | "regression", validation = 0): TrainingData {
  return {
    train: matrix(500, kind, 1),
    validation: validation ? matrix(validation, kind, 2) : empty,
    featureNames: ["a", "b", "c", "d", "e", "f"],
    ...(kind === "multiclass" ? { classNames: ["low", "mid", "high"] } : {}),
    ...(kind === "regression" ? { targetScale: { center: 10, scale: 3 } } : {}),
  };
}

async function bothPaths(s: ModelSpec, d: TrainingData): Promise<[TrainingRun, TrainingRun]> {
  const slow = await train(s, d, { path: "tfjs-layers" });
  const fast = await train(s, d);
  expect(slow.path).toBe("tfjs-layers");
  expect(fast.path).toBe("fused-wasm");
  return [slow, fast];
}

function expectSameCurve(slow: TrainingRun, fast: TrainingRun): void {
  expect(fast.history.length).toBe(slow.history.length);
  fast.history.forEach((h, i) => {
    expect(Math.abs(h.loss - slow.history[i].loss)).toBeLessThanOrEqual(LOSS_TOLERANCE);
    if (h.valLoss !== undefined)
      expect(Math.abs(h.valLoss - slow.history[i].valLoss!)).toBeLessThanOrEqual(LOSS_TOLERANCE);
  });
}

function expectSamePredictions(slow: TrainingRun, fast: TrainingRun, m: Matrix): void {
  const a = predictProba(slow.model, m, 6),
    b = predictProba(fast.model, m, 6);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(a[i])));
  expect(worst).toBeLessThanOrEqual(PREDICTION_TOLERANCE);
}

describe("the fused dense path gives tfjs-layers' loss curve", () => {
  beforeAll(async () => {
    await initBackend();
  });

  for (const kind of ["binary", "multiclass", "regression"] as const)
    it(`${kind}: same seed, same initial weights, same curve`, async () => {
      const d = data(kind);
      const [slow, fast] = await bothPaths(spec(), d);
      expectSameCurve(slow, fast);
      expectSamePredictions(slow, fast, matrix(200, kind, 9));
      // It learned: the curve falls (the same on both paths, by the check above).
      expect(fast.history[4].loss).toBeLessThan(0.6 * fast.history[0].loss);
    });

  it("with dropout it draws tfjs' masks, so the curve is the same too", async () => {
    const s = spec({ layers: [layer(16, { dropout: 0.3 }), layer(8, { activation: "elu", dropout: 0.2 })] });
    const [slow, fast] = await bothPaths(s, data("binary"));
    expectSameCurve(slow, fast);
    // Dropout changes the curve: without it the losses differ.
    const plain = await train(spec({ layers: [layer(16), layer(8, { activation: "elu" })] }), data("binary"));
    expect(Math.abs(plain.history[0].loss - fast.history[0].loss)).toBeGreaterThan(1e-3);
  });

  it("L2 per layer is in the loss and the gradient, as Keras adds it", async () => {
    const s = spec({ layers: [layer(16, { l2: 0.01 }), layer(8, { activation: "sigmoid", l2: 0.002 })] });
    const [slow, fast] = await bothPaths(s, data("multiclass"));
    expectSameCurve(slow, fast);
  });

  it("class weights and sample weights change the loss as on the tfjs path", async () => {
    const d = data("binary");
    const sampleWeights = Float32Array.from({ length: d.train.n }, (_, i) => 0.5 + (i % 4));
    const weighted = { ...d, sampleWeights };
    const [slow, fast] = await bothPaths(spec({ classWeight: { "0": 1, "1": 3 } }), weighted);
    expectSameCurve(slow, fast);
    const unweighted = await train(spec(), d);
    expect(Math.abs(unweighted.history[0].loss - fast.history[0].loss)).toBeGreaterThan(0.05);
    const [slowR, fastR] = await bothPaths(spec(), { ...data("regression"), sampleWeights });
    expectSameCurve(slowR, fastR);
  });

  for (const [optimizer, options, schedule] of [
    ["sgd", {}, { kind: "step", rate: 0.5, every: 2 }],
    ["sgd", { momentum: 0.9 }, { kind: "cosine" }],
    ["rmsprop", { decay: 0.8, momentum: 0.5 }, undefined],
    ["adagrad", { initial_accumulator: 0.2 }, { kind: "exponential", rate: 0.8 }],
    ["adam", { beta1: 0.8, beta2: 0.99, epsilon: 1e-6 }, { kind: "exponential", rate: 0.7 }],
  ] as const)
    it(`${optimizer} ${JSON.stringify(options)} with schedule ${schedule?.kind ?? "none"}`, async () => {
      const s = spec({
        optimizer,
        optimizerOptions: { ...options },
        learningRate: optimizer === "sgd" ? 0.05 : 0.01,
        ...(schedule ? { schedule: { ...schedule } } : {}),
      });
      const [slow, fast] = await bothPaths(s, data("binary"));
      expectSameCurve(slow, fast);
      if (schedule) expect(fast.history.map((h) => h.learningRate)).toEqual(slow.history.map((h) => h.learningRate));
    });

  it("early stopping keeps the same best epoch and its weights", async () => {
    const s = spec({ epochs: 60, patience: 3, learningRate: 0.05, layers: [layer(32)], batchSize: 16 });
    const d = { ...data("binary", 300), train: matrix(80, "binary", 5) };
    const [slow, fast] = await bothPaths(s, d);
    expect(fast.stoppedEarly).toBe(true);
    expect(fast.bestEpoch).toBe(slow.bestEpoch);
    expectSameCurve(slow, fast);
    expectSamePredictions(slow, fast, d.validation);
    const [slowM, fastM] = await bothPaths({ ...s, stopMetric: "roc_auc" }, d);
    expect(fastM.bestEpoch).toBe(slowM.bestEpoch);
    expectSamePredictions(slowM, fastM, d.validation);
  });

  it("falls back to tfjs-layers for batch norm, and says why", async () => {
    const run = await train(spec({ layers: [layer(8, { batchNorm: true })], epochs: 1 }), data("binary"));
    expect(run.path).toBe("tfjs-layers");
    expect(run.pathNote).toBe("batch norm is trained by tfjs-layers");
    await expect(
      train(spec({ layers: [layer(8, { batchNorm: true })], epochs: 1 }), data("binary"), { path: "fused-wasm" }),
    ).rejects.toThrow("model 'm' cannot train on the fused path: batch norm is trained by tfjs-layers.");
  });
});

describe("the fused path on its own", () => {
  beforeAll(async () => {
    await initBackend();
  });

  it("is seeded: the same spec twice gives identical curves and weights", async () => {
    const s = spec({ layers: [layer(16, { dropout: 0.25 }), layer(8)] });
    const a = await train(s, data("binary"));
    const b = await train(s, data("binary"));
    expect(a.path).toBe("fused-wasm");
    expect(b.history).toEqual(a.history);
    expect(b.model.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(
      a.model.getWeights().map((w) => Array.from(w.dataSync())),
    );
    const c = await train({ ...s, seed: 4 }, data("binary"));
    expect(c.history[0].loss).not.toBe(a.history[0].loss);
  });

  it("stops at a batch boundary when interrupted, keeping the weights of the batches it trained", async () => {
    // The signal turns true at its sixth reading: five batches train, then it stops.
    const after = (batches: number) => {
      let reads = 0;
      return {
        get aborted() {
          return ++reads > batches;
        },
      };
    };
    const s = spec({ epochs: 3 });
    const d = data("binary");
    const fast = await train(s, d, { signal: after(5) });
    const slow = await train(s, d, { signal: after(5), path: "tfjs-layers" });
    expect(fast.interrupted).toBe(true);
    expect(fast.epochsRun).toBe(0);
    expectSamePredictions(slow, fast, matrix(100, "binary", 9));
    // Five batches moved the weights away from the initial ones.
    const untrained = await train({ ...s, epochs: 0 }, d);
    const p0 = predictProba(untrained.model, d.train, 6),
      p5 = predictProba(fast.model, d.train, 6);
    expect(p5.some((v, i) => Math.abs(v - p0[i]) > 1e-3)).toBe(true);
  });

  it("gathers the same batches from JavaScript as from rows held in kernel memory", async () => {
    const s = spec({ layers: [layer(16, { dropout: 0.2 })] });
    const d = data("binary");
    const weights = Float32Array.from({ length: d.train.n }, (_, i) => 1 + (i % 3));
    const stepper = () => fusedDenseStepper(s, buildModel(s, 6), d.train, 6, "binary", weights) as BatchStepper;
    const [resident, copied] = [stepper(), stepper()];
    const order = Int32Array.from({ length: 128 }, (_, i) => (i * 37) % d.train.n);
    for (let from = 0; from < 128; from += 32) {
      const loss = resident.step(order, from, from + 32, 0.01) as number;
      expect(copied.step(Array.from(order), from, from + 32, 0.01)).toBe(loss);
    }
  });

  it("computes the gradient tf.grad computes (softmax, tanh, L2, row weights)", () => {
    const rng = createRng(11);
    const [inputs, hidden, classes, rows] = [5, 7, 3, 9];
    const kernel = new DenseKernel(
      [
        { inputs, units: hidden, activation: 3, dropout: false, l2: 0.05 },
        { inputs: hidden, units: classes, activation: 0, dropout: false, l2: 0 },
      ],
      rows,
      { kind: "softmax", classes },
      { kind: "sgd", momentum: 0 },
    );
    const init = kernel.snapshot().map(() => 0.5 * rng.normal());
    kernel.restore(init);
    const x = Float32Array.from({ length: rows * inputs }, () => rng.normal());
    const y = Float32Array.from({ length: rows }, () => rng.int(classes));
    const w = Float32Array.from({ length: rows }, () => 0.5 + rng.next());
    kernel.inputs(rows).set(x);
    kernel.targets(rows).set(y);
    kernel.rowWeights(rows).set(w);
    const loss = kernel.step(rows, 0);
    const fused = kernel.gradients();

    const sizes = [inputs * hidden, hidden, hidden * classes, classes];
    const offsets = sizes.map((_, i) => sizes.slice(0, i).reduce((a, b) => a + b, 0));
    const shapes = [[inputs, hidden], [hidden], [hidden, classes], [classes]];
    const params = shapes.map((shape, i) => tf.tensor(init.subarray(offsets[i], offsets[i] + sizes[i]), shape));
    const lossOf = (w1: tf.Tensor, b1: tf.Tensor, w2: tf.Tensor, b2: tf.Tensor) => {
      const h = tf.tanh(tf.add(tf.matMul(tf.tensor2d(x, [rows, inputs]), w1 as tf.Tensor2D), b1));
      const logits = tf.add(tf.matMul(h, w2 as tf.Tensor2D), b2);
      const ce = tf.losses.softmaxCrossEntropy(
        tf.oneHot(tf.tensor1d(y, "int32"), classes),
        logits,
        undefined,
        undefined,
        tf.Reduction.NONE,
      );
      // Keras' weighted mean over the batch, plus l2 · ΣW² on the hidden kernel.
      return tf.add(tf.mean(tf.mul(ce, tf.tensor1d(w))), tf.mul(0.05, tf.sum(tf.square(w1))));
    };
    const { value, grads } = tf.valueAndGrads(lossOf as (...t: tf.Tensor[]) => tf.Tensor)(params);
    expect(loss).toBeCloseTo(value.dataSync()[0], 5);
    grads.forEach((g, i) => {
      const mine = fused.subarray(offsets[i], offsets[i] + sizes[i]);
      Array.from(g.dataSync()).forEach((v, k) => expect(mine[k]).toBeCloseTo(v, 5));
    });
  });
});
