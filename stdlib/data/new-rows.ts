/**
 * New rows (a file `monitor` watches, a row timed for latency) turned into a
 * model's inputs with the preparation fitted on the training rows: the same
 * derived columns, declared types and date parts, then each feature column
 * filled, encoded and scaled exactly as the training rows were.
 */
import type { DatasetSpec } from "../../plan/plan";
import { NeedlabError } from "../errors";
import type { Column } from "./columns";
import { expandDates } from "./dates";
import { deriveColumns, exprColumnsOf } from "./derive";
import { transformRows, type FeatureColumn } from "./features";
import { applyTypes, typed } from "./rows";
import type { RawTable } from "./table";

/** What the preparation of a dataset learned from its training rows. */
export interface FittedPreparation {
  featureColumns: FeatureColumn[];
  featureNames: string[];
}

/** Row-major inputs for every row of `raw`, prepared as the dataset's training rows were. */
export function prepareNewRows(fitted: FittedPreparation, spec: DatasetSpec, raw: RawTable): Float32Array {
  const derived = deriveColumns(
    raw,
    spec.derived.filter((d) => exprColumnsOf(d.expr).every((c) => raw.columns.includes(c))),
  );
  const excluded = new Set([spec.target, ...spec.drop, ...spec.sensitive, ...spec.pii]);
  const { table } = expandDates(applyTypes(typed(derived), spec.types), spec.types, excluded, []);
  const missing = fitted.featureColumns.map((f) => f.column).filter((c) => !table.columns.includes(c));
  if (missing.length)
    throw new NeedlabError(
      `${raw.file} lacks ${missing.length === 1 ? "the feature column" : "feature columns"} ${missing.map((c) => `'${c}'`).join(", ")}: the model needs the columns it was trained on. Check that it is the same kind of file.`,
    );
  // Each column read as the model saw it: a category of digits stays a category, a number column reads as numbers.
  const kinds = Object.fromEntries(
    fitted.featureColumns.map((f) => [f.column, f.kind === "numeric" ? "number" : "category"] as const),
  );
  const asTrained = applyTypes(table, kinds);
  const columns = new Map<string, Column>(asTrained.columns.map((c, i) => [c, asTrained.data[i]]));
  const rows = Int32Array.from({ length: asTrained.rows }, (_, i) => i);
  return transformRows(fitted.featureColumns, columns, fitted.featureNames.length, rows);
}
