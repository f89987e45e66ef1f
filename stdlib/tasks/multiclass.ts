/**
 * Several classes: a softmax over the classes; the most probable one is the
 * prediction. Accuracy, balanced accuracy, log loss, per-class scores.
 */
import { evaluateMulticlass, type MulticlassEvaluation } from "../evaluate-multiclass";
import { confusedPairsFigure, multiclassConfusionFigure } from "../plots";
import { classGroupsView, confusedPairs, confusedPairsView, confusionOrder, perClassView } from "../class-views";
import { argmaxRows } from "../rows";
import { fmt, multiclassMetricsView } from "../views";
import { NeedlabError } from "../errors";
import { shown } from "../data/columns";
import { sensitiveOf, sharedView, verdictsWithMachine, type Shown, type TaskModule } from "./task";

/** The confusion matrix with the most confused classes first (and only the first 30 of many). */
const confusion = (e: MulticlassEvaluation): Shown => ({
  figure: multiclassConfusionFigure(e, confusionOrder(e)),
  text: `Confusion matrix: ${e.model}, accuracy ${fmt(e.metrics.accuracy)}, most confused classes first`,
});

/** The pairs of classes each model confuses most: one table, then one chart per model that confuses any. */
const confused = (evals: MulticlassEvaluation[]): Shown[] => [
  { view: confusedPairsView(evals) },
  ...evals.flatMap((e) => {
    const pairs = confusedPairs(e);
    return pairs.length
      ? [
          {
            figure: confusedPairsFigure(e.model, pairs),
            text: `Most confused: ${e.model}: ${pairs
              .slice(0, 3)
              .map((p) => `${p.actual} → ${p.predicted} (${p.count})`)
              .join(", ")}`,
          },
        ]
      : [];
  }),
];

export const multiclassTask: TaskModule<MulticlassEvaluation> = {
  task: "multiclass",
  foldScoreName: "accuracy",
  foldScore(data, rows, scores) {
    const predicted = argmaxRows(scores, data.classNames!.length);
    return predicted.reduce((a, c, i) => a + (c === rows.y[i] ? 1 : 0), 0) / Math.max(1, rows.n);
  },
  rankScoreName: "balanced accuracy",
  rankScore: (e) => e.metrics.balanced_accuracy,
  groupDecisions: false,

  // Needs naming a class the target lacks are refused when evaluated, with the classes listed.
  checkNeeds: () => undefined,

  evaluate: ({ model, data, matrix, scores, operational, split }, needs) =>
    evaluateMulticlass(
      {
        model,
        dataset: data.name,
        classNames: data.classNames!,
        yTrue: matrix.y,
        probs: scores,
        sensitive: sensitiveOf(data, matrix),
        operational,
      },
      needs,
      { seed: data.spec.seed, split },
    ),

  evaluationDisplays: (evals, ctx) => [
    verdictsWithMachine(evals, ctx, (e) => ({ confusion: e.confusion, groups: e.groups }), {
      task: "multiclass",
      classes: evals[0]?.classNames,
    }),
    { view: multiclassMetricsView(evals) },
    // Each fairness need's by-group table, under the verdicts it explains.
    ...classGroupsView(
      evals,
      ctx.needs.needs.filter((n) => n.by?.length).map((n) => n.text),
    ).map((view) => ({ view })),
    ...evals.map(confusion),
  ],

  comparisonDisplays: () => [],

  metricsView: (evals) => multiclassMetricsView(evals),

  show(view, evals, ctx) {
    const names = evals.map((e) => e.model);
    if (view === "metrics") return [{ view: multiclassMetricsView(evals) }];
    if (view === "confusion") return evals.map(confusion);
    if (view === "classes") return [{ view: perClassView(evals) }];
    if (view === "confused") return confused(evals);
    if (view === "groups") {
      const shown = classGroupsView(evals).map((view) => ({ view }));
      if (shown.length) return shown;
      throw new NeedlabError(
        `\`show groups\` shows each group's accuracy, but dataset '${evals[0]?.dataset}' declares no sensitive column: add \`sensitive COLUMN\` to it.`,
      );
    }
    const shared = sharedView(view, evals, ctx, `Needs scorecard: ${names.join(", ")}`);
    if (shared) return shared;
    throw new NeedlabError(
      `\`show ${view}\` draws a binary classifier's curves; ${names.join(", ")} ${names.length === 1 ? "chooses" : "choose"} among several classes: show verdicts, metrics, confusion, classes, confused, groups, loss or scorecard.`,
    );
  },

  describeTarget: (data) =>
    `${data.target}: ${data.classNames!.length} classes (${data.classNames!.map(shown).join(", ")})`,
  describePart: (_data, rows) => `${rows.n} rows`,
  decisions(data, scores) {
    const k = data.classNames!.length;
    const predicted = argmaxRows(scores, k);
    return {
      classes: data.classNames!,
      predicted,
      confidence: Float32Array.from(predicted, (c, i) => scores[i * k + c]),
    };
  },
};
