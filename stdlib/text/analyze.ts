/**
 * Cutting a normalised message into the terms a vectoriser counts: word
 * n-grams, character n-grams, or character n-grams inside word boundaries,
 * each exactly as scikit-learn's `CountVectorizer` analyzers (`"word"`,
 * `"char"`, `"char_wb"`) cut them, so that vocabularies agree term for term.
 *
 * Tokens: scikit-learn's default `token_pattern`, `(?u)\b\w\w+\b`, i.e. every
 * maximal run of two or more word characters, where Python's Unicode `\w` is
 * a letter, a digit (any `\p{N}`) or `_`. JavaScript's `\b` is ASCII-only even
 * with the `u` flag, so the same set is written as a run of `[\p{L}\p{N}_]`
 * (greedy, so a match is always a whole run). A tokenizer library (natural,
 * wink-tokenizer) would split contractions, emoji and punctuation its own way
 * and break the equality with scikit-learn that the tests hold this to; the
 * regex is the documented contract instead. Single characters ("a", "I", "2")
 * are not tokens, as in scikit-learn.
 */
import { PY_SPACE } from "./normalize";

export type Analyzer = "word" | "char" | "char_wb";

export interface AnalyzeOptions {
  analyzer: Analyzer;
  /** Smallest and largest n (inclusive), as scikit-learn's `ngram_range`. */
  ngramRange: [number, number];
}

const TOKEN = /[\p{L}\p{N}_]{2,}/gu;
const SPACE_RUN = new RegExp(`[${PY_SPACE}]{2,}`, "gu");
const SPACE_SPLIT = new RegExp(`[${PY_SPACE}]+`, "u");

/** The tokens of a normalised text, in order. */
export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/** Word n-grams from min to max n, tokens joined by one space (scikit-learn's `_word_ngrams`). */
export function wordNgrams(tokens: string[], [minN, maxN]: [number, number]): string[] {
  if (maxN === 1) return minN === 1 ? tokens : [];
  const out: string[] = minN === 1 ? tokens.slice() : [];
  for (let n = Math.max(minN, 2); n <= Math.min(maxN, tokens.length); n++) {
    if (n === 2) for (let i = 0; i + 2 <= tokens.length; i++) out.push(`${tokens[i]} ${tokens[i + 1]}`);
    else for (let i = 0; i + n <= tokens.length; i++) out.push(tokens.slice(i, i + n).join(" "));
  }
  return out;
}

/** Character n-grams over the whole text, runs of two or more spaces first made one space (`_char_ngrams`). */
export function charNgrams(text: string, [minN, maxN]: [number, number]): string[] {
  const chars = Array.from(text.replace(SPACE_RUN, " ")); // code points, as Python indexes strings
  const out: string[] = [];
  for (let n = minN; n <= Math.min(maxN, chars.length); n++) {
    for (let i = 0; i + n <= chars.length; i++) out.push(chars.slice(i, i + n).join(""));
  }
  return out;
}

/** Character n-grams of each space-padded word; a word shorter than n gives itself once (`_char_wb_ngrams`). */
export function charWbNgrams(text: string, [minN, maxN]: [number, number]): string[] {
  const out: string[] = [];
  for (const word of text.split(SPACE_SPLIT)) {
    if (word === "") continue;
    const w = Array.from(` ${word} `);
    for (let n = minN; n <= maxN; n++) {
      let offset = 0;
      out.push(w.slice(0, n).join(""));
      while (offset + n < w.length) {
        offset++;
        out.push(w.slice(offset, offset + n).join(""));
      }
      if (offset === 0) break; // the whole word fit in one n-gram: longer n would repeat it
    }
  }
  return out;
}

/** The terms of one normalised text under the analyzer. */
export function analyze(text: string, o: AnalyzeOptions): string[] {
  switch (o.analyzer) {
    case "word":
      return wordNgrams(tokenize(text), o.ngramRange);
    case "char":
      return charNgrams(text, o.ngramRange);
    case "char_wb":
      return charWbNgrams(text, o.ngramRange);
  }
}
