/**
 * Feature columns fitted on the training rows and applied to any rows:
 * imputation (median by selection, mean, mode, constant), one-hot, ordinal
 * and frequency encoding, and standard, min-max or robust scaling, all over
 * typed columns (a category is its dictionary code until the matrix).
 */
import { NeedlabError } from "../errors";
import type { EncodingMethod, MissingStrategy, Scaling } from "../../plan/plan";
import { Column, mapIndex, NUMBER_TEXT, shown, TextColumn } from "./columns";
import { quantile } from "./stats";
import type { Typed } from "./rows";

export interface NumericFeature {
  kind: "numeric";
  column: string;
  median: number;
  mean: number;
  /** Population standard deviation (as sklearn's StandardScaler); 1 when the column is constant. */
  std: number;
  missing: number;
  /** What fills a missing value, and how it was chosen. */
  fill: number;
  fillWith: MissingStrategy;
  /** x → (x − center) / scale. */
  scaling: Scaling;
  center: number;
  scale: number;
  /** Features this column becomes (1). */
  width: number;
}

export interface CategoricalFeature {
  kind: "categorical";
  column: string;
  /** Categories seen in training, sorted (ordinal: in the declared order). */
  categories: string[];
  mode: string;
  missing: number;
  fill: string;
  fillWith: MissingStrategy;
  encoding: EncodingMethod;
  /** Frequency encoding: each category's share of the training rows. */
  frequencies?: Record<string, number>;
  /** Ordinal and frequency codes are numbers, scaled like numeric columns. */
  scaling: Scaling;
  center: number;
  scale: number;
  width: number;
}

export type FeatureColumn = NumericFeature | CategoricalFeature;

export interface ColumnChoices {
  missing?: { strategy: MissingStrategy; value?: number | string };
  encoding: EncodingMethod;
  order?: string[];
  scaling: Scaling;
}

const THOUSANDS = /^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/;
const DECIMAL_COMMA = /^[-+]?\d+,\d+$/;

/** A stray "?" or "-" is a missing-value marker: say how to declare it. */
const markerHint = (v: string) =>
  /^[^\w\s]{1,3}$/.test(v.trim())
    ? `, declare it a missing value (\`missing_values ${JSON.stringify(v.trim())}\`)`
    : "";

/** Decides whether a column is numeric or categorical, refusing stray text in a numeric column. */
export function featureKind(
  name: string,
  col: Column,
  rows: Int32Array,
  table: Typed,
  declaredCategory = false,
): "numeric" | "categorical" | "empty" {
  if (col.kind === "number") {
    for (const r of rows) if (!Number.isNaN(col.data[r])) return "numeric";
    return "empty";
  }
  const counts = new Int32Array(col.dictionary.length);
  for (const r of rows) if (col.codes[r] >= 0) counts[col.codes[r]]++;
  let numbers = 0,
    texts = 0;
  const numeric = col.dictionary.map((s) => NUMBER_TEXT.test(s.trim()));
  counts.forEach((c, k) => (numeric[k] ? (numbers += c) : (texts += c)));
  if (numbers + texts === 0) return "empty";
  if (declaredCategory) return "categorical";
  const words = col.dictionary.filter((s, k) => counts[k] > 0 && !numeric[k]);
  const separated = words.filter((s) => THOUSANDS.test(s.trim())).length;
  const commaDecimal = words.filter((s) => DECIMAL_COMMA.test(s.trim())).length;
  if (
    words.length &&
    separated + commaDecimal >= 0.9 * words.length &&
    numbers + separated + commaDecimal >= 0.9 * (numbers + texts)
  ) {
    const sample = words.find((s) => THOUSANDS.test(s.trim()) || DECIMAL_COMMA.test(s.trim()))!;
    const thousands = THOUSANDS.test(sample.trim());
    throw new NeedlabError(
      `column '${name}' in ${table.file} holds numbers written with ${thousands ? "a thousands separator" : "a decimal comma"} (such as '${shown(sample)}'): declare it with \`${thousands ? 'thousands ","' : 'decimal ","'}\` in the dataset block so they are read as numbers.`,
    );
  }
  // Mostly numbers with a few words: almost always a data-entry error, and
  // treating the column as categories would silently ruin it.
  if (texts > 0 && numbers >= 0.9 * (numbers + texts)) {
    const first = rows.find((r) => col.codes[r] >= 0 && !numeric[col.codes[r]])!;
    throw new NeedlabError(
      `column '${name}' in ${table.file} holds numbers, but line ${table.line(first)} has '${shown(col.dictionary[col.codes[first]])}'` +
        `${texts > 1 ? ` (and ${texts - 1} more non-numeric values)` : ""}. Fix or blank those values (blanks are imputed)${markerHint(col.dictionary[col.codes[first]])}, or add '${name}' to \`drop\`.`,
    );
  }
  return "categorical";
}

