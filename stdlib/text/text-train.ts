/**
 * Training a model on a text dataset. The vectoriser is fitted on the
 * training messages only and attached to the tfjs model (text-input.ts):
 *
 *   logistic_regression  TF-IDF (tfidf.ts) + multinomial logistic regression
 *                        solved exactly on the sparse matrix (sparse-logistic.ts,
 *                        scikit-learn's lbfgs objective), handed back as one
 *                        dense tfjs layer over the TF-IDF row
 *   embedding, conv1d, gru, transformer
 *                        token ids (sequences.ts) into a network
 *                        (text-networks.ts), trained batch by batch in a seeded order
 */
import * as tf from "@tensorflow/tfjs";
import { DEFAULTS, type ModelSpec, type TextSpec } from "../../plan/plan";
import { NeedlabError } from "../errors";
import { createRng, deriveSeed, permutation } from "../random";
import type { EpochLog, Output, TrainingData, TrainingOptions, TrainingRun } from "../train-types";
import { pretrainedEmbeddings } from "./pretrained";
import { embeddingRows, fitSequenceVocabulary } from "./sequences";
import { fitSparseLogistic } from "./sparse-logistic";
import { attachTextInput, predictTexts, sequenceOptionsOf, textsOf, textTensor, tfidfOptionsOf } from "./text-input";
import { buildTextNetwork } from "./text-networks";
import { fitTransformTfidf } from "./tfidf";

const classesOf = (output: Output): number =>
  typeof output === "object" && "multiclass" in output ? output.multiclass : 1;

/** Mean cross-entropy of predicted outputs (softmax rows, or one sigmoid column). */
function meanLoss(probs: Float32Array, y: Uint8Array, k: number): number {
  if (y.length === 0) return NaN;
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    const p = k === 1 ? (y[i] === 1 ? probs[i] : 1 - probs[i]) : probs[i * k + y[i]];
    total -= Math.log(Math.min(Math.max(p, 1e-7), 1));
  }
  return total / y.length;
}

export async function trainText(
  spec: ModelSpec,
  data: TrainingData & { text: TextSpec },
  output: Output,
  rowWeights: Float32Array | undefined,
  options: TrainingOptions,
  optimizer: (spec: ModelSpec) => tf.Optimizer,
): Promise<TrainingRun> {
  if (typeof output === "object" && "regression" in output)
    throw new NeedlabError(
      `model '${spec.name}' reads text, and text models here are classifiers: give dataset a class target (binary or multiclass).`,
    );
  if (spec.family === "logistic_regression") {
    if (spec.solver === "gradient")
      throw new NeedlabError(
        `model '${spec.name}': on a text dataset a logistic_regression is the TF-IDF baseline, solved exactly; remove \`optimizer\`.`,
      );
    if (rowWeights)
      throw new NeedlabError(
        `model '${spec.name}': the TF-IDF baseline is solved without row weights; remove \`class_weight\`/\`sample_weight\` (or train a text network, which takes them).`,
      );
    return trainBaseline(spec, data, output);
  }
  if (spec.family === "dense" || spec.family === "linear_regression")
    throw new NeedlabError(
      `model '${spec.name}' is a ${spec.family}, which reads tabular features, but the dataset's features are text: use logistic_regression (TF-IDF baseline), embedding, conv1d, gru or transformer.`,
    );
  return trainNetwork(spec, data, output, rowWeights, options, optimizer);
}

