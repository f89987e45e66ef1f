/**
 * k-fold cross-validation: one model per fold, trained on the other folds
 * (each fold prepared on its own training rows) and scoring its own fold;
 * the folds' predictions, concatenated, are every row's out-of-fold score.
 * Training and predicting are passed in, so this module loads no tfjs.
 */
import type { LayersModel } from "@tensorflow/tfjs";
import type { ModelSpec } from "../plan/plan";
import type { Matrix, PreparedData } from "./data/prepare";
import { concatFolds, type CrossValidation, type FoldPart } from "./scoring";
import type { TrainingData, TrainingOptions, TrainingRun } from "./train-types";

export interface CrossValidateOptions {
  fit(spec: ModelSpec, data: TrainingData, options: TrainingOptions): Promise<TrainingRun>;
  predict(model: LayersModel, m: Matrix, width: number): Float32Array;
  /** The fold model's one-number score on its fold (the task's fold score). */
  score(fold: PreparedData, scores: Float32Array): number;
  signal: { aborted: boolean };
  /** Keep the fold models (for `explain`); otherwise each is freed once it has scored its fold. */
  keepModels: boolean;
  /** Per-row training weights of a fold, if any. */
  rowWeights(fold: PreparedData): Float32Array | undefined;
  /** Called before each fold is trained (progress; it may throw to stop). */
  onFold(fold: number, folds: number): void;
}

export async function crossValidate(
  spec: ModelSpec,
  data: PreparedData & { folds?: PreparedData[] },
  o: CrossValidateOptions,
): Promise<CrossValidation> {
  const folds = data.folds!;
  const parts: FoldPart[] = [];
  const models: LayersModel[] = [];
  for (const [f, fold] of folds.entries()) {
    o.onFold(f, folds.length);
    const run = await o.fit(spec, { ...fold, sampleWeights: o.rowWeights(fold) }, { signal: o.signal });
    const scores = o.predict(run.model, fold.test, fold.featureNames.length);
    if (o.keepModels) models.push(run.model);
    else {
      const optimizer = run.model.optimizer;
      run.model.dispose();
      optimizer?.dispose();
    }
    parts.push({ matrix: fold.test, scores, score: o.score(fold, scores) });
  }
  return { folds: folds.length, ...concatFolds(parts), ...(o.keepModels ? { models } : {}) };
}
