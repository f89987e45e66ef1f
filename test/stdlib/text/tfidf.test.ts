/**
 * The TF-IDF vectoriser against hand-worked numbers and against
 * scikit-learn's TfidfVectorizer (Debian's python3-sklearn): the same
 * vocabulary in the same column order, the same idf and the same matrix, on a
 * fixed corpus with Unicode edge cases and on Banking77's training messages
 * (../shared/data; skipped, saying so, where absent), under each option.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { NeedlabError } from "../../../stdlib/errors";
import { csrValue, type Csr } from "../../../stdlib/text/sparse";
import {
  fitTransformTfidf,
  tfidfFromJson,
  tfidfOptions,
  tfidfToJson,
  transformTfidf,
  type TfidfOptions,
} from "../../../stdlib/text/tfidf";
import { SHARED_DATA_ABSENT, sharedData } from "../../helpers/real-binary";
import { requireTool, systemPython } from "../../helpers/tools";

describe("hand-worked TF-IDF", () => {
  // Three texts; terms (sorted): cat, dog, the. df: cat 2, dog 1, the 2 (one "a" is too short to be a token).
  const texts = ["the cat", "the dog a", "cat cat"];
  const { model, matrix } = fitTransformTfidf(texts);
  const idfOf = (df: number) => Math.log(4 / (df + 1)) + 1; // smooth: ln((1+n)/(1+df)) + 1, n = 3

  it("keeps tokens of two or more word characters, in code-point order", () => {
    expect(model.vocabulary).toEqual(["cat", "dog", "the"]);
    expect(model.idf[0]).toBeCloseTo(idfOf(2), 15);
    expect(model.idf[1]).toBeCloseTo(Math.log(2) + 1, 15); // ln(4/2) + 1 = 1.6931…
  });

  it("weighs counts by idf and normalises each row to length 1", () => {
    // Row 1: cat 1·1.2877, the 1·1.2877 → each 1/√2.
    expect(csrValue(matrix, 0, 0)).toBeCloseTo(Math.SQRT1_2, 12);
    expect(csrValue(matrix, 0, 2)).toBeCloseTo(Math.SQRT1_2, 12);
    // Row 2: dog 1.6931, the 1.2877 → 1.6931/√(1.6931² + 1.2877²) = 0.79596…
    const d = Math.log(2) + 1,
      t = idfOf(2);
    expect(csrValue(matrix, 1, 1)).toBeCloseTo(d / Math.hypot(d, t), 12);
    expect(csrValue(matrix, 1, 1)).toBeCloseTo(0.79596054, 7);
    // Row 3: only cat (count 2) → 1 after normalising.
    expect(csrValue(matrix, 2, 0)).toBeCloseTo(1, 15);
    expect(Array.from(matrix.indptr)).toEqual([0, 2, 4, 5]);
  });

  it("sublinear tf, l1 norm and no idf: 1 + ln(count) shares", () => {
    const r = fitTransformTfidf(["cat cat cat dog"], { sublinearTf: true, norm: "l1", useIdf: false });
    const cat = 1 + Math.log(3);
    expect(csrValue(r.matrix, 0, 0)).toBeCloseTo(cat / (cat + 1), 15);
    expect(csrValue(r.matrix, 0, 1)).toBeCloseTo(1 / (cat + 1), 15);
  });

  it("word bigrams, character n-grams and n-grams inside word boundaries", () => {
    const words = fitTransformTfidf(["new card now"], { ngramRange: [1, 2], norm: "none", useIdf: false });
    expect(words.model.vocabulary).toEqual(["card", "card now", "new", "new card", "now"]);
    const chars = fitTransformTfidf(["ab  c"], { analyzer: "char", ngramRange: [2, 2], useIdf: false, norm: "none" });
    expect(chars.model.vocabulary).toEqual([" c", "ab", "b "]); // two spaces became one
    const wb = fitTransformTfidf(["ab c"], { analyzer: "char_wb", ngramRange: [2, 3], useIdf: false, norm: "none" });
    expect(wb.model.vocabulary).toEqual([" a", " ab", " c", " c ", "ab", "ab ", "b ", "c "]);
  });

  it("min_df, max_df and max_features prune in scikit-learn's order", () => {
    const docs = ["a1 b1 c1", "a1 b1", "a1 d1 d1 d1"];
    expect(fitTransformTfidf(docs, { minDf: 2 }).model.vocabulary).toEqual(["a1", "b1"]);
    expect(fitTransformTfidf(docs, { maxDf: 0.9 }).model.vocabulary).toEqual(["b1", "c1", "d1"]);
    // Counts a1 3, d1 3, b1 2, c1 1: the top two are a1 and d1.
    expect(fitTransformTfidf(docs, { maxFeatures: 2 }).model.vocabulary).toEqual(["a1", "d1"]);
  });

  it("drops unseen terms at prediction time and counts them", () => {
    const r = transformTfidf(model, ["the bird the cat", ""]);
    expect(Array.from(r.unknownTerms)).toEqual([1, 0]);
    expect(Array.from(r.totalTerms)).toEqual([4, 0]);
    expect(r.matrix.indptr[2] - r.matrix.indptr[1]).toBe(0); // an empty text is a zero row
  });

  it("serialises to JSON and predicts the same numbers after reading it back", () => {
    const again = tfidfFromJson(tfidfToJson(model), "model.tfidf.json");
    const a = transformTfidf(model, texts).matrix,
      b = transformTfidf(again, texts).matrix;
    expect(b).toEqual(a);
    expect(a).toEqual(matrix); // prediction-time rows equal the fit-time rows
  });

  it("takes a 1 MB text and characters never seen in training", () => {
    const big = "card declined ".repeat(75_000); // 1,050,000 characters, 150,000 tokens
    const r = transformTfidf(model, [big, "\u0000\ud83d\ude00 \u202e\u0301 \ud800 𝐀𝐁𝐂 the"]);
    expect(Array.from(r.totalTerms)).toEqual([150_000, 2]); // the lone surrogate and the marks are no tokens
    expect(Array.from(r.unknownTerms)).toEqual([150_000, 1]);
    expect(csrValue(r.matrix, 1, 2)).toBe(1); // "the", alone on its row
  });

  it("refuses bad settings and files with one clear message", () => {
    expect(() => tfidfOptions({ ngramRange: [2, 1] })).toThrow(/ngrams 2..1: give whole numbers/);
    expect(() => tfidfOptions({ minDf: 0 })).toThrow(NeedlabError);
    expect(() => tfidfOptions({ maxDf: 1.5 })).toThrow(/max_df 1.5/);
    expect(() => fitTransformTfidf(["a b c"])).toThrow(/no terms remain .* lower min_df/);
    expect(() => fitTransformTfidf([])).toThrow(/no training texts/);
    expect(() => fitTransformTfidf(["ok text", 3 as unknown as string])).toThrow(/text 2 is not a string/);
    expect(() => tfidfFromJson("{", "m.json")).toThrow(/m.json: not JSON/);
    expect(() => tfidfFromJson('{"format":"x"}', "m.json")).toThrow(/not a needlab TF-IDF vectoriser/);
  });
});

const py = systemPython(["sklearn", "numpy"]);
const SCRIPT = path.join(__dirname, "sklearn_tfidf.py");

interface Reference {
  maxFeatures: number | null;
  vocabulary: string[];
  idf: number[] | null;
  fit: { indptr: number[]; indices: number[]; data: number[] };
  transform: { indptr: number[]; indices: number[]; data: number[] };
}
interface Case {
  fit: string[];
  transform: string[];
  options: TfidfOptions;
}

function sklearn(cases: Case[]): Reference[] {
  const r = spawnSync(py!, [SCRIPT], { input: JSON.stringify(cases), encoding: "utf8", maxBuffer: 1 << 30 });
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as Reference[];
}

/** Same CSR structure and values within 1e-9 relative: returns the largest difference seen. */
function expectSameMatrix(ours: Csr, ref: Reference["fit"], label: string): number {
  expect(Array.from(ours.indptr), `${label}: entries per row`).toEqual(ref.indptr);
  expect(Array.from(ours.indices), `${label}: columns`).toEqual(ref.indices);
  let worst = 0;
  ref.data.forEach((v, k) => (worst = Math.max(worst, Math.abs(ours.data[k] - v) / Math.max(1, Math.abs(v)))));
  expect(worst, `${label}: largest difference`).toBeLessThan(1e-9);
  return worst;
}

