/**
 * The rows a model is judged on and its scores for them, whichever task:
 * a part of the dataset (scored by the model), or, for a cross-validated
 * model's test part, the out-of-fold predictions of every row. Predicting
 * needs TensorFlow.js, which loads with the first training: callers pass the
 * predictor, so this module loads nothing heavy.
 */
import type { LayersModel } from "@tensorflow/tfjs";
import type { DatasetSpec, ModelSpec } from "../plan/plan";
import type { Matrix, PreparedData } from "./data/prepare";
import type { EvaluatedOn } from "./evaluate";
import { GroupThresholds, shiftScores } from "./mitigate";

/** A prepared dataset with its name and spec: what scoring and evaluation read. */
export interface ScoringData extends PreparedData {
  name: string;
  spec: DatasetSpec;
}

export type Predictor = (model: LayersModel, m: Matrix, width: number) => Float32Array;
export type Part = "train" | "validation" | "test";

/** Out-of-fold predictions: each row scored by the model trained on the other folds. */
export interface CrossValidation {
  folds: number;
  /** The rows in fold order: table rows, labels (and values) of every fold's test part; no features. */
  matrix: Matrix;
  /** The fold models' outputs for those rows (rows × classes for several classes). */
  scores: Float32Array;
  /** Per fold: rows, and the fold model's score (ROC AUC, r2 or accuracy) on its own fold. */
  perFold: { rows: number; score: number }[];
  /** The fold models (kept for `explain`), in fold order. */
  models?: LayersModel[];
}

export interface Mitigation {
  method: "reweigh" | "thresholds";
  by: string[];
  /** reweigh: the weight of each "group|label" cell of the training rows (label 1 = positive). */
  weights?: Record<string, number>;
  /** thresholds: the cut-off of each group, and the part of the data they were chosen on. */
  thresholds?: GroupThresholds;
  fittedOn?: "validation" | "train" | "out-of-fold";
}

/** What scoring needs of a trained model. */
export interface Scorable {
  model: LayersModel;
  spec: ModelSpec;
  mitigation?: Mitigation;
  crossValidation?: CrossValidation;
}

/** Each row's group for mitigation: its values of the sensitive columns, joined as "female & <25". */
export function groupsOf(ds: Pick<PreparedData, "sensitive">, by: string[], rows: ArrayLike<number>): string[] {
  return Array.from(rows, (r) => by.map((c) => ds.sensitive[c][r]).join(" & "));
}

/** The rows of a part and the model's scores for them (per-group cut-offs folded in). */
export function scored(
  t: Scorable,
  ds: ScoringData,
  part: Part,
  predict: Predictor,
): { matrix: Matrix; scores: Float32Array } {
  const cv = part === "test" ? t.crossValidation : undefined;
  const matrix = cv ? cv.matrix : ds[part];
  const raw = cv ? cv.scores : predict(t.model, matrix, ds.featureNames.length);
  // Per-group cut-offs (mitigate ... using thresholds) are folded into the scores, whichever rows they are.
  const m = t.mitigation;
  return {
    matrix,
    scores: m?.thresholds
      ? shiftScores(raw, groupsOf(ds, m.by, matrix.rows), m.thresholds.thresholds, t.spec.threshold)
      : raw,
  };
}

/** What an evaluation's scores are of: the part asked for, or out-of-fold predictions for a cross-validated model's test part. */
export const evaluatedOn = (t: { crossValidation?: CrossValidation }, part: "test" | "validation"): EvaluatedOn =>
  part === "test" && t.crossValidation ? "cross-validation" : part;

/** One fold's held-out rows and the fold model's scores for them. */
export interface FoldPart {
  matrix: Matrix;
  scores: Float32Array;
  score: number;
}

/** The folds' held-out rows and scores, one after another: every row once, as the out-of-fold predictions. */
export function concatFolds(parts: FoldPart[]): Pick<CrossValidation, "matrix" | "scores" | "perFold"> {
  const n = parts.reduce((a, p) => a + p.matrix.n, 0);
  const concat = <T extends Float32Array | Uint8Array | Int32Array>(
    make: (n: number) => T,
    pick: (p: FoldPart) => T,
  ) => {
    const out = make(parts.reduce((a, p) => a + pick(p).length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(pick(p), at);
      at += pick(p).length;
    }
    return out;
  };
  const values = parts[0]?.matrix.value;
  const matrix: Matrix = {
    x: new Float32Array(0),
    y: concat(
      (k) => new Uint8Array(k),
      (p) => p.matrix.y,
    ),
    ...(values
      ? {
          value: concat(
            (k) => new Float32Array(k),
            (p) => p.matrix.value!,
          ),
        }
      : {}),
    rows: concat(
      (k) => new Int32Array(k),
      (p) => p.matrix.rows,
    ),
    n,
  };
  return {
    matrix,
    scores: concat(
      (k) => new Float32Array(k),
      (p) => p.scores,
    ),
    perFold: parts.map((p) => ({ rows: p.matrix.n, score: p.score })),
  };
}