/** TF-IDF + exact multinomial logistic regression; a binary target is the two-class model folded into one sigmoid. */
function trainBaseline(spec: ModelSpec, data: TrainingData & { text: TextSpec }, output: Output): TrainingRun {
  const started = performance.now();
  const fitted = fitTransformTfidf(textsOf(data.train), tfidfOptionsOf(data.text));
  const k = classesOf(output);
  const classes = k === 1 ? 2 : k;
  const C = 1 / (spec.l2 ?? DEFAULTS.logisticL2);
  // Two softmax classes with penalty 1/(2C') on both weight vectors equal one sigmoid with 1/(2C) when C' = C/2.
  const solved = fitSparseLogistic(fitted.matrix, data.train.y, classes, {
    C: k === 1 ? C / 2 : C,
    // The lowered defaults are Newton's (100 steps, 1e-8); L-BFGS takes scikit-learn's lbfgs ones.
    maxIter: spec.maxIter === undefined || spec.maxIter === DEFAULTS.maxIter ? 1000 : spec.maxIter,
    tol: spec.tol === undefined || spec.tol === DEFAULTS.tol ? 1e-4 : spec.tol,
  });
  const V = fitted.model.vocabulary.length;
  const kernel = new Float32Array(V * k),
    bias = new Float32Array(k);
  for (let j = 0; j < V; j++)
    for (let c = 0; c < k; c++)
      kernel[j * k + c] = k === 1 ? solved.weights[j * 2 + 1] - solved.weights[j * 2] : solved.weights[j * k + c];
  for (let c = 0; c < k; c++) bias[c] = k === 1 ? solved.bias[1] - solved.bias[0] : solved.bias[c];
  const model = tf.sequential({ name: spec.name });
  model.add(
    tf.layers.dense({ inputShape: [V], units: k, activation: k === 1 ? "sigmoid" : "softmax", name: "output" }),
  );
  const values = [tf.tensor2d(kernel, [V, k]), tf.tensor1d(bias)];
  model.getLayer("output").setWeights(values);
  tf.dispose(values);
  const input = { kind: "tfidf" as const, vectorizer: fitted.model };
  attachTextInput(model, input);
  const trainLoss = meanLoss(predictTexts(model, input, textsOf(data.train)), data.train.y, k);
  const valLoss =
    data.validation.n > 0
      ? meanLoss(predictTexts(model, input, textsOf(data.validation)), data.validation.y, k)
      : undefined;
  return {
    model,
    history: [{ epoch: 1, loss: trainLoss, ...(valLoss !== undefined ? { valLoss } : {}) }],
    epochsRun: 1,
    stoppedEarly: false,
    interrupted: false,
    trainingMs: performance.now() - started,
    parameters: model.countParams(),
    solver: `TF-IDF (${V} terms) + L-BFGS, ${solved.iterations} iterations${solved.converged ? "" : ", not converged (raise max_iter)"}`,
  };
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

async function trainNetwork(
  spec: ModelSpec,
  data: TrainingData & { text: TextSpec },
  output: Output,
  rowWeights: Float32Array | undefined,
  options: TrainingOptions,
  optimizer: (spec: ModelSpec) => tf.Optimizer,
): Promise<TrainingRun> {
  const started = performance.now();
  const texts = textsOf(data.train);
  const vocabulary = fitSequenceVocabulary(texts, sequenceOptionsOf(data.text));
  const k = classesOf(output);
  const embeddings = spec.network?.pretrained
    ? pretrainedEmbeddings(spec.network.pretrained, options.baseDir ?? ".", vocabulary, spec.network.embeddingDim, spec)
    : undefined;
  if (embeddings && spec.family === "transformer")
    throw new NeedlabError(
      `model '${spec.name}': pretrained vectors start an embedding, conv1d or gru network; a transformer learns its own.`,
    );
  const model = buildTextNetwork(
    spec,
    { vocabSize: embeddingRows(vocabulary), maxLen: vocabulary.options.maxLen, outputs: k },
    embeddings,
  );
  embeddings?.dispose();
  const input = { kind: "sequences" as const, vocabulary };
  attachTextInput(model, input);
  model.compile({ optimizer: optimizer(spec), loss: k === 1 ? "binaryCrossentropy" : "categoricalCrossentropy" });
  const ids = textTensor(input, texts);
  const shuffle = createRng(deriveSeed(spec.seed, "shuffle"));
  const history: EpochLog[] = [];
  let interrupted = false;
  let lastYield = performance.now();
  try {
    outer: for (let epoch = 1; epoch <= spec.epochs; epoch++) {
      const order = permutation(data.train.n, shuffle);
      let lossSum = 0;
      for (let from = 0; from < data.train.n; from += spec.batchSize) {
        if (performance.now() - lastYield > 40) {
          await yieldToEventLoop();
          lastYield = performance.now();
        }
        if (options.signal?.aborted) {
          interrupted = true;
          break outer;
        }
        const rows = order.slice(from, from + spec.batchSize);
        const x = tf.gather(ids, tf.tensor1d(rows, "int32"));
        const y =
          k === 1
            ? tf.tensor2d(
                Float32Array.from(rows, (r) => data.train.y[r]),
                [rows.length, 1],
              )
            : tf
                .oneHot(
                  tf.tensor1d(
                    Int32Array.from(rows, (r) => data.train.y[r]),
                    "int32",
                  ),
                  k,
                )
                .toFloat();
        const w = rowWeights ? tf.tensor1d(Float32Array.from(rows, (r) => rowWeights[r])) : undefined;
        const loss = w ? await weightedStep(model, x, y, w, k) : ((await model.trainOnBatch(x, y)) as number);
        tf.dispose([x, y, ...(w ? [w] : [])]);
        lossSum += loss * rows.length;
      }
      const log: EpochLog = { epoch, loss: lossSum / data.train.n };
      if (data.validation.n > 0)
        log.valLoss = meanLoss(predictTexts(model, input, textsOf(data.validation)), data.validation.y, k);
      history.push(log);
      options.onEpoch?.(log, spec.epochs);
    }
  } finally {
    ids.dispose();
  }
  return {
    model: model as unknown as tf.Sequential,
    history,
    epochsRun: history.length,
    stoppedEarly: false,
    interrupted,
    trainingMs: performance.now() - started,
    parameters: model.countParams(),
    path: "tfjs-layers",
  };
}

/** One step on a batch whose rows weigh differently (class or sample weights, reweighing): the weighted mean loss. */
async function weightedStep(
  model: tf.LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  w: tf.Tensor1D,
  k: number,
): Promise<number> {
  const loss = model.optimizer.minimize(() => {
    const p = model.apply(x, { training: true }) as tf.Tensor;
    const perRow =
      k === 1 ? tf.metrics.binaryCrossentropy(y, p).reshape([-1]) : tf.metrics.categoricalCrossentropy(y, p);
    return tf.mean(tf.mul(perRow, w)) as tf.Scalar;
  }, true);
  const value = (await loss!.data())[0];
  loss!.dispose();
  return value;
}
