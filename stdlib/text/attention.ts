/**
 * A small Transformer encoder for text, from tfjs ops: tfjs-layers has no
 * MultiHeadAttention, so each piece is a custom layer registered with
 * `tf.serialization.registerClass`, whose config and weights travel with
 * `model.save` and come back with `tf.loadLayersModel` (once this module is
 * imported). The encoder block is PyTorch's `TransformerEncoderLayer`
 * (post-norm, ReLU, layer-norm ε 1e-5) with the same weight layout up to a
 * transpose, which `test/stdlib/text/attention.test.ts` checks numerically.
 *
 *   ids [B, T] ─ TokenAndPositionEmbedding ─ x [B, T, D] (mask: id ≠ 0)
 *     ─ TransformerEncoder × n:  x = LN1(x + MHA(x));  x = LN2(x + W2·relu(W1·x))
 *     ─ MaskedMeanPooling ─ [B, D] ─ dense softmax
 *
 * Id 0 is padding: the embedding emits a mask that tfjs hands to the next
 * layers, so attention never looks at padded positions and pooling does not
 * average them. Every initialiser is seeded: the same seed, the same network.
 */
import * as tf from "@tensorflow/tfjs";
import { deriveSeed } from "../random";

type Kwargs = { mask?: tf.Tensor; training?: boolean };
const first = (x: tf.Tensor | tf.Tensor[]) => (Array.isArray(x) ? x[0] : x);
const LN_EPSILON = 1e-5;
type Initializer = ReturnType<typeof tf.initializers.zeros>;
/** "No mask": tfjs layers return null for it, though the declared type omits null. */
const NO_MASK = null as unknown as tf.Tensor;

/** Query, key, value and output projections, each [D, D] applied as x·W + b. */
export interface AttentionWeights {
  wq: tf.Tensor2D;
  bq: tf.Tensor1D;
  wk: tf.Tensor2D;
  bk: tf.Tensor1D;
  wv: tf.Tensor2D;
  bv: tf.Tensor1D;
  wo: tf.Tensor2D;
  bo: tf.Tensor1D;
}

/**
 * Multi-head self-attention of x [B, T, D]: head h attends with columns
 * h·D/H … (h+1)·D/H of the projections, scores scaled by 1/√(D/H); keys where
 * `mask` [B, T] is 0 get no weight.
 */
export function multiHeadSelfAttention(
  x: tf.Tensor3D,
  w: AttentionWeights,
  heads: number,
  mask?: tf.Tensor,
): tf.Tensor3D {
  return tf.tidy(() => {
    const [b, t, d] = x.shape;
    const dh = d / heads;
    const flat = x.reshape([b * t, d]);
    const split = (wm: tf.Tensor2D, bias: tf.Tensor1D) =>
      flat.matMul(wm).add(bias).reshape([b, t, heads, dh]).transpose([0, 2, 1, 3]);
    const q = split(w.wq, w.bq),
      k = split(w.wk, w.bk),
      v = split(w.wv, w.bv);
    let scores = q.matMul(k, false, true).div(Math.sqrt(dh)); // [B, H, T, T]
    if (mask) {
      // −1e9 before the softmax: exp underflows to exactly 0 in float32, so a padded key gets no weight.
      const blocked = tf.sub(1, mask.cast("float32")).mul(-1e9).reshape([b, 1, 1, t]);
      scores = scores.add(blocked);
    }
    const attended = tf
      .softmax(scores)
      .matMul(v)
      .transpose([0, 2, 1, 3])
      .reshape([b * t, d]);
    return attended.matMul(w.wo).add(w.bo).reshape([b, t, d]) as tf.Tensor3D;
  });
}

/** Normalises the last axis to mean 0, variance 1 (biased, as PyTorch and Keras), then scales and shifts. */
export function layerNorm(x: tf.Tensor, gamma: tf.Tensor1D, beta: tf.Tensor1D, epsilon = LN_EPSILON): tf.Tensor {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(x, -1, true);
    return x.sub(mean).div(variance.add(epsilon).sqrt()).mul(gamma).add(beta);
  });
}

