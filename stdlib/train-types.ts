/**
 * What training takes and gives, as types only: the data, the options, the
 * run (weights, history, timings) and the output a target calls for. Kept
 * apart from train.ts so that modules training differently (exact linear
 * solvers, the fused dense path) share them without importing the trainer.
 */
import type * as tf from "@tensorflow/tfjs";
import type { Matrix } from "./data/prepare";
import type { TextSpec } from "../plan/plan";

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

/** Which code trained a model: needlab's fused WebAssembly step, or tfjs-layers' trainOnBatch. */
export type TrainingPath = "fused-wasm" | "tfjs-layers";

export interface TrainingOptions {
  onEpoch?: (log: EpochLog, total: number) => void;
  /** Checked at every batch boundary; training stops there, keeping its weights. */
  signal?: { aborted: boolean };
  /** The notebook's folder: paths in a model (`pretrained "vectors.txt"`) are relative to it. */
  baseDir?: string;
  /** Force a training path; by default the fused one wherever it supports the model (NEEDLAB_TRAINING_PATH too). */
  path?: TrainingPath;
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
  /** Models trained by gradient steps: which code ran them (and why, when the fused one could not). */
  path?: TrainingPath;
  pathNote?: string;
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
  /** A text dataset: how its messages (`train.texts`) are read. */
  text?: TextSpec;
}