function compareCases(cases: Case[]): void {
  const refs = sklearn(cases);
  cases.forEach((c, i) => {
    const label = `case ${i} (${c.options.analyzer} ${c.options.ngramRange.join("-")})`;
    const fitted = fitTransformTfidf(c.fit, { ...c.options, maxFeatures: refs[i].maxFeatures });
    expect(fitted.model.vocabulary, `${label}: vocabulary`).toEqual(refs[i].vocabulary);
    if (refs[i].idf) refs[i].idf!.forEach((w, j) => expect(fitted.model.idf[j]).toBeCloseTo(w, 12));
    expectSameMatrix(fitted.matrix, refs[i].fit, `${label} fit`);
    expectSameMatrix(transformTfidf(fitted.model, c.transform).matrix, refs[i].transform, `${label} transform`);
  });
}

// Edge cases: accents, ligatures and full-width letters (NFKC folds them), a
// letter past U+FFFF, Greek final sigma, Arabic-Indic digits, underscores,
// tabs and runs of spaces, Python-only spaces (U+001C, U+0085), a dotted
// capital I (lower-cases to i + U+0307, a mark that splits the token), emoji.
const CORPUS = [
  "My card hasn't arrived yet; it's been 2 weeks!!",
  "Why was I charged a £2.50 fee for a transfer?",
  "The ﬁle says ＡＢＣ bank — café, CAFÉ and cafe\u0301 differ",
  "ΟΔΟΣ and οδος: final sigma, then 𝐀𝐁 bold letters",
  "digits ٣٤ and ²³ and ① in text, snake_case_words too",
  "tabs\tand  double   spaces\u001cfile-sep\u0085next line",
  "İstanbul branch: can I top up with Apple Pay? 🙂🙂",
  "top up top up top up failed again, card declined",
  "How do I change my PIN? The PIN was blocked",
  "",
  "card card card card payment pending pending",
  "Exchange rate for EUR to GBP seems wrong; exchange via app",
];
const NEW_TEXTS = ["a completely unseen message", "card pending top up ＰＩＮ", "İİ ΣΣ caf\u00e9 \u00a0 ok", ""];

