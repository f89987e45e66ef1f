/** Pure parts of compare, tune and monitor, against hand-worked values. */
import { describe, expect, it } from "vitest";
import { categoricalDrift, ksStatistic, numericDrift, psi, quantileEdges } from "../../stdlib/drift";
import { applySettings, gridOf, tuneTrials } from "../../stdlib/tune";
import { rankModels, recommendation } from "../../stdlib/compare";
import { modelSpec } from "../../plan/plan";
import type { Evaluation } from "../../stdlib/evaluate";

describe("drift", () => {
  it("KS is the largest gap between the empirical CDFs", () => {
    // a = {1,2,3,4}, b = {3,4,5,6}: after 2, F_a = 0.5 and F_b = 0 → D = 0.5
    expect(ksStatistic(Float64Array.from([1, 2, 3, 4]), Float64Array.from([3, 4, 5, 6]))).toBe(0.5);
    expect(ksStatistic(Float64Array.from([1, 2]), Float64Array.from([1, 2]))).toBe(0);
    expect(ksStatistic(Float64Array.from([1, 2]), Float64Array.from([5, 6]))).toBe(1);
  });

  it("decile edges skip ties, so no bin is empty by construction", () => {
    expect(quantileEdges(Float64Array.from([1, 1, 1, 1, 1, 1, 1, 1, 2, 3]))).toEqual([1, 2, 3]);
    expect(quantileEdges(Float64Array.from({ length: 100 }, (_, i) => i))).toEqual([
      10, 20, 30, 40, 50, 60, 70, 80, 90,
    ]);
  });

  it("the same distribution is stable; a shifted one is a major shift", () => {
    const base = Array.from({ length: 1000 }, (_, i) => i % 100);
    expect(numericDrift("x", base, base)).toMatchObject({ psi: 0, ks: 0, status: "stable" });
    const shifted = numericDrift(
      "x",
      base,
      base.map((v) => v + 50),
    );
    expect(shifted.status).toBe("major");
    expect(shifted.ks).toBeCloseTo(0.5, 10);
  });

  it("categories: PSI over shares, unseen categories and missing values reported", () => {
    const d = categoricalDrift("c", ["a", "a", "b", "b"], ["a", "b", "b", "z", null]);
    // train a 0.5 b 0.5 z 0; new (of 4 present) a 0.25 b 0.5 z 0.25; z's train share floored at 1e-4
    expect(d.psi).toBeCloseTo(psi([0.5, 0.5, 0], [0.25, 0.5, 0.25]), 12);
    expect(d.psi).toBeCloseTo((0.25 - 0.5) * Math.log(0.25 / 0.5) + (0.25 - 1e-4) * Math.log(0.25 / 1e-4), 12);
    expect(d).toMatchObject({ unseenNew: 0.25, missingNew: 0.2, status: "major" });
  });
});

describe("tune trials", () => {
  const spec = {
    model: "m",
    dataset: "d",
    needs: "n",
    seed: 7,
    trials: 3,
    params: [
      { name: "learning_rate" as const, values: [0.1, 0.01] },
      { name: "units" as const, layer: 1, values: [4, 8, 16] },
    ],
  };

  it("a grid is every combination, the first setting varying slowest", () => {
    expect(gridOf(spec.params)).toEqual([
      { learning_rate: 0.1, "layer 1 units": 4 },
      { learning_rate: 0.1, "layer 1 units": 8 },
      { learning_rate: 0.1, "layer 1 units": 16 },
      { learning_rate: 0.01, "layer 1 units": 4 },
      { learning_rate: 0.01, "layer 1 units": 8 },
      { learning_rate: 0.01, "layer 1 units": 16 },
    ]);
    expect(tuneTrials({ ...spec, search: "grid" })).toHaveLength(6);
  });

  it("random search draws distinct combinations, the same for the same seed", () => {
    const a = tuneTrials({ ...spec, search: "random" });
    expect(a).toHaveLength(3);
    expect(new Set(a.map((s) => JSON.stringify(s))).size).toBe(3);
    expect(tuneTrials({ ...spec, search: "random" })).toEqual(a);
    expect(tuneTrials({ ...spec, search: "random", trials: 50 })).toHaveLength(6);
  });

  it("applies settings to a copy of the model", () => {
    const base = modelSpec({
      name: "m",
      family: "dense",
      layers: [
        { units: 8, activation: "relu", dropout: 0, l2: 0, batchNorm: false },
        { units: 4, activation: "relu", dropout: 0, l2: 0, batchNorm: false },
      ],
    });
    const v = applySettings(base, { learning_rate: 0.1, "layer 2 units": 2, dropout: 0.3 });
    expect([v.learningRate, v.layers.map((l) => [l.units, l.dropout])]).toEqual([
      0.1,
      [
        [8, 0.3],
        [2, 0.3],
      ],
    ]);
    expect(base.layers[1].units).toBe(4);
  });
});

describe("ranking for compare", () => {
  const ev = (model: string, statuses: [string, string][], auc: number) =>
    ({
      model,
      metrics: { roc_auc: auc },
      verdicts: statuses.map(([level, status]) => ({ need: { level }, status })),
    }) as unknown as Evaluation;

  const auc = (e: Evaluation) => e.metrics.roc_auc;
  it("orders by failed musts, undecided musts, shoulds met, then AUC", () => {
    const ranked = rankModels(
      [
        ev(
          "fails",
          [
            ["must", "fail"],
            ["should", "pass"],
          ],
          0.9,
        ),
        ev(
          "undecided",
          [
            ["must", "undecided"],
            ["should", "pass"],
          ],
          0.8,
        ),
        ev(
          "ok_low",
          [
            ["must", "pass"],
            ["should", "fail"],
          ],
          0.7,
        ),
        ev(
          "ok_high",
          [
            ["must", "pass"],
            ["should", "fail"],
          ],
          0.75,
        ),
        ev(
          "ok_should",
          [
            ["must", "pass"],
            ["should", "pass"],
          ],
          0.6,
        ),
      ],
      auc,
    );
    expect(ranked.map((r) => r.model)).toEqual(["ok_should", "ok_high", "ok_low", "undecided", "fails"]);
    expect(recommendation(ranked)).toBe(
      "ok_should and ok_high and ok_low meet every must-need; ok_should ranks first (1 should-need met, ROC AUC 0.600).",
    );
    expect(
      recommendation(rankModels([ev("a", [["must", "fail"]], 0.5), ev("b", [["must", "undecided"]], 0.5)], auc)),
    ).toBe(
      "No model meets every must-need yet. Closest: b (1 undecided must-need); undecided needs may pass with more test rows.",
    );
  });
});
