/**
 * `mitigate`: reweighs the training rows and retrains (reweigh), or gives
 * each group its own cut-off (thresholds). When the model was evaluated, it
 * is evaluated again against the same needs and shown before and after.
 */
import type { NeedSetSpec } from "../../plan/plan";
import { NeedlabError } from "../../stdlib/errors";
import { groupThresholds, reweigh, type ThresholdTarget } from "../../stdlib/mitigate";
import { groupsOf } from "../../stdlib/scoring";
import { taskModule } from "../../stdlib/tasks";
import { verdictView } from "../../stdlib/views";
import { viewBundle } from "../display";
import { evaluateOn, sampleWeights, type StudyContext } from "./context";
import type { Handler } from "./handler";
import { loadTfjs, tfjs } from "./tfjs";
import { crossValidateShown } from "./train";
import { chooseThresholdShown } from "./cutoff";
import type { Dataset, TrainedModel } from "./types";

export const mitigate: Handler<"mitigate"> = async (step, cx) => {
  const { state, sink } = cx;
  for (const m of step.models) {
    const t = state.trained.get(m)!;
    const ds = state.datasets.get(t.dataset)!;
    if (!taskModule(ds.task).groupDecisions)
      throw new NeedlabError(
        `mitigate works on classifiers: '${m}' predicts a number (${ds.task}), and fairness needs compare the groups' decisions.`,
      );
    const before = state.evaluations.get(m);
    const needsName = state.evaluatedAgainst.get(m);
    const needs = needsName ? state.needs.get(needsName) : undefined;
    const mitigated =
      step.method === "reweigh" ? await reweighed(cx, m, t, ds, step.by) : withThresholds(cx, m, t, ds, step.by, needs);
    state.setTrained(m, mitigated);
    if (before && needs) {
      const after = evaluateOn(cx, m, mitigated, ds, needs);
      state.keepEvaluation(m, after);
      sink.display(
        viewBundle(
          verdictView([
            { ...before, model: `${m} before` },
            { ...after, model: `${m} after ${step.method}` },
          ]),
        ),
      );
    } else {
      sink.stream(
        "stdout",
        `${m} was not evaluated before, so there is nothing to compare with: run \`evaluate ${m} against NEEDS\` to see its verdicts.\n`,
      );
    }
  }
};

/** Retrains on the training rows reweighed by group and label (Kamiran & Calders); k-fold: every fold model too. */
async function reweighed(
  cx: StudyContext,
  m: string,
  t: TrainedModel,
  ds: Dataset,
  by: string[],
): Promise<TrainedModel> {
  const r = reweigh(groupsOf(ds, by, ds.train.rows), ds.train.y);
  const { train } = await loadTfjs();
  const columnWeights = t.spec.sampleWeight ? sampleWeights(ds, t.spec.sampleWeight, m) : undefined;
  const rowWeights = columnWeights ? r.rowWeights.map((w, i) => w * columnWeights[i]) : r.rowWeights;
  const crossValidation = ds.folds
    ? await crossValidateShown(cx, m, t.spec, ds, {
        weightsFor: (fold) => reweigh(groupsOf(ds, by, fold.train.rows), fold.train.y).rowWeights,
      })
    : undefined;
  const run = await train(t.spec, { ...ds, sampleWeights: rowWeights }, { signal: cx.signal });
  if (run.interrupted)
    throw new NeedlabError(`interrupted while retraining '${m}' with reweighing; '${m}' is unchanged.`);
  const weights = Object.fromEntries(
    Object.entries(r.weights).map(([cell, w]) => [
      cell.replace(/\|1$/, ` & ${ds.positive}`).replace(/\|0$/, ` & ${ds.negative}`),
      w,
    ]),
  );
  cx.sink.stream(
    "stdout",
    `${m}: retrained on the training rows reweighed by ${by.join(" & ")}: ${Object.entries(weights)
      .map(([c, w]) => `${c} ${w.toFixed(3)}`)
      .join(", ")}\n`,
  );
  return {
    ...chooseThresholdShown(cx, m, { ...run, spec: t.spec }, ds),
    name: m,
    dataset: t.dataset,
    backend: t.backend,
    mitigation: { method: "reweigh", by, weights },
    ...(crossValidation ? { crossValidation } : {}),
  };
}

/**
 * Per-group cut-offs, chosen on rows the model did not learn from when there
 * are some (validation; k-fold: the out-of-fold predictions).
 */
function withThresholds(
  cx: StudyContext,
  m: string,
  t: TrainedModel,
  ds: Dataset,
  by: string[],
  needs: NeedSetSpec | undefined,
): TrainedModel {
  const cv = t.crossValidation;
  const part = cv ? "out-of-fold" : ds.validation.n > 0 ? "validation" : "train";
  const target = thresholdTarget(needs, by);
  const rows = cv ? cv.matrix : ds[part as "validation" | "train"];
  const raw = cv ? cv.scores : tfjs().predictProba(t.model, rows, ds.featureNames.length);
  const thresholds = groupThresholds(groupsOf(ds, by, rows.rows), rows.y, raw, t.spec.threshold, target);
  const rateName = target === "tpr" ? "true positive rate" : "selection rate";
  const caveat =
    part === "train"
      ? " (the dataset has no validation part; add one to choose them on unseen rows)"
      : part === "out-of-fold"
        ? " (the verdicts after are measured on the same predictions, so they are optimistic)"
        : "";
  cx.sink.stream(
    "stdout",
    `${m}: cut-offs by ${by.join(" & ")} matching the overall ${rateName} (${thresholds.rate.toFixed(3)}) on the ${part} rows${caveat}: ${Object.entries(
      thresholds.thresholds,
    )
      .map(([g, c]) => `${g} ${c.toFixed(3)}`)
      .join(", ")}\n`,
  );
  return { ...t, mitigation: { method: "thresholds", by, thresholds, fittedOn: part } };
}

/** Per-group cut-offs match true positive rates when the needs on these columns are about them (equal opportunity), selection rates otherwise. */
function thresholdTarget(needs: NeedSetSpec | undefined, by: string[]): ThresholdTarget {
  const onThese = needs?.needs.filter((n) => n.by && n.by.join(",") === by.join(",")) ?? [];
  return onThese.length > 0 && onThese.every((n) => n.metric === "equal_opportunity_difference")
    ? "tpr"
    : "selection_rate";
}
