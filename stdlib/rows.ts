/** Row-wise helpers on flattened rows × classes arrays (no TensorFlow.js needed). */

/** Several classes: each row's class index (the most probable), from the flattened n × k probabilities. */
export function argmaxRows(probs: ArrayLike<number>, k: number): Uint8Array {
  const n = probs.length / k;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (probs[i * k + c] > probs[i * k + best]) best = c;
    out[i] = best;
  }
  return out;
}
