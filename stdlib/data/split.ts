/**
 * Holdout splits. Seeded, optionally stratified by the label, with the same
 * rounding per class so that a 70/30 stratified split keeps class balance.
 */
import { createRng, permutation } from "../random";
import type { SplitSpec } from "../../plan/plan";
import { NeedlabError } from "../errors";

export interface SplitIndices {
  train: Int32Array;
  validation: Int32Array;
  test: Int32Array;
}

/** Rows of `group` divided train/validation/test after a seeded shuffle. */
function divide(
  rows: number[],
  fractions: SplitSpec,
  seed: number,
  into: { train: number[]; validation: number[]; test: number[] },
): void {
  const perm = permutation(rows.length, createRng(seed));
  const nTest = Math.round(rows.length * fractions.test);
  const nVal = Math.round(rows.length * fractions.validation);
  perm.forEach((p, k) => {
    const row = rows[p];
    if (k < nTest) into.test.push(row);
    else if (k < nTest + nVal) into.validation.push(row);
    else into.train.push(row);
  });
}

export function holdoutSplit(
  labels: ArrayLike<number>,
  fractions: SplitSpec,
  seed: number,
  stratify: boolean,
): SplitIndices {
  const into = { train: [] as number[], validation: [] as number[], test: [] as number[] };
  const all = Array.from({ length: labels.length }, (_, i) => i);
  if (!stratify) {
    divide(all, fractions, seed, into);
  } else {
    const classes = [...new Set(Array.from(labels))].sort((a, b) => a - b);
    classes.forEach((c, k) =>
      divide(
        all.filter((i) => labels[i] === c),
        fractions,
        seed + k * 7919,
        into,
      ),
    );
  }
  // Sorted row order keeps outputs independent of the shuffle's internals.
  const sorted = (a: number[]) => Int32Array.from(a.sort((x, y) => x - y));
  return { train: sorted(into.train), validation: sorted(into.validation), test: sorted(into.test) };
}

/**
 * Rows that share a group value (a customer, a patient) land in the same
 * part, so the test rows hold only groups the model never saw. Groups are
 * shuffled with the seed and filled into test, then validation, until each
 * part reaches its fraction of the rows.
 */
export function groupSplit(groups: string[], fractions: SplitSpec, seed: number): SplitIndices {
  const members = new Map<string, number[]>();
  groups.forEach((g, i) => (members.get(g) ?? members.set(g, []).get(g)!).push(i));
  const keys = [...members.keys()].sort();
  const order = permutation(keys.length, createRng(seed));
  const into = { train: [] as number[], validation: [] as number[], test: [] as number[] };
  const nTest = Math.round(groups.length * fractions.test),
    nVal = Math.round(groups.length * fractions.validation);
  for (const k of order) {
    const rows = members.get(keys[k])!;
    const part = into.test.length < nTest ? into.test : into.validation.length < nVal ? into.validation : into.train;
    part.push(...rows);
  }
  const sorted = (a: number[]) => Int32Array.from(a.sort((x, y) => x - y));
  return { train: sorted(into.train), validation: sorted(into.validation), test: sorted(into.test) };
}

/**
 * Ordered by a time column (numbers, or dates/texts that sort as they read,
 * such as ISO dates): the earliest rows train, the next validate, the latest
 * test, as a model will be used on data newer than what it learned from.
 */
export function timeSplit(times: unknown[], fractions: SplitSpec, column: string, file: string): SplitIndices {
  const keyOf = (v: unknown, i: number): number => {
    if (typeof v === "number" && Number.isFinite(v)) return v;
    const t = typeof v === "string" ? Date.parse(v) : NaN;
    if (Number.isFinite(t)) return t;
    throw new NeedlabError(
      `split by time ${column}: row ${i + 1} of ${file} has '${String(v)}', which is neither a number nor a date (use ISO dates such as 2024-03-31).`,
    );
  };
  const keys = times.map(keyOf);
  const order = keys.map((_, i) => i).sort((a, b) => keys[a] - keys[b] || a - b);
  const nTest = Math.round(order.length * fractions.test),
    nVal = Math.round(order.length * fractions.validation);
  const nTrain = order.length - nTest - nVal;
  const sorted = (a: number[]) => Int32Array.from(a.sort((x, y) => x - y));
  return {
    train: sorted(order.slice(0, nTrain)),
    validation: sorted(order.slice(nTrain, nTrain + nVal)),
    test: sorted(order.slice(nTrain + nVal)),
  };
}

/**
 * The fold of each row for k-fold cross-validation: a seeded shuffle dealt
 * round-robin, per class when stratified (as scikit-learn's StratifiedKFold
 * keeps class balance), or whole groups at a time (GroupKFold: no group in
 * two folds), filling the smallest fold first.
 */
export function kfoldAssign(
  labels: ArrayLike<number>,
  k: number,
  seed: number,
  stratify: boolean,
  groups?: string[],
): Int32Array {
  const n = labels.length;
  const foldOf = new Int32Array(n);
  if (groups) {
    const members = new Map<string, number[]>();
    groups.forEach((g, i) => (members.get(g) ?? members.set(g, []).get(g)!).push(i));
    const keys = [...members.keys()].sort();
    const sizes = new Array<number>(k).fill(0);
    for (const j of permutation(keys.length, createRng(seed))) {
      const f = sizes.indexOf(Math.min(...sizes));
      for (const i of members.get(keys[j])!) foldOf[i] = f;
      sizes[f] += members.get(keys[j])!.length;
    }
    return foldOf;
  }
  const strata = stratify
    ? [...new Set(Array.from(labels))]
        .sort((a, b) => a - b)
        .map((c) => Array.from({ length: n }, (_, i) => i).filter((i) => labels[i] === c))
    : [Array.from({ length: n }, (_, i) => i)];
  let next = 0;
  strata.forEach((rows, s) => {
    for (const p of permutation(rows.length, createRng(seed + s * 7919))) foldOf[rows[p]] = next++ % k;
  });
  return foldOf;
}
