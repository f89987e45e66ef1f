// AssemblyScript: the inner loops of needlab's sparse multinomial logistic
// regression (the TF-IDF baseline, stdlib/text/sparse-logistic.ts), compiled
// to WebAssembly SIMD by `npm run build:wasm` into stdlib/text/sparse-wasm.ts.
// Every pointer is a byte offset into the module's memory, laid out by
// stdlib/text/sparse-kernel.ts; reals are f64 (the solver must land where
// scikit-learn's does), indices and labels i32.

// out[0..K) += v · src[0..K): two lanes at a time, four per turn.
function addScaled(out: usize, v: f64, src: usize, K: i32): void {
  const vv = f64x2.splat(v);
  const bytes = (<usize>K) << 3;
  let o: usize = 0;
  for (; o + 32 <= bytes; o += 32) {
    v128.store(out + o, f64x2.add(v128.load(out + o), f64x2.mul(vv, v128.load(src + o))));
    v128.store(out + o, f64x2.add(v128.load(out + o, 16), f64x2.mul(vv, v128.load(src + o, 16))), 16);
  }
  for (; o + 16 <= bytes; o += 16)
    v128.store(out + o, f64x2.add(v128.load(out + o), f64x2.mul(vv, v128.load(src + o))));
  if (o < bytes) store<f64>(out + o, load<f64>(out + o) + v * load<f64>(src + o));
}

// The objective Σᵢ −log softmax(xᵢ·W + b)[yᵢ] + ‖W‖²/(2C) at theta = [W (features × K, row-major), b (K)]
// and its gradient into grad, in one pass over the rows: each row's scores from its non-zero entries,
// the residual p − onehot(y) in z (K f64 of scratch), scattered back onto the same rows of the gradient.
export function lossGradient(
  theta: usize,
  grad: usize,
  indptr: usize,
  indices: usize,
  data: usize,
  labels: usize,
  rows: i32,
  K: i32,
  features: i32,
  C: f64,
  z: usize,
): f64 {
  const rowBytes = (<usize>K) << 3;
  const FK = <usize>features * <usize>K;
  const bias = theta + (FK << 3),
    gradBias = grad + (FK << 3);
  memory.fill(grad, 0, (FK + <usize>K) << 3);
  let loss: f64 = 0;
  for (let i = 0; i < rows; i++) {
    const start = load<i32>(indptr + ((<usize>i) << 2)),
      end = load<i32>(indptr + ((<usize>i + 1) << 2)),
      label = load<i32>(labels + ((<usize>i) << 2));
    memory.copy(z, bias, rowBytes);
    for (let p = start; p < end; p++) {
      const j = <usize>load<i32>(indices + ((<usize>p) << 2));
      addScaled(z, load<f64>(data + ((<usize>p) << 3)), theta + j * rowBytes, K);
    }
    let max = -Infinity;
    for (let k = 0; k < K; k++) max = Math.max(max, load<f64>(z + ((<usize>k) << 3)));
    loss -= load<f64>(z + ((<usize>label) << 3)) - max;
    let sum: f64 = 0;
    for (let k = 0; k < K; k++) {
      const e = Math.exp(load<f64>(z + ((<usize>k) << 3)) - max);
      store<f64>(z + ((<usize>k) << 3), e);
      sum += e;
    }
    loss += Math.log(sum);
    const inv = 1 / sum;
    for (let k = 0; k < K; k++) store<f64>(z + ((<usize>k) << 3), load<f64>(z + ((<usize>k) << 3)) * inv);
    store<f64>(z + ((<usize>label) << 3), load<f64>(z + ((<usize>label) << 3)) - 1);
    for (let p = start; p < end; p++) {
      const j = <usize>load<i32>(indices + ((<usize>p) << 2));
      addScaled(grad + j * rowBytes, load<f64>(data + ((<usize>p) << 3)), z, K);
    }
    addScaled(gradBias, 1, z, K);
  }
  // ‖W‖²/(2C) and its gradient W/C (the intercepts are not penalised).
  const inv = f64x2.splat(1 / C);
  let sq = f64x2.splat(0);
  const bytes = FK << 3;
  let o: usize = 0;
  for (; o + 16 <= bytes; o += 16) {
    const w = v128.load(theta + o);
    sq = f64x2.add(sq, f64x2.mul(w, w));
    v128.store(grad + o, f64x2.add(v128.load(grad + o), f64x2.mul(w, inv)));
  }
  let squares = f64x2.extract_lane(sq, 0) + f64x2.extract_lane(sq, 1);
  if (o < bytes) {
    const w = load<f64>(theta + o);
    squares += w * w;
    store<f64>(grad + o, load<f64>(grad + o) + w / C);
  }
  return loss + squares / (2 * C);
}

