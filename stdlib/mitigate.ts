/**
 * Fairness mitigation, two standard ways:
 *
 * - reweigh (Kamiran & Calders 2012, AIF360's Reweighing): before training,
 *   each (group, label) cell of the training rows gets the weight
 *   P(group) · P(label) / P(group, label), so that in the weighted data the
 *   label is independent of the group; the model is then retrained.
 * - thresholds (post-processing, in the spirit of Fairlearn's
 *   ThresholdOptimizer without randomisation): each group gets its own
 *   cut-off, chosen on held-out rows so that its selection rate (or its true
 *   positive rate) matches the overall one at the model's cut-off. It needs
 *   the group at decision time, as every threshold method does.
 */

export interface Reweighing {
  /** Weight per "group|label" cell. */
  weights: Record<string, number>;
  /** Weight of each row given, in order. */
  rowWeights: Float32Array;
}

export function reweigh(groups: ArrayLike<string>, labels: ArrayLike<number>): Reweighing {
  const n = labels.length;
  const byGroup = new Map<string, number>(),
    byLabel = new Map<number, number>(),
    byCell = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const g = groups[i],
      y = labels[i],
      cell = `${g}|${y}`;
    byGroup.set(g, (byGroup.get(g) ?? 0) + 1);
    byLabel.set(y, (byLabel.get(y) ?? 0) + 1);
    byCell.set(cell, (byCell.get(cell) ?? 0) + 1);
  }
  const weights: Record<string, number> = {};
  for (const [cell, count] of byCell) {
    const [g, y] = [cell.slice(0, cell.lastIndexOf("|")), Number(cell.slice(cell.lastIndexOf("|") + 1))];
    weights[cell] = (byGroup.get(g)! * byLabel.get(y)!) / (n * count);
  }
  return { weights, rowWeights: Float32Array.from({ length: n }, (_, i) => weights[`${groups[i]}|${labels[i]}`]) };
}

export type ThresholdTarget = "selection_rate" | "tpr";

export interface GroupThresholds {
  target: ThresholdTarget;
  /** The overall rate each group is matched to. */
  rate: number;
  /** Cut-off per group. */
  thresholds: Record<string, number>;
}

/** The share of `scores` at or above `cut`, over the rows `rows` selects. */
const rateAt = (scores: ArrayLike<number>, rows: number[], cut: number) =>
  rows.filter((i) => scores[i] >= cut).length / Math.max(1, rows.length);

/**
 * Per-group cut-offs whose rate is closest to the overall rate at `cut`
 * (ties: the cut-off closest to `cut`). For `tpr`, rates are over each
 * group's positive rows.
 */
export function groupThresholds(
  groups: ArrayLike<string>,
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  cut: number,
  target: ThresholdTarget,
): GroupThresholds {
  const all = Array.from({ length: labels.length }, (_, i) => i);
  const eligible = target === "tpr" ? all.filter((i) => labels[i] === 1) : all;
  const rate = rateAt(scores, eligible, cut);
  const thresholds: Record<string, number> = {};
  for (const g of [...new Set(Array.from(groups))].sort()) {
    const rows = eligible.filter((i) => groups[i] === g);
    if (rows.length === 0) {
      thresholds[g] = cut;
      continue;
    }
    // Candidate cut-offs: every score of the group (a rate changes only there), and the model's own.
    const candidates = [...new Set([cut, ...rows.map((i) => scores[i]), 1.000001])];
    let best = cut,
      bestGap = Math.abs(rateAt(scores, rows, cut) - rate);
    for (const c of candidates) {
      const gap = Math.abs(rateAt(scores, rows, c) - rate);
      if (gap < bestGap - 1e-12 || (Math.abs(gap - bestGap) <= 1e-12 && Math.abs(c - cut) < Math.abs(best - cut))) {
        best = c;
        bestGap = gap;
      }
    }
    thresholds[g] = best;
  }
  return { target, rate, thresholds };
}

/**
 * Scores under per-group cut-offs, moved so that the model's single cut-off
 * gives each group's decision: s − t_group + t, kept within [0, 1].
 */
export function shiftScores(
  scores: ArrayLike<number>,
  groups: ArrayLike<string>,
  thresholds: Record<string, number>,
  cut: number,
): Float32Array {
  return Float32Array.from({ length: scores.length }, (_, i) => {
    const t = thresholds[groups[i]] ?? cut;
    return Math.min(1, Math.max(0, scores[i] - t + cut));
  });
}
