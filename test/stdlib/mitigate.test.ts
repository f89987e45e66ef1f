/** Mitigation against hand-worked values. */
import { describe, expect, it } from "vitest";
import { groupThresholds, reweigh, shiftScores } from "../../stdlib/mitigate";

describe("reweighing (Kamiran & Calders)", () => {
  it("gives each (group, label) cell P(g)·P(y) / P(g, y)", () => {
    // 10 rows: group a has 4 rows (3 positive), group b has 6 (1 positive). P(y=1) = 0.4.
    const groups = ["a", "a", "a", "a", "b", "b", "b", "b", "b", "b"];
    const labels = [1, 1, 1, 0, 1, 0, 0, 0, 0, 0];
    const r = reweigh(groups, labels);
    expect(r.weights["a|1"]).toBeCloseTo((0.4 * 0.4) / 0.3, 12); // P(a)=0.4, P(1)=0.4, P(a,1)=0.3
    expect(r.weights["a|0"]).toBeCloseTo((0.4 * 0.6) / 0.1, 12);
    expect(r.weights["b|1"]).toBeCloseTo((0.6 * 0.4) / 0.1, 12);
    expect(r.weights["b|0"]).toBeCloseTo((0.6 * 0.6) / 0.5, 12);
    // In the weighted data the positive rate is the same in both groups (0.4).
    const rate = (g: string) => {
      const rows = groups.map((x, i) => i).filter((i) => groups[i] === g);
      const w = rows.reduce((s, i) => s + r.rowWeights[i], 0);
      return rows.filter((i) => labels[i] === 1).reduce((s, i) => s + r.rowWeights[i], 0) / w;
    };
    expect(rate("a")).toBeCloseTo(0.4, 6);
    expect(rate("b")).toBeCloseTo(0.4, 6);
  });
});

describe("per-group thresholds", () => {
  const groups = ["a", "a", "a", "a", "b", "b", "b", "b"];
  const labels = [1, 0, 1, 0, 1, 0, 1, 0];
  const scores = [0.9, 0.8, 0.7, 0.6, 0.45, 0.4, 0.3, 0.2];

  it("match each group's selection rate to the overall one", () => {
    // At 0.5, a selects 4/4 and b 0/4: overall 0.5. Each group should select 2 of 4.
    const t = groupThresholds(groups, labels, scores, 0.5, "selection_rate");
    expect(t.rate).toBe(0.5);
    expect(t.thresholds).toEqual({ a: 0.8, b: 0.4 });
    const shifted = shiftScores(scores, groups, t.thresholds, 0.5);
    expect(Array.from(shifted, (s) => (s >= 0.5 ? 1 : 0))).toEqual([1, 1, 0, 0, 1, 1, 0, 0]);
  });

  it("or each group's true positive rate", () => {
    // Positives: a 0.9, 0.7; b 0.45, 0.3. At 0.5 TPR overall = 2/4 = 0.5: each group catches one.
    const t = groupThresholds(groups, labels, scores, 0.5, "tpr");
    expect(t.thresholds).toEqual({ a: 0.9, b: 0.45 });
  });

  it("keep shifted scores within [0, 1]", () => {
    expect(Array.from(shiftScores([0.95, 0.02], ["a", "b"], { a: 0.3, b: 0.9 }, 0.5))).toEqual([1, 0]);
  });
});
