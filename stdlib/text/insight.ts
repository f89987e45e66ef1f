/**
 * What a text classifier reads and gets wrong, without TensorFlow.js (the
 * caller passes its predictor): the test messages it is most sure of and
 * wrong about, the terms a linear model weighs most per class, which tokens
 * its predictions rest on (occlusion: the drop in the true class's
 * probability when one token is removed), and how the words of new messages
 * drift from the training ones (out-of-vocabulary rate, new frequent tokens).
 *
 * Shown messages come from the `text` columns only, which cannot be personal
 * data (a `pii` column is never read); e-mail addresses and runs of four or
 * more digits (card, account and phone numbers) are masked all the same.
 */
import { tokenize } from "./analyze";
import { normalizeText, type NormalizeOptions } from "./normalize";
import { createRng } from "../random";

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/gu;
const DIGITS = /\d(?:[\s-]?\d){3,}/g;

/** A message as a table may show it: personal-looking numbers and addresses masked, cut to `max` characters. */
export function shownMessage(text: string, max = 160): string {
  const masked = text.replace(EMAIL, "[email]").replace(DIGITS, "[number]").replace(/\s+/g, " ").trim();
  return masked.length > max ? `${masked.slice(0, max - 1)}…` : masked;
}

/** Rows predicted wrongly, the most confident first (probability of the predicted class; ties by row). */
export function misclassifiedRows(
  yTrue: ArrayLike<number>,
  probs: ArrayLike<number>,
  k: number,
  top = 10,
): { row: number; predicted: number; probability: number }[] {
  const wrong: { row: number; predicted: number; probability: number }[] = [];
  for (let i = 0; i < yTrue.length; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (probs[i * k + c] > probs[i * k + best]) best = c;
    if (best !== yTrue[i]) wrong.push({ row: i, predicted: best, probability: probs[i * k + best] });
  }
  return wrong.sort((a, b) => b.probability - a.probability || a.row - b.row).slice(0, top);
}

/**
 * Per class, the terms with the largest weights in a linear model's kernel
 * (terms × outputs, row-major). One output (two classes): the positive class
 * gets the largest weights, the negative class the most negative.
 */
export function topTermsPerClass(
  vocabulary: string[],
  kernel: ArrayLike<number>,
  outputs: number,
  classNames: string[],
  n = 10,
): { class: string; terms: { term: string; weight: number }[] }[] {
  const column = (c: number, sign: number) =>
    vocabulary
      .map((term, j) => ({ term, weight: sign * kernel[j * outputs + c] }))
      .sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : 1))
      .slice(0, n)
      .map((t) => ({ term: t.term, weight: sign * t.weight }));
  if (outputs === 1)
    return [
      { class: classNames[0], terms: column(0, -1) },
      { class: classNames[1], terms: column(0, 1) },
    ];
  return classNames.map((c, k) => ({ class: c, terms: column(k, 1) }));
}

export interface TokenImportance {
  token: string;
  /** Mean drop in the true class's probability when the token is removed. */
  importance: number;
  /** Messages of the sample it was removed from. */
  messages: number;
}

/** The i-th token of a normalised text removed (replaced by a space). */
function withoutToken(text: string, i: number): string {
  let seen = -1;
  return text.replace(/[\p{L}\p{N}_]{2,}/gu, (t) => (++seen === i ? " " : t));
}

/**
 * Token occlusion on a seeded sample of messages: each token of each
 * sampled message is removed in turn and the message predicted again; a
 * token's importance is the mean drop in the probability of the message's
 * true class over the messages it was removed from. Tokens removed from
 * fewer than `minMessages` messages are left out.
 */
export function occlusionImportance(
  texts: readonly string[],
  labels: ArrayLike<number>,
  predict: (texts: string[]) => Float32Array,
  classes: number,
  options: { seed: number; sample?: number; normalize: NormalizeOptions; minMessages?: number; top?: number },
): TokenImportance[] {
  const rng = createRng(options.seed);
  const order = Array.from(texts, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const sample = order.slice(0, options.sample ?? 200);
  // One output (two classes) is the positive class's probability.
  const probOf = (p: Float32Array, r: number, label: number) =>
    classes === 1 ? (label === 1 ? p[r] : 1 - p[r]) : p[r * classes + label];
  const sums = new Map<string, { drop: number; messages: number }>();
  for (const i of sample) {
    const text = normalizeText(texts[i], options.normalize);
    const tokens = tokenize(text);
    if (tokens.length === 0) continue;
    const p = predict([text, ...tokens.map((_, t) => withoutToken(text, t))]);
    const base = probOf(p, 0, labels[i]);
    const seen = new Map<string, number[]>();
    tokens.forEach((tok, t) => seen.set(tok, [...(seen.get(tok) ?? []), base - probOf(p, t + 1, labels[i])]));
    for (const [tok, drops] of seen) {
      const s = sums.get(tok) ?? { drop: 0, messages: 0 };
      s.drop += drops.reduce((a, b) => a + b, 0) / drops.length;
      s.messages++;
      sums.set(tok, s);
    }
  }
  return [...sums.entries()]
    .filter(([, s]) => s.messages >= (options.minMessages ?? 3))
    .map(([token, s]) => ({ token, importance: s.drop / s.messages, messages: s.messages }))
    .sort((a, b) => b.importance - a.importance || (a.token < b.token ? -1 : 1))
    .slice(0, options.top ?? 20);
}

export interface VocabularyDrift {
  /** Share of the tokens of the test messages, and of the new ones, that no training message has. */
  testOov: number;
  newOov: number;
  newTokens: number;
  /** Tokens no training message has, most frequent in the new messages first. */
  unseen: { token: string; count: number }[];
}

const countTokens = (texts: readonly string[], o: NormalizeOptions) => {
  const counts = new Map<string, number>();
  for (const t of texts) for (const tok of tokenize(normalizeText(t, o))) counts.set(tok, (counts.get(tok) ?? 0) + 1);
  return counts;
};

/** How the words of new messages differ from the training messages', beside the test messages' as the usual level. */
export function vocabularyDrift(
  train: readonly string[],
  test: readonly string[],
  fresh: readonly string[],
  o: NormalizeOptions,
  top = 10,
): VocabularyDrift {
  const known = countTokens(train, o);
  const oov = (counts: Map<string, number>) => {
    let all = 0,
      out = 0;
    for (const [tok, c] of counts) {
      all += c;
      if (!known.has(tok)) out += c;
    }
    return { rate: all ? out / all : 0, all };
  };
  const freshCounts = countTokens(fresh, o);
  const unseen = [...freshCounts.entries()]
    .filter(([tok, c]) => !known.has(tok) && c >= 2)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, top)
    .map(([token, count]) => ({ token, count }));
  const newOov = oov(freshCounts);
  return { testOov: oov(countTokens(test, o)).rate, newOov: newOov.rate, newTokens: newOov.all, unseen };
}
