/** `selection_rate`: the share of all cases a model flags, a need like any count metric (the hospital's follow-up capacity). */
import { describe, expect, it } from "vitest";
import { evaluate } from "../../stdlib/evaluate";
import { selectionRate } from "../../stdlib/metrics";
import type { NeedSetSpec } from "../../plan/plan";

describe("selection_rate", () => {
  it("is (tp + fp) / n, by hand", () => {
    expect(selectionRate({ tp: 6, fp: 14, fn: 2, tn: 178 })).toBeCloseTo(20 / 200, 15);
    expect(selectionRate({ tp: 0, fp: 0, fn: 0, tn: 0 })).toBeNaN();
  });

  it("is a need with a bootstrap interval around the share flagged", () => {
    // 400 rows, 40 positives; flagged at 0.5: 30 of the positives and 50 of the negatives = 80 of 400 = 0.2.
    const yTrue = Array.from({ length: 400 }, (_, i) => (i < 40 ? 1 : 0));
    const yScore = yTrue.map((y, i) => (y ? (i < 30 ? 0.9 : 0.1) : i < 90 ? 0.7 : 0.2));
    const needs: NeedSetSpec = {
      name: "capacity",
      needs: [
        {
          id: "c.0",
          level: "must",
          metric: "selection_rate",
          comparator: "<=",
          threshold: 0.3,
          text: "selection_rate <= 0.3",
        },
        {
          id: "c.1",
          level: "must",
          metric: "selection_rate",
          comparator: "<=",
          threshold: 0.1,
          text: "selection_rate <= 0.1",
        },
      ],
    };
    const e = evaluate({ model: "m", dataset: "d", positive: "1", negative: "0", yTrue, yScore }, needs, { seed: 1 });
    expect(e.metrics.selection_rate).toBeCloseTo(0.2, 15);
    const [fits, overflows] = e.verdicts;
    expect(fits.measured).toBeCloseTo(0.2, 15);
    // Standard error √(0.2 · 0.8 / 400) = 0.02: the 95% interval is about 0.16-0.24.
    expect(fits.interval!.low).toBeGreaterThan(0.15);
    expect(fits.interval!.high).toBeLessThan(0.25);
    expect([fits.status, overflows.status]).toEqual(["pass", "fail"]);
  });
});
