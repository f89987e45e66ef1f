/**
 * Column-wise preparation on typed arrays: target encoding, feature typing,
 * split, then imputation, one-hot encoding and standard scaling fitted on the
 * training rows only (so nothing about the test rows leaks into training).
 */
import { NeedlabError } from "../errors";
import { deriveSeed } from "../random";
import { holdoutSplit, SplitIndices } from "./split";
import { deriveColumns } from "./derive";
import type { DatasetSpec } from "../../dsl/plan";
import { endWithSuggestion } from "../../dsl/diagnostics";

export type Cell = number | string | boolean | null | undefined;

/** A table as columns, in file order; row i of the file is index i. */
export interface RawTable {
  /** How to name the file in messages. */
  file: string;
  columns: string[];
  values: Cell[][];
}

export interface NumericFeature {
  kind: "numeric";
  column: string;
  median: number;
  mean: number;
  std: number;
  missing: number;
}

export interface CategoricalFeature {
  kind: "categorical";
  column: string;
  categories: string[];
  mode: string;
  missing: number;
}

export type FeatureColumn = NumericFeature | CategoricalFeature;

export interface Matrix {
  /** Row-major values, rows × featureNames.length. */
  x: Float32Array;
  /** 1 = the positive class. */
  y: Uint8Array;
  /** Row numbers in the source table (0-based, header excluded). */
  rows: Int32Array;
  n: number;
}

export interface PreparedData {
  target: string;
  positive: string;
  negative: string;
  /** The two classes; with more than two in the file, the negative is "not <positive>". */
  classes: [string, string];
  featureColumns: FeatureColumn[];
  featureNames: string[];
  split: SplitIndices;
  train: Matrix;
  validation: Matrix;
  test: Matrix;
  /** Sensitive column → group value for every row of the table ("(missing)" for blanks). Never a feature. */
  sensitive: Record<string, string[]>;
  /** Things the user should know (rows left out, classes chosen). */
  notes: string[];
}

