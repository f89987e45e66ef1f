/**
 * Seeded randomness. Every random choice needlab makes (splits, initial
 * weights, shuffling, dropout masks, synthetic data) draws from a generator
 * built here, so the same seed always gives the same numbers.
 */
import seedrandom from "seedrandom";

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  /** Standard normal draw (Box-Muller). */
  normal(): number;
}

export function createRng(seed: number | string): Rng {
  const prng = seedrandom(String(seed));
  let spare: number | null = null;
  return {
    next: () => prng(),
    int: (n) => Math.floor(prng() * n),
    normal() {
      if (spare !== null) {
        const s = spare;
        spare = null;
        return s;
      }
      let u = 0;
      while (u === 0) u = prng();
      const v = prng();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
  };
}

/**
 * A stable 31-bit seed for one named purpose ("split", "init:layer1", ...)
 * derived from a user seed, so that purposes do not share a stream and adding
 * one does not shift the numbers of another. FNV-1a over the text.
 */
export function deriveSeed(seed: number, purpose: string): number {
  // The seed goes in through the text only: XOR-ing it into the basis as well
  // cancelled out against its own digit for seeds 0-9.
  let h = 0x811c9dc5;
  const text = `${seed}:${purpose}`;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) & 0x7fffffff;
}

/** Fisher-Yates shuffle of 0..n-1 driven by `rng`. */
export function permutation(n: number, rng: Rng): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = out[i];
    out[i] = out[j];
    out[j] = t;
  }
  return out;
}

/** One of `items`, drawn with probability proportional to its weight (the synthetic data generators' categories). */
export function weightedPick<T>(rng: Rng, items: readonly T[], weights: readonly number[]): T {
  let u = rng.next() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < items.length; i++) {
    u -= weights[i];
    if (u < 0) return items[i];
  }
  return items[items.length - 1];
}