// q += a · x, then returns q · w (w = 0: no dot product). The two-loop recursion's steps, each fused with
// the next one's dot product so that q is read once per stored pair instead of twice.
export function axpyDot(q: usize, a: f64, x: usize, w: usize, n: i32): f64 {
  const va = f64x2.splat(a);
  const bytes = (<usize>n) << 3;
  let acc = f64x2.splat(0);
  let o: usize = 0;
  if (w) {
    for (; o + 16 <= bytes; o += 16) {
      const v = f64x2.add(v128.load(q + o), f64x2.mul(va, v128.load(x + o)));
      v128.store(q + o, v);
      acc = f64x2.add(acc, f64x2.mul(v, v128.load(w + o)));
    }
  } else
    for (; o + 16 <= bytes; o += 16) v128.store(q + o, f64x2.add(v128.load(q + o), f64x2.mul(va, v128.load(x + o))));
  let s = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  if (o < bytes) {
    const v = load<f64>(q + o) + a * load<f64>(x + o);
    store<f64>(q + o, v);
    if (w) s += v * load<f64>(w + o);
  }
  return s;
}

// a · b
export function dot(a: usize, b: usize, n: i32): f64 {
  const bytes = (<usize>n) << 3;
  let acc0 = f64x2.splat(0),
    acc1 = f64x2.splat(0);
  let o: usize = 0;
  for (; o + 32 <= bytes; o += 32) {
    acc0 = f64x2.add(acc0, f64x2.mul(v128.load(a + o), v128.load(b + o)));
    acc1 = f64x2.add(acc1, f64x2.mul(v128.load(a + o, 16), v128.load(b + o, 16)));
  }
  acc0 = f64x2.add(acc0, acc1);
  let s = f64x2.extract_lane(acc0, 0) + f64x2.extract_lane(acc0, 1);
  for (; o < bytes; o += 8) s += load<f64>(a + o) * load<f64>(b + o);
  return s;
}

// q = c · q; returns q · w (w = 0: none).
export function scaleDot(q: usize, c: f64, w: usize, n: i32): f64 {
  let s: f64 = 0;
  for (let i = 0; i < n; i++) {
    const o = (<usize>i) << 3;
    const v = load<f64>(q + o) * c;
    store<f64>(q + o, v);
    if (w) s += v * load<f64>(w + o);
  }
  return s;
}

// out = x + step · d
export function stepTo(out: usize, x: usize, step: f64, d: usize, n: i32): void {
  const vs = f64x2.splat(step);
  const bytes = (<usize>n) << 3;
  let o: usize = 0;
  for (; o + 16 <= bytes; o += 16) v128.store(out + o, f64x2.add(v128.load(x + o), f64x2.mul(vs, v128.load(d + o))));
  if (o < bytes) store<f64>(out + o, load<f64>(x + o) + step * load<f64>(d + o));
}

// s = x1 − x0, y = g1 − g0; returns sᵀy (the curvature along the step).
export function differences(s: usize, y: usize, x1: usize, x0: usize, g1: usize, g0: usize, n: i32): f64 {
  const bytes = (<usize>n) << 3;
  let acc = f64x2.splat(0);
  let o: usize = 0;
  for (; o + 16 <= bytes; o += 16) {
    const a = f64x2.sub(v128.load(x1 + o), v128.load(x0 + o));
    const b = f64x2.sub(v128.load(g1 + o), v128.load(g0 + o));
    v128.store(s + o, a);
    v128.store(y + o, b);
    acc = f64x2.add(acc, f64x2.mul(a, b));
  }
  let c = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  if (o < bytes) {
    const a = load<f64>(x1 + o) - load<f64>(x0 + o),
      b = load<f64>(g1 + o) - load<f64>(g0 + o);
    store<f64>(s + o, a);
    store<f64>(y + o, b);
    c += a * b;
  }
  return c;
}

// max |aᵢ|
export function maxAbs(a: usize, n: i32): f64 {
  let m: f64 = 0;
  for (let i = 0; i < n; i++) {
    const v = Math.abs(load<f64>(a + ((<usize>i) << 3)));
    if (v > m) m = v;
  }
  return m;
}
