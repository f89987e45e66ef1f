/**
 * The Transformer layers: hand-worked forward passes on tiny cases with
 * weights set by hand; the whole classifier against PyTorch's
 * TransformerEncoderLayer with the same weights (Debian's python3-torch);
 * padding that changes nothing; a save/load round trip through memory that
 * predicts identically; seeded initialisation; and a few training steps.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import {
  layerNorm,
  MaskedMeanPooling,
  multiHeadSelfAttention,
  TokenAndPositionEmbedding,
  transformerClassifier,
  TransformerEncoder,
  type TransformerClassifierConfig,
} from "../../../stdlib/text/attention";
import { requireTool, systemPython } from "../../helpers/tools";

const I2 = () => tf.tensor2d([1, 0, 0, 1], [2, 2]);
const Z2 = () => tf.zeros([2]) as tf.Tensor1D;
const identity = () => ({ wq: I2(), bq: Z2(), wk: I2(), bk: Z2(), wv: I2(), bv: Z2(), wo: I2(), bo: Z2() });
const s1 = Math.E / (1 + Math.E); // softmax([1, 0])[0] = 0.7310585…

function expectClose(actual: ArrayLike<number>, expected: number[], digits = 5): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((v, i) => expect(actual[i], `entry ${i}`).toBeCloseTo(v, digits));
}

describe("hand-worked forward passes", () => {
  it("two heads of width 1 with identity projections", () => {
    // Tokens x1 = (1, 0), x2 = (0, 1). Head 1 sees the first coordinate: q = k = v = (1, 0) over the tokens.
    // Token 1: scores (1·1, 1·0)/√1 → softmax (s1, 1−s1) → value s1·1 + (1−s1)·0 = s1. Token 2: scores (0, 0) → ½.
    // Head 2 mirrors it on the second coordinate: ½ for token 1, s1 for token 2. Wo = I keeps them.
    const out = multiHeadSelfAttention(
      tf.tensor3d([
        [
          [1, 0],
          [0, 1],
        ],
      ]),
      identity(),
      2,
    );
    expectClose(out.dataSync(), [s1, 0.5, 0.5, s1], 6);
  });

  it("one head of width 2: scores scaled by 1/√2", () => {
    // q·k: token 1 with (1,0),(0,1) → (1, 0)/√2; softmax → a = e^(1/√2) / (e^(1/√2) + 1) on itself.
    const a = Math.exp(Math.SQRT1_2) / (Math.exp(Math.SQRT1_2) + 1);
    const out = multiHeadSelfAttention(
      tf.tensor3d([
        [
          [1, 0],
          [0, 1],
        ],
      ]),
      identity(),
      1,
    );
    expectClose(out.dataSync(), [a, 1 - a, 1 - a, a], 6);
  });

  it("a masked key gets no weight: a padded third token changes nothing", () => {
    const x = tf.tensor3d([
      [
        [1, 0],
        [0, 1],
        [7, -3],
      ],
    ]);
    const out = multiHeadSelfAttention(x, identity(), 2, tf.tensor2d([[1, 1, 0]]));
    expectClose(out.dataSync().slice(0, 4), [s1, 0.5, 0.5, s1], 6);
  });

  it("layer norm: (1, 2, 3) → (−1, 0, 1)·√(3/2) up to ε, then scaled and shifted", () => {
    const k = 1 / Math.sqrt(2 / 3 + 1e-5);
    const out = layerNorm(tf.tensor2d([[1, 2, 3]]), tf.tensor1d([1, 2, 1]), tf.tensor1d([0, 0, 5]));
    expectClose(out.dataSync(), [-k, 0, 5 + k], 5);
  });

  it("token + position embedding adds the two tables and masks id 0", () => {
    const layer = new TokenAndPositionEmbedding({ vocabSize: 4, maxLen: 3, embedDim: 2, seed: 1 });
    layer.apply(tf.input({ shape: [3] }));
    layer.setWeights([tf.tensor2d([0, 0, 1, 2, 3, 4, 5, 6], [4, 2]), tf.tensor2d([10, 20, 30, 40, 50, 60], [3, 2])]);
    const ids = tf.tensor2d([[1, 3, 0]], [1, 3], "int32");
    expectClose((layer.apply(ids) as tf.Tensor).dataSync(), [11, 22, 35, 46, 50, 60]);
    expect(Array.from(layer.computeMask(ids).dataSync())).toEqual([1, 1, 0]);
  });

  it("masked mean pooling averages the real tokens only", () => {
    const pool = new MaskedMeanPooling();
    const x = tf.tensor3d([
      [
        [1, 2],
        [3, 4],
        [100, 100],
      ],
    ]);
    expectClose((pool.call(x, { mask: tf.tensor2d([[1, 1, 0]]) }) as tf.Tensor).dataSync(), [2, 3]);
  });

  it("an encoder block by hand: identity weights, two heads, D = 2", () => {
    // After attention + residual: token 1 = (1 + s1, ½), token 2 = (½, 1 + s1); layer norm over two values gives ±1
    // (up to ε): (z1, −z1), with z1 = 0.6155/√(0.6155² + 1e-5). FFN = relu(I·h)·I = (z1, 0); residual (2·z1, −z1);
    // layer norm again: ±1.5·z1/√((1.5·z1)² + 1e-5).
    const block = new TransformerEncoder({ embedDim: 2, heads: 2, ffDim: 2, seed: 1 });
    block.apply(tf.input({ shape: [2, 2] }));
    const eye = [1, 0, 0, 1];
    block.setWeights(
      TransformerEncoder.WEIGHTS.map((n) =>
        n.startsWith("w") ? tf.tensor2d(eye, [2, 2]) : n.endsWith("gamma") ? tf.ones([2]) : tf.zeros([2]),
      ),
    );
    const dev = (1 + s1 - 0.5) / 2;
    const z1 = dev / Math.sqrt(dev * dev + 1e-5);
    const z2 = (1.5 * z1) / Math.sqrt((1.5 * z1) ** 2 + 1e-5);
    const out = block.call(
      tf.tensor3d([
        [
          [1, 0],
          [0, 1],
        ],
      ]),
      {},
    ) as tf.Tensor;
    expectClose(out.dataSync(), [z2, -z2, -z2, z2], 5);
  });
});

const CONFIG: TransformerClassifierConfig = {
  vocabSize: 20,
  maxLen: 6,
  embedDim: 8,
  heads: 2,
  ffDim: 16,
  blocks: 2,
  classes: 3,
  seed: 7,
};
const IDS = [
  [3, 5, 7, 9, 11, 13],
  [4, 4, 2, 0, 0, 0],
  [19, 1, 0, 0, 0, 0],
  [8, 0, 0, 0, 0, 0],
];
const idsTensor = () => tf.tensor2d(IDS, [IDS.length, CONFIG.maxLen], "int32");

/** Perturbs every weight so that biases and layer norms are not at their 0/1 starting values. */
function perturbed(model: tf.LayersModel, seed: number): void {
  model.setWeights(model.getWeights().map((w, i) => w.add(tf.randomNormal(w.shape, 0, 0.3, "float32", seed + i))));
}

