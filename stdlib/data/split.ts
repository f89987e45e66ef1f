/**
 * Holdout splits. Seeded, optionally stratified by the label, with the same
 * rounding per class so that a 70/30 stratified split keeps class balance.
 */
import { createRng, permutation } from "../random";
import type { SplitSpec } from "../../dsl/plan";

export interface SplitIndices {
  train: Int32Array;
  validation: Int32Array;
  test: Int32Array;
}

/** Rows of `group` divided train/validation/test after a seeded shuffle. */
function divide(rows: number[], fractions: SplitSpec, seed: number, into: { train: number[]; validation: number[]; test: number[] }): void {
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

export function holdoutSplit(labels: ArrayLike<number>, fractions: SplitSpec, seed: number, stratify: boolean): SplitIndices {
  const into = { train: [] as number[], validation: [] as number[], test: [] as number[] };
  const all = Array.from({ length: labels.length }, (_, i) => i);
  if (!stratify) {
    divide(all, fractions, seed, into);
  } else {
    const classes = [...new Set(Array.from(labels))].sort((a, b) => a - b);
    classes.forEach((c, k) => divide(all.filter((i) => labels[i] === c), fractions, seed + k * 7919, into));
  }
  // Sorted row order keeps outputs independent of the shuffle's internals.
  const sorted = (a: number[]) => Int32Array.from(a.sort((x, y) => x - y));
  return { train: sorted(into.train), validation: sorted(into.validation), test: sorted(into.test) };
}
