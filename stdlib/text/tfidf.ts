/**
 * The TF-IDF vectoriser: scikit-learn's `TfidfVectorizer` (same vocabulary,
 * same weights to rounding; `test/stdlib/text/tfidf.test.ts` holds it to
 * that), fitted on the training texts only and kept as plain data (its options,
 * the vocabulary in column order and the idf weights) that goes to JSON with
 * the model and gives the same matrix at prediction time.
 *
 * Out of vocabulary: a term the training texts did not keep has no column and
 * is dropped, as in scikit-learn; `transform` counts such terms per text so
 * that monitoring can report the out-of-vocabulary share.
 */
import { NeedlabError } from "../errors";
import { analyze, type AnalyzeOptions } from "./analyze";
import { compareCodePoints, DEFAULT_NORMALIZE, normalizeText, type NormalizeOptions } from "./normalize";
import { CsrBuilder, type Csr } from "./sparse";

export interface TfidfOptions extends NormalizeOptions, AnalyzeOptions {
  /** Keep a term found in at least this many training texts (scikit-learn's integer `min_df`). */
  minDf: number;
  /** Drop a term found in more than this share of training texts (scikit-learn's float `max_df`; 1 keeps all). */
  maxDf: number;
  /** Keep only the most frequent terms (by count over the training texts; ties by term order). */
  maxFeatures: number | null;
  /** Count a term once per text however often it appears. */
  binary: boolean;
  useIdf: boolean;
  /** idf = ln((1 + n) / (1 + df)) + 1, as if one extra text held every term (no division by zero). */
  smoothIdf: boolean;
  /** tf = 1 + ln(count), so a word said five times is not five times the evidence. */
  sublinearTf: boolean;
  norm: "l2" | "l1" | "none";
}

export const DEFAULT_TFIDF: TfidfOptions = {
  ...DEFAULT_NORMALIZE,
  analyzer: "word",
  ngramRange: [1, 1],
  minDf: 1,
  maxDf: 1,
  maxFeatures: null,
  binary: false,
  useIdf: true,
  smoothIdf: true,
  sublinearTf: false,
  norm: "l2",
};

/** A fitted vectoriser: everything prediction needs, and nothing else. */
export interface TfidfModel {
  format: "needlab-tfidf";
  version: 1;
  options: TfidfOptions;
  /** Column j's term. */
  vocabulary: string[];
  /** Column j's idf weight (all 1 without idf). */
  idf: number[];
}

export interface Vectorized {
  matrix: Csr;
  /** Per text: how many of its terms the vocabulary lacks, and how many it had in all. */
  unknownTerms: Int32Array;
  totalTerms: Int32Array;
}

/** Fills in scikit-learn's defaults and refuses settings it would refuse, each with the fix. */
export function tfidfOptions(o: Partial<TfidfOptions> = {}): TfidfOptions {
  const opts: TfidfOptions = { ...DEFAULT_TFIDF, ...o };
  const [lo, hi] = opts.ngramRange;
  if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < 1 || hi < lo)
    throw new NeedlabError(`ngrams ${lo}..${hi}: give whole numbers with 1 <= min <= max, e.g. ngrams 1..2`);
  if (!Number.isInteger(opts.minDf) || opts.minDf < 1)
    throw new NeedlabError(`min_df ${opts.minDf}: give a whole number of texts, at least 1`);
  if (!(opts.maxDf > 0 && opts.maxDf <= 1))
    throw new NeedlabError(`max_df ${opts.maxDf}: give a share of texts above 0 and at most 1 (100%)`);
  if (opts.maxFeatures !== null && (!Number.isInteger(opts.maxFeatures) || opts.maxFeatures < 1))
    throw new NeedlabError(`max_features ${opts.maxFeatures}: give a whole number of terms, at least 1`);
  return opts;
}

/** Term ids (provisional, in order of first sight) and counts of one text. */
interface RowCounts {
  ids: Int32Array;
  counts: Float64Array;
  total: number;
}

/** Counts one text's term ids at a time with no Map per text: a stamp per id says whether this text has it yet. */
class TermCounter {
  private stamp = new Int32Array(0);
  private tally = new Float64Array(0);
  private text = 0;

