/**
 * Fast seeded sampling for the bootstrap: a small-state generator (sfc32),
 * exact binomial draws (inversion for small means, Hörmann's BTRS otherwise)
 * and multinomial draws as a chain of binomials.
 */
import { deriveSeed } from "./random";

export type Uniform = () => number;

/** sfc32 (Chris Doty-Humphrey's Small Fast Counting generator), seeded through deriveSeed. */
export function fastRng(seed: number, purpose = "bootstrap"): Uniform {
  let a = deriveSeed(seed, `${purpose}:a`),
    b = deriveSeed(seed, `${purpose}:b`),
    c = deriveSeed(seed, `${purpose}:c`),
    d = 1;
  const next = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    const r = (t + d) | 0;
    c = (c + r) | 0;
    return (r >>> 0) / 4294967296;
  };
  for (let i = 0; i < 15; i++) next(); // mix the seed in
  return next;
}

/** log Γ(x) for x ≥ 1 by Stirling's series (error below 1e-12 there); small x shifted up. */
export function logGamma(x: number): number {
  let shift = 0;
  while (x < 7) {
    shift -= Math.log(x);
    x += 1;
  }
  const z = 1 / (x * x);
  const series = (((((-691 / 360360) * z + 1 / 1188) * z - 1 / 1680) * z + 1 / 1260) * z - 1 / 360) * z + 1 / 12;
  return shift + (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + series / x;
}

const logFactorial = (k: number) => logGamma(k + 1);

/** One draw from Binomial(n, p). */
export function binomial(n: number, p: number, u: Uniform): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - binomial(n, 1 - p, u);
  const q = 1 - p;
  if (n * p < 10) {
    // Inversion: walk the probability mass function from 0.
    const s = p / q,
      a = (n + 1) * s;
    let r = Math.pow(q, n),
      x = 0,
      v = u();
    while (v > r && x < n) {
      v -= r;
      x++;
      r *= a / x - s;
    }
    return x;
  }
  // BTRS: transformed rejection with squeeze (W. Hörmann, 1993).
  const spq = Math.sqrt(n * p * q);
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const vr = 0.92 - 4.2 / b;
  const alpha = (2.83 + 5.1 / b) * spq;
  const lpq = Math.log(p / q);
  const m = Math.floor((n + 1) * p);
  const h = logFactorial(m) + logFactorial(n - m);
  for (;;) {
    const uu = u() - 0.5;
    let v = u();
    const us = 0.5 - Math.abs(uu);
    const k = Math.floor(((2 * a) / us + b) * uu + c);
    if (k < 0 || k > n) continue;
    if (us >= 0.07 && v <= vr) return k;
    v = Math.log((v * alpha) / (a / (us * us) + b));
    if (v <= h - logFactorial(k) - logFactorial(n - k) + (k - m) * lpq) return k;
  }
}

/** One draw from Multinomial(n, counts / Σcounts), written into `out`. */
export function multinomial(n: number, counts: ArrayLike<number>, u: Uniform, out: Float64Array): Float64Array {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i];
  let left = n;
  for (let i = 0; i < counts.length; i++) {
    if (left === 0 || total <= 0) {
      out[i] = 0;
      continue;
    }
    const x = i === counts.length - 1 ? left : binomial(left, Math.min(1, counts[i] / total), u);
    out[i] = x;
    left -= x;
    total -= counts[i];
  }
  return out;
}
