/**
 * The target column as labels: binary (positive against the rest),
 * multiclass (an index per class) or regression (numbers). Rows without a
 * target are left out and counted.
 */
import { NeedlabError } from "../errors";
import type { DatasetSpec } from "../../plan/plan";
import { endWithSuggestion } from "../../plan/suggest";
import { Column, mapIndex, shown } from "./columns";
import { columnOf, isMissingAt, labelAt, Typed } from "./rows";

export interface TargetEncoding {
  y: Uint8Array;
  /** Table rows that have a target, in order. */
  keep: Int32Array;
  positive: string;
  negative: string;
  notes: string[];
  value?: Float32Array;
  classNames?: string[];
}

const leftOut = (spec: DatasetSpec, eligible: number, kept: number): string[] =>
  kept < eligible ? [`${eligible - kept} rows with no '${spec.target}' value were left out.`] : [];

/** Class labels of the rows with a target: each distinct value's label computed once. */
function labels(col: Column, rows: Int32Array): { keep: Int32Array; label: (r: number) => string } {
  const keep = rows.filter((r) => !isMissingAt(col, r));
  return { keep, label: (r) => labelAt(col, r) };
}

/** A regression target: numbers; rows without one are left out; text is refused with its line. */
export function encodeRegressionTarget(table: Typed, spec: DatasetSpec, eligible: Int32Array): TargetEncoding {
  const col = columnOf(table, spec.target, "target");
  const keep = eligible.filter((r) => !isMissingAt(col, r));
  if (col.kind === "text") {
    const r = keep.find((k) => !Number.isFinite(Number(col.dictionary[col.codes[k]].trim())));
    if (r !== undefined)
      throw new NeedlabError(
        `target '${spec.target}' is declared a regression target, but line ${table.line(r)} of ${table.file} has '${shown(col.dictionary[col.codes[r]])}': a regression target holds numbers. Fix the value, or make it a classification target (\`target ${spec.target} positive "CLASS"\`).`,
      );
  }
  const value = mapIndex(new Float32Array(keep.length), keep, (r) =>
    col.kind === "number" ? col.data[r] : Number(labelAt(col, r)),
  );
  if (value.length && value.every((v) => v === value[0]))
    throw new NeedlabError(
      `target '${spec.target}' in ${table.file} is ${value[0]} in every row: there is nothing to predict.`,
    );
  return {
    y: new Uint8Array(keep.length),
    value,
    keep,
    positive: "",
    negative: "",
    notes: leftOut(spec, eligible.length, keep.length),
  };
}

/** The most classes a multiclass target may have: beyond it, the column is more like an identifier or a number. */
export const MAX_CLASSES = 50;
/** Text targets (intents) have more: Banking77 has 77. Class indices are bytes, so at most 255. */
export const MAX_TEXT_CLASSES = 255;

/** A multiclass target: each row's class index into the sorted classes. */
export function encodeMulticlassTarget(table: Typed, spec: DatasetSpec, eligible: Int32Array): TargetEncoding {
  const { keep, label } = labels(columnOf(table, spec.target, "target"), eligible);
  const seen = new Set<string>();
  for (const r of keep) seen.add(label(r));
  const classNames = [...seen].sort();
  if (classNames.length < 2)
    throw new NeedlabError(
      `target column '${spec.target}' in ${table.file} has only one class ('${shown(classNames[0] ?? "")}'): a classifier needs at least two. Check that this is the right file and target.`,
    );
  const most = spec.text ? MAX_TEXT_CLASSES : MAX_CLASSES;
  if (classNames.length > most)
    throw new NeedlabError(
      `target '${spec.target}' in ${table.file} has ${classNames.length} different values; a multiclass target has at most ${most} classes${spec.text ? "" : " (a text dataset's up to " + MAX_TEXT_CLASSES + ")"}. If it is a number, declare \`target ${spec.target} regression\`.`,
    );
  const index = new Map(classNames.map((c, k) => [c, k]));
  // The classes are listed once, on the summary's target line (the task's describeTarget), not again as a note.
  const notes = leftOut(spec, eligible.length, keep.length);
  return {
    y: mapIndex(new Uint8Array(keep.length), keep, (r) => index.get(label(r))!),
    keep,
    positive: "",
    negative: "",
    notes,
    classNames,
  };
}

export function encodeTarget(table: Typed, spec: DatasetSpec, eligible: Int32Array): TargetEncoding {
  const { keep, label } = labels(columnOf(table, spec.target, "target"), eligible);
  const counts = new Map<string, number>();
  for (const r of keep) {
    const l = label(r);
    counts.set(l, (counts.get(l) ?? 0) + 1);
  }
  const notes = leftOut(spec, eligible.length, keep.length);
  const classes = [...counts.keys()].sort();
  if (classes.length === 0)
    throw new NeedlabError(
      `target column '${spec.target}' in ${table.file} is empty: every row is missing it. Pick another target column.`,
    );
  if (classes.length === 1)
    throw new NeedlabError(
      `target column '${spec.target}' in ${table.file} has only one class ('${shown(classes[0])}' in all ${keep.length} rows): a classifier needs at least two. Check that this is the right file and target.`,
    );
  let positive = spec.positive;
  if (positive === undefined) {
    if (classes.length > 2)
      throw new NeedlabError(
        `target '${spec.target}' in ${table.file} has ${classes.length} classes (${classes
          .slice(0, 8)
          .map((c) => shown(c))
          .join(
            ", ",
          )}${classes.length > 8 ? ", ..." : ""}): name the one to detect with \`target ${spec.target} positive "CLASS"\`.`,
      );
    positive = [...classes].sort((a, b) => counts.get(a)! - counts.get(b)! || a.localeCompare(b))[0];
    notes.push(
      `No positive class was named: '${shown(positive)}' (the rarer class) is treated as positive. Write \`target ${spec.target} positive "${shown(positive)}"\` to make it explicit.`,
    );
  } else if (!counts.has(positive)) {
    throw new NeedlabError(
      `positive class "${shown(positive)}" never occurs in target '${spec.target}' of ${table.file}${endWithSuggestion(positive, classes)}Its classes are: ${classes.map((c) => shown(c)).join(", ")}.`,
    );
  }
  const others = classes.filter((c) => c !== positive);
  const negative = others.length === 1 ? others[0] : `not ${positive}`;
  if (others.length > 1)
    notes.push(
      `Target '${spec.target}' has ${classes.length} classes; '${shown(positive)}' is detected against all others (${others.map((c) => shown(c)).join(", ")}).`,
    );
  const y = mapIndex(new Uint8Array(keep.length), keep, (r) => (label(r) === positive ? 1 : 0));
  return { y, keep, positive, negative, notes };
}
