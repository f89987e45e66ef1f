/**
 * `l2`, `max_iter` and `tol` in a linear model's block: they parse, check
 * (bad values get positioned messages) and lower to the exact solver's
 * settings, with scikit-learn's defaults when left out; naming an optimizer
 * keeps gradient training.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../dsl";
import { emptyEnv } from "../../dsl/check";
import { format } from "../../dsl/format";
import { complete, inspect } from "../../dsl/assist";
import type { ModelSpec } from "../../plan/plan";

const env = emptyEnv(() => ({ columns: ["a", "b", "y"] }));
const diagnostics = (src: string) =>
  compile(src, env).diagnostics.map((d) => `${d.severity} ${d.span.line}:${d.span.col} ${d.message}`);
function model(src: string): ModelSpec {
  const r = compile(src, env);
  const step = r.plan?.steps[0];
  if (step?.op !== "defineModel") throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
  return step.model;
}

describe("exact linear model settings", () => {
  it("lower with scikit-learn's defaults: LogisticRegression's C = 1, LinearRegression's no penalty", () => {
    expect(model("model m: logistic_regression")).toMatchObject({ solver: "exact", l2: 1, maxIter: 100, tol: 1e-8 });
    expect(model("model m: linear_regression")).toMatchObject({ solver: "exact", l2: 0, maxIter: 100, tol: 1e-8 });
    expect(model("model m: dense { layer 4 }")).not.toHaveProperty("solver");
  });

  it("parse and lower as written", () => {
    expect(model("model m: logistic_regression { l2 0.5 max_iter 200 tol 1e-6 }")).toMatchObject({
      solver: "exact",
      l2: 0.5,
      maxIter: 200,
      tol: 1e-6,
    });
    expect(model("model m: linear_regression { l2 2.5 }")).toMatchObject({ solver: "exact", l2: 2.5 });
    expect(diagnostics("model m: logistic_regression { l2 0 threshold 0.3 }")).toEqual([]);
  });

  it("an optimizer keeps gradient training", () => {
    expect(model("model m: logistic_regression { optimizer sgd learning_rate 0.1 epochs 5 }")).toMatchObject({
      solver: "gradient",
      optimizer: "sgd",
      epochs: 5,
    });
    expect(model("model m: logistic_regression { optimizer sgd }")).not.toHaveProperty("l2");
  });

  it("refuses bad values, in place", () => {
    expect(diagnostics("model m: logistic_regression { l2 -1 max_iter 2.5 tol 0 }")).toEqual([
      "error 1:35 l2 is a penalty from 0 (none) to 1000000, scikit-learn's 1/C or Ridge's alpha, not -1",
      "error 1:47 max_iter is a whole number of solver steps from 1 to 100000, not 2.5",
      "error 1:55 tol is a gradient tolerance above 0 and below 1 (e.g. 1e-6), not 0",
    ]);
    expect(diagnostics("model m: logistic_regression { max_iter 0 tol 1 }")).toEqual([
      "error 1:41 max_iter is a whole number of solver steps from 1 to 100000, not 0",
      "error 1:47 tol is a gradient tolerance above 0 and below 1 (e.g. 1e-6), not 1",
    ]);
  });

  it("refuses them where they mean nothing", () => {
    expect(diagnostics("model m: logistic_regression { optimizer adam l2 0.5 }")).toEqual([
      "error 1:50 l2 sets the exact solver, but this model trains by gradient descent (`optimizer adam`): remove one of them",
    ]);
    expect(diagnostics("model m: dense { max_iter 10 layer 4 }")).toEqual([
      "error 1:27 max_iter is a setting of logistic_regression and linear_regression (solved exactly); a dense model trains for `epochs N`",
    ]);
    // A layer's own l2 stays the layer's.
    expect(diagnostics("model m: dense { layer 4 l2 0.01 }")).toEqual([]);
  });

  it("warns about gradient settings an exact model does not use", () => {
    expect(diagnostics("model m: logistic_regression { epochs 30 learning_rate 0.05 }")).toEqual([
      "warning 1:56 a logistic_regression without an optimizer is solved exactly (scikit-learn's objective), so learning_rate changes nothing: remove it, or add `optimizer sgd` (or adam) to train by gradient descent",
      "warning 1:39 a logistic_regression without an optimizer is solved exactly (scikit-learn's objective), so epochs changes nothing: remove it, or add `optimizer sgd` (or adam) to train by gradient descent",
    ]);
    expect(diagnostics("model m: linear_regression { tol 1e-6 }")).toEqual([
      "warning 1:34 linear_regression is solved in closed form, so tol changes nothing; remove it",
    ]);
  });

  it("formats as one setting per line", () => {
    expect(format("model m: logistic_regression { l2 0.5 max_iter 200 tol 1e-6 }").text).toBe(
      "model m: logistic_regression {\n  l2 0.5\n  max_iter 200\n  tol 1e-6\n}\n",
    );
  });

  it("completion offers them in a model block, and inspection explains them", () => {
    const source = "model m: logistic_regression {  }";
    const offered = complete(source, 31, { datasets: [], models: [], needs: [], columns: [] }).matches;
    expect(offered).toEqual(expect.arrayContaining(["l2", "max_iter", "tol"]));
    expect(inspect("model m: logistic_regression { max_iter 5 }", 33)).toMatch(/^max_iter N: .*Newton steps/);
    expect(inspect("model m: logistic_regression { l2 5 }", 32)).toMatch(/LogisticRegression\(C = 1\/X\)/);
  });
});
