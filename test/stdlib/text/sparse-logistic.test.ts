/**
 * The sparse multinomial logistic regression against scikit-learn's
 * LogisticRegression (lbfgs, multinomial, L2) on seeded sparse data: the
 * same weights and intercepts as far as scikit-learn converges (it stops on
 * SciPy's relative-decrease test with gradient entries near 3e-4, whatever its
 * tol), and, computed by NumPy at needlab's weights, a gradient of the
 * objective under 1e-5 (down to the loss's rounding); hand-worked cases;
 * clear messages for bad input.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { createRng } from "../../../stdlib/random";
import { CsrBuilder, type Csr } from "../../../stdlib/text/sparse";
import { fitSparseLogistic, predictSparseLogistic } from "../../../stdlib/text/sparse-logistic";
import { requireTool, systemPython } from "../../helpers/tools";

/** rows × cols, each entry present with probability 0.15; the label leans on features 0–3 (class k on feature k). */
function data(rows: number, cols: number, classes: number, seed: number): { X: Csr; y: Int32Array } {
  const rng = createRng(seed);
  const b = new CsrBuilder(cols);
  const y = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    y[i] = rng.int(classes);
    const c: number[] = [],
      v: number[] = [];
    for (let j = 0; j < cols; j++) {
      const signal = j === y[i] && rng.next() < 0.7;
      if (signal || rng.next() < 0.15) (c.push(j), v.push(signal ? 1 + rng.next() : rng.next()));
    }
    b.addRow(c, v);
  }
  return { X: b.build(), y };
}

