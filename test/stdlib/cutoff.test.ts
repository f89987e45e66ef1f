import { describe, expect, it } from "vitest";
import { chooseCutoff, chooseCutoffOnSplit, countsAtCutoffs } from "../../stdlib/cutoff";
import { createRng, permutation } from "../../stdlib/random";
import { cutoffFigure } from "../../stdlib/plots";

// Eight validation rows, scores descending; three positives.
const validation = { yTrue: [1, 1, 0, 1, 0, 0, 0, 0], yScore: [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2] };
// A missed case costs 10, a false alarm 1. Cost per 1,000 decisions at each cut-off, by hand:
//   above 0.9: 3 missed = 30 → 3,750   0.9: 20 → 2,500   0.8: 10 → 1,250   0.7: 10 + 1 → 1,375
//   0.6: 1 → 125   0.5: 2 → 250   0.4: 3 → 375   0.3: 4 → 500   0.2: 5 → 625
const costs = { fn: 10, fp: 1 };
const minimiseCost = { goal: "minimise", metric: "expected_cost", costs } as const;

describe("choosing a cut-off, by hand", () => {
  it("sweeps every distinct score and one above the highest", () => {
    const { cutoffs, counts } = countsAtCutoffs(validation.yTrue, validation.yScore);
    expect(cutoffs.slice(1)).toEqual(validation.yScore);
    expect(cutoffs[0]).toBeGreaterThan(0.9);
    expect(counts[0]).toEqual({ tp: 0, fp: 0, fn: 3, tn: 5 });
    expect(counts[4]).toEqual({ tp: 3, fp: 1, fn: 0, tn: 4 });
  });

  it("minimises the expected cost", () => {
    const choice = chooseCutoff(validation, minimiseCost);
    expect(choice.cutoff).toBe(0.6);
    expect(choice.value).toBeCloseTo(125, 9);
    expect(choice.sweep.objective.map((v) => Math.round(v))).toEqual([3750, 2500, 1250, 1375, 125, 250, 375, 500, 625]);
  });

  it("minimises the expected cost subject to a capacity need, and shows how the need moves", () => {
    // Follow-up capacity: at most a quarter of the rows flagged leaves the cut-offs above 0.9, 0.9 and 0.8.
    const choice = chooseCutoff(validation, minimiseCost, [
      { metric: "selection_rate", comparator: "<=", threshold: 0.25 },
    ]);
    expect(choice.cutoff).toBe(0.8);
    expect(choice.value).toBeCloseTo(1250, 9);
    expect(choice.sweep.constraints[0].values).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8].map((k) => k / 8));
    expect(choice.sweep.constraints[0].met).toEqual([true, true, true, false, false, false, false, false, false]);
    expect(choice.reason).toMatch(/subject to selection_rate <= 0.25/);
  });

  it("maximises recall subject to precision, and prefers the highest of equally good cut-offs", () => {
    // Precision ≥ 0.75: 1 at 0.9 and 0.8, 2/3 at 0.7, 3/4 at 0.6 (recall 1), then 3/5 and less.
    const choice = chooseCutoff(validation, { goal: "maximise", metric: "recall" }, [
      { metric: "precision", comparator: ">=", threshold: 0.75 },
    ]);
    expect(choice.cutoff).toBe(0.6);
    expect(choice.value).toBe(1);
    // Unconstrained, recall 1 holds from 0.6 down: 0.6 flags fewest rows.
    expect(chooseCutoff(validation, { goal: "maximise", metric: "recall" }).cutoff).toBe(0.6);
    // Precision is undefined with nothing flagged: that does not meet the need.
    expect(choice.sweep.constraints[0].met[0]).toBe(false);
  });

  it("says which needs no cut-off meets", () => {
    const none = chooseCutoff(validation, minimiseCost, [{ metric: "recall", comparator: ">=", threshold: 1.1 }]);
    expect(none.cutoff).toBeUndefined();
    expect(none.reason).toBe(
      "no cut-off meets recall >= 1.1 on the 8 validation rows: relax a need or improve the model",
    );
    const apart = chooseCutoff(validation, minimiseCost, [
      { metric: "recall", comparator: ">=", threshold: 1 },
      { metric: "selection_rate", comparator: "<=", threshold: 0.25 },
    ]);
    expect(apart.cutoff).toBeUndefined();
    expect(apart.reason).toMatch(/^no single cut-off meets recall >= 1 and selection_rate <= 0.25 together/);
  });

  it("decides tied scores together", () => {
    const { cutoffs, counts } = countsAtCutoffs([1, 0, 1], [0.5, 0.5, 0.2]);
    expect(cutoffs.slice(1)).toEqual([0.5, 0.2]);
    expect(counts[1]).toEqual({ tp: 1, fp: 1, fn: 1, tn: 0 });
  });
});