function opts(o: Partial<TfidfOptions>): TfidfOptions {
  return tfidfOptions(o);
}

describe("equal to scikit-learn's TfidfVectorizer", () => {
  it("on a fixed corpus under each option", () => {
    if (!requireTool("python3 with scikit-learn", py, "apt-get install python3-sklearn")) return;
    const variants: Partial<TfidfOptions>[] = [
      {},
      { ngramRange: [1, 2], minDf: 2, sublinearTf: true, norm: "l1" },
      { ngramRange: [1, 3], maxDf: 0.2, smoothIdf: false, norm: "none" },
      { lowercase: false, binary: true, useIdf: false },
      { unicode: "nfkc", ngramRange: [1, 2] },
      { unicode: "nfkc", lowercase: false, maxFeatures: 25 },
      { analyzer: "char", ngramRange: [1, 3] },
      { analyzer: "char", ngramRange: [2, 4], unicode: "nfkc", sublinearTf: true, minDf: 2 },
      { analyzer: "char_wb", ngramRange: [2, 5], binary: true, maxFeatures: 60 },
      { analyzer: "char_wb", ngramRange: [1, 1], smoothIdf: false, norm: "l1" },
    ];
    compareCases(variants.map((v) => ({ fit: CORPUS, transform: NEW_TEXTS, options: opts(v) })));
  });

  const DATA = sharedData("banking77_train.csv", "banking77_test.csv");
  const train = path.join(DATA ?? "", "banking77_train.csv"),
    test = path.join(DATA ?? "", "banking77_test.csv");

  it("on Banking77's 10,003 training messages, scored on its 3,080 test messages", ({ skip }) => {
    if (!DATA) skip(SHARED_DATA_ABSENT);
    if (!requireTool("python3 with scikit-learn", py, "apt-get install python3-sklearn")) return;
    const read = (f: string) =>
      Papa.parse<{ text: string }>(fs.readFileSync(f, "utf8"), { header: true, skipEmptyLines: true }).data.map(
        (r) => r.text,
      );
    const fit = read(train),
      transform = read(test);
    expect(fit.length).toBe(10003);
    expect(transform.length).toBe(3080);
    compareCases([
      { fit, transform, options: opts({}) },
      { fit, transform, options: opts({ ngramRange: [1, 2], minDf: 2, sublinearTf: true, unicode: "nfkc" }) },
      { fit, transform, options: opts({ maxFeatures: 2000, maxDf: 0.5 }) },
      {
        fit: fit.slice(0, 2000),
        transform: transform.slice(0, 500),
        options: opts({ analyzer: "char_wb", ngramRange: [2, 4], minDf: 2 }),
      },
    ]);
  });
});
