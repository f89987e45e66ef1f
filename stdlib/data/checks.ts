/**
 * Data checks before training, reported as warnings (never errors), each
 * with the way to silence it (`quiet leak`, `quiet constant`, `quiet
 * duplicates`):
 *
 *  - a leak: one feature alone separates the classes almost perfectly
 *    (single-feature ROC AUC ≥ 0.98 on the rows with a target), as a
 *    column recorded after the outcome or computed from it does;
 *  - a near-constant column (one value in ≥ 99.5% of rows);
 *  - test rows whose features equal a training row's (≥ 1% of the test part).
 *
 * The leak and constant checks look at up to 200,000 rows (a fixed stride,
 * so the same file gives the same answer), which keeps them linear and cheap.
 */
import { Column, shown } from "./columns";
import { aucOf } from "./stats";

/** `text`: a problem with a text column's messages (empty, over-long, unseen characters), never silenced. */
export type CheckKind = "leak" | "constant" | "duplicates" | "text";

export interface DataWarning {
  check: CheckKind;
  column?: string;
  message: string;
}

export const LEAK_AUC = 0.98;
/** Below LEAK_AUC, a column is still a leak when one of its values decides the target (see decidingValue). */
export const DECIDING_AUC = 0.9;
export const CONSTANT_SHARE = 0.995;
export const DUPLICATE_SHARE = 0.01;
const SAMPLE = 200_000;

function sampleRows(rows: Int32Array, labels: Uint8Array): { rows: Int32Array; y: Uint8Array } {
  if (rows.length <= SAMPLE) return { rows, y: labels };
  const stride = rows.length / SAMPLE;
  const picked = new Int32Array(SAMPLE),
    y = new Uint8Array(SAMPLE);
  for (let i = 0; i < SAMPLE; i++) {
    const k = Math.floor(i * stride);
    picked[i] = rows[k];
    y[i] = labels[k];
  }
  return { rows: picked, y };
}

/** How well one column alone ranks positives above negatives (the better of the two directions). */
export function singleFeatureAuc(col: Column, rows: Int32Array, y: Uint8Array): number {
  const pos: number[] = [],
    neg: number[] = [];
  if (col.kind === "number") {
    // A missing value ranks below every number (missingness can leak too).
    rows.forEach((r, i) => (y[i] ? pos : neg).push(Number.isNaN(col.data[r]) ? -Infinity : col.data[r]));
  } else {
    // A category scores its share of positives (missing is a category of its own).
    const n = new Float64Array(col.dictionary.length + 1),
      p = new Float64Array(col.dictionary.length + 1);
    rows.forEach((r, i) => {
      n[col.codes[r] + 1]++;
      p[col.codes[r] + 1] += y[i];
    });
    // A category seen once or twice predicts itself: only columns with few, well-filled categories can be judged.
    const used = [...n].filter((c) => c > 0).length;
    if (used > Math.max(2, Math.sqrt(rows.length))) return 0.5;
    rows.forEach((r, i) => (y[i] ? pos : neg).push(p[col.codes[r] + 1] / n[col.codes[r] + 1]));
  }
  const auc = aucOf(Float64Array.from(pos), Float64Array.from(neg));
  return Math.max(auc, 1 - auc);
}

/**
 * A value that decides the target: it covers at least 10% of the rows (and
 * 30 of them) and every one of those rows has the same class. Natural
 * features are noisier than that; a column filled in after the outcome
 * (a recidivism flag, a follow-up date left blank for everyone without one)
 * is not. Numbers with many values are judged on missing against present.
 */
export function decidingValue(
  col: Column,
  rows: Int32Array,
  y: Uint8Array,
): { value: string; share: number; label: number } | undefined {
  const counts = new Map<number, [number, number]>(); // key → [rows, positives]
  const keyOf =
    col.kind === "text" ? (r: number) => col.codes[r] : (r: number) => (Number.isNaN(col.data[r]) ? NaN : col.data[r]);
  for (let i = 0; i < rows.length; i++) {
    const k = keyOf(rows[i]);
    const c = counts.get(k) ?? [0, 0];
    c[0]++;
    c[1] += y[i];
    counts.set(k, c);
    if (counts.size > 20 && col.kind === "number") break;
  }
  if (counts.size > 20 && col.kind === "number") {
    // Many numbers: only missing-versus-present can decide.
    let n = 0,
      pos = 0;
    rows.forEach((r, i) => Number.isNaN(col.data[r]) && (n++, (pos += y[i])));
    counts.clear();
    counts.set(NaN, [n, pos]);
  }
  for (const [k, [n, pos]] of counts) {
    if (n < 30 || n < 0.1 * rows.length || (pos !== 0 && pos !== n)) continue;
    const value =
      Number.isNaN(k) || (col.kind === "text" && k < 0)
        ? "missing"
        : col.kind === "text"
          ? col.dictionary[k]
          : String(k);
    return { value, share: n / rows.length, label: pos === n ? 1 : 0 };
  }
  return undefined;
}