describe("the chosen cut-off never reads the test rows", () => {
  // 600 rows: 200 validation, 400 test; labels follow the scores with noise, seeded.
  const rng = createRng(11);
  const n = 600;
  const part = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? "validation" : "test") as "validation" | "test");
  const yScore = Array.from({ length: n }, () => rng.next());
  const yTrue = yScore.map((s) => (rng.next() < s * s ? 1 : 0));
  const constraints = [{ metric: "recall", comparator: ">=", threshold: 0.8 } as const];
  const objective = { goal: "minimise", metric: "expected_cost", costs: { fn: 20, fp: 3 } } as const;

  function permuteWhere(which: "validation" | "test", seed: number): number[] {
    const idx = part.flatMap((p, i) => (p === which ? [i] : []));
    const order = permutation(idx.length, createRng(seed));
    const out = [...yTrue];
    idx.forEach((i, k) => (out[i] = yTrue[idx[order[k]]]));
    return out;
  }

  it("gives the same cut-off, value and sweep whatever the test labels", () => {
    const base = chooseCutoffOnSplit({ yTrue, yScore, part }, objective, constraints);
    expect(base.cutoff).toBeDefined();
    expect(base.rows).toBe(200);
    for (const seed of [1, 2, 3]) {
      const shuffled = permuteWhere("test", seed);
      expect(shuffled).not.toEqual(yTrue);
      expect(chooseCutoffOnSplit({ yTrue: shuffled, yScore, part }, objective, constraints)).toEqual(base);
    }
  });

  it("moves when the validation labels move (so the test above can fail)", () => {
    const base = chooseCutoffOnSplit({ yTrue, yScore, part }, objective, constraints);
    const moved = chooseCutoffOnSplit({ yTrue: permuteWhere("validation", 1), yScore, part }, objective, constraints);
    expect([moved.cutoff, moved.value]).not.toEqual([base.cutoff, base.value]);
  });

  it("refuses a split without validation rows", () => {
    expect(() => chooseCutoffOnSplit({ yTrue: [1], yScore: [0.5], part: ["test"] }, objective)).toThrow(
      /no validation rows/,
    );
  });
});

describe("the chart of a chosen cut-off", () => {
  it("draws the objective and each need across the validation sweep, the choice marked", () => {
    const choice = chooseCutoff(validation, minimiseCost, [
      { metric: "selection_rate", comparator: "<=", threshold: 0.25 },
    ]);
    const fig = cutoffFigure("triage", choice, "expected cost per 1,000");
    const [objective, need, limit] = fig.data as { name: string; x: number[]; y: number[]; yaxis?: string }[];
    expect(objective.name).toBe("expected cost per 1,000");
    expect(objective.x).toEqual([1, ...validation.yScore]);
    expect(objective.y).toEqual([3750, 2500, 1250, 1375, 125, 250, 375, 500, 625]);
    expect(need).toMatchObject({ name: "selection_rate (need <= 0.25)", yaxis: "y2" });
    expect(need.y).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8].map((k) => k / 8));
    expect(limit.y).toEqual([0.25, 0.25]);
    const layout = fig.layout as { shapes: { x0: number }[]; annotations: { text: string }[] };
    expect(layout.shapes.map((s) => s.x0)).toEqual([0.8]);
    expect(layout.annotations[0].text).toBe("chosen 0.8");
    const none = cutoffFigure(
      "triage",
      chooseCutoff(validation, minimiseCost, [{ metric: "recall", comparator: ">=", threshold: 1.1 }]),
      "cost",
    );
    expect((none.layout as { shapes: unknown[]; annotations: { text: string }[] }).annotations[0].text).toBe(
      "no cut-off meets every need",
    );
  });
});