/** Center and scale for a numeric feature's (imputed) training values. */
export function fitScaling(scaling: Scaling, filled: Float64Array): { center: number; scale: number } {
  const n = filled.length;
  if (scaling === "none" || n === 0) return { center: 0, scale: 1 };
  if (scaling === "minmax") {
    let lo = Infinity,
      hi = -Infinity;
    for (const v of filled) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    return { center: lo, scale: hi > lo ? hi - lo : 1 };
  }
  if (scaling === "robust") {
    // sklearn's RobustScaler: median and interquartile range (linear interpolation).
    const work = Float64Array.from(filled);
    const iqr = quantile(work, 0.75) - quantile(work, 0.25);
    return { center: quantile(work, 0.5), scale: iqr > 0 ? iqr : 1 };
  }
  let sum = 0;
  for (const v of filled) sum += v;
  const mean = sum / n;
  let sq = 0;
  for (const v of filled) sq += (v - mean) ** 2;
  const std = Math.sqrt(sq / n); // population std, as sklearn's StandardScaler
  return { center: mean, scale: std > 0 ? std : 1 };
}

export function fitNumeric(name: string, col: Column, trainRows: Int32Array, choices: ColumnChoices): NumericFeature {
  if (col.kind !== "number") throw new Error(`fitNumeric: '${name}' is not numeric`);
  const present = new Float64Array(trainRows.length);
  let m = 0,
    sum = 0;
  for (const r of trainRows) {
    const x = col.data[r];
    if (!Number.isNaN(x)) ((present[m++] = x), (sum += x));
  }
  const med = quantile(present.subarray(0, m), 0.5);
  const presentMean = m ? sum / m : 0;
  const strategy = choices.missing?.strategy ?? "median";
  if (strategy === "mode")
    throw new NeedlabError(
      `column '${name}' holds numbers: fill its gaps with median, mean or constant, not mode (\`missing ${name}: median\`).`,
    );
  if (strategy === "constant" && typeof choices.missing?.value !== "number")
    throw new NeedlabError(
      `column '${name}' holds numbers, so its constant fill must be a number: \`missing ${name}: constant 0\`.`,
    );
  const fill = strategy === "mean" ? presentMean : strategy === "constant" ? (choices.missing!.value as number) : med;
  const data = col.data;
  // Mean and population std of the filled values in two passes over the rows, with no copy of the column;
  // only min-max and robust scaling need the filled values themselves.
  const n = trainRows.length;
  let total = 0;
  for (const r of trainRows) total += Number.isNaN(data[r]) ? fill : data[r];
  const mean = n ? total / n : 0;
  let sq = 0;
  for (const r of trainRows) sq += ((Number.isNaN(data[r]) ? fill : data[r]) - mean) ** 2;
  const sd = n ? Math.sqrt(sq / n) : 0;
  const standard = n ? { center: mean, scale: sd > 0 ? sd : 1 } : { center: 0, scale: 1 };
  const { center, scale } =
    choices.scaling === "standard"
      ? standard
      : fitScaling(
          choices.scaling,
          mapIndex(new Float64Array(n), trainRows, (r) => (Number.isNaN(data[r]) ? fill : data[r])),
        );
  return {
    kind: "numeric",
    column: name,
    median: med,
    mean: standard.center,
    std: standard.scale,
    missing: trainRows.length - m,
    fill,
    fillWith: strategy,
    scaling: choices.scaling,
    center,
    scale,
    width: 1,
  };
}