/** The texts pandas' read_csv reads as missing by default: people who come from pandas expect them to be. */
export const MISSING_TEXTS = new Set(["", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN", "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null"]);

const isMissing = (v: Cell): boolean =>
  v === null || v === undefined || (typeof v === "number" && !Number.isFinite(v)) || (typeof v === "string" && MISSING_TEXTS.has(v.trim()));

const fileRow = (i: number) => i + 2; // header is line 1

function column(table: RawTable, name: string, role: string): Cell[] {
  const idx = table.columns.indexOf(name);
  if (idx < 0) {
    throw new NeedlabError(
      `${role} column '${name}' is not in ${table.file}${endWithSuggestion(name, table.columns)}Its columns are: ${table.columns.join(", ")}. Fix the name in the dataset block.`,
    );
  }
  return table.values[idx];
}

interface TargetEncoding {
  y: Uint8Array;
  keep: number[];
  positive: string;
  negative: string;
  notes: string[];
}

function encodeTarget(table: RawTable, spec: DatasetSpec): TargetEncoding {
  const values = column(table, spec.target, "target");
  const counts = new Map<string, number>();
  const keep: number[] = [];
  values.forEach((v, i) => {
    if (isMissing(v)) return;
    keep.push(i);
    counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
  });
  const notes: string[] = [];
  if (keep.length < values.length) notes.push(`${values.length - keep.length} rows with no '${spec.target}' value were left out.`);
  const classes = [...counts.keys()].sort();
  if (classes.length === 0) throw new NeedlabError(`target column '${spec.target}' in ${table.file} is empty: every row is missing it. Pick another target column.`);
  if (classes.length === 1) {
    throw new NeedlabError(
      `target column '${spec.target}' in ${table.file} has only one class ('${classes[0]}' in all ${keep.length} rows): a classifier needs at least two. Check that this is the right file and target.`,
    );
  }
  let positive = spec.positive;
  if (positive === undefined) {
    if (classes.length > 2) throw new NeedlabError(`target '${spec.target}' in ${table.file} has ${classes.length} classes (${classes.slice(0, 8).join(", ")}${classes.length > 8 ? ", ..." : ""}): name the one to detect with \`target ${spec.target} positive "CLASS"\`.`);
    positive = [...classes].sort((a, b) => counts.get(a)! - counts.get(b)! || a.localeCompare(b))[0];
    notes.push(`No positive class was named: '${positive}' (the rarer class) is treated as positive. Write \`target ${spec.target} positive "${positive}"\` to make it explicit.`);
  } else if (!counts.has(positive)) {
    throw new NeedlabError(
      `positive class "${positive}" never occurs in target '${spec.target}' of ${table.file}${endWithSuggestion(positive, classes)}Its classes are: ${classes.join(", ")}.`,
    );
  }
  const others = classes.filter((c) => c !== positive);
  const negative = others.length === 1 ? others[0] : `not ${positive}`;
  if (others.length > 1) notes.push(`Target '${spec.target}' has ${classes.length} classes; '${positive}' is detected against all others (${others.join(", ")}).`);
  const y = new Uint8Array(keep.length);
  keep.forEach((row, k) => (y[k] = String(values[row]) === positive ? 1 : 0));
  return { y, keep, positive, negative, notes };
}

/** Decides whether a column is numeric or categorical, refusing stray text in a numeric column. */
function featureKind(name: string, values: Cell[], rows: number[], file: string): "numeric" | "categorical" | "empty" {
  let numbers = 0;
  const texts: number[] = [];
  for (const r of rows) {
    const v = values[r];
    if (isMissing(v)) continue;
    if (typeof v === "number") numbers++;
    else texts.push(r);
  }
  if (numbers === 0 && texts.length === 0) return "empty";
  if (texts.length === 0) return "numeric";
  // Mostly numbers with a few words: almost always a data-entry error, and
  // treating the column as categories would silently ruin it.
  if (numbers >= 0.9 * (numbers + texts.length)) {
    const first = texts[0];
    throw new NeedlabError(
      `column '${name}' in ${file} holds numbers, but line ${fileRow(first)} has '${String(values[first])}'` +
        `${texts.length > 1 ? ` (and ${texts.length - 1} more non-numeric values)` : ""}. Fix or blank those values (blanks are imputed), or add '${name}' to \`drop\`.`,
    );
  }
  return "categorical";
}

function median(sorted: Float64Array): number {
  const n = sorted.length;
  if (n === 0) return 0;
  return n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

function fitNumeric(name: string, values: Cell[], trainRows: Int32Array): NumericFeature {
  const present: number[] = [];
  for (const r of trainRows) if (!isMissing(values[r])) present.push(values[r] as number);
  const sorted = Float64Array.from(present).sort();
  const med = median(sorted);
  const n = trainRows.length;
  let sum = 0;
  for (const r of trainRows) sum += isMissing(values[r]) ? med : (values[r] as number);
  const mean = sum / n;
  let sq = 0;
  for (const r of trainRows) {
    const d = (isMissing(values[r]) ? med : (values[r] as number)) - mean;
    sq += d * d;
  }
  const std = Math.sqrt(sq / n); // population std, as sklearn's StandardScaler
  return { kind: "numeric", column: name, median: med, mean, std: std > 0 ? std : 1, missing: n - present.length };
}

function fitCategorical(name: string, values: Cell[], trainRows: Int32Array): CategoricalFeature {
  const counts = new Map<string, number>();
  let missing = 0;
  for (const r of trainRows) {
    if (isMissing(values[r])) missing++;
    else counts.set(String(values[r]), (counts.get(String(values[r])) ?? 0) + 1);
  }
  const byCount = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const mode = byCount[0]?.[0] ?? "";
  return { kind: "categorical", column: name, categories: [...counts.keys()].sort(), mode, missing };
}

function featureNamesOf(features: FeatureColumn[]): string[] {
  return features.flatMap((f) => (f.kind === "numeric" ? [f.column] : f.categories.map((c) => `${f.column}=${c}`)));
}

function transform(features: FeatureColumn[], valuesOf: Map<string, Cell[]>, width: number, tableRows: Int32Array, y: Uint8Array): Matrix {
  const n = tableRows.length;
  const x = new Float32Array(n * width);
  let offset = 0;
  for (const f of features) {
    const values = valuesOf.get(f.column)!;
    if (f.kind === "numeric") {
      for (let i = 0; i < n; i++) {
        const v = values[tableRows[i]];
        x[i * width + offset] = ((isMissing(v) ? f.median : (v as number)) - f.mean) / f.std;
      }
      offset += 1;
    } else {
      const index = new Map(f.categories.map((c, k) => [c, k]));
      for (let i = 0; i < n; i++) {
        const v = values[tableRows[i]];
        const k = index.get(isMissing(v) ? f.mode : String(v));
        if (k !== undefined) x[i * width + offset + k] = 1; // unseen category: all zeros
      }
      offset += f.categories.length;
    }
  }
  return { x, y, rows: tableRows, n };
}

export function prepare(raw: RawTable, spec: DatasetSpec): PreparedData {
  const table = deriveColumns(raw, spec.derived);
  for (const d of spec.drop) column(table, d, "dropped");
  for (const p of spec.pii) column(table, p, "personal-data");
  const sensitive = Object.fromEntries(spec.sensitive.map((s) => [s, column(table, s, "sensitive").map((v) => (isMissing(v) ? "(missing)" : String(v)))]));
  const target = encodeTarget(table, spec);
  const notes = [...target.notes];
  if (target.keep.length < 10) throw new NeedlabError(`${table.file} has ${target.keep.length} usable rows; needlab needs at least 10 to split into training and test rows.`);

  // Splits index into `keep` (rows with a target); map back to table rows after.
  const split = holdoutSplit(target.y, spec.split, deriveSeed(spec.seed, "split"), spec.stratify);
  const toRows = (idx: Int32Array) => Int32Array.from(idx, (k) => target.keep[k]);
  const labelsOf = (idx: Int32Array) => Uint8Array.from(idx, (k) => target.y[k]);
  const tableSplit = { train: toRows(split.train), validation: toRows(split.validation), test: toRows(split.test) };
  for (const part of ["train", "test"] as const) {
    const labels = labelsOf(split[part]);
    const pos = labels.reduce((a, b) => a + b, 0);
    if (pos === 0 || pos === labels.length) {
      const missingClass = pos === 0 ? target.positive : target.negative;
      throw new NeedlabError(`the ${part} split of ${table.file} has no '${missingClass}' rows (${labels.length} rows in all): add \`stratify\` to the dataset block or give the ${part} part a larger fraction.`);
    }
  }

  const excluded = new Set([spec.target, ...spec.drop, ...spec.sensitive, ...spec.pii]);
  const valuesOf = new Map<string, Cell[]>();
  const features: FeatureColumn[] = [];
  for (const [i, name] of table.columns.entries()) {
    if (excluded.has(name)) continue;
    const values = table.values[i];
    const kind = featureKind(name, values, target.keep, table.file);
    if (kind === "empty") {
      notes.push(`Column '${name}' is empty and was left out.`);
      continue;
    }
    valuesOf.set(name, values);
    const f = kind === "numeric" ? fitNumeric(name, values, tableSplit.train) : fitCategorical(name, values, tableSplit.train);
    if (f.kind === "categorical" && f.categories.length > 50 && f.categories.length > 0.5 * tableSplit.train.length) {
      throw new NeedlabError(
        `column '${name}' in ${table.file} has ${f.categories.length} different values in ${tableSplit.train.length} training rows, like an identifier or free text: one-hot encoding it would add ${f.categories.length} features and teach the model nothing. Add '${name}' to \`drop\`.`,
      );
    }
    if (f.missing > 0) notes.push(`Column '${name}': ${f.missing} missing training values filled with the training ${f.kind === "numeric" ? `median (${+f.median.toFixed(4)})` : `mode ('${f.mode}')`}.`);
    features.push(f);
  }
  if (features.length === 0) throw new NeedlabError(`no feature columns are left in ${table.file} after removing the target and dropped columns: keep at least one.`);

  const featureNames = featureNamesOf(features);
  const matrix = (part: keyof SplitIndices) => transform(features, valuesOf, featureNames.length, tableSplit[part], labelsOf(split[part]));
  return {
    target: spec.target,
    positive: target.positive,
    negative: target.negative,
    classes: [target.negative, target.positive],
    featureColumns: features,
    featureNames,
    split: tableSplit,
    train: matrix("train"),
    validation: matrix("validation"),
    test: matrix("test"),
    sensitive,
    notes,
  };
}
