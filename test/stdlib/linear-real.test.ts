/**
 * needlab's exact linear models against scikit-learn on the real datasets of
 * ../shared/data, prepared by needlab and handed to scikit-learn as the very
 * same matrices: trained through train() (the path `train` takes), so the
 * tfjs model's weights and predictions are what is compared. Skipped, with a
 * message, where the folder or scikit-learn is absent.
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { modelSpec, type ModelSpec } from "../../plan/plan";
import type { PreparedData } from "../../stdlib/data/prepare";
import { initBackend } from "../../stdlib/backend";
import { rocAuc } from "../../stdlib/metrics";
import { classWeightsOf, predictProba, train } from "../../stdlib/train";
import { prepareReal, REAL_BINARY, sharedData } from "../helpers/real-binary";
import { sklearnFit } from "../helpers/sklearn-linear";
import { requireTool, systemPython } from "../helpers/tools";

const DATA = sharedData();
if (!DATA) console.warn("skipping real-data linear-model tests: ../shared/data is absent");
const py = DATA ? systemPython(["sklearn", "numpy"]) : undefined;
const ready = !!DATA && requireTool("python3 with scikit-learn", py, "apt-get install python3-sklearn");

const logistic = (over: Partial<ModelSpec> = {}) => modelSpec({ name: "lr", family: "logistic_regression", ...over });

/** The output layer's coefficients, output by output, each followed by its intercept. */
function parameters(model: tf.LayersModel): number[][] {
  const [kernel, bias] = model.getLayer("output").getWeights();
  const [d, k] = kernel.shape as [number, number];
  const w = kernel.dataSync(),
    b = bias.dataSync();
  return Array.from({ length: k }, (_, c) => [...Array.from({ length: d }, (_, j) => w[j * k + c]), b[c]]);
}

function expectClose(actual: number[], expected: number[], relative: number): void {
  const scale = Math.max(...expected.map(Math.abs));
  const worst = Math.max(...actual.map((a, i) => Math.abs(a - expected[i])));
  expect(worst, `max difference ${worst} against scale ${scale}`).toBeLessThanOrEqual(relative * scale);
}

/** scikit-learn's objective in float64: Σ sᵢ · logloss + (l2 / 2) · ‖coef‖², for coefficients followed by the intercept. */
function objective(data: PreparedData, params: number[], l2: number, weights?: Float32Array): number {
  const d = data.featureNames.length;
  let total = 0;
  for (let i = 0; i < data.train.n; i++) {
    let z = params[d];
    for (let j = 0; j < d; j++) z += data.train.x[i * d + j] * params[j];
    const loss = (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - (data.train.y[i] === 1 ? z : 0);
    total += (weights ? weights[i] : 1) * loss;
  }
  return total + 0.5 * l2 * params.slice(0, d).reduce((s, v) => s + v * v, 0);
}

/** Float32 weights (tfjs) limit the stored coefficients to about 1e-7 relative; the solver itself is float64. */
const COEF = 1e-4;

describe.runIf(ready)("exact linear models on real data, against scikit-learn", () => {
  const prepared = new Map<string, PreparedData>();
  beforeAll(async () => {
    await initBackend();
    for (const given of REAL_BINARY) prepared.set(given.source, await prepareReal(DATA!, given));
  }, 300_000);

  it("ROC AUC within 0.005 of LogisticRegression() on every binary dataset (same split, same matrix)", async () => {
    const rows: string[] = [];
    const fits = [];
    for (const given of REAL_BINARY) {
      const data = prepared.get(given.source)!;
      const run = await train(logistic(), data);
      const auc = rocAuc(data.test.y, predictProba(run.model, data.test, data.featureNames.length));
      fits.push({ source: given.source, auc, solver: run.solver });
      run.model.dispose();
    }
    const expected = sklearnFit(
      py!,
      REAL_BINARY.map((given) => {
        const data = prepared.get(given.source)!;
        const d = data.featureNames.length;
        return {
          kind: "logistic" as const,
          x: data.train.x,
          n: data.train.n,
          d,
          y: data.train.y,
          l2: 1,
          sklearnDefaults: true,
          test: { x: data.test.x, n: data.test.n, y: data.test.y },
        };
      }),
    );
    fits.forEach((f, i) => {
      rows.push(
        `${f.source}: needlab ${f.auc.toFixed(4)}, scikit-learn ${expected[i].test_auc!.toFixed(4)} (${f.solver})`,
      );
    });
    console.log(rows.join("\n"));
    fits.forEach((f, i) => expect(Math.abs(f.auc - expected[i].test_auc!), f.source).toBeLessThanOrEqual(0.005));
  }, 300_000);

  it("through train(): coefficients and probabilities equal scikit-learn's, with class weights, with and without L2", async () => {
    const cancer = prepared.get("breast_cancer_wisconsin_diagnostic.csv")!;
    const pima = prepared.get("pima_indians_diabetes.csv")!;
    const heart = prepared.get("heart_disease_cleveland.csv")!;
    const runs = [
      { data: cancer, spec: logistic({ classWeight: "balanced", l2: 1 }) },
      { data: cancer, spec: logistic({ l2: 0.25, tol: 1e-10 }) },
      { data: pima, spec: logistic({ l2: 0, tol: 1e-10 }) },
      { data: heart, spec: logistic({ classWeight: { "0": 2, "not 0": 1 }, l2: 4 }) },
    ];
    const fitted = [];
    for (const r of runs) fitted.push(await train(r.spec, r.data));
    const cases = runs.map((r) => {
      const names = [r.data.negative, r.data.positive];
      const cw = classWeightsOf(r.spec, r.data.train.y, names);
      return {
        kind: "logistic" as const,
        x: r.data.train.x,
        n: r.data.train.n,
        d: r.data.featureNames.length,
        y: r.data.train.y,
        weights: cw ? Float32Array.from(r.data.train.y, (v) => cw[names[v]]) : undefined,
        l2: r.spec.l2!,
      };
    });
    const expected = sklearnFit(py!, cases);
    fitted.forEach((run, i) => {
      expect(run.solver).toMatch(/converged$/);
      expectClose(parameters(run.model)[0], [...expected[i].coef[0], expected[i].intercept[0]], COEF);
      const p = predictProba(run.model, runs[i].data.train, runs[i].data.featureNames.length);
      // Probabilities to 1e-5, and needlab's parameters (even rounded to tfjs's float32) give the lower objective.
      expectClose(Array.from(p), expected[i].proba!, 1e-5);
      const weights = runs[i].spec.classWeight ? (cases[i].weights as Float32Array) : undefined;
      const ours = objective(runs[i].data, parameters(run.model)[0], runs[i].spec.l2!, weights);
      const theirs = objective(
        runs[i].data,
        [...expected[i].coef[0], expected[i].intercept[0]],
        runs[i].spec.l2!,
        weights,
      );
      expect(ours).toBeLessThanOrEqual(theirs * (1 + 1e-9));
      run.model.dispose();
    });
  }, 300_000);
});