  count(terms: string[], lookup: (t: string) => number): RowCounts & { unknown: number } {
    const t = ++this.text;
    const ids: number[] = [];
    let unknown = 0;
    for (const term of terms) {
      const id = lookup(term);
      if (id < 0) {
        unknown++;
        continue;
      }
      if (id >= this.stamp.length) this.grow(id + 1);
      if (this.stamp[id] !== t) {
        this.stamp[id] = t;
        this.tally[id] = 0;
        ids.push(id);
      }
      this.tally[id]++;
    }
    const counts = new Float64Array(ids.length);
    for (let k = 0; k < ids.length; k++) counts[k] = this.tally[ids[k]];
    return { ids: Int32Array.from(ids), counts, total: terms.length, unknown };
  }

  private grow(need: number): void {
    const size = Math.max(need, this.stamp.length * 2, 1024);
    const stamp = new Int32Array(size),
      tally = new Float64Array(size);
    stamp.set(this.stamp);
    tally.set(this.tally);
    this.stamp = stamp;
    this.tally = tally;
  }
}

/** Which provisional terms survive min_df, max_df and max_features, in scikit-learn's order. */
function keptTerms(terms: string[], df: number[], tf: number[], nDocs: number, o: TfidfOptions): number[] {
  const maxDocs = o.maxDf * nDocs;
  let kept = terms
    .map((_, i) => i)
    .filter((i) => df[i] >= o.minDf && df[i] <= maxDocs)
    .sort((a, b) => compareCodePoints(terms[a], terms[b]));
  if (o.maxFeatures !== null && kept.length > o.maxFeatures) {
    // Most frequent first; a stable sort keeps term order among equal counts.
    const top = new Set([...kept].sort((a, b) => tf[b] - tf[a]).slice(0, o.maxFeatures));
    kept = kept.filter((i) => top.has(i));
  }
  if (kept.length === 0)
    throw new NeedlabError(
      `After pruning, no terms remain (${terms.length} terms in ${nDocs} texts, min_df ${o.minDf}, max_df ${o.maxDf}): lower min_df or raise max_df`,
    );
  return kept;
}

function idfWeights(df: number[], nDocs: number, o: TfidfOptions): number[] {
  if (!o.useIdf) return df.map(() => 1);
  const s = o.smoothIdf ? 1 : 0;
  return df.map((d) => Math.log((nDocs + s) / (d + s)) + 1);
}

/** One text's counts → its weighted, normalised row (in place). */
function weigh(counts: Float64Array, columns: Int32Array, idf: number[], o: TfidfOptions): void {
  let norm = 0;
  for (let k = 0; k < counts.length; k++) {
    let v = o.binary ? 1 : counts[k];
    if (o.sublinearTf) v = Math.log(v) + 1;
    v *= idf[columns[k]];
    counts[k] = v;
    norm += o.norm === "l2" ? v * v : Math.abs(v);
  }
  if (o.norm === "none" || norm === 0) return;
  const d = o.norm === "l2" ? Math.sqrt(norm) : norm;
  for (let k = 0; k < counts.length; k++) counts[k] /= d;
}

function checkTexts(texts: readonly string[], what: string): void {
  const bad = texts.findIndex((t) => typeof t !== "string");
  if (bad >= 0) throw new NeedlabError(`${what}: text ${bad + 1} is not a string; give each text as a string`);
}

