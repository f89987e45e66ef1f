/**
 * Texts as sequences of token ids, for the embedding, conv1d, GRU and
 * Transformer networks: the same normalisation and tokens as the TF-IDF
 * vectoriser (normalize.ts, analyze.ts), a vocabulary fitted on the training
 * texts only, and a fixed length.
 *
 *   id 0   padding (the embedding masks it)
 *   id 1   out of vocabulary: any token the vocabulary lacks
 *   id 2…  the vocabulary, most frequent first (ties in code-point order)
 *
 * A text longer than `maxLen` tokens keeps its first `maxLen` (a customer
 * says what they want early; the rest is counted as truncated); a shorter one
 * is padded at the end, so a token's position is its place in the text.
 */
import { NeedlabError } from "../errors";
import { tokenize } from "./analyze";
import { compareCodePoints, DEFAULT_NORMALIZE, normalizeText, type NormalizeOptions } from "./normalize";

export const PAD_ID = 0;
export const OOV_ID = 1;

export interface SequenceOptions extends NormalizeOptions {
  /** Tokens in the vocabulary, at most (the most frequent; null keeps all that pass minCount). */
  maxVocab: number | null;
  /** Keep a token seen at least this many times in the training texts. */
  minCount: number;
  /** Tokens per text after padding or truncation. */
  maxLen: number;
}

export const DEFAULT_SEQUENCE: SequenceOptions = { ...DEFAULT_NORMALIZE, maxVocab: 20000, minCount: 1, maxLen: 64 };

export interface SequenceVocabulary {
  format: "needlab-sequences";
  version: 1;
  options: SequenceOptions;
  /** Token with id i + 2 (ids 0 and 1 are padding and out of vocabulary). */
  tokens: string[];
}

export interface Sequences {
  /** Row-major [texts × maxLen] token ids. */
  ids: Int32Array;
  maxLen: number;
  /** Per text: its number of tokens before truncation, and how many were out of vocabulary. */
  lengths: Int32Array;
  unknown: Int32Array;
}

export function sequenceOptions(o: Partial<SequenceOptions> = {}): SequenceOptions {
  const opts = { ...DEFAULT_SEQUENCE, ...o };
  if (!Number.isInteger(opts.maxLen) || opts.maxLen < 1)
    throw new NeedlabError(`max_length ${opts.maxLen}: give a whole number of tokens, at least 1`);
  if (!Number.isInteger(opts.minCount) || opts.minCount < 1)
    throw new NeedlabError(`min_count ${opts.minCount}: give a whole number, at least 1`);
  if (opts.maxVocab !== null && (!Number.isInteger(opts.maxVocab) || opts.maxVocab < 1))
    throw new NeedlabError(`vocabulary ${opts.maxVocab}: give a whole number of tokens, at least 1`);
  return opts;
}

/** The vocabulary of the training texts. */
export function fitSequenceVocabulary(
  texts: readonly string[],
  options: Partial<SequenceOptions> = {},
): SequenceVocabulary {
  const o = sequenceOptions(options);
  if (texts.length === 0) throw new NeedlabError("fitting the vocabulary: no training texts; give at least one");
  const counts = new Map<string, number>();
  for (const text of texts) for (const t of tokenize(normalizeText(text, o))) counts.set(t, (counts.get(t) ?? 0) + 1);
  const ranked = [...counts.entries()]
    .filter(([, c]) => c >= o.minCount)
    .sort((a, b) => b[1] - a[1] || compareCodePoints(a[0], b[0]))
    .map(([t]) => t);
  if (ranked.length === 0)
    throw new NeedlabError(
      `fitting the vocabulary: no token is seen ${o.minCount} times in ${texts.length} texts; lower min_count`,
    );
  return {
    format: "needlab-sequences",
    version: 1,
    options: o,
    tokens: o.maxVocab === null ? ranked : ranked.slice(0, o.maxVocab),
  };
}

const INDEX = new WeakMap<SequenceVocabulary, Map<string, number>>();

/** The texts as padded id rows under a fitted vocabulary; the same text gives the same ids at training and prediction. */
export function encodeSequences(vocab: SequenceVocabulary, texts: readonly string[]): Sequences {
  const index = INDEX.get(vocab) ?? new Map(vocab.tokens.map((t, i) => [t, i + 2]));
  INDEX.set(vocab, index);
  const { maxLen } = vocab.options;
  const ids = new Int32Array(texts.length * maxLen); // zeros: padding
  const lengths = new Int32Array(texts.length),
    unknown = new Int32Array(texts.length);
  texts.forEach((text, r) => {
    const tokens = tokenize(normalizeText(text, vocab.options));
    lengths[r] = tokens.length;
    tokens.forEach((t, j) => {
      const id = index.get(t) ?? OOV_ID;
      if (id === OOV_ID) unknown[r]++;
      if (j < maxLen) ids[r * maxLen + j] = id;
    });
  });
  return { ids, maxLen, lengths, unknown };
}

/** Size of the embedding table the vocabulary needs (padding and out-of-vocabulary included). */
export function embeddingRows(vocab: SequenceVocabulary): number {
  return vocab.tokens.length + 2;
}

export function sequencesFromJson(json: string, where: string): SequenceVocabulary {
  let v: Partial<SequenceVocabulary>;
  try {
    v = JSON.parse(json) as Partial<SequenceVocabulary>;
  } catch (e) {
    throw new NeedlabError(`${where}: not JSON (${(e as Error).message}); export the model again`);
  }
  if (v?.format !== "needlab-sequences" || v.version !== 1 || !Array.isArray(v.tokens))
    throw new NeedlabError(`${where}: not a needlab token vocabulary (format needlab-sequences, version 1)`);
  return { format: v.format, version: 1, options: sequenceOptions(v.options), tokens: v.tokens };
}
