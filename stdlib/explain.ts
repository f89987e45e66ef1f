/**
 * Permutation importance: how much a model's ROC AUC on the test rows drops
 * when one source column is shuffled (its one-hot features together), over
 * several seeded shuffles. Model-agnostic, and in the units people judge.
 */
import type { Matrix, FeatureColumn } from "./data/prepare";
import { rocAuc } from "./metrics";
import { createRng, deriveSeed, permutation } from "./random";

export interface Importance {
  column: string;
  /** Mean drop in ROC AUC when the column is shuffled. */
  importance: number;
  /** Standard deviation of the drop over the repeats. */
  spread: number;
}

/** Feature indices of each source column, in feature order. */
export function featureGroups(columns: FeatureColumn[]): { column: string; indices: number[] }[] {
  let offset = 0;
  return columns.map((c) => {
    const width = c.width;
    const indices = Array.from({ length: width }, (_, i) => offset + i);
    offset += width;
    return { column: c.column, indices };
  });
}

export function permutationImportance(
  predict: (x: Float32Array, rows: number) => ArrayLike<number>,
  m: Matrix,
  columns: FeatureColumn[],
  options: { seed?: number; repeats?: number; score?: (predicted: ArrayLike<number>) => number } = {},
): Importance[] {
  const width = m.x.length / Math.max(1, m.n);
  const repeats = options.repeats ?? 5;
  // The score whose drop is measured: ROC AUC for a classifier (r2 for a regression, given by the caller).
  const score = options.score ?? ((p: ArrayLike<number>) => rocAuc(m.y, p));
  const base = score(predict(m.x, m.n));
  return featureGroups(columns)
    .map(({ column, indices }) => {
      const drops: number[] = [];
      for (let r = 0; r < repeats; r++) {
        const order = permutation(m.n, createRng(deriveSeed(options.seed ?? 0, `explain:${column}:${r}`)));
        const x = m.x.slice();
        for (let row = 0; row < m.n; row++) for (const j of indices) x[row * width + j] = m.x[order[row] * width + j];
        drops.push(base - score(predict(x, m.n)));
      }
      const mean = drops.reduce((a, b) => a + b, 0) / repeats;
      const spread = Math.sqrt(drops.reduce((a, b) => a + (b - mean) ** 2, 0) / repeats);
      return { column, importance: mean, spread };
    })
    .sort((a, b) => b.importance - a.importance);
}

/** Fold models' importances averaged over the folds (spread: their standard deviation across folds). */
export function averageImportance(perFold: Importance[][]): Importance[] {
  return perFold[0]
    .map((r) => {
      const same = perFold.map((p) => p.find((x) => x.column === r.column)!);
      const mean = same.reduce((a, x) => a + x.importance, 0) / same.length;
      return {
        column: r.column,
        importance: mean,
        spread: Math.sqrt(same.reduce((a, x) => a + (x.importance - mean) ** 2, 0) / same.length),
      };
    })
    .sort((a, b) => b.importance - a.importance);
}
