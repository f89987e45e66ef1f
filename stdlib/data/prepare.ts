/**
 * Column-wise preparation on typed arrays: derived columns, forced types, row
 * filters, target encoding, split, then imputation, encoding (one-hot,
 * ordinal, frequency) and scaling (standard, min-max, robust) fitted on the
 * training rows only, so nothing about the test rows leaks into training.
 */
import { NeedlabError } from "../errors";
import { deriveSeed } from "../random";
import { groupSplit, holdoutSplit, kfoldAssign, SplitIndices, timeSplit } from "./split";
import { deriveColumns } from "./derive";
import type { DatasetSpec, EncodingMethod, MissingStrategy, RowFilterSpec, Scaling } from "../../plan/plan";
import { endWithSuggestion } from "../../plan/suggest";

export type { Cell, RawTable } from "./table";
import type { Cell, RawTable } from "./table";

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

export interface Matrix {
  /** Row-major values, rows × featureNames.length. */
  x: Float32Array;
  /** 1 = the positive class (a multiclass target: the class index; all 0 for a regression target). */
  y: Uint8Array;
  /** A regression target's values. */
  value?: Float32Array;
  /** Row numbers in the source table (0-based, header excluded). */
  rows: Int32Array;
  n: number;
}

export interface PreparedData {
  task: "binary" | "regression" | "multiclass";
  /**
   * `split kfold K`: each fold's data, prepared on the other folds (its
   * `test` is the fold); the dataset itself is prepared on every row.
   */
  folds?: PreparedData[];
  /** A multiclass target's classes, sorted; `y` holds each row's index into them. */
  classNames?: string[];
  /**
   * A regression target's training mean and standard deviation: models learn
   * the standardised target (so one learning rate suits incomes and ratios
   * alike) and a fixed last layer turns their output back into the target's unit.
   */
  targetScale?: { center: number; scale: number };
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
export const MISSING_TEXTS = new Set([
  "",
  "#N/A",
  "#N/A N/A",
  "#NA",
  "-1.#IND",
  "-1.#QNAN",
  "-NaN",
  "-nan",
  "1.#IND",
  "1.#QNAN",
  "<NA>",
  "N/A",
  "NA",
  "NULL",
  "NaN",
  "None",
  "n/a",
  "nan",
  "null",
]);

const isMissing = (v: Cell): boolean =>
  v === null ||
  v === undefined ||
  (typeof v === "number" && !Number.isFinite(v)) ||
  (typeof v === "string" && MISSING_TEXTS.has(v.trim()));

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

/** A regression target: numbers; rows without one are left out; text is refused with its line. */
function encodeRegressionTarget(
  table: RawTable,
  spec: DatasetSpec,
  eligible: number[],
): TargetEncoding & { value: Float32Array } {
  const values = column(table, spec.target, "target");
  const keep: number[] = [];
  for (const i of eligible) {
    const v = values[i];
    if (isMissing(v)) continue;
    if (typeof v !== "number")
      throw new NeedlabError(
        `target '${spec.target}' is declared a regression target, but line ${fileRow(i)} of ${table.file} has '${String(v)}': a regression target holds numbers. Fix the value, or make it a classification target (\`target ${spec.target} positive "CLASS"\`).`,
      );
    keep.push(i);
  }
  const notes =
    keep.length < eligible.length
      ? [`${eligible.length - keep.length} rows with no '${spec.target}' value were left out.`]
      : [];
  if (keep.length && keep.every((i) => values[i] === values[keep[0]]))
    throw new NeedlabError(
      `target '${spec.target}' in ${table.file} is ${String(values[keep[0]])} in every row: there is nothing to predict.`,
    );
  return {
    y: new Uint8Array(keep.length),
    value: Float32Array.from(keep, (i) => values[i] as number),
    keep,
    positive: "",
    negative: "",
    notes,
  };
}

/** The most classes a multiclass target may have: beyond it, the column is more like an identifier or a number. */
export const MAX_CLASSES = 50;

/** A multiclass target: each row's class index into the sorted classes. */
function encodeMulticlassTarget(
  table: RawTable,
  spec: DatasetSpec,
  eligible: number[],
): TargetEncoding & { classNames: string[] } {
  const values = column(table, spec.target, "target");
  const keep = eligible.filter((i) => !isMissing(values[i]));
  const classNames = [...new Set(keep.map((i) => String(values[i])))].sort();
  if (classNames.length < 2)
    throw new NeedlabError(
      `target column '${spec.target}' in ${table.file} has only one class ('${classNames[0] ?? ""}'): a classifier needs at least two. Check that this is the right file and target.`,
    );
  if (classNames.length > MAX_CLASSES)
    throw new NeedlabError(
      `target '${spec.target}' in ${table.file} has ${classNames.length} different values; a multiclass target has at most ${MAX_CLASSES} classes. If it is a number, declare \`target ${spec.target} regression\`.`,
    );
  const index = new Map(classNames.map((c, k) => [c, k]));
  const notes =
    keep.length < eligible.length
      ? [`${eligible.length - keep.length} rows with no '${spec.target}' value were left out.`]
      : [];
  notes.push(`Target '${spec.target}' has ${classNames.length} classes: ${classNames.join(", ")}.`);
  return {
    y: Uint8Array.from(keep, (i) => index.get(String(values[i]))!),
    keep,
    positive: "",
    negative: "",
    notes,
    classNames,
  };
}

function encodeTarget(table: RawTable, spec: DatasetSpec, eligible: number[]): TargetEncoding {
  const values = column(table, spec.target, "target");
  const counts = new Map<string, number>();
  const keep: number[] = [];
  for (const i of eligible) {
    const v = values[i];
    if (isMissing(v)) continue;
    keep.push(i);
    counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
  }
  const notes: string[] = [];
  if (keep.length < eligible.length)
    notes.push(`${eligible.length - keep.length} rows with no '${spec.target}' value were left out.`);
  const classes = [...counts.keys()].sort();
  if (classes.length === 0)
    throw new NeedlabError(
      `target column '${spec.target}' in ${table.file} is empty: every row is missing it. Pick another target column.`,
    );
  if (classes.length === 1) {
    throw new NeedlabError(
      `target column '${spec.target}' in ${table.file} has only one class ('${classes[0]}' in all ${keep.length} rows): a classifier needs at least two. Check that this is the right file and target.`,
    );
  }
  let positive = spec.positive;
  if (positive === undefined) {
    if (classes.length > 2)
      throw new NeedlabError(
        `target '${spec.target}' in ${table.file} has ${classes.length} classes (${classes.slice(0, 8).join(", ")}${classes.length > 8 ? ", ..." : ""}): name the one to detect with \`target ${spec.target} positive "CLASS"\`.`,
      );
    positive = [...classes].sort((a, b) => counts.get(a)! - counts.get(b)! || a.localeCompare(b))[0];
    notes.push(
      `No positive class was named: '${positive}' (the rarer class) is treated as positive. Write \`target ${spec.target} positive "${positive}"\` to make it explicit.`,
    );
  } else if (!counts.has(positive)) {
    throw new NeedlabError(
      `positive class "${positive}" never occurs in target '${spec.target}' of ${table.file}${endWithSuggestion(positive, classes)}Its classes are: ${classes.join(", ")}.`,
    );
  }
  const others = classes.filter((c) => c !== positive);
  const negative = others.length === 1 ? others[0] : `not ${positive}`;
  if (others.length > 1)
    notes.push(
      `Target '${spec.target}' has ${classes.length} classes; '${positive}' is detected against all others (${others.join(", ")}).`,
    );
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

/** `types zip: category` keeps numbers as text; `types amount: number` reads text as numbers or says where it cannot. */
function applyTypes(table: RawTable, types: DatasetSpec["types"]): RawTable {
  if (Object.keys(types).length === 0) return table;
  const values = table.values.map((col, i) => {
    const type = types[table.columns[i]];
    if (type === "category") return col.map((v) => (isMissing(v) ? null : String(v)));
    if (type !== "number") return col;
    return col.map((v, row) => {
      if (isMissing(v) || typeof v === "number") return v;
      const x = Number(String(v).trim());
      if (!Number.isFinite(x))
        throw new NeedlabError(
          `column '${table.columns[i]}' is declared a number (\`types ${table.columns[i]}: number\`), but line ${fileRow(row)} of ${table.file} has '${String(v)}'. Fix the value or declare it a category.`,
        );
      return x;
    });
  });
  return { ...table, values };
}

function holds(f: RowFilterSpec, v: Cell): boolean {
  if (isMissing(v)) return false;
  if (f.op === "==" || f.op === "!=" || f.op === "in") {
    const eq = f.values.some((x) => (typeof x === "number" ? Number(v) === x : String(v) === x));
    return f.op === "!=" ? !eq : eq;
  }
  const x = typeof v === "number" ? v : Number(v);
  const bound = f.values[0] as number;
  if (!Number.isFinite(x)) return false;
  return f.op === ">=" ? x >= bound : f.op === "<=" ? x <= bound : f.op === ">" ? x > bound : x < bound;
}

/** Rows kept by the filters and by `missing COL: drop`, with a note of what was left out. */
function selectRows(table: RawTable, spec: DatasetSpec, notes: string[]): number[] {
  let rows = Array.from({ length: table.values[0]?.length ?? 0 }, (_, i) => i);
  for (const f of spec.filters) {
    const values = column(table, f.column, "filtered");
    const before = rows.length;
    rows = rows.filter((r) => holds(f, values[r]));
    notes.push(
      `filter ${f.column} ${f.op} ${f.op === "in" ? JSON.stringify(f.values) : JSON.stringify(f.values[0])}: kept ${rows.length} of ${before} rows.`,
    );
    if (rows.length === 0)
      throw new NeedlabError(
        `no rows of ${table.file} pass \`filter ${f.column} ${f.op} ${JSON.stringify(f.op === "in" ? f.values : f.values[0])}\`${f.values.some((x) => typeof x === "string") ? " (text is compared exactly, case included)" : ""}: loosen or remove the filter.`,
      );
  }
  for (const [col, m] of Object.entries(spec.missing)) {
    if (m.strategy !== "drop") continue;
    const values = column(table, col, "missing-value");
    const before = rows.length;
    rows = rows.filter((r) => !isMissing(values[r]));
    if (rows.length < before)
      notes.push(`${before - rows.length} rows with no '${col}' value were left out (\`missing ${col}: drop\`).`);
  }
  return rows;
}

function median(sorted: Float64Array): number {
  const n = sorted.length;
  if (n === 0) return 0;
  return n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

/** Center and scale for a numeric feature's (imputed) training values. */
function fitScaling(scaling: Scaling, filled: Float64Array): { center: number; scale: number } {
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
    const sorted = Float64Array.from(filled).sort();
    const q = (p: number) => {
      const h = (n - 1) * p,
        lo = Math.floor(h);
      return sorted[lo] + (h - lo) * ((sorted[Math.min(lo + 1, n - 1)] ?? sorted[lo]) - sorted[lo]);
    };
    const iqr = q(0.75) - q(0.25);
    return { center: q(0.5), scale: iqr > 0 ? iqr : 1 };
  }
  let sum = 0;
  for (const v of filled) sum += v;
  const mean = sum / n;
  let sq = 0;
  for (const v of filled) sq += (v - mean) ** 2;
  const std = Math.sqrt(sq / n); // population std, as sklearn's StandardScaler
  return { center: mean, scale: std > 0 ? std : 1 };
}

interface ColumnChoices {
  missing?: { strategy: MissingStrategy; value?: number | string };
  encoding: EncodingMethod;
  order?: string[];
  scaling: Scaling;
}

function fitNumeric(name: string, values: Cell[], trainRows: Int32Array, choices: ColumnChoices): NumericFeature {
  const present: number[] = [];
  for (const r of trainRows) if (!isMissing(values[r])) present.push(values[r] as number);
  const sorted = Float64Array.from(present).sort();
  const med = median(sorted);
  const presentMean = present.length ? present.reduce((a, b) => a + b, 0) / present.length : 0;
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
  const n = trainRows.length;
  const filled = Float64Array.from(trainRows, (r) => (isMissing(values[r]) ? fill : (values[r] as number)));
  const standard = fitScaling("standard", filled);
  const { center, scale } = fitScaling(choices.scaling, filled);
  return {
    kind: "numeric",
    column: name,
    median: med,
    mean: standard.center,
    std: standard.scale,
    missing: n - present.length,
    fill,
    fillWith: strategy,
    scaling: choices.scaling,
    center,
    scale,
    width: 1,
  };
}

function fitCategorical(
  name: string,
  values: Cell[],
  trainRows: Int32Array,
  choices: ColumnChoices,
): CategoricalFeature {
  const counts = new Map<string, number>();
  let missing = 0;
  for (const r of trainRows) {
    if (isMissing(values[r])) missing++;
    else counts.set(String(values[r]), (counts.get(String(values[r])) ?? 0) + 1);
  }
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
          .map((u) => `'${u}'`)
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
  const code = (v: Cell) => {
    const c = isMissing(v) ? fill : String(v);
    return frequencies ? (frequencies[c] ?? 0) : categories.indexOf(c);
  };
  const { center, scale } = fitScaling(
    choices.scaling,
    Float64Array.from(trainRows, (r) => code(values[r])),
  );
  return { ...base, ...(frequencies ? { frequencies } : {}), scaling: choices.scaling, center, scale, width: 1 };
}

function featureNamesOf(features: FeatureColumn[]): string[] {
  return features.flatMap((f) =>
    f.kind === "numeric" || f.encoding !== "onehot" ? [f.column] : f.categories.map((c) => `${f.column}=${c}`),
  );
}

function transform(
  features: FeatureColumn[],
  valuesOf: Map<string, Cell[]>,
  width: number,
  tableRows: Int32Array,
  y: Uint8Array,
  value?: Float32Array,
): Matrix {
  const n = tableRows.length;
  const x = new Float32Array(n * width);
  let offset = 0;
  for (const f of features) {
    const values = valuesOf.get(f.column)!;
    if (f.kind === "numeric") {
      for (let i = 0; i < n; i++) {
        const v = values[tableRows[i]];
        x[i * width + offset] = ((isMissing(v) ? f.fill : (v as number)) - f.center) / f.scale;
      }
    } else {
      const index = new Map(f.categories.map((c, k) => [c, k]));
      for (let i = 0; i < n; i++) {
        const v = values[tableRows[i]];
        const c = isMissing(v) ? f.fill : String(v);
        if (f.encoding === "onehot") {
          const k = index.get(c);
          if (k !== undefined) x[i * width + offset + k] = 1; // unseen category: all zeros
        } else {
          // Unseen categories: frequency 0; ordinal has none (its order lists every value it accepts).
          const code = f.frequencies ? (f.frequencies[c] ?? 0) : (index.get(c) ?? -1);
          x[i * width + offset] = (code - f.center) / f.scale;
        }
      }
    }
    offset += f.width;
  }
  return { x, y, ...(value ? { value } : {}), rows: tableRows, n };
}

export function prepare(raw: RawTable, spec: DatasetSpec): PreparedData {
  const table = applyTypes(deriveColumns(raw, spec.derived), spec.types);
  for (const d of spec.drop) column(table, d, "dropped");
  for (const k of spec.keep) column(table, k, "kept");
  for (const p of spec.pii) column(table, p, "personal-data");
  const notes: string[] = [];
  const eligible = selectRows(table, spec, notes);
  const sensitive = Object.fromEntries(
    spec.sensitive.map((s) => [s, column(table, s, "sensitive").map((v) => (isMissing(v) ? "(missing)" : String(v)))]),
  );
  const regression = spec.task === "regression",
    multiclass = spec.task === "multiclass";
  const target: TargetEncoding & { value?: Float32Array; classNames?: string[] } = regression
    ? encodeRegressionTarget(table, spec, eligible)
    : multiclass
      ? encodeMulticlassTarget(table, spec, eligible)
      : encodeTarget(table, spec, eligible);
  notes.push(...target.notes);
  if (regression && spec.stratify)
    notes.push("`stratify` keeps class balance; a regression target has no classes, so the split is at random.");
  if (target.keep.length < 10)
    throw new NeedlabError(
      `${table.file} has ${target.keep.length} usable rows; needlab needs at least 10 to split into training and test rows.`,
    );

  // The candidate feature columns and their kinds, judged once on every row with a target (the same for every fold).
  const excluded = new Set([
    spec.target,
    ...spec.drop,
    ...spec.sensitive,
    ...spec.pii,
    ...(spec.split.group ? [spec.split.group] : []),
  ]);
  const kept = spec.keep.length ? new Set(spec.keep) : undefined;
  const candidates: { name: string; values: Cell[]; kind: "numeric" | "categorical" }[] = [];
  for (const [i, name] of table.columns.entries()) {
    if (excluded.has(name) || (kept && !kept.has(name))) continue;
    const kind = featureKind(name, table.values[i], target.keep, table.file);
    if (kind === "empty") notes.push(`Column '${name}' is empty and was left out.`);
    else candidates.push({ name, values: table.values[i], kind });
  }

  // Splits index into `keep` (rows with a target); map back to table rows after.
  const seed = deriveSeed(spec.seed, "split");
  if (spec.split.kfold) {
    // k folds: each fold's preparation is fitted on the other folds only; the
    // dataset itself (for the final model) is fitted on every row, with no test part.
    const k = spec.split.kfold;
    if (target.keep.length < 2 * k)
      throw new NeedlabError(
        `${table.file} has ${target.keep.length} usable rows, too few for ${k} folds: use fewer folds.`,
      );
    const groups = spec.split.group
      ? target.keep.map((r) => String(column(table, spec.split.group!, "group").at(r) ?? ""))
      : undefined;
    const foldOf = kfoldAssign(target.y, k, seed, spec.stratify && !regression, groups);
    const all = Int32Array.from(target.keep, (_, i) => i);
    const inFold = (f: number, inside: boolean) => Int32Array.from(all.filter((i) => (foldOf[i] === f) === inside));
    const folds = Array.from({ length: k }, (_, f) =>
      fit({ train: inFold(f, false), validation: new Int32Array(0), test: inFold(f, true) }, true),
    );
    return { ...fit({ train: all, validation: new Int32Array(0), test: new Int32Array(0) }, false), folds };
  }
  const split = spec.split.group
    ? groupSplit(
        target.keep.map((r) => String(column(table, spec.split.group!, "group").at(r) ?? "")),
        spec.split,
        seed,
      )
    : spec.split.time
      ? timeSplit(
          target.keep.map((r) => column(table, spec.split.time!, "time").at(r)),
          spec.split,
          spec.split.time,
          table.file,
        )
      : holdoutSplit(target.y, spec.split, seed, spec.stratify && !regression);
  return fit(split, true);

  /** Everything fitted on a split's training rows: the features and the three matrices. */
  function fit(split: SplitIndices, checkParts: boolean): PreparedData {
    const toRows = (idx: Int32Array) => Int32Array.from(idx, (k) => target.keep[k]);
    const labelsOf = (idx: Int32Array) => Uint8Array.from(idx, (k) => target.y[k]);
    const tableSplit = { train: toRows(split.train), validation: toRows(split.validation), test: toRows(split.test) };
    if (multiclass && checkParts) {
      // Every class must be learned from and tested on.
      for (const part of ["train", "test"] as const) {
        const seen = new Set(labelsOf(split[part]));
        const absent = target.classNames!.filter((_, k) => !seen.has(k));
        if (absent.length)
          throw new NeedlabError(
            `the ${part} split of ${table.file} has no rows of class ${absent.map((c) => `'${c}'`).join(", ")}: add \`stratify\` to the dataset block, give the ${part} part a larger fraction, or filter out classes that rare.`,
          );
      }
    }
    for (const part of regression || multiclass || !checkParts ? [] : (["train", "test"] as const)) {
      const labels = labelsOf(split[part]);
      const pos = labels.reduce((a, b) => a + b, 0);
      if (pos === 0 || pos === labels.length) {
        const missingClass = pos === 0 ? target.positive : target.negative;
        throw new NeedlabError(
          `the ${part} split of ${table.file} has no '${missingClass}' rows (${labels.length} rows in all): add \`stratify\` to the dataset block or give the ${part} part a larger fraction.`,
        );
      }
    }

    // Each fit has its own notes (a fold's imputation counts are not the dataset's).
    const fitNotes = [...notes];
    const valuesOf = new Map<string, Cell[]>();
    const features: FeatureColumn[] = [];
    for (const { name, values, kind } of candidates) {
      valuesOf.set(name, values);
      const choices: ColumnChoices = {
        missing: spec.missing[name],
        encoding: spec.encode[name]?.method ?? "onehot",
        order: spec.encode[name]?.order,
        scaling: spec.scale.columns[name] ?? spec.scale.default,
      };
      if (kind === "categorical" && spec.scale.columns[name] && choices.encoding === "onehot")
        throw new NeedlabError(
          `column '${name}' holds categories, one-hot encoded, so \`scale ${name}: ${spec.scale.columns[name]}\` does not apply: scaling is for numbers (and ordinal or frequency codes). Remove it, or encode '${name}' as ordinal or frequency.`,
        );
      if (kind === "numeric" && spec.encode[name])
        throw new NeedlabError(
          `column '${name}' holds numbers, so \`encode ${name}: ${choices.encoding}\` does not apply: declare it a category first (\`types ${name}: category\`) or remove the encoding.`,
        );
      const f =
        kind === "numeric"
          ? fitNumeric(name, values, tableSplit.train, choices)
          : fitCategorical(name, values, tableSplit.train, choices);
      if (
        f.kind === "categorical" &&
        f.encoding === "onehot" &&
        f.categories.length > 50 &&
        f.categories.length > 0.5 * tableSplit.train.length
      ) {
        throw new NeedlabError(
          `column '${name}' in ${table.file} has ${f.categories.length} different values in ${tableSplit.train.length} training rows, like an identifier or free text: one-hot encoding it would add ${f.categories.length} features and teach the model nothing. Add '${name}' to \`drop\` (or \`encode ${name}: frequency\`).`,
        );
      }
      if (f.missing > 0) {
        const how =
          f.fillWith === "constant"
            ? `the constant ${JSON.stringify(f.fill)}`
            : `the training ${f.fillWith} (${typeof f.fill === "number" ? +f.fill.toFixed(4) : `'${f.fill}'`})`;
        fitNotes.push(`Column '${name}': ${f.missing} missing training values filled with ${how}.`);
      }
      features.push(f);
    }
    if (features.length === 0)
      throw new NeedlabError(
        `no feature columns are left in ${table.file} after removing the target and dropped columns: keep at least one.`,
      );

    const featureNames = featureNamesOf(features);
    const valuesIn = (idx: Int32Array) => (target.value ? Float32Array.from(idx, (k) => target.value![k]) : undefined);
    const matrix = (part: keyof SplitIndices) =>
      transform(
        features,
        valuesOf,
        featureNames.length,
        tableSplit[part],
        labelsOf(split[part]),
        valuesIn(split[part]),
      );
    let targetScale: PreparedData["targetScale"];
    if (regression) {
      const train = valuesIn(split.train)!;
      const mean = train.reduce((a, b) => a + b, 0) / Math.max(1, train.length);
      const std = Math.sqrt(train.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, train.length));
      targetScale = { center: mean, scale: std > 0 ? std : 1 };
    }
    return {
      task: regression ? "regression" : multiclass ? "multiclass" : "binary",
      ...(targetScale ? { targetScale } : {}),
      ...(target.classNames ? { classNames: target.classNames } : {}),
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
      notes: fitNotes,
    };
  }
}
