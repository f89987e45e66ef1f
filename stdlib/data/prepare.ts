/**
 * Column-wise preparation on typed columns: derived columns, forced types,
 * date columns, row filters, target encoding, split, then imputation,
 * encoding (one-hot, ordinal, frequency) and scaling (standard, min-max,
 * robust) fitted on the training rows only, so nothing about the test rows
 * leaks into training; and the data checks (leak, near-constant,
 * duplicates across the split) as notes.
 */
import { NeedlabError } from "../errors";
import { deriveSeed } from "../random";
import { groupSplit, holdoutSplit, kfoldAssign, SplitIndices, timeSplit } from "./split";
import { deriveColumns } from "./derive";
import type { DatasetSpec } from "../../plan/plan";
import { cellAt, Column, mapIndex, shown, TextColumn } from "./columns";
import { applyTypes, columnOf, labelAt, selectRows, typed } from "./rows";
import { encodeMulticlassTarget, encodeRegressionTarget, encodeTarget, TargetEncoding } from "./target";
import {
  ColumnChoices,
  FeatureColumn,
  featureKind,
  featureNamesOf,
  fitCategorical,
  fitNumeric,
  transformRows,
} from "./features";
import { expandDates } from "./dates";
import { constantWarnings, DataWarning, duplicateWarnings, leakWarnings } from "./checks";
import type { RawTable } from "./table";
import type { TextSpec } from "../../plan/plan";
import { readMessages, unseenCharacters } from "./text-column";

export type { Cell } from "./columns";
export { MISSING_TEXTS } from "./columns";
export type { RawTable } from "./table";
export type { CategoricalFeature, FeatureColumn, NumericFeature } from "./features";
export { MAX_CLASSES } from "./target";

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
  /** A text dataset's messages of these rows (the `text` columns joined), read by text models only. */
  texts?: string[];
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
  /** `text COL`: how the messages are read; each text model fits its vectoriser on `train.texts`. */
  text?: TextSpec;
  /** Things the user should know (rows left out, classes chosen, data checks). */
  notes: string[];
  /** The data checks that fired (also among the notes), for \`needlab check\` and the summary. */
  warnings: DataWarning[];
}

/** Identifier-like: many distinct values, most seen once. */
const MANY_VALUES = (categories: number, trainRows: number) => categories > 50 && categories > 0.5 * trainRows;

