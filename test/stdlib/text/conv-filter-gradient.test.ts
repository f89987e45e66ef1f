/**
 * The Conv2DBackpropFilter kernel needlab gives tfjs's wasm backend (which has
 * none): a hand-worked 1-D case, and on seeded inputs the filter gradient of
 * tf.conv1d / tf.conv2d on the wasm backend bit for bit equal to tfjs-cpu's own
 * kernel (strides, valid and same padding, several channels, both layouts).
 */
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../../stdlib/backend";
import { createRng } from "../../../stdlib/random";
import { convFilterGradient } from "../../../stdlib/text/conv-filter-gradient";

const seeded = (shape: number[], seed: number) => {
  const rng = createRng(seed);
  return tf.tensor(
    Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.next() * 2 - 1),
    shape,
  );
};

/** The filter gradient of sum(conv(x, w) · weights) on the active backend. */
function filterGradient(
  x: tf.Tensor,
  w: tf.Tensor,
  stride: number,
  pad: "valid" | "same",
  seed: number,
): { values: Float32Array; shape: number[] } {
  return tf.tidy(() => {
    const conv = (f: tf.Tensor) =>
      x.rank === 3
        ? tf.conv1d(x as tf.Tensor3D, f as tf.Tensor3D, stride, pad)
        : tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, stride, pad);
    const weights = seeded(conv(w).shape, seed);
    const g = tf.grad((f: tf.Tensor) => tf.sum(tf.mul(conv(f), weights)))(w);
    return { values: g.dataSync() as Float32Array, shape: g.shape };
  });
}

describe("the convolution filter gradient on the wasm backend", () => {
  beforeAll(async () => {
    await selectBackend("wasm");
    await import("../../../stdlib/text/conv-filter-gradient");
  });
  afterAll(async () => {
    await tf.setBackend("cpu");
  });

  it("hand-worked: a two-tap 1-D filter over three positions", () => {
    // dW[wC] = Σ_yC x[yC + wC] · dy[yC]: 1·1 + 2·10 = 21 and 2·1 + 3·10 = 32.
    const info = tf.backend_util.computeConv2DInfo([1, 1, 3, 1], [1, 2, 1, 1], 1, 1, "valid");
    expect(Array.from(convFilterGradient([1, 2, 3], [1, 10], info))).toEqual([21, 32]);
    // Stride 2 with same padding over four positions: outputs at 0 and 2, the right pad at 4 adds nothing.
    const strided = tf.backend_util.computeConv2DInfo([1, 1, 4, 1], [1, 2, 1, 1], 2, 1, "same");
    expect(Array.from(convFilterGradient([1, 2, 3, 4], [1, 10], strided))).toEqual([1 + 30, 2 + 40]);
  });

  it.each([
    ["conv1d, 2 messages × 7 tokens × 5 dims, 4 filters of 3, stride 1, valid", [2, 7, 5], [3, 5, 4], 1, "valid"],
    ["conv1d, stride 2, same padding", [3, 9, 4], [3, 4, 6], 2, "same"],
    ["conv2d, 3 × 3 filters over 6 × 5 × 2, same padding", [2, 6, 5, 2], [3, 3, 2, 3], 1, "same"],
    ["conv2d, stride 2, valid", [1, 7, 6, 3], [2, 3, 3, 2], 2, "valid"],
  ] as const)("equals tfjs-cpu's, bit for bit: %s", async (_, xShape, wShape, stride, pad) => {
    const x = seeded([...xShape], 1),
      w = seeded([...wShape], 2);
    expect(tf.getBackend()).toBe("wasm");
    const ours = filterGradient(x, w, stride, pad, 3);
    await tf.setBackend("cpu");
    const cpu = filterGradient(x, w, stride, pad, 3);
    await tf.setBackend("wasm");
    expect(ours.shape).toEqual([...wShape]);
    expect(Array.from(ours.values)).toEqual(Array.from(cpu.values));
    expect(Math.max(...ours.values.map(Math.abs))).toBeGreaterThan(0.1); // a real gradient, not zeros
    tf.dispose([x, w]);
  });

  it("takes channels-first inputs as tfjs-cpu's kernel does", async () => {
    const x = seeded([2, 3, 5, 4], 4), // N, C, H, W
      dy = seeded([2, 2, 5, 4], 5); // 3 × 3 filters, same padding, stride 1: 2 output channels
    const attrs = { strides: 1, pad: "same", dataFormat: "NCHW", filterShape: [3, 3, 3, 2] };
    await tf.setBackend("cpu");
    const cpu = tf.engine().runKernel("Conv2DBackpropFilter", { x, dy }, attrs) as tf.Tensor;
    const info = tf.backend_util.computeConv2DInfo(
      [2, 3, 5, 4],
      [3, 3, 3, 2],
      1,
      1,
      "same",
      undefined,
      false,
      "channelsFirst",
    );
    expect(Array.from(convFilterGradient(x.dataSync(), dy.dataSync(), info))).toEqual(Array.from(cpu.dataSync()));
    await tf.setBackend("wasm");
    tf.dispose([x, dy, cpu]);
  });
});
