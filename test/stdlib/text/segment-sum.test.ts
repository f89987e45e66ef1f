/**
 * The UnsortedSegmentSum kernel that replaces tfjs-cpu's (and fills wasm's
 * gap): hand-worked sums, out-of-range ids dropped, trailing dimensions kept,
 * and an embedding's gradient equal to the one-hot matrix product it stands for.
 */
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { segmentSum } from "../../../stdlib/text/segment-sum";

describe("segment sums", () => {
  it("hand-worked: rows added into their segments, ids outside the range dropped", () => {
    expect(Array.from(segmentSum([1, 2, 3, 4, 5, 6, 7, 8], [2, 0, 2, -1], 3))).toEqual([3, 4, 0, 0, 6, 8]);
    expect(Array.from(segmentSum([1, 2, 3], [0, 5, 0], 2))).toEqual([4, 0]);
  });

  it("is the kernel tf.unsortedSegmentSum runs on the cpu backend, with the output shape TensorFlow gives", async () => {
    await tf.setBackend("cpu");
    const x = tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]);
    const r = tf.unsortedSegmentSum(x, tf.tensor1d([1, 1], "int32"), 3);
    expect(r.shape).toEqual([3, 2, 2]);
    expect(Array.from(r.dataSync())).toEqual([0, 0, 0, 0, 6, 8, 10, 12, 0, 0, 0, 0]);
    tf.dispose([x, r]);
  });

  it("gives an embedding lookup the gradient of the one-hot product it stands for", async () => {
    await tf.setBackend("cpu");
    const table = tf.tensor2d([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8], [4, 2]);
    const ids = tf.tensor1d([3, 1, 3, 0], "int32");
    const weights = tf.tensor2d([1, -2, 0.5, 3, -1, 2, 4, 0.25], [4, 2]);
    const viaGather = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, ids), weights)))(table);
    const viaOneHot = tf.grad((t: tf.Tensor) =>
      tf.sum(tf.mul(tf.matMul(tf.oneHot(ids, 4).toFloat(), t as tf.Tensor2D), weights)),
    )(table);
    expect(Array.from(viaGather.dataSync())).toEqual(Array.from(viaOneHot.dataSync()));
    // Token 0 gets weight row 3, token 1 row 1; token 3 twice: rows 0 and 2, which cancel; token 2 never.
    expect(Array.from(viaGather.dataSync())).toEqual([4, 0.25, 0.5, 3, 0, 0, 0, 0]);
    tf.dispose([table, ids, weights, viaGather, viaOneHot]);
  });
});