export interface EmbeddingConfig {
  vocabSize: number;
  maxLen: number;
  embedDim: number;
  seed: number;
  name?: string;
}

/** Token embedding plus a learned position embedding; emits a mask of the non-padding (id ≠ 0) positions. */
export class TokenAndPositionEmbedding extends tf.layers.Layer {
  static className = "NeedlabTokenAndPositionEmbedding";
  private readonly c: EmbeddingConfig;
  private tokens!: tf.LayerVariable;
  private positions!: tf.LayerVariable;

  constructor(config: EmbeddingConfig) {
    super({ name: config.name });
    this.c = { vocabSize: config.vocabSize, maxLen: config.maxLen, embedDim: config.embedDim, seed: config.seed };
    this.supportsMasking = true;
  }

  build(): void {
    const { vocabSize, maxLen, embedDim, seed } = this.c;
    const init = (what: string) =>
      tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: deriveSeed(seed, what) });
    this.tokens = this.addWeight("tokens", [vocabSize, embedDim], "float32", init("tokens"));
    this.positions = this.addWeight("positions", [maxLen, embedDim], "float32", init("positions"));
    this.built = true;
  }

  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const ids = first(inputs).cast("int32");
      const t = ids.shape[1]!;
      const positions = this.positions.read().slice([0, 0], [t, this.c.embedDim]);
      return tf.gather(this.tokens.read(), ids).add(positions);
    });
  }

  computeMask(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => tf.notEqual(first(inputs).cast("int32"), 0));
  }

  computeOutputShape(shape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = shape as tf.Shape;
    return [s[0], s[1], this.c.embedDim];
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...this.c };
  }
}

export interface EncoderConfig {
  embedDim: number;
  heads: number;
  ffDim: number;
  seed: number;
  name?: string;
}

/** One post-norm Transformer encoder block (attention, then a ReLU feed-forward, each with residual and layer norm). */
export class TransformerEncoder extends tf.layers.Layer {
  static className = "NeedlabTransformerEncoder";
  private readonly c: EncoderConfig;
  private w: Record<string, tf.LayerVariable> = {};

  constructor(config: EncoderConfig) {
    super({ name: config.name });
    if (config.embedDim % config.heads !== 0)
      throw new Error(`embedding size ${config.embedDim} is not a multiple of ${config.heads} heads`);
    this.c = { embedDim: config.embedDim, heads: config.heads, ffDim: config.ffDim, seed: config.seed };
    this.supportsMasking = true;
  }

  /** The weight names in order (the order of getWeights/setWeights). */
  static readonly WEIGHTS = [
    ...["wq", "bq", "wk", "bk", "wv", "bv", "wo", "bo", "ln1_gamma", "ln1_beta"],
    ...["w1", "b1", "w2", "b2", "ln2_gamma", "ln2_beta"],
  ];

  build(): void {
    const { embedDim: d, ffDim: f, seed } = this.c;
    const glorot = (what: string) => tf.initializers.glorotUniform({ seed: deriveSeed(seed, what) });
    const shapes: Record<string, [number[], Initializer]> = {
      wq: [[d, d], glorot("wq")],
      bq: [[d], tf.initializers.zeros()],
      wk: [[d, d], glorot("wk")],
      bk: [[d], tf.initializers.zeros()],
      wv: [[d, d], glorot("wv")],
      bv: [[d], tf.initializers.zeros()],
      wo: [[d, d], glorot("wo")],
      bo: [[d], tf.initializers.zeros()],
      ln1_gamma: [[d], tf.initializers.ones()],
      ln1_beta: [[d], tf.initializers.zeros()],
      w1: [[d, f], glorot("w1")],
      b1: [[f], tf.initializers.zeros()],
      w2: [[f, d], glorot("w2")],
      b2: [[d], tf.initializers.zeros()],
      ln2_gamma: [[d], tf.initializers.ones()],
      ln2_beta: [[d], tf.initializers.zeros()],
    };
    for (const name of TransformerEncoder.WEIGHTS) {
      const [shape, init] = shapes[name];
      this.w[name] = this.addWeight(name, shape, "float32", init);
    }
    this.built = true;
  }

