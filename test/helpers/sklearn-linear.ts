/**
 * Hands linear problems to scikit-learn (test/stdlib/linear_sklearn.py,
 * Debian's python3-sklearn) through temporary files, for comparing needlab's
 * exact linear models with it on the same prepared matrix.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export interface SklearnCase {
  kind: "logistic" | "ridge";
  x: Float32Array;
  n: number;
  d: number;
  y: ArrayLike<number>;
  weights?: ArrayLike<number>;
  l2: number;
  classes?: number;
  /** multi_class="multinomial" even for two classes (probabilities of both then come back). */
  softmax?: boolean;
  test?: { x: Float32Array; n: number; y: ArrayLike<number> };
  /** scikit-learn's own tol (1e-4), not the tight one used to compare coefficients. */
  sklearnDefaults?: boolean;
}

export interface SklearnResult {
  coef: number[][];
  intercept: number[];
  proba?: number[];
  predict?: number[];
  test_proba?: number[];
  test_auc?: number;
  n_iter?: number;
}

const SCRIPT = path.resolve(__dirname, "..", "stdlib", "linear_sklearn.py");

export function sklearnFit(python: string, cases: SklearnCase[]): SklearnResult[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-linear-"));
  try {
    const write = (name: string, x: Float32Array) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, Buffer.from(x.buffer, x.byteOffset, x.byteLength));
      return file;
    };
    const payload = cases.map((c, i) => ({
      kind: c.kind,
      x: write(`x${i}.f32`, c.x),
      n: c.n,
      d: c.d,
      y: Array.from(c.y),
      weights: c.weights ? Array.from(c.weights) : null,
      l2: c.l2,
      classes: c.classes ?? 2,
      softmax: !!c.softmax,
      test: c.test ? write(`t${i}.f32`, c.test.x) : null,
      n_test: c.test?.n ?? 0,
      y_test: c.test ? Array.from(c.test.y) : null,
      sklearn_defaults: !!c.sklearnDefaults,
    }));
    const env = { ...process.env };
    // These slow numpy's BLAS on this machine; they are meant for the tfjs side only.
    delete env.OPENBLAS_CORETYPE;
    delete env.OPENBLAS_L2_SIZE;
    const r = spawnSync(python, [SCRIPT], {
      input: JSON.stringify({ cases: payload }),
      encoding: "utf8",
      maxBuffer: 1 << 30,
      env,
    });
    if (r.status !== 0) throw new Error(`scikit-learn failed: ${r.stderr}`);
    return JSON.parse(r.stdout).results;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