export function leakWarnings(
  target: string,
  features: { name: string; column: Column; source?: string }[],
  rows: Int32Array,
  labels: Uint8Array,
  classes: [string, string] = ["0", "1"],
): DataWarning[] {
  const s = sampleRows(rows, labels);
  const out: DataWarning[] = [];
  const warned = new Set<string>();
  for (const f of features) {
    // A date's year, month and weekday are one column to the user: warn once, naming it.
    if (f.source && warned.has(f.source)) continue;
    const auc = singleFeatureAuc(f.column, s.rows, s.y);
    const deciding = auc >= DECIDING_AUC ? decidingValue(f.column, s.rows, s.y) : undefined;
    if ((deciding || auc >= LEAK_AUC) && f.source) warned.add(f.source);
    const drop = f.source ?? f.name;
    if (deciding && auc < LEAK_AUC)
      out.push({
        check: "leak",
        column: f.name,
        message: `Possible leak: wherever '${shown(f.name)}' is ${deciding.value === "missing" ? "missing" : `'${shown(deciding.value)}'`} (${(100 * deciding.share).toFixed(0)}% of rows), '${shown(target)}' is '${shown(classes[deciding.label])}', and alone it predicts '${shown(target)}' with ROC AUC ${auc.toFixed(3)}. A column recorded after the outcome, or computed from it, makes a model look near-perfect and fail in use. Drop it (\`drop ${drop}\`) unless it is truly known before the prediction; \`quiet leak\` silences this check.`,
      });
    else if (auc >= LEAK_AUC)
      out.push({
        check: "leak",
        column: f.name,
        message: `Possible leak: '${shown(f.name)}' alone predicts '${shown(target)}' with ROC AUC ${auc.toFixed(3)}. A column recorded after the outcome, or computed from it, makes a model look near-perfect and fail in use. Drop it (\`drop ${drop}\`) unless it is truly known before the prediction; \`quiet leak\` silences this check.`,
      });
  }
  return out;
}

export function constantWarnings(features: { name: string; column: Column }[], rows: Int32Array): DataWarning[] {
  const s = sampleRows(rows, new Uint8Array(rows.length)).rows;
  const out: DataWarning[] = [];
  for (const f of features) {
    const counts = new Map<number, number>();
    const c = f.column;
    for (const r of s) {
      const key = c.kind === "number" ? c.data[r] : c.codes[r];
      counts.set(key, (counts.get(key) ?? 0) + 1);
      if (counts.size > 50) break;
    }
    if (counts.size > 50 || counts.size < 2) continue; // a constant column is reported elsewhere; many values: not near-constant
    const [key, top] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
    const share = top / s.length;
    if (share >= CONSTANT_SHARE) {
      const value =
        c.kind === "number" ? (Number.isNaN(key) ? "missing" : String(key)) : key < 0 ? "missing" : c.dictionary[key];
      out.push({
        check: "constant",
        column: f.name,
        message: `Column '${shown(f.name)}' is '${shown(value)}' in ${(100 * share).toFixed(1)}% of rows: it carries almost no information and can make scaling unstable. Drop it (\`drop ${f.name}\`); \`quiet constant\` silences this check.`,
      });
    }
  }
  return out;
}

/** A 52-bit hash of a row's feature values (numbers by bits, categories by code), one row at a time. */
function rowHashes(columns: Column[], rows: Int32Array): Float64Array {
  const f64 = new Float64Array(1),
    u32 = new Uint32Array(f64.buffer);
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    let lo = 0x811c9dc5 | 0,
      hi = 0x01000193;
    for (const c of columns) {
      let a: number, b: number;
      if (c.kind === "number") {
        f64[0] = Number.isNaN(c.data[r]) ? NaN : c.data[r];
        ((a = u32[0]), (b = u32[1]));
      } else ((a = c.codes[r]), (b = 0x9e3779b9));
      lo = Math.imul(lo ^ a, 0x01000193) ^ (b >>> 7);
      hi = Math.imul(hi ^ b, 0x85ebca6b) ^ (a >>> 11);
    }
    out[i] = (hi & 0xfffff) * 2 ** 32 + (lo >>> 0);
  }
  return out;
}

export function duplicateWarnings(columns: Column[], train: Int32Array, test: Int32Array): DataWarning[] {
  if (!test.length || !columns.length) return [];
  const a = rowHashes(columns, train).sort(),
    b = rowHashes(columns, test).sort();
  let shared = 0;
  for (let i = 0, j = 0; j < b.length; j++) {
    while (i < a.length && a[i] < b[j]) i++;
    if (i < a.length && a[i] === b[j]) shared++;
  }
  const share = shared / test.length;
  if (share < DUPLICATE_SHARE) return [];
  return [
    {
      check: "duplicates",
      message: `${shared} of ${test.length} test rows (${(100 * share).toFixed(1)}%) have the same feature values as a training row: the test part then overstates how well the model does on new cases. Remove duplicate rows from the file, or keep related rows together with \`split ... by group COL\`; \`quiet duplicates\` silences this check.`,
    },
  ];
}
