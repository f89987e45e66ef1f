/** How long one prediction takes, as a serving program would see it. */
import * as tf from "@tensorflow/tfjs";
import type { Matrix } from "./data/prepare";
import { predictTexts, textInputOf, textsOf } from "./text/text-input";

/**
 * The 95th percentile of single-row prediction time, in milliseconds, over
 * 200 rows after 20 warm-up calls: what serving one applicant at a time costs.
 */
export function p95Latency(model: tf.LayersModel, m: Matrix, width: number, calls = 200): number {
  if (m.n === 0) return NaN;
  const text = textInputOf(model);
  const time = (i: number) => {
    const r = i % m.n;
    const started = performance.now();
    // A text model's time includes vectorising the message, as serving one would.
    if (text) predictTexts(model, text, [textsOf(m)[r]]);
    else
      tf.tidy(() =>
        (model.predict(tf.tensor2d(m.x.subarray(r * width, (r + 1) * width), [1, width])) as tf.Tensor).dataSync(),
      );
    return performance.now() - started;
  };
  for (let i = 0; i < 20; i++) time(i);
  const times = Array.from({ length: calls }, (_, i) => time(i)).sort((a, b) => a - b);
  return times[Math.ceil(0.95 * calls) - 1];
}
