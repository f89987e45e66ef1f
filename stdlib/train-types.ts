/**
 * What training takes and gives, as types only: the data, the options, the
 * run (weights, history, timings) and the output a target calls for. Kept
 * apart from train.ts so that modules training differently (exact linear
 * solvers, the fused dense path) share them without importing the trainer.
 */
import type * as tf from "@tensorflow/tfjs";
import type { Matrix } from "./data/prepare";

/** What a model predicts: the probability of the positive class, or a number (in the target's unit, after a fixed rescaling layer). */
export type Output = "binary" | { regression: { center: number; scale: number } } | { multiclass: number };

export interface EpochLog {
  epoch: number;
  loss: number;
  valLoss?: number;
  /** The validation metric early stopping watches, when it is not the loss. */
  valMetric?: number;
  learningRate?: number;
}

export interface TrainingOptions {
  onEpoch?: (log: EpochLog, total: number) => void;
  /** Checked at every batch boundary; training stops there, keeping its weights. */
  signal?: { aborted: boolean };
}

export interface TrainingRun {
  model: tf.Sequential;
  /** Per-class loss weights used (class_weight), by class name. */
  classWeights?: Record<string, number>;
  /** With early stopping: the epoch whose weights the model kept (lowest validation loss). */
  bestEpoch?: number;
  stoppedEarly: boolean;
  /** Loss per epoch. */
  history: EpochLog[];
  epochsRun: number;
  /** True when an interrupt stopped training early; the weights are those reached. */
  interrupted: boolean;
  trainingMs: number;
  parameters: number;
  /** Linear models solved exactly: the method, its iterations and whether it converged. */
  solver?: string;
}

export interface TrainingData {
  train: Matrix;
  validation: Matrix;
  featureNames: string[];
  positive?: string;
  negative?: string;
  /** Sample weights of the training rows, by position in `train` (sample_weight). */
  sampleWeights?: Float32Array;
  /** A regression target's training mean and standard deviation. */
  targetScale?: { center: number; scale: number };
  /** A multiclass target's classes. */
  classNames?: string[];
}
