import { describe, expect, it } from "vitest";
import { abTrialForNeed } from "../../stdlib/ab-trial";
import type { PairedModel } from "../../stdlib/paired-needs";
import type { NeedSpec } from "../../plan/plan";

// Eight test rows, four strokes; at cut-off 0.5 A catches 3 of 4 strokes and is right on 6 of 8 rows,
// B catches 1 of 4 and is right on 4 of 8; both clear 3 of 4 non-strokes.
const common = { yTrue: [1, 1, 1, 1, 0, 0, 0, 0], negative: "none", threshold: 0.5 };
const a: PairedModel = { model: "A", yScore: [0.9, 0.8, 0.7, 0.2, 0.1, 0.2, 0.3, 0.6], ...common };
const b: PairedModel = { model: "B", yScore: [0.9, 0.3, 0.2, 0.1, 0.1, 0.7, 0.2, 0.2], ...common };
const need = (metric: NeedSpec["metric"], extra: Partial<NeedSpec> = {}): NeedSpec => ({
  id: "n.1",
  level: "must",
  metric,
  comparator: ">=",
  threshold: 0.5,
  text: `${metric} >= 0.5`,
  ...extra,
});

describe("A/B trial size for a need, by the two-proportion formula", () => {
  it("sizes a recall trial in strokes, and in patients at the observed prevalence", () => {
    // 0.75 vs 0.25: (1.959964·√(2·0.5·0.5) + 0.841621·√(0.1875 + 0.1875))² / 0.5² = 14.46 → 15 strokes;
    // strokes are 4 of 8 rows, so 30 patients per arm.
    const plan = abTrialForNeed(a, b, need("recall"));
    expect(plan).toMatchObject({ rateA: 0.75, rateB: 0.25, basis: "positives", casesPerArm: 15, rowsPerArm: 30 });
    expect("text" in plan && plan.text).toBe(
      "recall >= 0.5: A 0.750 vs B 0.250; an A/B trial needs about 15 actual positives per arm (30 cases per arm at the observed share) to detect it at significance 0.05 with power 0.8",
    );
    // At α 0.01 and power 0.9: 27.17 → 28 (SciPy's norm.ppf in the same formula).
    expect(abTrialForNeed(a, b, need("recall"), { alpha: 0.01, power: 0.9 })).toMatchObject({ casesPerArm: 28 });
  });

  it("sizes an accuracy trial in cases", () => {
    // 0.75 vs 0.5: 57.67 → 58.
    expect(abTrialForNeed(a, b, need("accuracy"))).toMatchObject({ basis: "rows", casesPerArm: 58, rowsPerArm: 58 });
  });

  it("says why no size follows", () => {
    // Recall of "none" is specificity: 3/4 for both.
    expect(abTrialForNeed(a, b, need("recall", { onClass: "none" }))).toEqual({
      whyNot: "both models have recall equal on the test rows: no trial size follows from it",
    });
    expect(abTrialForNeed(a, b, need("roc_auc"))).toMatchObject({
      whyNot: expect.stringMatching(/not one proportion/),
    });
  });
});