/** Fits the vocabulary and idf on the training texts and returns their matrix (one pass over the texts). */
export function fitTransformTfidf(
  texts: readonly string[],
  options: Partial<TfidfOptions> = {},
): { model: TfidfModel } & Vectorized {
  const o = tfidfOptions(options);
  checkTexts(texts, "fitting the vectoriser");
  if (texts.length === 0) throw new NeedlabError("fitting the vectoriser: no training texts; give at least one");
  const ids = new Map<string, number>();
  const terms: string[] = [],
    df: number[] = [],
    tf: number[] = [];
  const lookup = (t: string) => {
    let id = ids.get(t);
    if (id === undefined) {
      id = terms.length;
      ids.set(t, id);
      terms.push(t);
      df.push(0);
      tf.push(0);
    }
    return id;
  };
  const counter = new TermCounter();
  const rows = texts.map((text) => {
    const row = counter.count(analyze(normalizeText(text, o), o), lookup);
    for (let k = 0; k < row.ids.length; k++) {
      df[row.ids[k]]++;
      tf[row.ids[k]] += o.binary ? 1 : row.counts[k];
    }
    return row;
  });
  const kept = keptTerms(terms, df, tf, texts.length, o);
  const column = new Int32Array(terms.length).fill(-1);
  kept.forEach((id, j) => (column[id] = j));
  const model: TfidfModel = {
    format: "needlab-tfidf",
    version: 1,
    options: o,
    vocabulary: kept.map((i) => terms[i]),
    idf: idfWeights(
      kept.map((i) => df[i]),
      texts.length,
      o,
    ),
  };
  const builder = new CsrBuilder(kept.length, rows.reduce((s, r) => s + r.ids.length, 0) + 1);
  const unknownTerms = new Int32Array(texts.length),
    totalTerms = new Int32Array(texts.length);
  rows.forEach((row, r) => {
    const cols: number[] = [],
      vals: number[] = [];
    for (let k = 0; k < row.ids.length; k++) {
      const j = column[row.ids[k]];
      if (j >= 0) (cols.push(j), vals.push(row.counts[k]));
      else unknownTerms[r] += row.counts[k];
    }
    const c = Int32Array.from(cols),
      v = Float64Array.from(vals);
    weigh(v, c, model.idf, o);
    builder.addRow(c, v);
    totalTerms[r] = row.total;
  });
  return { model, matrix: builder.build(), unknownTerms, totalTerms };
}

export function fitTfidf(texts: readonly string[], options: Partial<TfidfOptions> = {}): TfidfModel {
  return fitTransformTfidf(texts, options).model;
}

const LOOKUPS = new WeakMap<TfidfModel, Map<string, number>>();

/** The matrix of new texts under a fitted vectoriser: the same numbers for a training text as at fit time. */
export function transformTfidf(model: TfidfModel, texts: readonly string[]): Vectorized {
  checkTexts(texts, "vectorising");
  const index = LOOKUPS.get(model) ?? new Map(model.vocabulary.map((t, j) => [t, j]));
  LOOKUPS.set(model, index);
  const o = model.options;
  const builder = new CsrBuilder(model.vocabulary.length, texts.length * 16 + 1);
  const unknownTerms = new Int32Array(texts.length),
    totalTerms = new Int32Array(texts.length);
  const counter = new TermCounter();
  texts.forEach((text, r) => {
    const row = counter.count(analyze(normalizeText(text, o), o), (t) => index.get(t) ?? -1);
    weigh(row.counts, row.ids, model.idf, o);
    builder.addRow(row.ids, row.counts);
    unknownTerms[r] = row.unknown;
    totalTerms[r] = row.total;
  });
  return { matrix: builder.build(), unknownTerms, totalTerms };
}

/** The fitted vectoriser as JSON text (exported beside the model). */
export function tfidfToJson(model: TfidfModel): string {
  return JSON.stringify(model);
}

/** Reads a vectoriser written by `tfidfToJson`; `where` names the file in the message if it is not one. */
export function tfidfFromJson(json: string, where: string): TfidfModel {
  let m: Partial<TfidfModel>;
  try {
    m = JSON.parse(json) as Partial<TfidfModel>;
  } catch (e) {
    throw new NeedlabError(`${where}: not JSON (${(e as Error).message}); export the model again`);
  }
  if (m?.format !== "needlab-tfidf" || m.version !== 1)
    throw new NeedlabError(`${where}: not a needlab TF-IDF vectoriser (format needlab-tfidf, version 1)`);
  if (!Array.isArray(m.vocabulary) || !Array.isArray(m.idf) || m.vocabulary.length !== m.idf.length)
    throw new NeedlabError(`${where}: the vocabulary and idf lists differ in length; export the model again`);
  return { format: m.format, version: 1, options: tfidfOptions(m.options), vocabulary: m.vocabulary, idf: m.idf };
}