  call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = first(inputs) as tf.Tensor3D;
      const [b, t, d] = x.shape;
      const r = (n: string) => this.w[n].read() as never;
      const attention = multiHeadSelfAttention(
        x,
        { wq: r("wq"), bq: r("bq"), wk: r("wk"), bk: r("bk"), wv: r("wv"), bv: r("bv"), wo: r("wo"), bo: r("bo") },
        this.c.heads,
        kwargs?.mask,
      );
      const h = layerNorm(x.add(attention), r("ln1_gamma"), r("ln1_beta"));
      const flat = h.reshape([b * t, d]);
      const ff = tf
        .relu(flat.matMul(r("w1")).add(r("b1")))
        .matMul(r("w2"))
        .add(r("b2"));
      return layerNorm(h.add(ff.reshape([b, t, d])), r("ln2_gamma"), r("ln2_beta"));
    });
  }

  computeMask(_inputs: tf.Tensor | tf.Tensor[], mask?: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return mask ? first(mask) : NO_MASK; // padding stays padding
  }

  computeOutputShape(shape: tf.Shape | tf.Shape[]): tf.Shape {
    return shape as tf.Shape;
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...this.c };
  }
}

/** The mean over the non-padding positions: [B, T, D] → [B, D] (a text of padding only gives zeros). */
export class MaskedMeanPooling extends tf.layers.Layer {
  static className = "NeedlabMaskedMeanPooling";

  constructor(config: { name?: string } = {}) {
    super({ name: config.name });
    this.supportsMasking = true;
  }

  call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = first(inputs);
      if (!kwargs?.mask) return x.mean(1);
      const m = kwargs.mask.cast("float32").expandDims(-1); // [B, T, 1]
      return x.mul(m).sum(1).div(m.sum(1).maximum(1));
    });
  }

  computeMask(): tf.Tensor {
    return NO_MASK; // one vector per text: nothing left to mask
  }

  computeOutputShape(shape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = shape as tf.Shape;
    return [s[0], s[2]];
  }
}

for (const layer of [TokenAndPositionEmbedding, TransformerEncoder, MaskedMeanPooling])
  tf.serialization.registerClass(layer);

export interface TransformerClassifierConfig {
  vocabSize: number;
  maxLen: number;
  embedDim: number;
  heads: number;
  ffDim: number;
  /** Encoder blocks, one or more. */
  blocks: number;
  classes: number;
  seed: number;
}

/** ids [B, maxLen] (0 = padding) → class probabilities [B, classes]. */
export function transformerClassifier(c: TransformerClassifierConfig): tf.LayersModel {
  const input = tf.input({ shape: [c.maxLen], dtype: "int32", name: "token_ids" });
  let x = new TokenAndPositionEmbedding({ ...c, name: "embedding" }).apply(input) as tf.SymbolicTensor;
  for (let i = 0; i < c.blocks; i++) {
    const block = new TransformerEncoder({ ...c, seed: deriveSeed(c.seed, `block${i}`), name: `encoder_${i + 1}` });
    x = block.apply(x) as tf.SymbolicTensor;
  }
  x = new MaskedMeanPooling({ name: "pooling" }).apply(x) as tf.SymbolicTensor;
  const output = tf.layers
    .dense({
      units: c.classes,
      activation: "softmax",
      kernelInitializer: tf.initializers.glorotUniform({ seed: deriveSeed(c.seed, "output") }),
      name: "output",
    })
    .apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output, name: "transformer" });
}
