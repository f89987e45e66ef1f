/**
 * What a text model reads and how its input is made: the fitted vectoriser
 * (TF-IDF for the logistic baseline, a token vocabulary for the networks),
 * kept beside the tfjs model it feeds, so that every prediction (evaluation,
 * explain, latency, export) vectorises exactly as training did.
 */
import * as tf from "@tensorflow/tfjs";
import type { TextSpec } from "../../plan/plan";
import { NeedlabError } from "../errors";
import { encodeSequences, type SequenceOptions, type SequenceVocabulary } from "./sequences";
import { denseRows } from "./sparse";
import { transformTfidf, type TfidfModel, type TfidfOptions } from "./tfidf";

export type TextInput =
  { kind: "tfidf"; vectorizer: TfidfModel } | { kind: "sequences"; vocabulary: SequenceVocabulary };

const INPUTS = new WeakMap<tf.LayersModel, TextInput>();

/** The vectoriser a text model was trained with; undefined for a tabular model. */
export const textInputOf = (model: tf.LayersModel): TextInput | undefined => INPUTS.get(model);

export function attachTextInput<M extends tf.LayersModel>(model: M, input: TextInput): M {
  INPUTS.set(model, input);
  return model;
}

/** The `text` setting as TF-IDF options (scikit-learn's TfidfVectorizer names in tfidf.ts). */
export function tfidfOptionsOf(t: TextSpec): Partial<TfidfOptions> {
  return {
    lowercase: t.lowercase,
    unicode: t.unicode,
    placeholders: [...t.placeholders],
    analyzer: t.analyzer,
    ngramRange: [...t.ngrams],
    minDf: t.minCount,
    maxDf: t.maxDf,
    maxFeatures: t.vocabulary,
    binary: t.binary,
    sublinearTf: t.sublinearTf,
  };
}

/** Networks keep at most 20,000 tokens unless `vocabulary` says otherwise. */
export const NETWORK_VOCABULARY = 20000;

export function sequenceOptionsOf(t: TextSpec): Partial<SequenceOptions> {
  return {
    lowercase: t.lowercase,
    unicode: t.unicode,
    placeholders: [...t.placeholders],
    maxVocab: t.vocabulary ?? NETWORK_VOCABULARY,
    minCount: t.minCount,
    maxLen: t.maxLength,
  };
}

/** Rows per tensor when predicting: a TF-IDF row is as wide as the vocabulary. */
const CHUNK = 256;

/** The model's input for some texts: dense TF-IDF rows, or padded token ids. */
export function textTensor(input: TextInput, texts: readonly string[]): tf.Tensor2D {
  if (input.kind === "tfidf") {
    const m = transformTfidf(input.vectorizer, texts).matrix;
    return tf.tensor2d(
      denseRows(
        m,
        Int32Array.from(texts, (_, i) => i),
      ),
      [texts.length, m.cols],
    );
  }
  const s = encodeSequences(input.vocabulary, texts);
  return tf.tensor2d(s.ids, [texts.length, s.maxLen], "int32");
}

export function textsOf(m: { texts?: string[]; n: number }): string[] {
  if (!m.texts || m.texts.length !== m.n)
    throw new NeedlabError(
      "a text model is asked to predict rows without their messages: predict rows of its own text dataset (or one with the same `text` columns).",
    );
  return m.texts;
}

/** The model's outputs for texts, row-major, in chunks so a wide TF-IDF input never makes one huge tensor. */
export function predictTexts(model: tf.LayersModel, input: TextInput, texts: readonly string[]): Float32Array {
  const parts: Float32Array[] = [];
  for (let from = 0; from < texts.length; from += CHUNK)
    parts.push(
      tf
        .tidy(
          () =>
            (model.predict(textTensor(input, texts.slice(from, from + CHUNK))) as tf.Tensor).dataSync() as Float32Array,
        )
        .slice(),
    );
  const out = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) (out.set(p, at), (at += p.length));
  return out;
}
