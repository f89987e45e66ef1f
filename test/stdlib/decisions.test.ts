import { describe, expect, it } from "vitest";
import {
  decisionCurve,
  expectedCost,
  expectedCostByGroup,
  expectedCostByGroupInterval,
  expectedCostInterval,
  expectedCostMatrix,
  netBenefit,
  netBenefitInterval,
} from "../../stdlib/decisions";
import { percentile } from "../../stdlib/bootstrap";
import { createRng } from "../../stdlib/random";
import type { ConfusionCounts } from "../../stdlib/metrics";

// 200 decisions: 6 strokes caught, 2 missed, 10 unnecessary follow-ups, 182 correctly left alone.
const c: ConfusionCounts = { tp: 6, fp: 10, fn: 2, tn: 182 };
// A missed stroke costs 500, a follow-up 20 whether or not it finds a stroke.
const cost = { fn: 500, fp: 20, tp: 20 };

/** Row-by-row bootstrap with another generator: an independent computation of the same interval. */
function rowBootstrap(cells: ConfusionCounts, f: (c: ConfusionCounts) => number, samples: number): [number, number] {
  const rows: (keyof ConfusionCounts)[] = [];
  for (const k of ["tp", "fp", "fn", "tn"] as const) for (let i = 0; i < cells[k]; i++) rows.push(k);
  const rng = createRng("independent");
  const draws = new Float64Array(samples);
  for (let s = 0; s < samples; s++) {
    const r: ConfusionCounts = { tp: 0, fp: 0, fn: 0, tn: 0 };
    for (let j = 0; j < rows.length; j++) r[rows[rng.int(rows.length)]]++;
    draws[s] = f(r);
  }
  draws.sort();
  return [percentile(draws, 0.025), percentile(draws, 0.975)];
}

describe("expected cost per 1,000 decisions, by hand", () => {
  it("prices each cell", () => {
    // 2·500 + 10·20 + 6·20 = 1,320 over 200 decisions = 6,600 per 1,000.
    expect(expectedCost(c, cost)).toBeCloseTo(6600, 9);
    // Without a price for true positives: 1,200 over 200 = 6,000 per 1,000.
    expect(expectedCost(c, { fn: 500, fp: 20 })).toBeCloseTo(6000, 9);
    expect(expectedCost({ tp: 0, fp: 0, fn: 0, tn: 0 }, cost)).toBeNaN();
  });

  it("prices each group by its own table", () => {
    const half: ConfusionCounts = { tp: 3, fp: 5, fn: 1, tn: 91 };
    const counts = new Map([
      ["a", half],
      ["b", half],
    ]);
    // a: 500 + 100 + 60 = 660; b (a missed case costs 1,000): 1,000 + 100 + 60 = 1,160; 1,820 over 200.
    expect(expectedCostByGroup(counts, { default: cost, groups: { b: { ...cost, fn: 1000 } } })).toBeCloseTo(9100, 9);
    expect(expectedCostByGroup(counts, { default: cost })).toBeCloseTo(6600, 9);
  });

  it("prices a multiclass confusion matrix cell by cell", () => {
    const confusion = [
      [5, 1, 0],
      [2, 6, 1],
      [0, 0, 5],
    ];
    const costs = [
      [0, 1, 2],
      [5, 0, 1],
      [10, 3, 0],
    ];
    // 1·1 + 2·5 + 1·1 = 12 over 20 decisions.
    expect(expectedCostMatrix(confusion, costs)).toBeCloseTo(600, 9);
    expect(() => expectedCostMatrix(confusion, [[0, 1]])).toThrow(/3 × 3/);
  });
});

describe("net benefit (decision-curve analysis), by hand", () => {
  it("is TP/n − FP/n · pt/(1 − pt)", () => {
    // 6/200 − 10/200 · (0.1/0.9)
    expect(netBenefit(c, 0.1)).toBeCloseTo(0.03 - 0.05 / 9, 12);
    expect(() => netBenefit(c, 1)).toThrow(/strictly between 0 and 1/);
  });

  it("draws the decision curve of the model and of treating everyone", () => {
    const y = [1, 1, 0, 0, 1, 0],
      s = [0.9, 0.6, 0.55, 0.3, 0.2, 0.1];
    const curve = decisionCurve(y, s, [0.25, 0.5]);
    // pt 0.25: treated 0.9, 0.6, 0.55, 0.3 → TP 2, FP 2: 2/6 − 2/6 · 1/3; everyone: 3/6 − 3/6 · 1/3.
    // pt 0.5: treated 0.9, 0.6, 0.55 → TP 2, FP 1: 2/6 − 1/6; everyone: 3/6 − 3/6.
    expect(curve.model[0]).toBeCloseTo(2 / 9, 12);
    expect(curve.model[1]).toBeCloseTo(1 / 6, 12);
    expect(curve.treatAll[0]).toBeCloseTo(1 / 3, 12);
    expect(curve.treatAll[1]).toBeCloseTo(0, 12);
  });
});

describe("intervals resample the confusion cells", () => {
  const big: ConfusionCounts = { tp: 60, fp: 100, fn: 20, tn: 1820 };

  it("match an independent row-by-row bootstrap", () => {
    const interval = expectedCostInterval(big, cost, { samples: 3000, seed: 3 });
    expect(interval.estimate).toBeCloseTo(6600, 9);
    const [low, high] = rowBootstrap(big, (r) => expectedCost(r, cost), 3000);
    expect(Math.abs(interval.low - low)).toBeLessThan(0.04 * 6600);
    expect(Math.abs(interval.high - high)).toBeLessThan(0.04 * 6600);
    expect(interval.low).toBeLessThan(6600);
    expect(interval.high).toBeGreaterThan(6600);

    const nb = netBenefitInterval(big, 0.1, { samples: 3000, seed: 3 });
    const [nbLow, nbHigh] = rowBootstrap(big, (r) => netBenefit(r, 0.1), 3000);
    expect(Math.abs(nb.low - nbLow)).toBeLessThan(0.002);
    expect(Math.abs(nb.high - nbHigh)).toBeLessThan(0.002);
  });

  it("are seeded: same seed, same interval; and degenerate when every decision costs the same", () => {
    expect(expectedCostInterval(big, cost, { seed: 5 })).toEqual(expectedCostInterval(big, cost, { seed: 5 }));
    const flat = expectedCostInterval(big, { fn: 7, fp: 7, tp: 7, tn: 7 }, { samples: 200 });
    expect([flat.low, flat.high]).toEqual([7000, 7000]);
  });

  it("let the group mix vary when costs differ by group", () => {
    const counts = new Map<string, ConfusionCounts>([
      ["a", { tp: 30, fp: 50, fn: 10, tn: 910 }],
      ["b", { tp: 30, fp: 50, fn: 10, tn: 910 }],
    ]);
    const costs = { default: cost, groups: { b: { ...cost, fn: 1000 } } };
    const interval = expectedCostByGroupInterval(counts, costs, { samples: 2000, seed: 1 });
    // a: 5,000 + 1,000 + 600; b: 10,000 + 1,000 + 600; 18,200 over 2,000 decisions.
    expect(interval.estimate).toBeCloseTo(9100, 9);
    expect(interval.low).toBeLessThan(9100);
    expect(interval.high).toBeGreaterThan(9100);
  });
});