describe("sparse multinomial logistic regression", () => {
  it("hand-worked: two opposite labels on the same text give equal probabilities and zero weights", () => {
    const b = new CsrBuilder(1);
    b.addRow([0], [1]);
    b.addRow([0], [1]);
    const m = fitSparseLogistic(b.build(), [0, 1], 2);
    expect(Array.from(m.weights)).toEqual([0, 0]);
    expect(Array.from(predictSparseLogistic(m, b.build()))).toEqual([0.5, 0.5, 0.5, 0.5]);
  });

  it("hand-worked: one text per class, the optimum satisfies W/C = −Xᵀ(P − Y)", () => {
    // Two texts on separate features: by symmetry w = [[a, −a], [−a, a]], b = 0, with p = σ(2a) the right class's
    // probability; stationarity a/C = 1 − p. With C = 1: a = 1 − σ(2a) → a ≈ 0.3177 (solved by bisection here).
    const b = new CsrBuilder(2);
    b.addRow([0], [1]);
    b.addRow([1], [1]);
    const m = fitSparseLogistic(b.build(), [0, 1], 2, { tol: 1e-12, ftol: 0 });
    let lo = 0,
      hi = 1;
    for (let k = 0; k < 100; k++) {
      const a = (lo + hi) / 2;
      if (a - (1 - 1 / (1 + Math.exp(-2 * a))) > 0) hi = a;
      else lo = a;
    }
    expect(m.weights[0]).toBeCloseTo(lo, 9);
    expect(m.weights[1]).toBeCloseTo(-lo, 9);
    expect(m.converged).toBe(true);
  });

  const py = systemPython(["sklearn", "numpy", "scipy"]);
  it("equals scikit-learn's LogisticRegression weights and intercepts, and NumPy finds its gradient zero", () => {
    if (!requireTool("python3 with scikit-learn", py, "apt-get install python3-sklearn")) return;
    const { X, y } = data(400, 30, 4, 5);
    const script = `
import json, sys
import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression
d = json.load(sys.stdin)
X = csr_matrix((d["data"], d["indices"], d["indptr"]), shape=(d["rows"], d["cols"]))
m = LogisticRegression(C=0.5, tol=1e-10, max_iter=10000).fit(X, d["y"])
# The objective's gradient at needlab's weights: Xᵀ(P − Y) + W/C, and Σ(P − Y) for the intercepts.
W = np.array(d["weights"]).reshape(d["cols"], 4)
Z = X @ W + np.array(d["bias"])
P = np.exp(Z - Z.max(axis=1, keepdims=True))
P /= P.sum(axis=1, keepdims=True)
R = P - np.eye(4)[d["y"]]
g = max(np.abs(X.T @ R + W / 0.5).max(), np.abs(R.sum(axis=0)).max())
json.dump({"coef": m.coef_.tolist(), "intercept": m.intercept_.tolist(), "gradient": g}, sys.stdout)
`;
    const m = fitSparseLogistic(X, y, 4, { C: 0.5, tol: 1e-10, ftol: 0 });
    expect(m.converged).toBe(true);
    const r = spawnSync(py!, ["-c", script], {
      input: JSON.stringify({
        rows: X.rows,
        cols: X.cols,
        indptr: Array.from(X.indptr),
        indices: Array.from(X.indices),
        data: Array.from(X.data),
        y: Array.from(y),
        weights: Array.from(m.weights),
        bias: Array.from(m.bias),
      }),
      encoding: "utf8",
    });
    expect(r.stderr).toBe("");
    const ref = JSON.parse(r.stdout) as { coef: number[][]; intercept: number[]; gradient: number };
    expect(ref.gradient).toBeLessThan(1e-5); // at the loss's rounding: 25× below where scikit-learn stops
    let worst = 0;
    ref.coef.forEach((row, k) => row.forEach((w, j) => (worst = Math.max(worst, Math.abs(m.weights[j * 4 + k] - w)))));
    ref.intercept.forEach((b, k) => (worst = Math.max(worst, Math.abs(m.bias[k] - b))));
    expect(worst).toBeLessThan(1e-3);
    expect(Math.abs(m.weights[0 * 4 + 0])).toBeGreaterThan(0.5); // the signal was learnt, not a zero model
  });

  // Odd class and feature counts leave a scalar tail after the kernel's two-lane loops: the solution must still be
  // the minimum, by a gradient the test computes densely from the formula.
  it.each([
    [60, 7, 3],
    [50, 9, 5],
  ])(
    "reaches the minimum with odd sizes (%i texts, %i terms, %i classes): the objective's gradient vanishes",
    (n, d, k) => {
      const { X, y } = data(n, d, k, n + d + k);
      const C = 0.7;
      const m = fitSparseLogistic(X, y, k, { C, tol: 1e-10, ftol: 0 });
      const gradW = new Float64Array(d * k),
        gradB = new Float64Array(k);
      for (let i = 0; i < n; i++) {
        const z = Array.from(m.bias);
        for (let p = X.indptr[i]; p < X.indptr[i + 1]; p++)
          for (let c = 0; c < k; c++) z[c] += X.data[p] * m.weights[X.indices[p] * k + c];
        const max = Math.max(...z),
          e = z.map((v) => Math.exp(v - max)),
          sum = e.reduce((a, b) => a + b, 0);
        for (let c = 0; c < k; c++) {
          const r = e[c] / sum - (c === y[i] ? 1 : 0);
          gradB[c] += r;
          for (let p = X.indptr[i]; p < X.indptr[i + 1]; p++) gradW[X.indices[p] * k + c] += X.data[p] * r;
        }
      }
      m.weights.forEach((w, j) => (gradW[j] += w / C));
      const worst = Math.max(...gradW.map(Math.abs), ...gradB.map(Math.abs));
      expect(worst).toBeLessThan(1e-6); // the line search stops at the loss's rounding (~1e-7 here); a wrong tail gives ~0.1
      expect(Math.max(...m.weights.map(Math.abs))).toBeGreaterThan(0.3); // a fitted model, not zeros
    },
  );

  it("says how many terms fit when the solver's vectors would pass the 4 GiB WebAssembly can address", () => {
    const b = new CsrBuilder(100_000);
    b.addRow([0], [1]);
    b.addRow([1], [1]);
    expect(() => fitSparseLogistic(b.build(), [0, 254], 255)).toThrow(
      /100000 terms × 255 classes need 5\.1 GiB for the logistic solver, more than the 4 GiB it can address: keep fewer terms with `vocabulary 70000`/,
    );
  });

  it("refuses labels that do not match the texts", () => {
    const { X } = data(10, 5, 2, 1);
    expect(() => fitSparseLogistic(X, [0, 1], 2)).toThrow(/2 labels for 10 texts: give one label per text/);
    expect(() => fitSparseLogistic(X, new Int32Array(10), 2, { C: 0 })).toThrow(/C 0: give a positive number/);
  });
});
