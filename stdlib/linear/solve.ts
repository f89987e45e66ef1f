/**
 * Symmetric linear systems for the exact solvers: Cholesky where the matrix
 * is positive definite (every penalised problem), and otherwise the
 * pseudo-inverse from a Jacobi eigendecomposition, which gives the
 * minimum-norm solution (as scikit-learn's LinearRegression does through
 * lstsq, and as its L-BFGS does from a zero start on a rank-deficient design,
 * e.g. every one-hot column beside an intercept).
 */

/** Pivots below this share of the largest diagonal entry count as zero: the matrix is singular. */
const PIVOT_TOLERANCE = 1e-11;
/** Eigenvalues below this share of the largest are dropped from the pseudo-inverse. */
const EIGEN_TOLERANCE = 1e-11;

/**
 * Solves A x = b for a symmetric p × p matrix A (row-major, left intact).
 * Returns whether Cholesky succeeded (false: the pseudo-inverse was used).
 */
export function solveSymmetric(a: Float64Array, b: Float64Array, p: number, x: Float64Array): boolean {
  const l = cholesky(a, p);
  if (l) {
    choleskySolve(l, b, p, x);
    return true;
  }
  if (p > JACOBI_MAX) conjugateGradient(a, b, p, x);
  else pseudoInverseSolve(a, b, p, x);
  return false;
}

/** Above this size the Jacobi eigendecomposition (about 10 sweeps of 4p³) costs too much; conjugate gradients take over. */
export const JACOBI_MAX = 400;

/**
 * Conjugate gradients from x = 0 on a symmetric positive semi-definite
 * system: every iterate lies in the range of A, so on a singular but
 * consistent system they converge to the minimum-norm solution, as the
 * pseudo-inverse gives.
 */
export function conjugateGradient(a: Float64Array, b: Float64Array, p: number, x: Float64Array): void {
  x.fill(0);
  const r = Float64Array.from(b),
    dir = Float64Array.from(b),
    ad = new Float64Array(p);
  let rr = 0;
  for (let i = 0; i < p; i++) rr += r[i] * r[i];
  const stop = 1e-28 * rr;
  for (let step = 0; step < 10 * p && rr > stop; step++) {
    let dad = 0;
    for (let i = 0; i < p; i++) {
      let s = 0;
      for (let j = 0; j < p; j++) s += a[i * p + j] * dir[j];
      ad[i] = s;
      dad += dir[i] * s;
    }
    if (!(dad > 0)) break;
    const alpha = rr / dad;
    let next = 0;
    for (let i = 0; i < p; i++) {
      x[i] += alpha * dir[i];
      r[i] -= alpha * ad[i];
      next += r[i] * r[i];
    }
    const beta = next / rr;
    rr = next;
    for (let i = 0; i < p; i++) dir[i] = r[i] + beta * dir[i];
  }
}

/** The lower factor L of A = L Lᵀ, or undefined when A is not (numerically) positive definite. */
export function cholesky(a: Float64Array, p: number): Float64Array | undefined {
  let maxDiag = 0;
  for (let i = 0; i < p; i++) maxDiag = Math.max(maxDiag, a[i * p + i]);
  if (!(maxDiag > 0)) return undefined;
  const l = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    const rj = j * p;
    let s = a[rj + j];
    for (let k = 0; k < j; k++) s -= l[rj + k] * l[rj + k];
    if (!(s > PIVOT_TOLERANCE * maxDiag)) return undefined;
    const ljj = Math.sqrt(s);
    l[rj + j] = ljj;
    for (let i = j + 1; i < p; i++) {
      const ri = i * p;
      let t = a[ri + j];
      for (let k = 0; k < j; k++) t -= l[ri + k] * l[rj + k];
      l[ri + j] = t / ljj;
    }
  }
  return l;
}

function choleskySolve(l: Float64Array, b: Float64Array, p: number, x: Float64Array): void {
  for (let i = 0; i < p; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * p + k] * x[k];
    x[i] = s / l[i * p + i];
  }
  for (let i = p - 1; i >= 0; i--) {
    let s = x[i];
    for (let k = i + 1; k < p; k++) s -= l[k * p + i] * x[k];
    x[i] = s / l[i * p + i];
  }
}

/** Eigenvalues and eigenvectors (columns of v) of a symmetric matrix, by cyclic Jacobi rotations. */
export function symmetricEigen(a: Float64Array, p: number): { values: Float64Array; vectors: Float64Array } {
  const m = Float64Array.from(a);
  const v = new Float64Array(p * p);
  for (let i = 0; i < p; i++) v[i * p + i] = 1;
  let total = 0;
  for (let i = 0; i < p * p; i++) total += m[i] * m[i];
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let i = 0; i < p; i++) for (let j = i + 1; j < p; j++) off += m[i * p + j] * m[i * p + j];
    if (off <= 1e-30 * total || off === 0) break;
    for (let i = 0; i < p; i++)
      for (let j = i + 1; j < p; j++) {
        const aij = m[i * p + j];
        if (aij === 0) continue;
        const theta = (m[j * p + j] - m[i * p + i]) / (2 * aij);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1),
          s = t * c;
        for (let k = 0; k < p; k++) {
          // Rotate columns i and j, then rows i and j.
          const mki = m[k * p + i],
            mkj = m[k * p + j];
          m[k * p + i] = c * mki - s * mkj;
          m[k * p + j] = s * mki + c * mkj;
        }
        for (let k = 0; k < p; k++) {
          const mik = m[i * p + k],
            mjk = m[j * p + k];
          m[i * p + k] = c * mik - s * mjk;
          m[j * p + k] = s * mik + c * mjk;
        }
        for (let k = 0; k < p; k++) {
          const vki = v[k * p + i],
            vkj = v[k * p + j];
          v[k * p + i] = c * vki - s * vkj;
          v[k * p + j] = s * vki + c * vkj;
        }
      }
  }
  const values = new Float64Array(p);
  for (let i = 0; i < p; i++) values[i] = m[i * p + i];
  return { values, vectors: v };
}

/** x = A⁺ b: the minimum-norm least-squares solution of A x = b. */
export function pseudoInverseSolve(a: Float64Array, b: Float64Array, p: number, x: Float64Array): void {
  const { values, vectors } = symmetricEigen(a, p);
  let largest = 0;
  for (let i = 0; i < p; i++) largest = Math.max(largest, Math.abs(values[i]));
  x.fill(0);
  for (let e = 0; e < p; e++) {
    if (!(Math.abs(values[e]) > EIGEN_TOLERANCE * largest)) continue;
    let proj = 0;
    for (let k = 0; k < p; k++) proj += vectors[k * p + e] * b[k];
    const coef = proj / values[e];
    for (let k = 0; k < p; k++) x[k] += coef * vectors[k * p + e];
  }
}
