import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../stdlib/backend";
import { buildModel, SeededDropout, train } from "../../stdlib/train";
import { modelSpec, type ModelSpec } from "../../plan/plan";
import type { Matrix } from "../../stdlib/data/prepare";
import { createRng } from "../../stdlib/random";

const spec = (over: Partial<ModelSpec> = {}): ModelSpec =>
  modelSpec({
    name: "m",
    family: "dense",
    layers: [{ units: 8, activation: "relu", dropout: 0.3, l2: 0, batchNorm: false }],
    optimizer: "adam",
    learningRate: 0.02,
    epochs: 4,
    batchSize: 16,
    threshold: 0.5,
    seed: 5,
    ...over,
  });

function data(n: number, width: number, seed: number): { train: Matrix; validation: Matrix; featureNames: string[] } {
  const rng = createRng(seed);
  const x = Float32Array.from({ length: n * width }, () => rng.normal());
  const y = Uint8Array.from({ length: n }, (_, i) => (x[i * width] + 0.5 * x[i * width + 1] > 0 ? 1 : 0));
  const empty: Matrix = { x: new Float32Array(0), y: new Uint8Array(0), rows: new Int32Array(0), n: 0 };
  return {
    train: { x, y, rows: Int32Array.from({ length: n }, (_, i) => i), n },
    validation: empty,
    featureNames: Array.from({ length: width }, (_, i) => `f${i}`),
  };
}

const weights = (m: tf.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));

describe("seeded training", () => {
  beforeAll(async () => {
    await initBackend();
  });

  it("gives identical weights and losses for the same seed", async () => {
    const d = data(200, 5, 1);
    const a = await train(spec(), d);
    const b = await train(spec(), d);
    expect(a.history).toEqual(b.history);
    expect(weights(a.model)).toEqual(weights(b.model));
    expect(a.epochsRun).toBe(4);
  });

  it("gives different weights for another seed", async () => {
    const d = data(200, 5, 1);
    const a = await train(spec(), d);
    const c = await train(spec({ seed: 6 }), d);
    expect(weights(c.model)).not.toEqual(weights(a.model));
  });

  it("learns a separable rule", async () => {
    const d = data(400, 3, 2);
    const run = await train(spec({ epochs: 30, family: "logistic_regression", layers: [] }), d);
    expect(run.history[run.history.length - 1].loss).toBeLessThan(run.history[0].loss);
    expect(run.history[run.history.length - 1].loss).toBeLessThan(0.3);
  });

  it("stops at a batch boundary when interrupted, keeping its weights", async () => {
    const d = data(200, 5, 1);
    const signal = { aborted: false };
    const run = await train(spec({ epochs: 50 }), d, { signal, onEpoch: (log) => (signal.aborted = log.epoch === 2) });
    expect(run.interrupted).toBe(true);
    expect(run.epochsRun).toBe(2);
    expect(weights(run.model)[0].some((v) => v !== 0)).toBe(true);
  });

  it("builds a logistic regression as one sigmoid unit over the inputs", () => {
    const m = buildModel(spec({ family: "logistic_regression", layers: [] }), 7);
    expect(m.layers).toHaveLength(1);
    expect(m.countParams()).toBe(8);
  });
});

describe("seeded dropout", () => {
  it("draws a new mask for every training call, the same sequence for the same seed, and is the identity at inference", () => {
    const x = tf.ones([1, 64]);
    const masks = (seed: number) => {
      const layer = new SeededDropout({ rate: 0.5, seed });
      return [0, 1].map(() => Array.from((layer.call(x, { training: true }) as tf.Tensor).dataSync()));
    };
    const [first, second] = masks(9);
    expect(first).not.toEqual(second);
    expect(masks(9)).toEqual([first, second]);
    expect(new Set(first)).toEqual(new Set([0, 2])); // kept units are scaled by 1/(1-rate)
    expect(Array.from((new SeededDropout({ rate: 0.5, seed: 9 }).call(x, {}) as tf.Tensor).dataSync())).toEqual(
      Array(64).fill(1),
    );
  });
});

describe("derived seeds", () => {
  it("differ across seeds and purposes", async () => {
    const { deriveSeed } = await import("../../stdlib/random");
    const seen = new Set<number>();
    for (let seed = 0; seed < 200; seed++)
      for (const purpose of ["split", "dense0", "shuffle"]) seen.add(deriveSeed(seed, purpose));
    expect(seen.size).toBe(600);
  });
});

describe("regularisation and early stopping", () => {
  const val = (n: number, seed: number) => data(n, 5, seed).train;

  it("stops when the validation loss stops improving and keeps the best epoch's weights", async () => {
    await initBackend();
    const d = { ...data(60, 5, 7), validation: val(200, 8) }; // few training rows: it overfits
    const spec2 = spec({
      layers: [{ units: 64, activation: "relu", dropout: 0, l2: 0, batchNorm: false }],
      epochs: 400,
      learningRate: 0.05,
      batchSize: 8,
      patience: 5,
    });
    const run = await train(spec2, d);
    expect(run.stoppedEarly).toBe(true);
    expect(run.epochsRun).toBeLessThan(400);
    expect(run.epochsRun - run.bestEpoch!).toBe(5);
    const losses = run.history.map((h) => h.valLoss!);
    expect(Math.min(...losses)).toBe(losses[run.bestEpoch! - 1]);
    // The weights kept are those of the best epoch: their validation loss is the minimum.
    const kept = tf.tidy(
      () =>
        tf.metrics
          .binaryCrossentropy(
            tf.tensor2d(d.validation.y, [d.validation.n, 1], "float32"),
            run.model.predict(tf.tensor2d(d.validation.x, [d.validation.n, 5])) as tf.Tensor,
          )
          .mean()
          .dataSync()[0],
    );
    expect(kept).toBeCloseTo(losses[run.bestEpoch! - 1], 5);
  });

  it("shrinks weights with an L2 penalty and adds batch normalisation when asked", async () => {
    const d = data(200, 5, 1);
    const norm = (m: tf.LayersModel) => m.layers[0].getWeights()[0].square().sum().dataSync()[0];
    const plain = await train(
      spec({ layers: [{ units: 8, activation: "relu", dropout: 0, l2: 0, batchNorm: false }], epochs: 20 }),
      d,
    );
    const penalised = await train(
      spec({ layers: [{ units: 8, activation: "relu", dropout: 0, l2: 0.5, batchNorm: false }], epochs: 20 }),
      d,
    );
    expect(norm(penalised.model)).toBeLessThan(norm(plain.model));
    const bn = buildModel(spec({ layers: [{ units: 8, activation: "relu", dropout: 0, l2: 0, batchNorm: true }] }), 5);
    expect(bn.layers.map((l) => l.name)).toEqual(["dense_1", "batch_norm_1", "output"]);
  });
});
