/**
 * "Did you mean": the closest known word to a slip, for messages from the
 * checker and from the stdlib alike.
 */

/**
 * Edit distance with adjacent transpositions counted as one edit (optimal
 * string alignment), for "did you mean": `rleu` is one slip from `relu`.
 */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The closest candidate within a distance that still reads as a typo, if any. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDist = Infinity;
  // Short names are too easy to match by accident: only suggest for them on a case slip.
  const limit = word.length <= 2 ? 0 : Math.max(1, Math.floor(word.length / 3));
  for (const c of candidates) {
    // A short name is suggested only as the start of a longer one (`ag` → `age`).
    const prefixSlip = word.length === 2 && c.length === 3 && c.toLowerCase().startsWith(word.toLowerCase());
    const d = prefixSlip ? 1 : editDistance(word.toLowerCase(), c.toLowerCase());
    if (prefixSlip && d < bestDist) {
      best = c;
      bestDist = d;
      continue;
    }
    if (d < bestDist && d <= limit) {
      best = c;
      bestDist = d;
    }
  }
  return best;
}

/** Ends a sentence with a suggestion when there is one: "… in x.csv; did you mean 'age'? " or "… in x.csv. " */
export function endWithSuggestion(word: string, candidates: Iterable<string>): string {
  const s = didYouMean(word, candidates);
  return s ? `${s} ` : ". ";
}

export function didYouMean(word: string, candidates: Iterable<string>): string {
  const c = closest(word, candidates);
  return c ? `; did you mean '${c}'?` : "";
}
