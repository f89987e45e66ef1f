/**
 * One fused training step of a dense net in WebAssembly SIMD
 * (wasm/dense-kernel.ts): forward, loss from the logits, backward and the
 * optimizer over one flat parameter vector, with no tensors, no per-op
 * dispatch and no read-back beyond one number. This file lays out the
 * kernel's memory and sequences its calls; it knows nothing of tfjs.
 */
import { DENSE_WASM_BASE64 } from "./dense-wasm";
import { instantiate, Layout, type WasmMemory } from "./wasm-memory";

/** Hidden activations by the kernel's numbers (wasm/dense-kernel.ts `activate`). */
export const ACTIVATION_CODES: Record<string, number> = {
  linear: 0,
  relu: 1,
  sigmoid: 2,
  tanh: 3,
  elu: 4,
  selu: 5,
  softplus: 6,
};

export interface KernelLayer {
  inputs: number;
  units: number;
  /** ACTIVATION_CODES; the output layer's is ignored (the loss takes its logits). */
  activation: number;
  /** Dropout after the activation: the step multiplies by the mask the caller wrote. */
  dropout: boolean;
  /** L2 on the kernel (Keras': l2 · ΣW² added to the loss). */
  l2: number;
}

export type KernelLoss =
  { kind: "binary" } | { kind: "softmax"; classes: number } | { kind: "regression"; center: number; scale: number };

export type KernelOptimizer =
  | { kind: "adam"; beta1: number; beta2: number; epsilon: number }
  | { kind: "sgd"; momentum: number }
  | { kind: "rmsprop"; decay: number; momentum: number; epsilon: number }
  | { kind: "adagrad"; initialAccumulator: number; epsilon: number };

interface Exports {
  memory: WasmMemory;
  gemm(...args: number[]): void;
  transpose(src: number, rows: number, cols: number, dst: number): void;
  activate(kind: number, z: number, n: number): void;
  activateBackward(kind: number, y: number, d: number, n: number): void;
  multiply(x: number, m: number, out: number, n: number): void;
  columnSums(d: number, rows: number, cols: number, db: number): void;
  lossBinary(z: number, y: number, w: number, n: number, dz: number): number;
  lossSoftmax(z: number, y: number, w: number, n: number, k: number, dz: number): number;
  lossRegression(z: number, y: number, w: number, n: number, center: number, scale: number, dz: number): number;
  l2Penalty(p: number, g: number, n: number, l2: number): number;
  adam(...args: number[]): void;
  sgd(p: number, g: number, a: number, n: number, lr: number, momentum: number): void;
  rmsprop(...args: number[]): void;
  adagrad(p: number, g: number, s: number, n: number, lr: number, eps: number): void;
  gatherRows(src: number, width: number, idx: number, rows: number, out: number): void;
  gatherValues(src: number, idx: number, rows: number, out: number): void;
}

/**
 * The training rows, held in kernel memory so that each batch is gathered
 * there (by index) instead of copied row by row from JavaScript.
 */
export interface ResidentRows {
  x: Float32Array;
  targets: ArrayLike<number>;
  weights?: ArrayLike<number>;
}

interface LayerBuffers {
  kernel: number;
  bias: number;
  gradKernel: number;
  gradBias: number;
  /** Activation output (before dropout), batch × units. */
  out: number;
  /** Dropout's mask (0 or 1/keep) and the masked output the next layer reads. */
  mask?: number;
  dropped?: number;
}

export class DenseKernel {
  private readonly wasm: Exports;
  private readonly layers: (KernelLayer & LayerBuffers)[];
  private readonly size: number;
  private readonly params: number;
  private readonly grads: number;
  private readonly state1: number;
  private readonly state2: number;
  private readonly transposed: number;
  private readonly deltaA: number;
  private readonly deltaB: number;
  readonly inputAt: number;
  private readonly targetAt: number;
  private readonly weightAt: number;
  private readonly resident?: { x: number; targets: number; weights?: number; order: number; width: number };
  private steps = 0;
  private accBeta1 = 1;
  private accBeta2 = 1;

