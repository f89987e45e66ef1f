import { describe, expect, it } from "vitest";
import { DEFAULT_MIN_POSITIVES, fairnessReport } from "../../stdlib/fairness";
import { evaluate } from "../../stdlib/evaluate";
import type { NeedSetSpec } from "../../plan/plan";

// Three age bands of 100 rows each (all above a minimum group size of 30):
//   40-59: 20 positives, 16 caught (TPR 0.8), 10 of 80 negatives flagged
//   60+:   20 positives, 10 caught (TPR 0.5), 10 of 80 negatives flagged
//   <40:    3 positives,  0 caught (TPR 0),   10 of 97 negatives flagged
function band(name: string, positives: number, caught: number, negatives: number, flagged: number) {
  const y = [...Array(positives).fill(1), ...Array(negatives).fill(0)];
  const p = [
    ...Array(caught).fill(1),
    ...Array(positives - caught).fill(0),
    ...Array(flagged).fill(1),
    ...Array(negatives - flagged).fill(0),
  ];
  return { y, p, g: y.map(() => name) };
}
const bands = [band("40-59", 20, 16, 80, 10), band("60+", 20, 10, 80, 10), band("<40", 3, 0, 97, 10)];
const yTrue = bands.flatMap((b) => b.y),
  yPred = bands.flatMap((b) => b.p),
  age = bands.flatMap((b) => b.g);

describe("groups are counted by the positives their rates rest on", () => {
  it("counts each group's positives and negatives", () => {
    const r = fairnessReport(yTrue, yPred, age, "age", { minGroupSize: 30, minPositives: 10 });
    expect(r.groups.map((g) => [g.group, g.count, g.positives, g.negatives, g.small, g.fewPositives])).toEqual([
      ["<40", 100, 3, 97, false, true],
      ["40-59", 100, 20, 80, false, false],
      ["60+", 100, 20, 80, false, false],
    ]);
    expect(r.minPositives).toBe(10);
  });

  it("leaves a group under the minimum positives out of TPR-based disparities, and says why", () => {
    const r = fairnessReport(yTrue, yPred, age, "age", { minGroupSize: 30, minPositives: 10 });
    // Without <40 (TPR 0 on 3 positives): 0.8 − 0.5.
    expect(r.disparities.equal_opportunity_difference).toBeCloseTo(0.3, 12);
    // FPR: 10/80, 10/80, 10/97; TPR spread 0.3 is the larger.
    expect(r.disparities.equalized_odds_difference).toBeCloseTo(0.3, 12);
    // Selection rates rest on rows, so <40 still counts: 26/100, 20/100, 10/100.
    expect(r.disparities.demographic_parity_difference).toBeCloseTo(0.26 - 0.1, 12);
    expect(r.undefined).toEqual([
      {
        what: "group age=<40",
        why: "3 actual positives, fewer than the minimum positives 10: left out of TPR-based disparities (equal opportunity, equalized odds)",
      },
    ]);
  });

  it("keeps the group when the minimum allows it (the report's own default is 1 positive)", () => {
    const r = fairnessReport(yTrue, yPred, age, "age", { minGroupSize: 30 });
    expect(r.disparities.equal_opportunity_difference).toBeCloseTo(0.8, 12);
    expect(r.undefined).toEqual([]);
  });

  it("says so when fewer than two groups have enough positives", () => {
    const r = fairnessReport(yTrue, yPred, age, "age", { minGroupSize: 30, minPositives: 21 });
    expect(r.disparities.equal_opportunity_difference).toBeNaN();
    expect(r.undefined).toContainEqual({
      what: "equal_opportunity_difference",
      why: "fewer than two groups have at least 21 actual positives",
    });
  });

  it("applies the default of 10 positives to a need's verdict", () => {
    expect(DEFAULT_MIN_POSITIVES).toBe(10);
    const needs: NeedSetSpec = {
      name: "patients",
      needs: [
        {
          id: "patients.1",
          level: "must",
          metric: "equal_opportunity_difference",
          comparator: "<=",
          threshold: 0.4,
          by: ["age"],
          text: "equal_opportunity_difference <= 0.4 by age",
        },
      ],
    };
    const split = {
      model: "m",
      dataset: "d",
      positive: "stroke",
      negative: "none",
      yTrue,
      yScore: yPred.map((p) => (p ? 0.9 : 0.1)),
      sensitive: { age },
    };
    const e = evaluate(split, needs, { samples: 0 });
    expect(e.verdicts[0].measured).toBeCloseTo(0.3, 12);
    expect(e.verdicts[0].status).toBe("pass");
    const report = Object.values(e.fairness).find((f) => f.by === "age" && f.minPositives === 10)!;
    expect(report.groups.find((g) => g.group === "<40")!.fewPositives).toBe(true);
    // Asking for fewer positives brings <40 back, and the gap of 0.8 fails.
    const loose = evaluate(split, { ...needs, needs: [{ ...needs.needs[0], minPositives: 3 }] }, { samples: 0 });
    expect(loose.verdicts[0].measured).toBeCloseTo(0.8, 12);
    expect(loose.verdicts[0].status).toBe("fail");
  });
});
