/** A dataset's `text` setting as the options of each vectoriser (no tfjs here: `show code` reads it at kernel start). */
import type { TextSpec } from "../../plan/plan";
import type { SequenceOptions } from "./sequences";
import type { TfidfOptions } from "./tfidf";

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
