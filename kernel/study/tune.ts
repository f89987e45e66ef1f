/**
 * `tune`: trains the model once per setting combination (every one for a
 * grid, `trials` seeded draws for random), judges each against the needs on
 * the validation part (the test part stays unseen; k-fold: out-of-fold
 * predictions), and keeps the best.
 */
import { rankModels } from "../../stdlib/compare";
import { NeedlabError } from "../../stdlib/errors";
import type { CrossValidation } from "../../stdlib/scoring";
import { taskModule, type TaskEvaluation } from "../../stdlib/tasks";
import { applySettings, settingsText, tuneTrials } from "../../stdlib/tune";
import type { TrainingRun } from "../../stdlib/train-types";
import { fmt, keyValueView } from "../../stdlib/views";
import type { ModelSpec } from "../../plan/plan";
import { viewBundle } from "../display";
import { evaluateOn } from "./context";
import { chooseThresholdShown } from "./cutoff";
import type { Handler } from "./handler";
import { disposeModel, loadTfjs } from "./tfjs";
import { crossValidateShown } from "./train";

interface Trial {
  settings: Record<string, number>;
  spec: ModelSpec;
  run: TrainingRun & { crossValidation?: CrossValidation };
}

export const tune: Handler<"tune"> = async ({ tune: spec }, cx) => {
  const { state, sink, signal } = cx;
  const ds = state.datasets.get(spec.dataset)!;
  const needs = state.needs.get(spec.needs)!;
  const base = state.models.get(spec.model)!;
  const task = taskModule(ds.task);
  if (!ds.folds && ds.validation.n === 0)
    throw new NeedlabError(
      `tune judges settings on the validation part, and dataset '${spec.dataset}' has none: add one, e.g. \`split train 60%, validation 20%, test 20%\`. (Tuning on the test part would make its verdicts optimistic.)`,
    );
  const { selectBackend, train } = await loadTfjs();
  state.backend = await selectBackend(base.backend);
  const trials = tuneTrials(spec);
  const results: Trial[] = [];
  const evaluations: TaskEvaluation[] = [];
  const displayId = `tune-${spec.model}-${Date.now()}`;
  try {
    for (const [i, settings] of trials.entries()) {
      if (signal.aborted)
        throw new NeedlabError(
          `interrupted while tuning '${spec.model}' after ${i} of ${trials.length} trials; the model is unchanged.`,
        );
      sink.display(
        { "text/plain": `tuning ${spec.model}: trial ${i + 1}/${trials.length} ${settingsText(settings)}` },
        { displayId, update: i > 0 },
      );
      const variant = applySettings(base, settings);
      // k-fold: each trial is judged on its out-of-fold predictions; holdout: on the validation part.
      const crossValidation = ds.folds
        ? await crossValidateShown(cx, spec.model, variant, ds, { quiet: true })
        : undefined;
      const run = { ...(await train(variant, ds, { signal })), ...(crossValidation ? { crossValidation } : {}) };
      // Kept before judging, so that a trial that fails to be judged is freed with the others.
      results.push({ settings, spec: variant, run });
      const judgedOn = crossValidation ? "test" : "validation";
      evaluations.push(evaluateOn(cx, spec.model, { ...run, spec: variant }, ds, needs, judgedOn));
    }
  } catch (e) {
    for (const r of results) disposeModel(r.run.model);
    throw e;
  }
  const ranked = rankModels(
    evaluations.map((e, i) => ({ ...e, model: String(i) })),
    task.rankScore,
  );
  const best = results[Number(ranked[0].model)];
  for (const r of results) if (r !== best) disposeModel(r.run.model);
  state.models.set(spec.model, best.spec);
  state.setTrained(spec.model, {
    ...chooseThresholdShown(cx, spec.model, { ...best.run, spec: best.spec }, ds),
    name: spec.model,
    dataset: spec.dataset,
    backend: state.backend.name,
  });
  const judgedOn = ds.folds ? `out-of-fold ${task.rankScoreName}` : `validation ${task.rankScoreName}`;
  const rows = ranked.map((r, k) => {
    const res = results[Number(r.model)];
    return {
      key: `${k + 1}. ${settingsText(res.settings)}`,
      value: `${r.acceptable ? "meets every must-need" : `${r.mustFailed} must failed, ${r.mustUndecided} undecided`}; ${r.shouldMet} should met; ${judgedOn} ${fmt(r.rocAuc)}`,
    };
  });
  const next = ds.folds
    ? `${spec.model} now uses ${settingsText(best.settings)}, cross-validated and trained on every row. Its cross-validated verdicts are optimistic, since the settings were chosen on the same folds: confirm them on data kept aside.`
    : `${spec.model} now uses ${settingsText(best.settings)} and is trained with it: evaluate it on the test part with \`evaluate ${spec.model} against ${spec.needs}\`.`;
  sink.display(
    viewBundle(
      keyValueView(
        `Tuning ${spec.model} (${spec.search}, ${trials.length} trials, judged ${ds.folds ? `by ${ds.folds.length}-fold cross-validation` : "on the validation part"} of ${spec.dataset})`,
        rows,
        [next],
      ),
    ),
  );
};
