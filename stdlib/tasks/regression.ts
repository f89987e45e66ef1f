/**
 * A number: the model predicts it in the target's unit. mae, mse, rmse, r2
 * and mape, intervals from resampled rows.
 */
import { evaluateRegression, type RegressionEvaluation } from "../evaluate-regression";
import { regressionMetrics } from "../metrics";
import { predictedActualFigure } from "../plots";
import { fmt, regressionMetricsView } from "../views";
import { NeedlabError } from "../errors";
import { sharedView, verdictsWithMachine, type TaskModule } from "./task";

export const regressionTask: TaskModule<RegressionEvaluation> = {
  task: "regression",
  foldScoreName: "r2",
  foldScore: (_data, rows, scores) => regressionMetrics(rows.value!, scores).r2,
  rankScoreName: "r2",
  rankScore: (e) => e.metrics.r2,
  groupDecisions: false,

  // Needs on classifier metrics are refused by the checker; nothing else depends on the data.
  checkNeeds: () => undefined,

  evaluate: ({ model, data, matrix, scores, operational, split }, needs) =>
    evaluateRegression({ model, dataset: data.name, yTrue: matrix.value!, yPred: scores, operational }, needs, {
      seed: data.spec.seed,
      split,
    }),

  evaluationDisplays: (evals, ctx) => [
    verdictsWithMachine(evals, ctx, () => ({}), { task: "regression" }),
    { view: regressionMetricsView(evals) },
    {
      figure: predictedActualFigure(evals, ctx.style),
      text: `Predicted against actual: ${evals.map((e) => `${e.model} r2 ${fmt(e.metrics.r2)}, mae ${fmt(e.metrics.mae)}`).join("; ")}`,
    },
  ],

  comparisonDisplays: () => [],

  metricsView: (evals) => regressionMetricsView(evals),

  show(view, evals, ctx) {
    const names = evals.map((e) => e.model);
    if (view === "metrics") return [{ view: regressionMetricsView(evals) }];
    const shared = sharedView(view, evals, ctx, `Needs scorecard: ${names.join(", ")}`);
    if (shared) return shared;
    throw new NeedlabError(
      `\`show ${view}\` draws a classifier's ${view === "groups" ? "rates by group" : view === "classes" || view === "confused" ? "classes" : "curves"}; ${names.join(", ")} ${names.length === 1 ? "predicts" : "predict"} a number: show verdicts, metrics, loss or scorecard.`,
    );
  },

  describeTarget: (data) => `${data.target}: a number (regression)`,
  describePart: (_data, rows) => `${rows.n} rows`,
  decisions(_data, _scores, _threshold, model) {
    throw new NeedlabError(
      `'${model}' predicts a number, so it has no classes to count or confuse: monitor its dataset without \`for ${model}\`, and judge it with show metrics.`,
    );
  },
};
