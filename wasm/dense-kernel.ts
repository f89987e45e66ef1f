// AssemblyScript: the fused training step of needlab's dense nets (forward,
// backward, loss and optimizer), compiled to WebAssembly SIMD by
// `npm run build:wasm` into stdlib/fast/dense-wasm.ts. Every pointer is a byte
// offset into the module's memory, laid out by stdlib/fast/dense-kernel.ts;
// every array is f32, row-major.

// Where a block of four accumulators starts: what out holds (accumulate), the
// bias at columns j.. (a layer's forward pass), or zero.
function start(o: usize, accumulate: bool, bias: usize, j: i32): v128 {
  if (accumulate) return v128.load(o);
  if (bias) return v128.load(bias + ((<usize>j) << 2));
  return f32x4.splat(0);
}

// out[r, j] (= bias[j] +, or +=) Σ_t a(r, t) · b[t, j] for r < rows, j < cols, t < inner,
// where a(r, t) = a[r·ars + t·acs] (any strides: A, or A transposed) and b has
// row length ldb. Two rows at a time share each load of b; columns go 16 at a
// time in SIMD accumulators, then 4, then one by one.
export function gemm(
  a: usize,
  ars: i32,
  acs: i32,
  b: usize,
  ldb: i32,
  out: usize,
  ldo: i32,
  rows: i32,
  cols: i32,
  inner: i32,
  accumulate: bool,
  bias: usize,
): void {
  let r = 0;
  for (; r + 2 <= rows; r += 2) twoRows(a, ars, acs, b, ldb, out, ldo, r, cols, inner, accumulate, bias);
  for (; r < rows; r++) oneRow(a, ars, acs, b, ldb, out, ldo, r, cols, inner, accumulate, bias);
}

function twoRows(
  a: usize,
  ars: i32,
  acs: i32,
  b: usize,
  ldb: i32,
  out: usize,
  ldo: i32,
  r: i32,
  cols: i32,
  inner: i32,
  accumulate: bool,
  bias: usize,
): void {
  const bStride = (<usize>ldb) << 2;
  const aStep = (<usize>acs) << 2;
  const aRow = a + ((<usize>(r * ars)) << 2);
  const aNext = (<usize>ars) << 2;
  const oRow = out + ((<usize>(r * ldo)) << 2);
  const oNext = (<usize>ldo) << 2;
  let j = 0;
  for (; j + 16 <= cols; j += 16) {
    const o = oRow + ((<usize>j) << 2);
    const p = o + oNext;
    let c0 = start(o, accumulate, bias, j);
    let c1 = start(o + 16, accumulate, bias, j + 4);
    let c2 = start(o + 32, accumulate, bias, j + 8);
    let c3 = start(o + 48, accumulate, bias, j + 12);
    let d0 = start(p, accumulate, bias, j);
    let d1 = start(p + 16, accumulate, bias, j + 4);
    let d2 = start(p + 32, accumulate, bias, j + 8);
    let d3 = start(p + 48, accumulate, bias, j + 12);
    let ap = aRow;
    let bp = b + ((<usize>j) << 2);
    for (let t = 0; t < inner; t++) {
      const s = f32x4.splat(load<f32>(ap));
      const u = f32x4.splat(load<f32>(ap + aNext));
      const b0 = v128.load(bp),
        b1 = v128.load(bp, 16),
        b2 = v128.load(bp, 32),
        b3 = v128.load(bp, 48);
      c0 = f32x4.add(c0, f32x4.mul(s, b0));
      c1 = f32x4.add(c1, f32x4.mul(s, b1));
      c2 = f32x4.add(c2, f32x4.mul(s, b2));
      c3 = f32x4.add(c3, f32x4.mul(s, b3));
      d0 = f32x4.add(d0, f32x4.mul(u, b0));
      d1 = f32x4.add(d1, f32x4.mul(u, b1));
      d2 = f32x4.add(d2, f32x4.mul(u, b2));
      d3 = f32x4.add(d3, f32x4.mul(u, b3));
      ap += aStep;
      bp += bStride;
    }
    v128.store(o, c0);
    v128.store(o, c1, 16);
    v128.store(o, c2, 32);
    v128.store(o, c3, 48);
    v128.store(p, d0);
    v128.store(p, d1, 16);
    v128.store(p, d2, 32);
    v128.store(p, d3, 48);
  }
  for (; j + 4 <= cols; j += 4) {
    const o = oRow + ((<usize>j) << 2);
    const p = o + oNext;
    let c0 = start(o, accumulate, bias, j);
    let d0 = start(p, accumulate, bias, j);
    let ap = aRow;
    let bp = b + ((<usize>j) << 2);
    for (let t = 0; t < inner; t++) {
      const b0 = v128.load(bp);
      c0 = f32x4.add(c0, f32x4.mul(f32x4.splat(load<f32>(ap)), b0));
      d0 = f32x4.add(d0, f32x4.mul(f32x4.splat(load<f32>(ap + aNext)), b0));
      ap += aStep;
      bp += bStride;
    }
    v128.store(o, c0);
    v128.store(p, d0);
  }
  if (j < cols) {
    oneRowTail(a, ars, acs, b, ldb, out, ldo, r, j, cols, inner, accumulate, bias);
    oneRowTail(a, ars, acs, b, ldb, out, ldo, r + 1, j, cols, inner, accumulate, bias);
  }
}