  constructor(
    layers: KernelLayer[],
    readonly batch: number,
    private readonly loss: KernelLoss,
    private readonly optimizer: KernelOptimizer,
    rows?: ResidentRows,
  ) {
    const layout = new Layout();
    const take = (floats: number) => layout.take(floats * 4);
    this.size = layers.reduce((s, l) => s + l.inputs * l.units + l.units, 0);
    this.params = take(this.size);
    this.grads = take(this.size);
    this.state1 = take(this.size);
    this.state2 = take(this.size);
    const widest = Math.max(layers[0].inputs, ...layers.map((l) => l.units));
    this.transposed = take(Math.max(...layers.map((l) => l.inputs * l.units)));
    this.deltaA = take(batch * widest);
    this.deltaB = take(batch * widest);
    this.inputAt = take(batch * layers[0].inputs);
    this.targetAt = take(batch);
    this.weightAt = take(batch);
    const width = layers[0].inputs;
    const n = rows ? rows.x.length / width : 0;
    const resident = rows && {
      x: take(n * width),
      targets: take(n),
      weights: rows.weights && take(n),
      order: take(batch),
      width,
    };
    let offset = this.params;
    this.layers = layers.map((l) => {
      const kernel = offset,
        bias = kernel + l.inputs * l.units * 4;
      offset = bias + l.units * 4;
      const grad = (p: number) => p - this.params + this.grads;
      const out = take(batch * l.units);
      const dropout = l.dropout ? { mask: take(batch * l.units), dropped: take(batch * l.units) } : {};
      return { ...l, kernel, bias, gradKernel: grad(kernel), gradBias: grad(bias), out, ...dropout };
    });
    this.wasm = instantiate<Exports>(DENSE_WASM_BASE64, layout.end);
    this.view(this.weightAt, batch).fill(1);
    if (optimizer.kind === "adagrad") this.view(this.state1, this.size).fill(optimizer.initialAccumulator);
    if (rows && resident) {
      this.view(resident.x, rows.x.length).set(rows.x);
      this.view(resident.targets, n).set(rows.targets);
      if (rows.weights) this.view(resident.weights!, n).set(rows.weights);
      this.resident = resident;
    }
  }

  /** With resident rows: writes the batch of rows order[from..to) into the inputs, targets and weights. */
  gather(order: Int32Array, from: number, to: number): void {
    const r = this.resident!,
      rows = to - from;
    new Int32Array(this.wasm.memory.buffer, r.order, rows).set(order.subarray(from, to));
    this.wasm.gatherRows(r.x, r.width, r.order, rows, this.inputAt);
    this.wasm.gatherValues(r.targets, r.order, rows, this.targetAt);
    if (r.weights !== undefined) this.wasm.gatherValues(r.weights, r.order, rows, this.weightAt);
  }

  /** A view of kernel memory (recreated on each call: growing memory detaches old views). */
  view(at: number, floats: number): Float32Array {
    return new Float32Array(this.wasm.memory.buffer, at, floats);
  }

  /** Layer i's kernel (inputs × units, row-major as tfjs stores it) and bias. */
  weights(i: number): { kernel: Float32Array; bias: Float32Array } {
    const l = this.layers[i];
    return { kernel: this.view(l.kernel, l.inputs * l.units), bias: this.view(l.bias, l.units) };
  }

  /** All parameters, layer by layer (kernel then bias): a copy. */
  snapshot(): Float32Array {
    return this.view(this.params, this.size).slice();
  }

  restore(values: Float32Array): void {
    this.view(this.params, this.size).set(values);
  }

