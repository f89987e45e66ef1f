/**
 * Drift of new data against the training data, per feature column:
 * population stability index (PSI) over training deciles (numbers) or
 * categories, and the two-sample Kolmogorov-Smirnov statistic for numbers.
 * PSI bands are the usual credit-risk ones: < 0.1 stable, 0.1-0.25 moderate,
 * above 0.25 major shift.
 */

export interface ColumnDrift {
  column: string;
  kind: "numeric" | "categorical";
  psi: number;
  /** Kolmogorov-Smirnov D (numbers only). */
  ks?: number;
  /** Share of new values missing, and of new categories never seen in training. */
  missingNew: number;
  unseenNew?: number;
  status: "stable" | "moderate" | "major";
}

/** Shares below this count as this much, so an empty bin does not make PSI infinite (a common convention). */
const FLOOR = 1e-4;

export function psi(expected: number[], actual: number[]): number {
  let sum = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = Math.max(expected[i], FLOOR),
      a = Math.max(actual[i], FLOOR);
    sum += (a - e) * Math.log(a / e);
  }
  return sum;
}

export const psiStatus = (v: number): ColumnDrift["status"] => (v < 0.1 ? "stable" : v <= 0.25 ? "moderate" : "major");

/** Decile edges of the training values (distinct, so ties do not make empty bins). */
export function quantileEdges(sorted: Float64Array, bins = 10): number[] {
  const edges: number[] = [];
  for (let k = 1; k < bins; k++) {
    const v = sorted[Math.min(sorted.length - 1, Math.floor((k * sorted.length) / bins))];
    if (edges.length === 0 || v > edges[edges.length - 1]) edges.push(v);
  }
  return edges;
}

function shares(values: Float64Array, edges: number[]): number[] {
  const counts = new Array(edges.length + 1).fill(0);
  for (const v of values) {
    let b = 0;
    while (b < edges.length && v >= edges[b]) b++;
    counts[b]++;
  }
  return counts.map((c) => c / Math.max(1, values.length));
}

/** Two-sample KS statistic: the largest gap between the two empirical CDFs. */
export function ksStatistic(a: Float64Array, b: Float64Array): number {
  const x = Float64Array.from(a).sort(),
    y = Float64Array.from(b).sort();
  let i = 0,
    j = 0,
    d = 0;
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i], y[j]);
    while (i < x.length && x[i] <= v) i++;
    while (j < y.length && y[j] <= v) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  return d;
}

const isMissing = (v: unknown) =>
  v === null || v === undefined || v === "" || (typeof v === "number" && !Number.isFinite(v));

export function numericDrift(column: string, train: unknown[], current: unknown[]): ColumnDrift {
  const nums = (vs: unknown[]) =>
    Float64Array.from(
      vs
        .filter((v) => !isMissing(v))
        .map(Number)
        .filter(Number.isFinite),
    );
  const a = nums(train),
    b = nums(current);
  const edges = quantileEdges(Float64Array.from(a).sort());
  const value = psi(shares(a, edges), shares(b, edges));
  return {
    column,
    kind: "numeric",
    psi: value,
    ks: b.length && a.length ? ksStatistic(a, b) : NaN,
    missingNew: (current.length - b.length) / Math.max(1, current.length),
    status: psiStatus(value),
  };
}

export function categoricalDrift(column: string, train: unknown[], current: unknown[]): ColumnDrift {
  const count = (vs: unknown[]) => {
    const m = new Map<string, number>();
    for (const v of vs) if (!isMissing(v)) m.set(String(v), (m.get(String(v)) ?? 0) + 1);
    return m;
  };
  const a = count(train),
    b = count(current);
  const na = [...a.values()].reduce((s, c) => s + c, 0),
    nb = [...b.values()].reduce((s, c) => s + c, 0);
  const categories = [...new Set([...a.keys(), ...b.keys()])].sort();
  const value = psi(
    categories.map((c) => (a.get(c) ?? 0) / Math.max(1, na)),
    categories.map((c) => (b.get(c) ?? 0) / Math.max(1, nb)),
  );
  const unseen = [...b.entries()].filter(([c]) => !a.has(c)).reduce((s, [, n]) => s + n, 0) / Math.max(1, nb);
  return {
    column,
    kind: "categorical",
    psi: value,
    missingNew: (current.length - nb) / Math.max(1, current.length),
    unseenNew: unseen,
    status: psiStatus(value),
  };
}