describe("the classifier", () => {
  const py = systemPython(["torch"]);

  it("equals PyTorch's TransformerEncoderLayer stack with the same weights, padding included", () => {
    if (!requireTool("python3 with PyTorch", py, "apt-get install python3-torch")) return;
    const model = transformerClassifier(CONFIG);
    perturbed(model, 100);
    const arr = (l: string) =>
      model
        .getLayer(l)
        .getWeights()
        .map((w) => w.arraySync());
    const [tokens, positions] = arr("embedding");
    const blocks = [1, 2].map((b) =>
      Object.fromEntries(TransformerEncoder.WEIGHTS.map((n, i) => [n, arr(`encoder_${b}`)[i]])),
    );
    const [kernel, bias] = arr("output");
    const job = { ids: IDS, heads: CONFIG.heads, embedding: { tokens, positions }, blocks, dense: { kernel, bias } };
    const r = spawnSync(py!, [path.join(__dirname, "torch_encoder.py")], {
      input: JSON.stringify(job),
      encoding: "utf8",
    });
    expect(r.stderr).toBe("");
    const ref = JSON.parse(r.stdout) as { probs: number[][]; block1: number[][][] };
    const probs = model.predict(idsTensor()) as tf.Tensor;
    expectClose(probs.dataSync(), ref.probs.flat(), 5);
    const sub = tf.model({ inputs: model.inputs, outputs: model.getLayer("encoder_1").output as tf.SymbolicTensor });
    expectClose((sub.predict(idsTensor()) as tf.Tensor).dataSync(), ref.block1.flat(2), 4);
  });

  it("ignores what sits in the padding: changing id 0's embedding changes no prediction", () => {
    const model = transformerClassifier(CONFIG);
    const before = (model.predict(idsTensor()) as tf.Tensor).dataSync();
    const emb = model.getLayer("embedding");
    const [tokens, positions] = emb.getWeights();
    const changed = tf.concat([tf.fill([1, CONFIG.embedDim], 9), tokens.slice([1, 0])]);
    emb.setWeights([changed, positions]);
    expectClose((model.predict(idsTensor()) as tf.Tensor).dataSync(), Array.from(before), 6);
  });

  it("saves and loads with the model: the loaded model predicts identically", async () => {
    const model = transformerClassifier(CONFIG);
    perturbed(model, 200);
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
      }),
    );
    const topology = JSON.stringify(saved!.modelTopology);
    for (const cls of ["NeedlabTokenAndPositionEmbedding", "NeedlabTransformerEncoder", "NeedlabMaskedMeanPooling"])
      expect(topology).toContain(cls);
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    const a = (model.predict(idsTensor()) as tf.Tensor).dataSync(),
      b = (loaded.predict(idsTensor()) as tf.Tensor).dataSync();
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(loaded.getLayer("encoder_2").getConfig()).toMatchObject({ embedDim: 8, heads: 2, ffDim: 16 });
  });

  it("is seeded: the same seed builds the same weights, another seed others", () => {
    const w = (seed: number) =>
      transformerClassifier({ ...CONFIG, seed })
        .getWeights()
        .flatMap((t) => Array.from(t.dataSync()));
    expect(w(7)).toEqual(w(7));
    expect(w(8)).not.toEqual(w(7));
  });

  it("learns: a few epochs on 'does token 5 appear' drive the loss down", async () => {
    const model = transformerClassifier({ ...CONFIG, classes: 2, blocks: 1 });
    model.compile({ optimizer: tf.train.adam(0.01), loss: "sparseCategoricalCrossentropy" });
    const rows: number[][] = [],
      labels: number[] = [];
    for (let i = 0; i < 32; i++) {
      const len = 2 + (i % 4);
      const row = Array.from({ length: CONFIG.maxLen }, (_, j) => (j < len ? 6 + ((i * 7 + j * 3) % 13) : 0));
      if (i % 2 === 0) row[i % len] = 5;
      rows.push(row);
      labels.push(i % 2 === 0 ? 1 : 0);
    }
    const h = await model.fit(tf.tensor2d(rows, undefined, "int32"), tf.tensor1d(labels), {
      epochs: 30,
      batchSize: 8,
      shuffle: false,
      verbose: 0,
    });
    const loss = h.history.loss as number[];
    expect(loss[loss.length - 1]).toBeLessThan(0.3 * loss[0]);
  });
});
