/**
 * Order statistics without sorting: medians and quantiles by selection
 * (Floyd–Rivest style partitioning, linear on average), and the single-
 * feature ROC AUC the leak check uses.
 */

/** Rearranges `a` so that a[k] is the value a sort would put there; everything before is ≤ it, after ≥ it. */
export function selectKth(a: Float64Array, k: number, lo = 0, hi = a.length - 1): number {
  while (hi > lo) {
    // Median of three as pivot: sorted or constant input stays linear.
    const mid = (lo + hi) >>> 1;
    const x = a[lo],
      y = a[mid],
      z = a[hi];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo,
      j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

/** Quantile p with linear interpolation (numpy's default, as scikit-learn's RobustScaler and SimpleImputer use). Reorders `a`. */
export function quantile(a: Float64Array, p: number): number {
  const n = a.length;
  if (n === 0) return 0;
  const h = (n - 1) * p,
    lo = Math.floor(h);
  const below = selectKth(a, lo);
  if (h === lo || lo + 1 >= n) return below;
  let next = Infinity;
  for (let i = lo + 1; i < n; i++) if (a[i] < next) next = a[i];
  return below + (h - lo) * (next - below);
}

export const median = (a: Float64Array): number => quantile(a, 0.5);

/**
 * ROC AUC of scores for positives against negatives (ties count half), from
 * the two sorted score lists: P(score of a positive > score of a negative).
 */
export function aucOf(positives: Float64Array, negatives: Float64Array): number {
  if (!positives.length || !negatives.length) return 0.5;
  positives.sort();
  negatives.sort();
  // Both pointers only move forward: j = negatives below p, k = negatives at or below p.
  let j = 0,
    k = 0,
    total = 0;
  for (let i = 0; i < positives.length; i++) {
    const p = positives[i];
    while (j < negatives.length && negatives[j] < p) j++;
    if (k < j) k = j;
    while (k < negatives.length && negatives[k] === p) k++;
    total += j + (k - j) / 2;
  }
  return total / (positives.length * negatives.length);
}
