/**
 * A `Conv2DBackpropFilter` kernel for tfjs's wasm backend, which has none: a
 * convolution's weight gradient, so that `conv1d` text networks (tf.conv1d is
 * a conv2d of height 1) train on the WebAssembly backend like the other text
 * networks instead of on the slower plain-JavaScript one. Each term is summed
 * in double precision in tfjs-cpu's order (batch, output row, output column)
 * and rounded to float32 once, so the gradient is bit for bit tfjs-cpu's
 * (test/stdlib/text/conv-filter-gradient.test.ts); the loops run over
 * channel rows (an outer product per position) instead of one indexed read
 * per term. Registered when a text network is built
 * (text-networks.ts imports this module).
 */
import * as tf from "@tensorflow/tfjs";

interface WasmBackend {
  readSync(dataId: object): ArrayLike<number>;
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
}

interface Conv2DBackpropFilterAttrs {
  strides: [number, number] | number;
  pad: "valid" | "same" | number | tf.backend_util.ExplicitPadding;
  dataFormat: "NHWC" | "NCHW";
  dimRoundingMode?: "floor" | "round" | "ceil";
  filterShape: [number, number, number, number];
}

/** dW[wR, wC, d1, d2] = Σ over batch and output positions of x[input position, d1] · dy[output position, d2]. */
export function convFilterGradient(
  x: ArrayLike<number>,
  dy: ArrayLike<number>,
  info: tf.backend_util.Conv2DInfo,
): Float32Array {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { filterHeight, filterWidth, strideHeight, strideWidth } = info;
  const top = info.padInfo.top,
    left = info.padInfo.left;
  // Element strides of (batch, row, column, channel) for either layout.
  const last = info.dataFormat === "channelsLast";
  const [xB, xRow, xCol, xCh] = last
    ? [inHeight * inWidth * inChannels, inWidth * inChannels, inChannels, 1]
    : [inChannels * inHeight * inWidth, inWidth, 1, inHeight * inWidth];
  const [yB, yRow, yCol, yCh] = last
    ? [outHeight * outWidth * outChannels, outWidth * outChannels, outChannels, 1]
    : [outChannels * outHeight * outWidth, outWidth, 1, outHeight * outWidth];
  const sums = new Float64Array(filterHeight * filterWidth * inChannels * outChannels);
  for (let b = 0; b < batchSize; b++)
    for (let yR = 0; yR < outHeight; yR++)
      for (let yC = 0; yC < outWidth; yC++) {
        const dyAt = b * yB + yR * yRow + yC * yCol;
        for (let wR = 0; wR < filterHeight; wR++) {
          const xR = wR + yR * strideHeight - top;
          if (xR < 0 || xR >= inHeight) continue;
          for (let wC = 0; wC < filterWidth; wC++) {
            const xC = wC + yC * strideWidth - left;
            if (xC < 0 || xC >= inWidth) continue;
            const xAt = b * xB + xR * xRow + xC * xCol;
            const block = (wR * filterWidth + wC) * inChannels * outChannels;
            for (let d1 = 0; d1 < inChannels; d1++) {
              const v = x[xAt + d1 * xCh];
              const row = block + d1 * outChannels;
              for (let d2 = 0; d2 < outChannels; d2++) sums[row + d2] += v * dy[dyAt + d2 * yCh];
            }
          }
        }
      }
  return Float32Array.from(sums);
}

const kernelFunc: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const a = attrs as unknown as Conv2DBackpropFilterAttrs;
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    a.filterShape,
    a.strides,
    1, // dilations: tfjs's gradient of a dilated convolution does not use this kernel
    a.pad,
    a.dimRoundingMode,
    false,
    tf.backend_util.convertConv2DDataFormat(a.dataFormat),
  );
  const b = backend as unknown as WasmBackend;
  const out = b.makeOutput(a.filterShape, "float32");
  b.typedArrayFromHeap(out).set(convFilterGradient(b.readSync(x.dataId), b.readSync(dy.dataId), info));
  return out;
};

if (!tf.getKernel("Conv2DBackpropFilter", "wasm"))
  tf.registerKernel({ kernelName: "Conv2DBackpropFilter", backendName: "wasm", kernelFunc });
