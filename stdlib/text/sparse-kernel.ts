/**
 * The sparse logistic solver's WebAssembly kernel (wasm/sparse-kernel.ts):
 * lays out the training matrix, the labels and the solver's vectors in the
 * kernel's memory once, and names its calls. Every vector is a byte offset
 * into that memory, so the solver swaps numbers, never copies arrays; a
 * Banking77-sized loss and gradient (250,000 entries × 77 classes) takes
 * about a third of the time plain JavaScript took, the L-BFGS vector steps a
 * quarter (two f64 lanes at a time, and each pass fused with the next one's
 * dot product).
 */
import { NeedlabError } from "../errors";
import { instantiate, Layout, WASM_MEMORY_LIMIT, type WasmMemory } from "../fast/wasm-memory";
import type { Csr } from "./sparse";
import { SPARSE_WASM_BASE64 } from "./sparse-wasm";

interface Exports {
  memory: WasmMemory;
  lossGradient(
    theta: number,
    grad: number,
    indptr: number,
    indices: number,
    data: number,
    labels: number,
    rows: number,
    classes: number,
    features: number,
    C: number,
    z: number,
  ): number;
  axpyDot(q: number, a: number, x: number, w: number, n: number): number;
  dot(a: number, b: number, n: number): number;
  scaleDot(q: number, c: number, w: number, n: number): number;
  stepTo(out: number, x: number, step: number, d: number, n: number): void;
  differences(s: number, y: number, x1: number, x0: number, g1: number, g0: number, n: number): number;
  maxAbs(a: number, n: number): number;
}

/** No vector: where a kernel call takes an optional dot-product partner. */
export const NONE = 0;

export class SparseLogisticKernel {
  /** Parameters: features × classes weights, then the classes' intercepts. */
  readonly size: number;
  /** `count` vectors of `size` reals each, zero at first. */
  readonly vectors: number[];
  private readonly wasm: Exports;
  private readonly matrix: { indptr: number; indices: number; data: number; labels: number; z: number };

  constructor(
    private readonly X: Csr,
    y: ArrayLike<number>,
    private readonly classes: number,
    count: number,
    private readonly C: number,
  ) {
    this.size = X.cols * classes + classes;
    const nnz = X.indptr[X.rows];
    const layout = new Layout();
    const matrix = {
      indptr: layout.take((X.rows + 1) * 4),
      indices: layout.take(nnz * 4),
      data: layout.take(nnz * 8),
      labels: layout.take(X.rows * 4),
      z: layout.take(classes * 8),
    };
    this.vectors = Array.from({ length: count }, () => layout.take(this.size * 8));
    if (layout.end > WASM_MEMORY_LIMIT) {
      const fits = Math.floor((WASM_MEMORY_LIMIT * 0.9) / (count * 8 * classes) / 1000) * 1000;
      throw new NeedlabError(
        `${X.cols} terms × ${classes} classes need ${(layout.end / 2 ** 30).toFixed(1)} GiB for the logistic solver, more than the 4 GiB it can address: keep fewer terms with \`vocabulary ${fits}\` (or a higher \`min_count\`) in the text line`,
      );
    }
    this.wasm = instantiate<Exports>(SPARSE_WASM_BASE64, layout.end);
    const buffer = this.wasm.memory.buffer;
    new Int32Array(buffer, matrix.indptr, X.rows + 1).set(X.indptr.subarray(0, X.rows + 1));
    new Int32Array(buffer, matrix.indices, nnz).set(X.indices.subarray(0, nnz));
    new Float64Array(buffer, matrix.data, nnz).set(X.data.subarray(0, nnz));
    new Int32Array(buffer, matrix.labels, X.rows).set(Int32Array.from(y));
    this.matrix = matrix;
  }

  /** Writes the gradient at theta into grad; returns the objective. */
  lossGradient(theta: number, grad: number): number {
    const m = this.matrix;
    return this.wasm.lossGradient(
      theta,
      grad,
      m.indptr,
      m.indices,
      m.data,
      m.labels,
      this.X.rows,
      this.classes,
      this.X.cols,
      this.C,
      m.z,
    );
  }

  dot(a: number, b: number): number {
    return this.wasm.dot(a, b, this.size);
  }
  /** q += a · x; returns q · w (w = NONE: 0). */
  axpyDot(q: number, a: number, x: number, w: number): number {
    return this.wasm.axpyDot(q, a, x, w, this.size);
  }
  /** q = c · q; returns q · w (w = NONE: 0). */
  scaleDot(q: number, c: number, w: number): number {
    return this.wasm.scaleDot(q, c, w, this.size);
  }
  /** out = x + step · d */
  stepTo(out: number, x: number, step: number, d: number): void {
    this.wasm.stepTo(out, x, step, d, this.size);
  }
  /** s = x1 − x0, y = g1 − g0; returns sᵀy. */
  differences(s: number, y: number, x1: number, x0: number, g1: number, g0: number): number {
    return this.wasm.differences(s, y, x1, x0, g1, g0, this.size);
  }
  maxAbs(a: number): number {
    return this.wasm.maxAbs(a, this.size);
  }
  copy(to: number, from: number): void {
    new Uint8Array(this.wasm.memory.buffer).copyWithin(to, from, from + this.size * 8);
  }
  /** A copy of vector v's reals [from, to). */
  read(v: number, from = 0, to = this.size): Float64Array {
    return new Float64Array(this.wasm.memory.buffer, v + from * 8, to - from).slice();
  }
}
