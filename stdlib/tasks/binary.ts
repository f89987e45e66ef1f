/**
 * Two classes: the probability of the positive class, cut at the model's
 * threshold. Every binary metric, curves, fairness between groups.
 */
import { NeedlabError } from "../errors";
import { recommendation as recommendationOf } from "../compare";
import { rocAuc } from "../metrics";
import { checkNeedClasses, evaluate, type Evaluation } from "../evaluate";
import { finite } from "../machine";
import {
  byGroupFigure,
  calibrationFigure,
  confusionFigure,
  needsIntervalFigure,
  prFigure,
  rocFigure,
  thresholdFigure,
} from "../plots";
import { fairnessView, fmt, metricsView } from "../views";
import { pairedComparison, pairedMachine, pairedViews } from "../compare-paired";
import type { PairedModel } from "../paired-needs";
import { scorecard, sensitiveOf, sharedView, verdictsWithMachine, type Shown, type TaskModule } from "./task";

export const binaryTask: TaskModule<Evaluation> = {
  task: "binary",
  foldScoreName: "ROC AUC",
  foldScore: (_data, rows, scores) => rocAuc(rows.y, scores),
  rankScoreName: "ROC AUC",
  rankScore: (e) => e.metrics.roc_auc,
  groupDecisions: true,

  checkNeeds: (needs, data) => checkNeedClasses(needs, data.classes, data.name),

  evaluate({ model, data, matrix, scores, threshold, operational, split }, needs) {
    const sensitive = sensitiveOf(data, matrix);
    // Each model's intervals are seeded from the dataset seed, so reruns give the same verdicts.
    const e = evaluate(
      {
        model,
        dataset: data.name,
        positive: data.positive,
        negative: data.negative,
        yTrue: matrix.y,
        yScore: scores,
        sensitive,
        operational,
      },
      needs,
      { threshold, seed: data.spec.seed },
    );
    return { ...e, split };
  },

  evaluationDisplays(evals, ctx) {
    const shown: Shown[] = [
      verdictsWithMachine(evals, ctx, (e) => ({
        confusion: e.confusion,
        fairness: Object.fromEntries(Object.entries(e.fairness).map(([k, f]) => [k, finite(f.disparities)])),
      })),
      { view: metricsView(evals) },
    ];
    if (Object.keys(evals[0]?.fairness ?? {}).length) shown.push({ view: fairnessView(evals) });
    shown.push(
      {
        figure: rocFigure(evals, ctx.style),
        text: `ROC curves: ${evals.map((e) => `${e.model} AUC ${fmt(e.metrics.roc_auc)}`).join(", ")}`,
      },
      {
        figure: confusionFigure(evals),
        text: `Confusion matrices: ${evals.map((e) => `${e.model} tn=${e.confusion.tn} fp=${e.confusion.fp} fn=${e.confusion.fn} tp=${e.confusion.tp}`).join("; ")}`,
      },
    );
    const fairnessNeeds = new Set(ctx.needs.needs.filter((n) => n.by?.length).map((n) => n.text));
    if (fairnessNeeds.size)
      shown.push({
        figure: needsIntervalFigure(
          evals,
          "Fairness needs: disparities with 95% bootstrap intervals",
          (t) => fairnessNeeds.has(t),
          ctx.style,
        ),
        text: `Fairness needs: ${evals
          .map((e) =>
            e.verdicts
              .filter((v) => fairnessNeeds.has(v.need.text))
              .map((v) => `${e.model} ${v.need.metric} ${fmt(v.measured)} ${v.status}`)
              .join(", "),
          )
          .join("; ")}`,
      });
    return shown;
  },

  comparisonDisplays: (evals, ranked, ctx) => [scorecard(evals, ctx, `Needs scorecard: ${recommendationOf(ranked)}`)],

  pairedComparison(inputs, ranked, needs, abTest) {
    const models = ranked.map((r): PairedModel => {
      const { model, data, matrix, scores, threshold } = inputs.find((i) => i.model === r.model)!;
      return {
        model,
        yTrue: matrix.y,
        yScore: scores,
        threshold,
        negative: data.negative,
        sensitive: sensitiveOf(data, matrix),
      };
    });
    // Seeded from the dataset seed, as the verdicts' intervals are.
    const c = pairedComparison(models, needs.needs, { seed: inputs[0].data.spec.seed, abTest });
    return { note: c.note, shown: pairedViews(c).map((view) => ({ view })), machine: pairedMachine(c) };
  },

  metricsView: (evals) => metricsView(evals),

  show(view, evals, ctx) {
    const names = evals.map((e) => e.model).join(", ");
    switch (view) {
      case "metrics":
        return [{ view: metricsView(evals) }];
      case "roc":
        return [{ figure: rocFigure(evals, ctx.style), text: `ROC curves: ${names}` }];
      case "pr":
        return [
          {
            figure: prFigure(evals, ctx.style),
            text: `Precision-recall curves: ${evals.map((e) => `${e.model} AP ${fmt(e.metrics.average_precision)}`).join(", ")}`,
          },
        ];
      case "calibration":
        return [
          {
            figure: calibrationFigure(evals, ctx.style),
            text: `Calibration: ${evals.map((e) => `${e.model} ECE ${fmt(e.calibration.ece)}`).join(", ")}`,
          },
        ];
      case "confusion":
        return [{ figure: confusionFigure(evals), text: `Confusion matrices: ${names}` }];
      case "thresholds":
        return evals.map((e) => ({
          figure: thresholdFigure(e),
          text: `Threshold sweep: ${e.model}, cut-off ${e.threshold}`,
        }));
      case "groups":
        return evals.flatMap((e) =>
          Object.entries(e.fairness)
            .filter(([k]) => !k.includes("("))
            .map(([key, report]) => {
              const fig = byGroupFigure(report as never);
              const title = `${e.model}: rates by ${key}`;
              return { figure: { ...fig, layout: { ...fig.layout, title: { text: title } } }, text: title };
            }),
        );
      default: {
        const shared = sharedView(
          view,
          evals,
          ctx,
          `Needs scorecard: ${evals.map((e) => `${e.model} ${e.verdicts.filter((v) => v.status === "pass").length}/${e.verdicts.length} met`).join(", ")}`,
        );
        if (shared) return shared;
        throw new NeedlabError(
          `\`show ${view}\` is for a classifier over several classes; ${names} ${evals.length === 1 ? "chooses" : "choose"} between two: show metrics or confusion.`,
        );
      }
    }
  },

  describeTarget: (data) => `${data.target}: positive "${data.positive}", negative "${data.negative}"`,
  decisions: (data, scores, threshold) => ({
    classes: [data.negative, data.positive],
    predicted: Uint8Array.from(scores, (s) => (s >= threshold ? 1 : 0)),
    confidence: Float32Array.from(scores, (s) => (s >= threshold ? s : 1 - s)),
  }),
  describePart: (data, rows) => `${rows.n} rows, ${rows.y.reduce((a, b) => a + b, 0)} "${data.positive}"`,
};
