/**
 * `show code` for a text model: the calls needlab makes, written out (the
 * vectoriser fitted on the training messages, then the baseline's solver or
 * the network builder), with the model's settings and seed.
 */
import type { ModelSpec, TextSpec } from "../../plan/plan";
import { tfidfOptionsOf, sequenceOptionsOf } from "./text-options";

export function textModelCode(spec: ModelSpec, text: TextSpec, classes?: string[]): string {
  const k = classes?.length ?? 1;
  const head = [
    `// model ${spec.name}: ${spec.family} on text (${text.columns.join(" + ")}), as needlab builds and trains it (seed ${spec.seed})`,
    `import * as tf from "@tensorflow/tfjs";`,
  ];
  if (spec.family === "logistic_regression") {
    const C = 1 / (spec.l2 ?? 1);
    return [
      ...head,
      `import { fitTransformTfidf } from "needlab/dist/stdlib/text/tfidf";`,
      `import { fitSparseLogistic } from "needlab/dist/stdlib/text/sparse-logistic";`,
      ``,
      `// TF-IDF fitted on the training messages only (scikit-learn's TfidfVectorizer with these settings).`,
      `const tfidf = fitTransformTfidf(trainTexts, ${JSON.stringify(tfidfOptionsOf(text))});`,
      `// Multinomial logistic regression, scikit-learn's lbfgs objective, solved exactly on the sparse matrix.`,
      `const solved = fitSparseLogistic(tfidf.matrix, trainLabels, ${k === 1 ? 2 : k}, { C: ${k === 1 ? C / 2 : C} });${k === 1 ? " // two classes folded into one sigmoid" : ""}`,
      `// The weights become one dense layer over the TF-IDF row: ${k === 1 ? "sigmoid" : `softmax over ${classes!.join(", ")}`}.`,
    ].join("\n");
  }
  return [
    ...head,
    `import { fitSequenceVocabulary, encodeSequences } from "needlab/dist/stdlib/text/sequences";`,
    `import { buildTextNetwork } from "needlab/dist/stdlib/text/text-networks";`,
    ``,
    `// Token vocabulary of the training messages (ids: 0 padding, 1 out of vocabulary).`,
    `const vocabulary = fitSequenceVocabulary(trainTexts, ${JSON.stringify(sequenceOptionsOf(text))});`,
    `const model = buildTextNetwork(${JSON.stringify({ name: spec.name, family: spec.family, seed: spec.seed, network: spec.network })} as ModelSpec, { vocabSize: vocabulary.tokens.length + 2, maxLen: ${text.maxLength}, outputs: ${k} });`,
    `model.compile({ optimizer: tf.train.${spec.optimizer}(${spec.learningRate}), loss: "${k === 1 ? "binaryCrossentropy" : "categoricalCrossentropy"}" });`,
    `// ${spec.epochs} epochs of batches of ${spec.batchSize} padded id rows (encodeSequences), in an order seeded from ${spec.seed}.`,
  ].join("\n");
}
