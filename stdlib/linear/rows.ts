/**
 * The training matrix as compressed rows: only the non-zero entries of each
 * row. One-hot columns make most entries zero (Adult: 14 of 108 per row), so
 * products with the rows and the Gram matrix cost a fraction of the dense ones.
 */
export interface SparseRows {
  /** Rows, features (the intercept is not a column: solvers add it). */
  n: number;
  d: number;
  /** Entries of row i are at start[i] .. start[i + 1] - 1. */
  start: Int32Array;
  col: Int32Array;
  val: Float64Array;
}

/** Compresses a row-major dense matrix (needlab's prepared Float32Array), keeping exact values. */
export function sparseRows(x: ArrayLike<number>, n: number, d: number): SparseRows {
  let nnz = 0;
  for (let k = 0; k < n * d; k++) if (x[k] !== 0) nnz++;
  const start = new Int32Array(n + 1),
    col = new Int32Array(nnz),
    val = new Float64Array(nnz);
  let at = 0;
  for (let i = 0; i < n; i++) {
    start[i] = at;
    const base = i * d;
    for (let j = 0; j < d; j++) {
      const v = x[base + j];
      if (v !== 0) {
        col[at] = j;
        val[at++] = v;
      }
    }
  }
  start[n] = at;
  return { n, d, start, col, val };
}

/**
 * Linear scores of every row for k outputs: out[i*k + c] = x_i · coef[c] + intercept[c],
 * with coef stored output-major (coef[c*(d+1) + j], intercept at j = d).
 */
export function scores(rows: SparseRows, theta: Float64Array, k: number, out: Float64Array): void {
  const { n, d, start, col, val } = rows;
  const stride = d + 1;
  for (let i = 0; i < n; i++) {
    const from = start[i],
      to = start[i + 1];
    for (let c = 0; c < k; c++) {
      const base = c * stride;
      let z = theta[base + d];
      for (let e = from; e < to; e++) z += val[e] * theta[base + col[e]];
      out[i * k + c] = z;
    }
  }
}