  /** Where the caller writes the batch: rows of inputs, one target and one loss weight per row. */
  inputs(rows: number): Float32Array {
    return this.view(this.inputAt, rows * this.layers[0].inputs);
  }
  targets(rows: number): Float32Array {
    return this.view(this.targetAt, rows);
  }
  rowWeights(rows: number): Float32Array {
    return this.view(this.weightAt, rows);
  }
  /** Layer i's dropout mask for this batch, to fill with 0 or 1/keep (layers with dropout only). */
  mask(i: number, rows: number): Float32Array {
    return this.view(this.layers[i].mask!, rows * this.layers[i].units);
  }

  /** One optimizer step on the batch written above; returns its mean loss, L2 penalties included. */
  step(rows: number, learningRate: number): number {
    const w = this.wasm;
    let input = this.inputAt;
    const last = this.layers.length - 1;
    this.layers.forEach((l, i) => {
      w.gemm(input, l.inputs, 1, l.kernel, l.units, l.out, l.units, rows, l.units, l.inputs, 0, l.bias);
      if (i === last) return;
      w.activate(l.activation, l.out, rows * l.units);
      if (l.mask) w.multiply(l.out, l.mask, l.dropped!, rows * l.units);
      input = l.dropped ?? l.out;
    });
    const top = this.layers[last];
    let delta = this.deltaA,
      spare = this.deltaB;
    let loss =
      this.loss.kind === "binary"
        ? w.lossBinary(top.out, this.targetAt, this.weightAt, rows, delta)
        : this.loss.kind === "softmax"
          ? w.lossSoftmax(top.out, this.targetAt, this.weightAt, rows, this.loss.classes, delta)
          : w.lossRegression(top.out, this.targetAt, this.weightAt, rows, this.loss.center, this.loss.scale, delta);
    for (let i = last; i >= 0; i--) {
      const l = this.layers[i];
      const below = i > 0 ? this.layers[i - 1] : undefined;
      const input = below ? (below.dropped ?? below.out) : this.inputAt;
      // dW = inputᵀ · δ, db = Σ rows of δ
      w.gemm(input, 1, l.inputs, delta, l.units, l.gradKernel, l.units, l.inputs, l.units, rows, 0, 0);
      w.columnSums(delta, rows, l.units, l.gradBias);
      if (l.l2 > 0) loss += w.l2Penalty(l.kernel, l.gradKernel, l.inputs * l.units, l.l2);
      if (!below) break;
      // δ below = (δ · Wᵀ) ⊙ mask ⊙ f'(its output)
      w.transpose(l.kernel, l.inputs, l.units, this.transposed);
      w.gemm(delta, l.units, 1, this.transposed, l.inputs, spare, l.inputs, rows, l.inputs, l.units, 0, 0);
      if (below.mask) w.multiply(spare, below.mask, spare, rows * below.units);
      w.activateBackward(below.activation, below.out, spare, rows * below.units);
      [delta, spare] = [spare, delta];
    }
    this.update(learningRate);
    return loss;
  }

  private update(lr: number): void {
    const o = this.optimizer,
      w = this.wasm;
    this.steps++;
    if (o.kind === "adam") {
      // tfjs keeps β^t as a float32 product, updated after each step.
      this.accBeta1 = Math.fround(this.accBeta1 * o.beta1);
      this.accBeta2 = Math.fround(this.accBeta2 * o.beta2);
      const c1 = Math.fround(1 - this.accBeta1),
        c2 = Math.fround(1 - this.accBeta2);
      w.adam(this.params, this.grads, this.state1, this.state2, this.size, lr, o.beta1, o.beta2, o.epsilon, c1, c2);
    } else if (o.kind === "sgd") w.sgd(this.params, this.grads, this.state1, this.size, lr, o.momentum);
    else if (o.kind === "rmsprop")
      w.rmsprop(this.params, this.grads, this.state1, this.state2, this.size, lr, o.decay, o.momentum, o.epsilon);
    else w.adagrad(this.params, this.grads, this.state1, this.size, lr, o.epsilon);
  }

  /** The gradient of the last step, layer by layer (kernel then bias), before the update: for tests. */
  gradients(): Float32Array {
    return this.view(this.grads, this.size).slice();
  }
}
