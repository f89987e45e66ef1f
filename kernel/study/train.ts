/**
 * `train`: fits each model on its dataset's training rows (every row, after
 * cross-validating, for `split kfold K`), with live progress.
 */
import type { ModelSpec } from "../../plan/plan";
import { crossValidate } from "../../stdlib/cross-validate";
import type { PreparedData } from "../../stdlib/data/prepare";
import { NeedlabError } from "../../stdlib/errors";
import type { CrossValidation } from "../../stdlib/scoring";
import { taskModule } from "../../stdlib/tasks";
import { fmt } from "../../stdlib/views";
import { sampleWeights, type StudyContext } from "./context";
import { checkCutoffRows, chooseThresholdShown } from "./cutoff";
import type { Handler } from "./handler";
import { loadTfjs } from "./tfjs";
import type { Dataset } from "./types";
import { progressBundle } from "./views";

export const train: Handler<"train"> = async (step, cx) => {
  const { selectBackend, train: fit } = await loadTfjs();
  const { state, sink, signal } = cx;
  const ds = state.datasets.get(step.dataset)!;
  for (const name of step.models) {
    const spec = state.models.get(name)!;
    const previous = state.backend?.name;
    state.backend = await selectBackend(spec.backend);
    if (previous !== state.backend.name) {
      const tried = state.backend.skipped.length ? ` (not used: ${state.backend.skipped.join("; ")})` : "";
      sink.stream(
        "stdout",
        `needlab: TensorFlow.js backend ${state.backend.name}: ${state.backend.label}${spec.backend !== "auto" ? ` (model ${name} asks for \`backend ${spec.backend}\`)` : tried}\n`,
      );
    }
    const weights = spec.sampleWeight ? sampleWeights(ds, spec.sampleWeight, name) : undefined;
    if (spec.patience !== undefined && ds.validation.n === 0)
      throw new NeedlabError(
        `model '${name}' stops early on the validation loss, but dataset '${step.dataset}' has no validation part: add one to its split, e.g. \`split train 70%, validation 10%, test 20%\`${ds.folds ? " (k-fold datasets have none: remove early_stopping, or use a holdout split)" : ""}`,
      );
    checkCutoffRows(ds, name, spec);
    const crossValidation = ds.folds ? await crossValidateShown(cx, name, spec, ds) : undefined;
    const displayId = `train-${name}-${Date.now()}`;
    sink.display(progressBundle(name, 0, spec.epochs, spec.solver === "exact" ? { solver: "solving exactly" } : {}), {
      displayId,
    });
    const run = await fit(
      spec,
      { ...ds, sampleWeights: weights },
      {
        signal,
        baseDir: cx.baseDir,
        onEpoch: (log, total) =>
          sink.display(progressBundle(name, log.epoch, total, { log }), { displayId, update: true }),
      },
    );
    const decided = run.interrupted ? { ...run, spec } : chooseThresholdShown(cx, name, { ...run, spec }, ds);
    state.setTrained(name, {
      ...decided,
      name,
      dataset: step.dataset,
      backend: state.backend.name,
      ...(crossValidation ? { crossValidation } : {}),
    });
    const last = run.history[run.history.length - 1];
    sink.display(
      progressBundle(name, run.epochsRun, spec.epochs, {
        log: last,
        interrupted: run.interrupted,
        ms: run.trainingMs,
        path: run.path,
        solver: run.solver,
      }),
      {
        displayId,
        update: true,
      },
    );
    if (run.bestEpoch !== undefined) {
      const best = run.history[run.bestEpoch - 1];
      const watched =
        spec.stopMetric === "loss"
          ? `lowest validation loss ${best.valLoss!.toFixed(4)}`
          : `best validation ${spec.stopMetric} ${best.valMetric!.toFixed(4)}`;
      sink.stream(
        "stdout",
        `${name}: ${run.stoppedEarly ? `stopped early after epoch ${run.epochsRun}; ` : ""}kept the weights of epoch ${run.bestEpoch} (${watched})\n`,
      );
    }
    if (run.classWeights)
      sink.stream(
        "stdout",
        `${name}: class weights ${Object.entries(run.classWeights)
          .map(([c, w]) => `"${c}" ${+w.toFixed(4)}`)
          .join(", ")}\n`,
      );
    if (run.interrupted)
      throw new NeedlabError(
        `interrupted while training '${name}' after ${run.epochsRun} of ${spec.epochs} epochs; it keeps the weights it reached.`,
      );
  }
};

/**
 * `split kfold K`: one model per fold, trained on the other folds (with
 * their own fitted preparation) and scoring its fold, with progress and the
 * per-fold scores shown (`quiet`: neither, and the fold models are freed).
 */
export async function crossValidateShown(
  cx: StudyContext,
  name: string,
  spec: ModelSpec,
  ds: Dataset,
  options: { quiet?: boolean; weightsFor?: (fold: PreparedData) => Float32Array } = {},
): Promise<CrossValidation> {
  const { train: fit, predictProba } = await loadTfjs();
  const { sink, signal } = cx;
  const quiet = options.quiet ?? false;
  const task = taskModule(ds.task);
  const displayId = `cv-${name}-${Date.now()}`;
  const cv = await crossValidate(spec, ds, {
    fit,
    predict: predictProba,
    score: (fold, scores) => task.foldScore(ds, fold.test, scores),
    signal,
    keepModels: !quiet,
    rowWeights: (fold) => {
      const column = spec.sampleWeight ? sampleWeights(ds, spec.sampleWeight, name, fold) : undefined;
      const extra = options.weightsFor?.(fold);
      return extra && column ? extra.map((w, i) => w * column[i]) : (extra ?? column);
    },
    onFold: (f, folds) => {
      if (signal.aborted)
        throw new NeedlabError(`interrupted while cross-validating '${name}' (fold ${f + 1} of ${folds}).`);
      if (!quiet)
        sink.display(progressBundle(`${name}, fold ${f + 1}/${folds}`, 0, spec.epochs), { displayId, update: f > 0 });
    },
  });
  if (!quiet) {
    const scores = cv.perFold.map((p) => p.score);
    const mean = scores.reduce((a, s) => a + s, 0) / scores.length;
    const sd = Math.sqrt(scores.reduce((a, s) => a + (s - mean) ** 2, 0) / scores.length);
    sink.display(
      {
        "text/plain": `${name}: ${cv.folds}-fold cross-validation, ${task.foldScoreName} per fold ${scores.map((s) => fmt(s)).join(", ")} (mean ${fmt(mean)} ± ${fmt(sd)}); evaluations use the out-of-fold predictions of all ${cv.matrix.n} rows`,
      },
      { displayId, update: true },
    );
  }
  return cv;
}
