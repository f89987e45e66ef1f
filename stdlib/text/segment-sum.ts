/**
 * A fast `UnsortedSegmentSum` kernel for tfjs's cpu and wasm backends: the
 * gradient of an embedding lookup (tf.gather) sums each token's gradient rows
 * into its row of the table. tfjs-cpu computes it with one masked tensor
 * operation per segment, O(vocabulary × batch), about 45 seconds a batch for
 * a 3,500-token vocabulary; tfjs-wasm has no such kernel at all. This one is a
 * single pass over the rows (same sums, ~200× faster), so embedding, conv1d,
 * gru and transformer networks train in seconds. Registered when a text
 * network is built (text-networks.ts imports this module).
 */
import * as tf from "@tensorflow/tfjs";

interface Backend {
  readSync(dataId: object): ArrayLike<number>;
  makeTensorInfo?(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo;
  makeOutput?(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap?(info: tf.TensorInfo): Float32Array;
}

/** out[segmentIds[i]] += x[i] for every row i; ids outside 0 … numSegments − 1 are dropped (as TensorFlow). */
export function segmentSum(x: ArrayLike<number>, ids: ArrayLike<number>, numSegments: number): Float32Array {
  const inner = ids.length ? x.length / ids.length : 0;
  const out = new Float32Array(numSegments * inner);
  for (let i = 0; i < ids.length; i++) {
    const s = ids[i];
    if (s < 0 || s >= numSegments) continue;
    for (let j = 0, o = s * inner, a = i * inner; j < inner; j++) out[o + j] += x[a + j];
  }
  return out;
}

const kernelFunc: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, segmentIds } = inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
  const numSegments = (attrs as { numSegments: number }).numSegments;
  const b = backend as unknown as Backend;
  const out = segmentSum(b.readSync(x.dataId), b.readSync(segmentIds.dataId), numSegments);
  const shape = [numSegments, ...x.shape.slice(segmentIds.shape.length)];
  if (b.makeTensorInfo) return b.makeTensorInfo(shape, x.dtype, out);
  const info = b.makeOutput!(shape, x.dtype);
  b.typedArrayFromHeap!(info).set(out);
  return info;
};

for (const backendName of ["cpu", "wasm"]) {
  if (tf.getKernel("UnsortedSegmentSum", backendName)) tf.unregisterKernel("UnsortedSegmentSum", backendName);
  tf.registerKernel({ kernelName: "UnsortedSegmentSum", backendName, kernelFunc });
}