function oneRow(
  a: usize,
  ars: i32,
  acs: i32,
  b: usize,
  ldb: i32,
  out: usize,
  ldo: i32,
  r: i32,
  cols: i32,
  inner: i32,
  accumulate: bool,
  bias: usize,
): void {
  const bStride = (<usize>ldb) << 2;
  const aStep = (<usize>acs) << 2;
  const aRow = a + ((<usize>(r * ars)) << 2);
  const oRow = out + ((<usize>(r * ldo)) << 2);
  let j = 0;
  for (; j + 4 <= cols; j += 4) {
    const o = oRow + ((<usize>j) << 2);
    let c0 = start(o, accumulate, bias, j);
    let ap = aRow;
    let bp = b + ((<usize>j) << 2);
    for (let t = 0; t < inner; t++) {
      c0 = f32x4.add(c0, f32x4.mul(f32x4.splat(load<f32>(ap)), v128.load(bp)));
      ap += aStep;
      bp += bStride;
    }
    v128.store(o, c0);
  }
  if (j < cols) oneRowTail(a, ars, acs, b, ldb, out, ldo, r, j, cols, inner, accumulate, bias);
}

// Columns j.. of row r one by one. A single column (a net's output unit) is a
// dot product: four lanes at a time when a's row and b's column are contiguous.
function oneRowTail(
  a: usize,
  ars: i32,
  acs: i32,
  b: usize,
  ldb: i32,
  out: usize,
  ldo: i32,
  r: i32,
  from: i32,
  cols: i32,
  inner: i32,
  accumulate: bool,
  bias: usize,
): void {
  const aRow = a + ((<usize>(r * ars)) << 2);
  const oRow = out + ((<usize>(r * ldo)) << 2);
  for (let j = from; j < cols; j++) {
    const o = oRow + ((<usize>j) << 2);
    let sum: f32 = accumulate ? load<f32>(o) : bias ? load<f32>(bias + ((<usize>j) << 2)) : 0;
    let t = 0;
    if (acs == 1 && ldb == 1) {
      let acc = f32x4.splat(0);
      const bCol = b + ((<usize>j) << 2);
      for (; t + 4 <= inner; t += 4)
        acc = f32x4.add(acc, f32x4.mul(v128.load(aRow + ((<usize>t) << 2)), v128.load(bCol + ((<usize>t) << 2))));
      sum +=
        f32x4.extract_lane(acc, 0) +
        f32x4.extract_lane(acc, 1) +
        f32x4.extract_lane(acc, 2) +
        f32x4.extract_lane(acc, 3);
    }
    for (; t < inner; t++)
      sum += load<f32>(aRow + ((<usize>(t * acs)) << 2)) * load<f32>(b + ((<usize>(t * ldb + j)) << 2));
    store<f32>(o, sum);
  }
}

