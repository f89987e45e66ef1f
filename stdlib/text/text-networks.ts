/**
 * The text networks as tfjs-layers models over padded token ids, every
 * initialiser seeded from the model's seed:
 *
 *   embedding    Embedding → GlobalAveragePooling1D → output
 *   conv1d       Embedding → Conv1D (relu, `units` filters, `kernel_size`) → GlobalMaxPooling1D → output
 *   gru          Embedding (padding masked) → GRU (`units`) → output
 *   transformer  TokenAndPositionEmbedding → TransformerEncoder × `blocks` → MaskedMeanPooling → output (attention.ts)
 *
 * The output is a softmax over the classes, or one sigmoid unit for a binary
 * target (the probability of the positive class, as every binary model).
 * The first three use only tfjs's own layers, so their export loads in plain
 * tfjs; the transformer's layers are registered when attention.ts is imported.
 */
import * as tf from "@tensorflow/tfjs";
import type { ModelSpec, NetworkSpec, TextFamily } from "../../plan/plan";
import { DEFAULT_NETWORK } from "../../plan/plan";
import { NeedlabError } from "../errors";
import { deriveSeed } from "../random";
import { MaskedMeanPooling, TokenAndPositionEmbedding, TransformerEncoder } from "./attention";
// Embedding gradients in seconds, not minutes (see segment-sum.ts).
import "./segment-sum";
// The convolution's weight gradient on the wasm backend, which has none (see conv-filter-gradient.ts).
import "./conv-filter-gradient";

export interface NetworkShape {
  vocabSize: number;
  maxLen: number;
  /** Classes (softmax), or 1 (sigmoid) for a binary target. */
  outputs: number;
}

export function buildTextNetwork(spec: ModelSpec, shape: NetworkShape, embeddings?: tf.Tensor2D): tf.LayersModel {
  const n: NetworkSpec = spec.network ?? DEFAULT_NETWORK;
  const seed = (purpose: string) => deriveSeed(spec.seed, purpose);
  const glorot = (purpose: string) => tf.initializers.glorotUniform({ seed: seed(purpose) });
  const family = spec.family as TextFamily;
  if (family === "transformer" && n.embeddingDim % n.heads !== 0)
    throw new NeedlabError(
      `model '${spec.name}': embedding_dim ${n.embeddingDim} does not divide into ${n.heads} heads; choose heads that divide it (e.g. heads ${[1, 2, 4, 8].filter((h) => n.embeddingDim % h === 0).pop()}).`,
    );
  const input = tf.input({ shape: [shape.maxLen], dtype: "int32", name: "token_ids" });
  let x: tf.SymbolicTensor;
  if (family === "transformer") {
    x = new TokenAndPositionEmbedding({
      vocabSize: shape.vocabSize,
      maxLen: shape.maxLen,
      embedDim: n.embeddingDim,
      seed: seed("embedding"),
      name: "embedding",
    }).apply(input) as tf.SymbolicTensor;
    for (let i = 0; i < n.blocks; i++)
      x = new TransformerEncoder({
        embedDim: n.embeddingDim,
        heads: n.heads,
        ffDim: n.units,
        seed: seed(`block${i}`),
        name: `encoder_${i + 1}`,
      }).apply(x) as tf.SymbolicTensor;
    x = new MaskedMeanPooling({ name: "pooling" }).apply(x) as tf.SymbolicTensor;
  } else {
    x = tf.layers
      .embedding({
        inputDim: shape.vocabSize,
        outputDim: n.embeddingDim,
        inputLength: shape.maxLen,
        maskZero: family === "gru",
        embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: seed("embedding") }),
        ...(embeddings ? { weights: [embeddings] } : {}),
        name: "embedding",
      })
      .apply(input) as tf.SymbolicTensor;
    if (family === "embedding") x = tf.layers.globalAveragePooling1d({ name: "pooling" }).apply(x) as tf.SymbolicTensor;
    if (family === "conv1d") {
      x = tf.layers
        .conv1d({
          filters: n.units,
          kernelSize: n.kernelSize,
          activation: "relu",
          padding: "same",
          kernelInitializer: glorot("conv"),
          name: "conv",
        })
        .apply(x) as tf.SymbolicTensor;
      x = tf.layers.globalMaxPooling1d({ name: "pooling" }).apply(x) as tf.SymbolicTensor;
    }
    if (family === "gru")
      x = tf.layers
        .gru({
          units: n.units,
          kernelInitializer: glorot("gru"),
          recurrentInitializer: tf.initializers.orthogonal({ seed: seed("gru-recurrent") }),
          name: "gru",
        })
        .apply(x) as tf.SymbolicTensor;
  }
  const output = tf.layers
    .dense({
      units: shape.outputs,
      activation: shape.outputs === 1 ? "sigmoid" : "softmax",
      kernelInitializer: glorot("output"),
      name: "output",
    })
    .apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output, name: spec.name });
}