export function prepare(raw: RawTable, spec: DatasetSpec): PreparedData {
  const notes: string[] = [...(raw.notes ?? [])];
  const excluded = new Set([
    spec.target,
    ...spec.drop,
    ...spec.sensitive,
    ...spec.pii,
    ...(spec.split.group ? [spec.split.group] : []),
    ...(spec.split.time ? [spec.split.time] : []),
    ...(spec.text?.columns ?? []),
  ]);
  const withTypes = applyTypes(typed(deriveColumns(raw, spec.derived)), spec.types);
  for (const d of spec.drop) columnOf(withTypes, d, "dropped");
  for (const k of spec.keep) columnOf(withTypes, k, "kept");
  for (const p of spec.pii) columnOf(withTypes, p, "personal-data");
  const { table, dates } = expandDates(withTypes, spec.types, excluded, notes);
  const eligible = selectRows(table, spec, notes);
  const messages = spec.text ? readMessages(table, spec.text, notes) : undefined;
  const sensitive = Object.fromEntries(
    spec.sensitive.map((s) => {
      const col = columnOf(table, s, "sensitive");
      return [
        s,
        Array.from({ length: table.rows }, (_, r) => (cellAt(col, r) === null ? "(missing)" : labelAt(col, r))),
      ];
    }),
  );
  const regression = spec.task === "regression",
    multiclass = spec.task === "multiclass";
  const target: TargetEncoding = regression
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
  const kept = spec.keep.length ? new Set(spec.keep) : undefined;
  const candidates: { name: string; column: Column; kind: "numeric" | "categorical" }[] = [];
  for (const [i, name] of table.columns.entries()) {
    if (excluded.has(name) || dates.includes(name)) continue;
    const fromDate = dates.find((d) => name.startsWith(`${d}_`));
    if (kept && !kept.has(name) && !(fromDate && kept.has(fromDate))) continue;
    const kind = featureKind(name, table.data[i], target.keep, table, spec.types[name] === "category");
    if (kind === "empty") notes.push(`Column '${shown(name)}' is empty and was left out.`);
    else candidates.push({ name, column: table.data[i], kind });
  }

  const quiet = new Set(spec.quiet ?? []);
  const warnings: DataWarning[] = [];
  if (!regression && !multiclass && !quiet.has("leak"))
    warnings.push(
      ...leakWarnings(
        spec.target,
        candidates.map((c) => ({
          name: c.name,
          column: c.column,
          source: dates.find((d) => c.name.startsWith(`${d}_`)),
        })),
        target.keep,
        target.y,
        [target.negative, target.positive],
      ),
    );
  if (!quiet.has("constant"))
    warnings.push(
      ...constantWarnings(
        candidates.map((c) => ({ name: c.name, column: c.column })),
        target.keep,
      ),
    );
  notes.push(...warnings.map((w) => w.message));

  // Splits index into `keep` (rows with a target); map back to table rows after.
  const seed = deriveSeed(spec.seed, "split");
  const keepList = () => Array.from(target.keep); // only group and time splits need the rows as a list
  if (spec.split.kfold) {
    // k folds: each fold's preparation is fitted on the other folds only; the
    // dataset itself (for the final model) is fitted on every row, with no test part.
    const k = spec.split.kfold;
    if (target.keep.length < 2 * k)
      throw new NeedlabError(
        `${table.file} has ${target.keep.length} usable rows, too few for ${k} folds: use fewer folds.`,
      );
    const groups = spec.split.group
      ? keepList().map((r) => labelAt(columnOf(table, spec.split.group!, "group"), r))
      : undefined;
    const foldOf = kfoldAssign(target.y, k, seed, spec.stratify && !regression, groups);
    const all = mapIndex(new Int32Array(target.keep.length), target.keep, (_, i) => i);
    const inFold = (f: number, inside: boolean) => all.filter((i) => (foldOf[i] === f) === inside);
    const folds = Array.from({ length: k }, (_, f) =>
      fit({ train: inFold(f, false), validation: new Int32Array(0), test: inFold(f, true) }, true),
    );
    return { ...fit({ train: all, validation: new Int32Array(0), test: new Int32Array(0) }, false), folds };
  }
  const split = spec.split.group
    ? groupSplit(
        keepList().map((r) => labelAt(columnOf(table, spec.split.group!, "group"), r)),
        spec.split,
        seed,
      )
    : spec.split.time
      ? timeSplit(
          keepList().map((r) => cellAt(columnOf(table, spec.split.time!, "time"), r)),
          spec.split,
          spec.split.time,
          table.file,
        )
      : holdoutSplit(target.y, spec.split, seed, spec.stratify && !regression);
  return fit(split, true);

  /** Everything fitted on a split's training rows: the features and the three matrices. */
  function fit(split: SplitIndices, checkParts: boolean): PreparedData {
    const toRows = (idx: Int32Array) => mapIndex(new Int32Array(idx.length), idx, (k) => target.keep[k]);
    const labelsOf = (idx: Int32Array) => mapIndex(new Uint8Array(idx.length), idx, (k) => target.y[k]);
    const tableSplit = { train: toRows(split.train), validation: toRows(split.validation), test: toRows(split.test) };
    if (multiclass && checkParts) {
      // Every class must be learned from and tested on.
      for (const part of ["train", "test"] as const) {
        const seen = new Set(labelsOf(split[part]));
        const absent = target.classNames!.filter((_, k) => !seen.has(k));
        if (absent.length)
          throw new NeedlabError(
            `the ${part} split of ${table.file} has no rows of class ${absent.map((c) => `'${shown(c)}'`).join(", ")}: add \`stratify\` to the dataset block, give the ${part} part a larger fraction, or filter out classes that rare.`,
          );
      }
    }
    for (const part of regression || multiclass || !checkParts ? [] : (["train", "test"] as const)) {
      const labels = labelsOf(split[part]);
      const pos = labels.reduce((a, b) => a + b, 0);
      if (pos === 0 || pos === labels.length) {
        const missingClass = pos === 0 ? target.positive : target.negative;
        throw new NeedlabError(
          `the ${part} split of ${table.file} has no '${shown(missingClass)}' rows (${labels.length} rows in all): add \`stratify\` to the dataset block or give the ${part} part a larger fraction.`,
        );
      }
    }

    // Each fit has its own notes (a fold's imputation counts are not the dataset's).
    const fitNotes = [...notes];
    const fitWarnings = [...warnings];
    const columns = new Map<string, Column>();
    const features: FeatureColumn[] = [];
    const identifiers: { name: string; categories: number }[] = [];
    for (const { name, column, kind } of candidates) {
      columns.set(name, column);
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
          ? fitNumeric(name, column, tableSplit.train, choices)
          : fitCategorical(name, column as TextColumn, tableSplit.train, choices);
      if (
        f.kind === "categorical" &&
        f.encoding === "onehot" &&
        MANY_VALUES(f.categories.length, tableSplit.train.length)
      )
        identifiers.push({ name, categories: f.categories.length });
      if (f.missing > 0) {
        const how =
          f.fillWith === "constant"
            ? `the constant ${JSON.stringify(f.fill)}`
            : `the training ${f.fillWith} (${typeof f.fill === "number" ? +f.fill.toFixed(4) : `'${shown(f.fill)}'`})`;
        fitNotes.push(`Column '${shown(name)}': ${f.missing} missing training values filled with ${how}.`);
      }
      features.push(f);
    }
    if (identifiers.length) throw identifierError(identifiers, table.file, tableSplit.train.length);
    if (features.length === 0 && !messages)
      throw new NeedlabError(
        `no feature columns are left in ${table.file} after removing the target and dropped columns: keep at least one.`,
      );
    if (checkParts && !quiet.has("duplicates")) {
      const dup = duplicateWarnings([...columns.values()], tableSplit.train, tableSplit.test);
      fitWarnings.push(...dup);
      fitNotes.push(...dup.map((w) => w.message));
    }

    const featureNames = featureNamesOf(features);
    const valuesIn = (idx: Int32Array) =>
      target.value ? mapIndex(new Float32Array(idx.length), idx, (k) => target.value![k]) : undefined;
    const matrix = (part: keyof SplitIndices): Matrix => {
      const value = valuesIn(split[part]);
      return {
        x: transformRows(features, columns, featureNames.length, tableSplit[part]),
        y: labelsOf(split[part]),
        ...(value ? { value } : {}),
        rows: tableSplit[part],
        n: tableSplit[part].length,
        ...(messages ? { texts: Array.from(tableSplit[part], (r) => messages[r]) } : {}),
      };
    };
    let targetScale: PreparedData["targetScale"];
    if (regression) {
      const train = valuesIn(split.train)!;
      const mean = train.reduce((a, b) => a + b, 0) / Math.max(1, train.length);
      const std = Math.sqrt(train.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, train.length));
      targetScale = { center: mean, scale: std > 0 ? std : 1 };
    }
    const parts = { train: matrix("train"), validation: matrix("validation"), test: matrix("test") };
    if (messages && checkParts)
      for (const part of ["validation", "test"] as const) {
        const note = unseenCharacters(parts.train.texts!, parts[part].texts!, part);
        if (note) fitNotes.push(note);
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
      ...parts,
      ...(spec.text ? { text: spec.text } : {}),
      sensitive,
      notes: fitNotes,
      warnings: fitWarnings,
    };
  }
}

/** Every identifier-like column at once, so one rerun fixes them all. */
function identifierError(columns: { name: string; categories: number }[], file: string, rows: number): NeedlabError {
  const [first, ...more] = columns;
  const names = columns.map((c) => c.name);
  return new NeedlabError(
    `column '${shown(first.name)}' in ${file} has ${first.categories} different values in ${rows} training rows, like an identifier or free text` +
      (more.length
        ? `, and so ${more.length === 1 ? "does" : "do"} ${more.map((c) => `'${shown(c.name)}' (${c.categories})`).join(", ")}: one-hot encoding them would add ${columns.reduce((a, c) => a + c.categories, 0)} features and teach the model nothing. Add them to \`drop\` (\`drop ${names.join(", ")}\`), or encode them by frequency.`
        : `: one-hot encoding it would add ${first.categories} features and teach the model nothing. Add '${first.name}' to \`drop\` (or \`encode ${first.name}: frequency\`).`),
  );
}