// dst[c, r] = src[r, c]
export function transpose(src: usize, rows: i32, cols: i32, dst: usize): void {
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++)
      store<f32>(dst + ((<usize>(c * rows + r)) << 2), load<f32>(src + ((<usize>(r * cols + c)) << 2)));
}

const SELU_SCALE: f32 = 1.0507009873554805;
const SELU_SCALE_ALPHA: f32 = 1.7580993408473768;

// Activations by number: 0 linear, 1 relu, 2 sigmoid, 3 tanh, 4 elu, 5 selu, 6 softplus. In place.
export function activate(kind: i32, z: usize, n: i32): void {
  if (kind == 0) return;
  let i = 0;
  if (kind == 1) {
    const zero = f32x4.splat(0);
    for (; i + 4 <= n; i += 4) {
      const p = z + ((<usize>i) << 2);
      v128.store(p, f32x4.max(v128.load(p), zero));
    }
  }
  for (; i < n; i++) {
    const p = z + ((<usize>i) << 2);
    const x = load<f32>(p);
    let y: f32 = x;
    if (kind == 1) y = x > 0 ? x : 0;
    else if (kind == 2) y = 1 / (1 + Mathf.exp(-x));
    else if (kind == 3) y = <f32>Math.tanh(x);
    else if (kind == 4) y = x > 0 ? x : Mathf.exp(x) - 1;
    else if (kind == 5) y = x > 0 ? SELU_SCALE * x : SELU_SCALE_ALPHA * (Mathf.exp(x) - 1);
    else if (kind == 6) y = x > 20 ? x : <f32>Math.log1p(Math.exp(x));
    store<f32>(p, y);
  }
}

// d[i] ·= f'(z_i), written from the activation's output y_i = f(z_i) (each of these has one).
export function activateBackward(kind: i32, y: usize, d: usize, n: i32): void {
  if (kind == 0) return;
  let i = 0;
  if (kind == 1) {
    const zero = f32x4.splat(0);
    for (; i + 4 <= n; i += 4) {
      const o = (<usize>i) << 2;
      const keep = f32x4.gt(v128.load(y + o), zero);
      v128.store(d + o, v128.and(v128.load(d + o), keep));
    }
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    const v = load<f32>(y + o);
    let g: f32 = 1;
    if (kind == 1) g = v > 0 ? 1 : 0;
    else if (kind == 2) g = v * (1 - v);
    else if (kind == 3) g = 1 - v * v;
    else if (kind == 4) g = v > 0 ? 1 : v + 1;
    else if (kind == 5) g = v > 0 ? SELU_SCALE : v + SELU_SCALE_ALPHA;
    else if (kind == 6) g = 1 - Mathf.exp(-v);
    store<f32>(d + o, load<f32>(d + o) * g);
  }
}

// out[i] = x[i] · m[i] (dropout's mask, or its backward).
export function multiply(x: usize, m: usize, out: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = (<usize>i) << 2;
    v128.store(out + o, f32x4.mul(v128.load(x + o), v128.load(m + o)));
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    store<f32>(out + o, load<f32>(x + o) * load<f32>(m + o));
  }
}

// db[j] = Σ_r d[r, j]
export function columnSums(d: usize, rows: i32, cols: i32, db: usize): void {
  memory.fill(db, 0, (<usize>cols) << 2);
  for (let r = 0; r < rows; r++) {
    const row = d + ((<usize>(r * cols)) << 2);
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const o = (<usize>j) << 2;
      v128.store(db + o, f32x4.add(v128.load(db + o), v128.load(row + o)));
    }
    for (; j < cols; j++) {
      const o = (<usize>j) << 2;
      store<f32>(db + o, load<f32>(db + o) + load<f32>(row + o));
    }
  }
}

// Losses from the output layer's logits z, each row's term times its weight w,
// averaged over the batch (Keras' sum over batch size). They return that mean
// and write its gradient with respect to z into dz.

// A probability within 1e-7 of its target contributes no gradient, as in
// tfjs, whose cross-entropy clips probabilities to [1e-7, 1 - 1e-7]. Without
// this, rows a net has settled send ever smaller numbers back through it,
// down to subnormal floats, which the processor handles many times slower.
function settled(e: f32): f32 {
  return abs(e) < 1e-7 ? 0 : e;
}

