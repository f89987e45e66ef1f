import { describe, expect, it } from "vitest";
import { featureGroups, permutationImportance } from "../../stdlib/explain";
import type { FeatureColumn, Matrix } from "../../stdlib/data/prepare";
import { createRng } from "../../stdlib/random";
import { rocAuc } from "../../stdlib/metrics";

// Three source columns: signal (numeric), noise (numeric), colour (one-hot, 2 features).
const columns: FeatureColumn[] = [
  {
    kind: "numeric",
    column: "signal",
    median: 0,
    mean: 0,
    std: 1,
    missing: 0,
    fill: 0,
    fillWith: "median",
    scaling: "standard",
    center: 0,
    scale: 1,
    width: 1,
  },
  {
    kind: "numeric",
    column: "noise",
    median: 0,
    mean: 0,
    std: 1,
    missing: 0,
    fill: 0,
    fillWith: "median",
    scaling: "standard",
    center: 0,
    scale: 1,
    width: 1,
  },
  {
    kind: "categorical",
    column: "colour",
    categories: ["blue", "red"],
    mode: "blue",
    missing: 0,
    fill: "blue",
    fillWith: "mode",
    encoding: "onehot",
    scaling: "none",
    center: 0,
    scale: 1,
    width: 2,
  },
];

describe("permutation importance", () => {
  it("groups one-hot features under their source column", () => {
    expect(featureGroups(columns)).toEqual([
      { column: "signal", indices: [0] },
      { column: "noise", indices: [1] },
      { column: "colour", indices: [2, 3] },
    ]);
  });

  it("finds what the model uses, and gives exactly 0 to what it ignores", () => {
    const rng = createRng(1);
    const n = 400,
      w = 4;
    const x = new Float32Array(n * w),
      y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      x[i * w] = rng.normal();
      x[i * w + 1] = rng.normal();
      const red = rng.next() < 0.5 ? 1 : 0;
      x[i * w + 2] = 1 - red;
      x[i * w + 3] = red;
      y[i] = x[i * w] + 0.3 * red + 0.5 * rng.normal() > 0 ? 1 : 0;
    }
    const m: Matrix = { x, y, rows: Int32Array.from({ length: n }, (_, i) => i), n };
    // A "model" that uses signal strongly, colour a little, and noise not at all.
    const predict = (data: Float32Array, rows: number) =>
      Float64Array.from({ length: rows }, (_, i) => 1 / (1 + Math.exp(-(2 * data[i * w] + 0.6 * data[i * w + 3]))));
    const result = permutationImportance(predict, m, columns, { seed: 3 });
    expect(result.map((r) => r.column)).toEqual(["signal", "colour", "noise"]);
    expect(result[0].importance).toBeGreaterThan(0.2);
    expect(result.find((r) => r.column === "noise")).toEqual({ column: "noise", importance: 0, spread: 0 });
    // Shuffling signal leaves roughly chance-level ranking from colour alone.
    expect(rocAuc(y, predict(x, n)) - result[0].importance).toBeLessThan(0.65);
    expect(permutationImportance(predict, m, columns, { seed: 3 })).toEqual(result);
  });
});
