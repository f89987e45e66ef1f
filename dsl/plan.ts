/**
 * The lowered plan: what a DSL cell asks the stdlib to do, with every default
 * filled in. It is plain data (JSON-serialisable), the contract between the
 * language and the library.
 */
import type { MetricName } from "../stdlib/metrics";

export type Comparator = ">=" | "<=" | ">" | "<";

export interface NeedSpec {
  /** `<needs block>.<index>`, stable while the block is unchanged. */
  id: string;
  level: "must" | "should";
  metric: MetricName;
  comparator: Comparator;
  threshold: number;
  /** Class the metric is computed for; the dataset's positive class when absent. */
  onClass?: string;
  because?: string;
  /** The need as the user would read it, e.g. `recall >= 0.8 on class "bad"`. */
  text: string;
}

export interface NeedSetSpec {
  name: string;
  needs: NeedSpec[];
}

export interface SplitSpec {
  train: number;
  validation: number;
  test: number;
}

export interface DatasetSpec {
  name: string;
  /** Path as written; resolved against the session's folder when loaded. */
  source: string;
  target: string;
  /** The positive class; when absent the loader picks the minority class and says so. */
  positive?: string;
  drop: string[];
  split: SplitSpec;
  stratify: boolean;
  seed: number;
}

export type Activation = "relu" | "sigmoid" | "tanh" | "elu" | "selu" | "linear" | "softplus";
export type OptimizerName = "adam" | "sgd" | "rmsprop" | "adagrad";

export interface LayerSpec {
  units: number;
  activation: Activation;
  dropout: number;
}

export interface ModelSpec {
  name: string;
  family: "logistic_regression" | "dense";
  layers: LayerSpec[];
  optimizer: OptimizerName;
  learningRate: number;
  epochs: number;
  batchSize: number;
  /** Decision threshold: predict the positive class when its probability is at least this. */
  threshold: number;
  seed: number;
}

export type Step =
  | { op: "defineNeeds"; needs: NeedSetSpec }
  | { op: "defineDataset"; dataset: DatasetSpec }
  | { op: "defineModel"; model: ModelSpec }
  | { op: "train"; models: string[]; dataset: string }
  | { op: "evaluate"; models: string[]; dataset: string; needs: string };

export interface Plan {
  steps: Step[];
}

export const ACTIVATIONS: readonly Activation[] = ["relu", "sigmoid", "tanh", "elu", "selu", "linear", "softplus"];
export const OPTIMIZERS: readonly OptimizerName[] = ["adam", "sgd", "rmsprop", "adagrad"];
export const MODEL_FAMILIES = ["logistic_regression", "dense"] as const;

export const DEFAULTS = {
  split: { train: 0.8, validation: 0, test: 0.2 } as SplitSpec,
  seed: 42,
  optimizer: "adam" as OptimizerName,
  /** Higher than Keras' 0.001: tabular studies train for tens of epochs, not thousands. */
  learningRate: 0.01,
  epochs: 20,
  batchSize: 32,
  threshold: 0.5,
  activation: "relu" as Activation,
};
