/**
 * train() with a linear model that names no optimizer: the exact solver,
 * handed back as the tfjs model the gradient path builds. A regression
 * (trained on the standardised target) equals scikit-learn's Ridge on the
 * target in its own unit; a multiclass model equals its multinomial
 * LogisticRegression; `optimizer` keeps the gradient path; an interrupt
 * stops between Newton steps keeping the weights reached.
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { modelSpec, type ModelSpec } from "../../plan/plan";
import type { Matrix } from "../../stdlib/data/prepare";
import { initBackend } from "../../stdlib/backend";
import { predictProba, train, type TrainingData } from "../../stdlib/train";
import { createRng } from "../../stdlib/random";
import { sklearnFit } from "../helpers/sklearn-linear";
import { requireTool, systemPython } from "../helpers/tools";

const py = systemPython(["sklearn", "numpy"]);
const empty: Matrix = { x: new Float32Array(0), y: new Uint8Array(0), rows: new Int32Array(0), n: 0 };
const spec = (over: Partial<ModelSpec>) => modelSpec({ name: "m", family: "logistic_regression", ...over });

function features(n: number, d: number, seed: number) {
  const rng = createRng(seed);
  return { rng, x: Float32Array.from({ length: n * d }, () => rng.normal()) };
}

function regressionData(n: number, d: number): TrainingData & { rowWeights: Float32Array } {
  const { rng, x } = features(n, d, 3);
  // A target in its own unit (thousands), as a price would be.
  const value = Float32Array.from(
    { length: n },
    (_, i) => 5000 + 800 * x[i * d] - 300 * x[i * d + 2] + 200 * rng.normal(),
  );
  const center = value.reduce((a, b) => a + b, 0) / n;
  const scale = Math.sqrt(value.reduce((a, b) => a + (b - center) ** 2, 0) / n);
  const rowWeights = Float32Array.from({ length: n }, () => 0.5 + rng.next());
  return {
    train: { x, y: new Uint8Array(n), value, rows: Int32Array.from({ length: n }, (_, i) => i), n },
    validation: empty,
    featureNames: Array.from({ length: d }, (_, j) => `f${j}`),
    targetScale: { center, scale },
    sampleWeights: rowWeights,
    rowWeights,
  };
}

function multiclassData(n: number, d: number): TrainingData {
  const { rng, x } = features(n, d, 4);
  const y = Uint8Array.from({ length: n }, (_, i) => {
    const z = [0, x[i * d] + 0.5 * x[i * d + 1], x[i * d + 2] - x[i * d]].map((v) => v + rng.normal());
    return z.indexOf(Math.max(...z));
  });
  return {
    train: { x, y, rows: Int32Array.from({ length: n }, (_, i) => i), n },
    validation: empty,
    featureNames: Array.from({ length: d }, (_, j) => `f${j}`),
    classNames: ["a", "b", "c"],
  };
}

function binaryData(n: number, d: number): TrainingData {
  const { rng, x } = features(n, d, 5);
  const y = Uint8Array.from({ length: n }, (_, i) => (x[i * d] - x[i * d + 1] + rng.normal() > 0 ? 1 : 0));
  const half = Math.floor(n / 2);
  const part = (from: number, to: number): Matrix => ({
    x: x.slice(from * d, to * d),
    y: y.slice(from, to),
    rows: Int32Array.from({ length: to - from }, (_, i) => from + i),
    n: to - from,
  });
  return {
    train: part(0, half),
    validation: part(half, n),
    featureNames: Array.from({ length: d }, (_, j) => `f${j}`),
  };
}

const outputWeights = (m: tf.LayersModel) =>
  m
    .getLayer("output")
    .getWeights()
    .map((w) => Array.from(w.dataSync()));

function expectClose(actual: number[], expected: number[], relative: number): void {
  const scale = Math.max(...expected.map(Math.abs));
  const worst = Math.max(...actual.map((a, i) => Math.abs(a - expected[i])));
  expect(worst, `max difference ${worst} against scale ${scale}`).toBeLessThanOrEqual(relative * scale);
}

beforeAll(async () => {
  await initBackend();
});

describe("train() solves linear models exactly", () => {
  it("reports Newton steps as its history, converges, and gives the same weights every run", async () => {
    const data = binaryData(400, 4);
    const a = await train(spec({}), data);
    const b = await train(spec({}), data);
    expect(a.solver).toMatch(/^exact: Newton \(LogisticRegression, C 1\), \d+ iterations, converged$/);
    expect(a.history.length).toBe(a.epochsRun);
    expect(a.history.length).toBeGreaterThan(1);
    expect(a.history.length).toBeLessThan(15);
    // Each step lowers the objective; the validation loss is measured at each.
    a.history.slice(1).forEach((h, i) => expect(h.loss).toBeLessThan(a.history[i].loss));
    expect(a.history.every((h) => Number.isFinite(h.valLoss))).toBe(true);
    expect(outputWeights(a.model)).toEqual(outputWeights(b.model));
    expect(a.model.layers).toHaveLength(1);
  });

  it("keeps the gradient path when an optimizer is named", async () => {
    const run = await train(spec({ solver: "gradient", optimizer: "sgd", epochs: 3 }), binaryData(200, 4));
    expect(run.solver).toBeUndefined();
    expect(run.epochsRun).toBe(3);
  });

  it("stops between Newton steps when interrupted, keeping the weights reached", async () => {
    const signal = { aborted: false };
    const run = await train(spec({ l2: 0 }), binaryData(400, 4), {
      signal,
      onEpoch: (log) => (signal.aborted = log.epoch === 1),
    });
    expect(run.interrupted).toBe(true);
    expect(run.epochsRun).toBe(1);
    expect(outputWeights(run.model)[0].some((v) => v !== 0)).toBe(true);
  });
});

describe.runIf(requireTool("python3 with scikit-learn", py, "apt-get install python3-sklearn"))(
  "train() against scikit-learn",
  () => {
    it("linear_regression: Ridge(alpha) and LinearRegression on the target in its own unit, with sample weights", async () => {
      const data = regressionData(500, 5);
      const runs = [
        await train(spec({ family: "linear_regression", l2: 3 }), data),
        await train(spec({ family: "linear_regression" }), data),
      ];
      const expected = sklearnFit(
        py!,
        [3, 0].map((l2) => ({
          kind: "ridge" as const,
          x: data.train.x,
          n: 500,
          d: 5,
          y: data.train.value!,
          weights: data.rowWeights,
          l2,
        })),
      );
      runs.forEach((run, i) => {
        expect(run.solver).toMatch(/^exact: closed form/);
        const predicted = Array.from(predictProba(run.model, data.train, 5));
        // tfjs computes in float32: predictions near 5000 carry about 1e-3 of rounding.
        expectClose(predicted, expected[i].predict!, 1e-6);
        const [kernel, bias] = outputWeights(run.model);
        const { center, scale } = data.targetScale!;
        expectClose(
          kernel.map((w) => w * scale),
          expected[i].coef[0],
          1e-4,
        );
        expect(Math.abs(bias[0] * scale + center - expected[i].intercept[0])).toBeLessThan(
          1e-4 * Math.abs(expected[i].intercept[0]),
        );
      });
    });

    it("several classes: multinomial LogisticRegression's probabilities", async () => {
      const data = multiclassData(600, 4);
      const run = await train(spec({ l2: 0.5 }), data);
      const [expected] = sklearnFit(py!, [
        { kind: "logistic", x: data.train.x, n: 600, d: 4, y: data.train.y, l2: 0.5, classes: 3 },
      ]);
      expectClose(Array.from(predictProba(run.model, data.train, 4)), expected.proba!, 1e-4);
      const [kernel, bias] = outputWeights(run.model);
      const ours = [0, 1, 2].flatMap((c) => [...[0, 1, 2, 3].map((j) => kernel[j * 3 + c]), bias[c]]);
      expectClose(
        ours,
        [0, 1, 2].flatMap((c) => [...expected.coef[c], expected.intercept[c]]),
        1e-4,
      );
    });

    it("a multiclass target with two classes keeps both softmax outputs (multi_class='multinomial')", async () => {
      const data = multiclassData(400, 4);
      const y = data.train.y.map((v) => (v === 2 ? 1 : v));
      const two: TrainingData = { ...data, train: { ...data.train, y }, classNames: ["a", "b"] };
      const run = await train(spec({ l2: 0.5 }), two);
      expect(run.model.getLayer("output").getWeights()[0].shape).toEqual([4, 2]);
      const [expected] = sklearnFit(py!, [
        { kind: "logistic", x: data.train.x, n: 400, d: 4, y, l2: 0.5, classes: 2, softmax: true },
      ]);
      expectClose(Array.from(predictProba(run.model, two.train, 4)), expected.proba!, 1e-4);
    });
  },
);