// Sigmoid cross-entropy: y ∈ {0, 1}.
export function lossBinary(z: usize, y: usize, w: usize, n: i32, dz: usize): f64 {
  let sum: f64 = 0;
  const inv: f32 = 1 / <f32>n;
  for (let i = 0; i < n; i++) {
    const o = (<usize>i) << 2;
    const x = load<f32>(z + o),
      t = load<f32>(y + o),
      wi = load<f32>(w + o);
    const ax = x < 0 ? -x : x;
    sum += wi * ((x > 0 ? x : 0) - x * t + Math.log1p(Math.exp(-ax)));
    store<f32>(dz + o, wi * inv * settled(1 / (1 + Mathf.exp(-x)) - t));
  }
  return sum / n;
}

// Softmax cross-entropy over k classes: y holds each row's class index.
export function lossSoftmax(z: usize, y: usize, w: usize, n: i32, k: i32, dz: usize): f64 {
  let sum: f64 = 0;
  const inv: f32 = 1 / <f32>n;
  for (let i = 0; i < n; i++) {
    const row = z + ((<usize>(i * k)) << 2);
    const drow = dz + ((<usize>(i * k)) << 2);
    let top = load<f32>(row);
    for (let c = 1; c < k; c++) top = max(top, load<f32>(row + ((<usize>c) << 2)));
    let total: f32 = 0;
    for (let c = 0; c < k; c++) {
      const e = Mathf.exp(load<f32>(row + ((<usize>c) << 2)) - top);
      store<f32>(drow + ((<usize>c) << 2), e);
      total += e;
    }
    const cls = <i32>load<f32>(y + ((<usize>i) << 2));
    const wi = load<f32>(w + ((<usize>i) << 2));
    sum += wi * (Math.log(total) + top - load<f32>(row + ((<usize>cls) << 2)));
    for (let c = 0; c < k; c++) {
      const p = load<f32>(drow + ((<usize>c) << 2)) / total;
      store<f32>(drow + ((<usize>c) << 2), wi * inv * settled(p - (c == cls ? 1 : 0)));
    }
  }
  return sum / n;
}

// Squared error in the target's unit over its variance: prediction z·scale + center.
export function lossRegression(z: usize, y: usize, w: usize, n: i32, center: f32, scale: f32, dz: usize): f64 {
  let sum: f64 = 0;
  const k: f32 = 2 / (<f32>n * scale);
  for (let i = 0; i < n; i++) {
    const o = (<usize>i) << 2;
    const e = load<f32>(z + o) * scale + center - load<f32>(y + o);
    const wi = load<f32>(w + o);
    sum += (wi * (<f64>e * e)) / (<f64>scale * scale);
    store<f32>(dz + o, wi * k * e);
  }
  return sum / n;
}

// L2 on a kernel: adds 2·l2·W to its gradient and returns l2·ΣW².
export function l2Penalty(p: usize, g: usize, n: i32, l2: f32): f64 {
  let sum: f64 = 0;
  const k: f32 = 2 * l2;
  for (let i = 0; i < n; i++) {
    const o = (<usize>i) << 2;
    const v = load<f32>(p + o);
    sum += <f64>v * v;
    store<f32>(g + o, load<f32>(g + o) + k * v);
  }
  return sum * l2;
}

// Optimizers over the flat parameter vector, as tfjs computes them.

