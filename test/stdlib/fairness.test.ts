import { describe, expect, it } from "vitest";
import { fairnessReport, intersect } from "../../stdlib/fairness";

// male (privileged), 10 rows: tp=3 fn=1 fp=1 tn=5 → selection 0.4, TPR 3/4, FPR 1/6
// female, 8 rows:             tp=1 fn=1 fp=2 tn=4 → selection 3/8, TPR 1/2, FPR 2/6
// other, 2 rows:              tp=1 fp=1          → below a minimum group size of 5
const male = { y: [1, 1, 1, 1, 0, 0, 0, 0, 0, 0], p: [1, 1, 1, 0, 1, 0, 0, 0, 0, 0] };
const female = { y: [1, 1, 0, 0, 0, 0, 0, 0], p: [1, 0, 1, 1, 0, 0, 0, 0] };
const other = { y: [1, 0], p: [1, 1] };
const yTrue = [...male.y, ...female.y, ...other.y];
const yPred = [...male.p, ...female.p, ...other.p];
const sex = [...male.y.map(() => "male"), ...female.y.map(() => "female"), ...other.y.map(() => "other")];

describe("fairness against hand-worked group tables", () => {
  const r = fairnessReport(yTrue, yPred, sex, "sex", { minGroupSize: 5, privileged: "male" });

  it("tabulates each group", () => {
    const f = r.groups.find((g) => g.group === "female")!;
    expect(f).toEqual({
      group: "female",
      count: 8,
      small: false,
      positives: 2,
      negatives: 6,
      fewPositives: false,
      base_rate: 2 / 8,
      selection_rate: 3 / 8,
      accuracy: 5 / 8,
      precision: 1 / 3,
      recall: 1 / 2,
      fpr: 2 / 6,
      fnr: 1 / 2,
      tnr: 4 / 6,
    });
    expect(r.groups.map((g) => [g.group, g.count, g.small])).toEqual([
      ["female", 8, false],
      ["male", 10, false],
      ["other", 2, true],
    ]);
  });

  it("computes Fairlearn's between-group disparities over groups of the minimum size", () => {
    expect(r.disparities.demographic_parity_difference).toBeCloseTo(0.4 - 0.375, 12);
    expect(r.disparities.demographic_parity_ratio).toBeCloseTo(0.375 / 0.4, 12);
    expect(r.disparities.equal_opportunity_difference).toBeCloseTo(0.25, 12);
    expect(r.disparities.equalized_odds_difference).toBeCloseTo(Math.max(0.25, 2 / 6 - 1 / 6), 12);
    expect(r.disparities.equalized_odds_ratio).toBeCloseTo(Math.min(0.5 / 0.75, 1 / 6 / (2 / 6)), 12);
  });

  it("computes AIF360's measures against the privileged group", () => {
    expect(r.disparities.disparate_impact).toBeCloseTo(0.375 / 0.4, 12);
    expect(r.disparities.statistical_parity_difference).toBeCloseTo(0.375 - 0.4, 12);
    expect(r.disparities.average_odds_difference).toBeCloseTo(0.5 * (2 / 6 - 1 / 6 + (0.5 - 0.75)), 12);
  });

  it("flags the small group and says why it is left out", () => {
    expect(r.undefined).toEqual([
      { what: "group sex=other", why: "2 rows, fewer than the minimum group size 5: left out of disparities" },
    ]);
  });
});

describe("undefined cases follow one rule each", () => {
  it("a group without positives has no recall, and is left out of TPR-based disparities", () => {
    const r = fairnessReport([1, 0, 1, 0, 0, 0], [1, 0, 0, 1, 0, 1], ["a", "a", "a", "b", "b", "b"], "g");
    expect(r.groups[1].recall).toBeNaN();
    expect(r.undefined).toContainEqual({ what: "recall for g=b", why: "the group has no actual positives" });
    expect(r.disparities.equal_opportunity_difference).toBeNaN();
    expect(r.undefined).toContainEqual({
      what: "equal_opportunity_difference",
      why: "fewer than two groups have actual positives",
    });
    expect(r.disparities.demographic_parity_difference).toBeCloseTo(2 / 3 - 1 / 3, 12);
  });

  it("all selection rates zero: the difference is 0, the ratio is undefined", () => {
    const r = fairnessReport([1, 0, 1, 0], [0, 0, 0, 0], ["a", "a", "b", "b"], "g");
    expect(r.disparities.demographic_parity_difference).toBe(0);
    expect(r.disparities.demographic_parity_ratio).toBeNaN();
    expect(r.undefined).toContainEqual({
      what: "demographic_parity_ratio",
      why: "every group's selection rate is zero",
    });
  });

  it("one-member groups under the minimum size leave no disparity to compute", () => {
    const r = fairnessReport([1, 0], [1, 0], ["a", "b"], "g", { minGroupSize: 2 });
    expect(r.disparities.demographic_parity_difference).toBeNaN();
    expect(r.undefined).toContainEqual({
      what: "demographic_parity_difference",
      why: "fewer than two groups of at least 2 rows",
    });
  });

  it("a privileged group that never occurs is named", () => {
    const r = fairnessReport([1, 0], [1, 0], ["a", "b"], "g", { privileged: "c" });
    expect(r.disparities.disparate_impact).toBeNaN();
    expect(r.undefined).toContainEqual({ what: "disparate_impact", why: "no rows have g=c" });
  });

  it("intersects several columns", () => {
    expect(
      intersect([
        ["f", "m"],
        ["<25", "25+"],
      ]),
    ).toEqual(["f & <25", "m & 25+"]);
  });
});