export function fitCategorical(
  name: string,
  col: TextColumn,
  trainRows: Int32Array,
  choices: ColumnChoices,
): CategoricalFeature {
  const byCode = new Int32Array(col.dictionary.length);
  let missing = 0;
  for (const r of trainRows) {
    const k = col.codes[r];
    if (k < 0) missing++;
    else byCode[k]++;
  }
  const counts = new Map<string, number>();
  byCode.forEach((c, k) => c > 0 && counts.set(col.dictionary[k], (counts.get(col.dictionary[k]) ?? 0) + c));
  const byCount = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const mode = byCount[0]?.[0] ?? "";
  const strategy = choices.missing?.strategy ?? "mode";
  if (strategy === "mean" || strategy === "median")
    throw new NeedlabError(
      `column '${name}' holds categories: fill its gaps with mode or constant, not ${strategy} (\`missing ${name}: mode\`).`,
    );
  const fill = strategy === "constant" ? String(choices.missing!.value) : mode;
  let categories = [...counts.keys()].sort();
  if (strategy === "constant" && missing > 0 && !counts.has(fill)) categories = [...categories, fill].sort();
  if (choices.encoding === "ordinal" && choices.order) {
    const unknown = categories.filter((c) => !choices.order!.includes(c));
    if (unknown.length)
      throw new NeedlabError(
        `column '${name}' has values not in its ordinal order: ${unknown
          .slice(0, 5)
          .map((u) => `'${shown(u)}'`)
          .join(", ")}. Add them to \`encode ${name}: ordinal [...]\`.`,
      );
    categories = [...choices.order];
  }
  const base = {
    kind: "categorical" as const,
    column: name,
    categories,
    mode,
    missing,
    fill,
    fillWith: strategy,
    encoding: choices.encoding,
  };
  if (choices.encoding === "onehot") return { ...base, scaling: "none", center: 0, scale: 1, width: categories.length };
  const frequencies =
    choices.encoding === "frequency"
      ? Object.fromEntries(
          categories.map((c) => [c, ((counts.get(c) ?? 0) + (c === fill ? missing : 0)) / trainRows.length]),
        )
      : undefined;
  const codeOf = codeTable(base as CategoricalFeature, col, frequencies);
  const { center, scale } = fitScaling(
    choices.scaling,
    mapIndex(new Float64Array(trainRows.length), trainRows, (r) => codeOf[col.codes[r] + 1]),
  );
  return { ...base, ...(frequencies ? { frequencies } : {}), scaling: choices.scaling, center, scale, width: 1 };
}

/**
 * Per dictionary code (shifted by one: index 0 is a missing value), the
 * number the feature becomes: the category's index (ordinal, one-hot
 * position; -1 unseen) or its frequency.
 */
function codeTable(f: CategoricalFeature, col: TextColumn, frequencies = f.frequencies): Float64Array {
  const index = new Map(f.categories.map((c, k) => [c, k]));
  const valueOf = (c: string) => (frequencies ? (frequencies[c] ?? 0) : (index.get(c) ?? -1));
  const out = new Float64Array(col.dictionary.length + 1);
  out[0] = valueOf(f.fill);
  col.dictionary.forEach((c, k) => (out[k + 1] = valueOf(c)));
  return out;
}

export function featureNamesOf(features: FeatureColumn[]): string[] {
  return features.flatMap((f) =>
    f.kind === "numeric" || f.encoding !== "onehot" ? [f.column] : f.categories.map((c) => `${f.column}=${c}`),
  );
}

/** The rows' features as a row-major Float32 matrix. */
export function transformRows(
  features: FeatureColumn[],
  columnOf: Map<string, Column>,
  width: number,
  tableRows: Int32Array,
): Float32Array {
  const n = tableRows.length;
  const x = new Float32Array(n * width);
  let offset = 0;
  for (const f of features) {
    const col = columnOf.get(f.column)!;
    if (f.kind === "numeric") {
      const data = col.kind === "number" ? col.data : undefined;
      if (!data) throw new Error(`transform: '${f.column}' is not numeric`);
      for (let i = 0; i < n; i++) {
        const v = data[tableRows[i]];
        x[i * width + offset] = ((Number.isNaN(v) ? f.fill : v) - f.center) / f.scale;
      }
    } else {
      const text = col as TextColumn;
      const codes = codeTable(f, text);
      for (let i = 0; i < n; i++) {
        const k = codes[text.codes[tableRows[i]] + 1];
        if (f.encoding === "onehot") {
          if (k >= 0) x[i * width + offset + k] = 1; // unseen category: all zeros
        } else x[i * width + offset] = (k - f.center) / f.scale;
      }
    }
    offset += f.width;
  }
  return x;
}