// c1 = 1 - β1^t, c2 = 1 - β2^t
export function adam(
  p: usize,
  g: usize,
  m: usize,
  v: usize,
  n: i32,
  lr: f32,
  b1: f32,
  b2: f32,
  eps: f32,
  c1: f32,
  c2: f32,
): void {
  const vb1 = f32x4.splat(b1),
    va1 = f32x4.splat(1 - b1),
    vb2 = f32x4.splat(b2),
    va2 = f32x4.splat(1 - b2),
    vc1 = f32x4.splat(c1),
    vc2 = f32x4.splat(c2),
    veps = f32x4.splat(eps),
    vlr = f32x4.splat(-lr);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = (<usize>i) << 2;
    const gi = v128.load(g + o);
    const mi = f32x4.add(f32x4.mul(v128.load(m + o), vb1), f32x4.mul(gi, va1));
    const vi = f32x4.add(f32x4.mul(v128.load(v + o), vb2), f32x4.mul(f32x4.mul(gi, gi), va2));
    v128.store(m + o, mi);
    v128.store(v + o, vi);
    const step = f32x4.div(f32x4.div(mi, vc1), f32x4.add(f32x4.sqrt(f32x4.div(vi, vc2)), veps));
    v128.store(p + o, f32x4.add(f32x4.mul(step, vlr), v128.load(p + o)));
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    const gi = load<f32>(g + o);
    const mi = load<f32>(m + o) * b1 + gi * (1 - b1);
    const vi = load<f32>(v + o) * b2 + gi * gi * (1 - b2);
    store<f32>(m + o, mi);
    store<f32>(v + o, vi);
    store<f32>(p + o, (mi / c1 / (Mathf.sqrt(vi / c2) + eps)) * -lr + load<f32>(p + o));
  }
}

// Plain SGD (momentum 0), or momentum: a = μ·a + g; p -= lr·a.
export function sgd(p: usize, g: usize, a: usize, n: i32, lr: f32, momentum: f32): void {
  for (let i = 0; i < n; i++) {
    const o = (<usize>i) << 2;
    let step = load<f32>(g + o);
    if (momentum != 0) {
      step = load<f32>(a + o) * momentum + step;
      store<f32>(a + o, step);
    }
    store<f32>(p + o, load<f32>(p + o) - lr * step);
  }
}

// RMSprop (not centered): s = ρ·s + (1-ρ)·g²; a = μ·a + lr·g/√(s+ε); p -= a.
export function rmsprop(
  p: usize,
  g: usize,
  s: usize,
  a: usize,
  n: i32,
  lr: f32,
  rho: f32,
  momentum: f32,
  eps: f32,
): void {
  for (let i = 0; i < n; i++) {
    const o = (<usize>i) << 2;
    const gi = load<f32>(g + o);
    const si = load<f32>(s + o) * rho + gi * gi * (1 - rho);
    store<f32>(s + o, si);
    if (momentum != 0) {
      const ai = load<f32>(a + o) * momentum + (lr * gi) / Mathf.sqrt(si + eps);
      store<f32>(a + o, ai);
      store<f32>(p + o, load<f32>(p + o) - ai);
    } else store<f32>(p + o, load<f32>(p + o) - (lr * gi) / Mathf.sqrt(si + eps));
  }
}

// Adagrad: s += g²; p -= lr·g/√(s+ε)
export function adagrad(p: usize, g: usize, s: usize, n: i32, lr: f32, eps: f32): void {
  for (let i = 0; i < n; i++) {
    const o = (<usize>i) << 2;
    const gi = load<f32>(g + o);
    const si = load<f32>(s + o) + gi * gi;
    store<f32>(s + o, si);
    store<f32>(p + o, load<f32>(p + o) - (lr * gi) / Mathf.sqrt(si + eps));
  }
}

// The batch: out row k = rows idx[k] of src (width floats each), from the training matrix held in memory.
export function gatherRows(src: usize, width: i32, idx: usize, rows: i32, out: usize): void {
  const bytes = (<usize>width) << 2;
  for (let k = 0; k < rows; k++) {
    const from = src + <usize>load<i32>(idx + ((<usize>k) << 2)) * bytes;
    const to = out + <usize>k * bytes;
    let j: usize = 0;
    for (; j + 16 <= bytes; j += 16) v128.store(to + j, v128.load(from + j));
    for (; j < bytes; j += 4) store<f32>(to + j, load<f32>(from + j));
  }
}

// out[k] = src[idx[k]]: the batch's targets and loss weights.
export function gatherValues(src: usize, idx: usize, rows: i32, out: usize): void {
  for (let k = 0; k < rows; k++)
    store<f32>(out + ((<usize>k) << 2), load<f32>(src + ((<usize>load<i32>(idx + ((<usize>k) << 2))) << 2)));
}
