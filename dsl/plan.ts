/**
 * The lowered plan: what a DSL cell asks the stdlib to do, with every default
 * filled in. It is plain data (JSON-serialisable), the contract between the
 * language and the library.
 */
import { BINARY_METRICS, BinaryMetricName } from "../stdlib/metrics";
import { AIF360_DISPARITIES, DISPARITIES, DisparityName } from "../stdlib/fairness";

/** Needs on how well a model predicts, and on how evenly it treats groups. */
export const PERFORMANCE_METRICS = BINARY_METRICS;
export const FAIRNESS_METRICS = DISPARITIES;
/** `pr_auc` is another name for average precision. */
export const METRIC_ALIASES: Record<string, BinaryMetricName> = { pr_auc: "average_precision" };
/** Needs on running the model: measured, not estimated, so they carry no interval. */
export const OPERATIONAL_METRICS = { p95_latency: "duration", model_size: "size", training_time: "duration" } as const;
export type OperationalMetric = keyof typeof OPERATIONAL_METRICS;
export const NEED_METRICS: readonly string[] = [...PERFORMANCE_METRICS, ...Object.keys(METRIC_ALIASES), ...FAIRNESS_METRICS, ...Object.keys(OPERATIONAL_METRICS)];
export const PRIVILEGED_METRICS: readonly string[] = AIF360_DISPARITIES;
export type MetricName = BinaryMetricName | DisparityName | OperationalMetric;

/** The values a metric can take, for checking thresholds. */
export function metricRange(metric: string): [number, number] {
  if (metric === "log_loss" || metric === "disparate_impact" || metric in OPERATIONAL_METRICS) return [0, Infinity];
  if (metric === "mcc" || metric === "statistical_parity_difference" || metric === "average_odds_difference") return [-1, 1];
  return [0, 1];
}

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
  /** Fairness needs: the sensitive column(s), intersected when several. */
  by?: string[];
  privileged?: string;
  minGroupSize?: number;
  /** Operational needs: the threshold is in milliseconds (duration) or bytes (size). */
  unit?: "duration" | "size";
  because?: string;
  /** The need as the user would read it, e.g. `recall >= 0.8 on class "bad"`. */
  text: string;
}

export interface NeedSetSpec {
  name: string;
  needs: NeedSpec[];
}

export interface DerivedColumn {
  name: string;
  fn: "bucket";
  column: string;
  edges: number[];
}

export const DERIVE_FUNCTIONS = ["bucket"] as const;

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
  sensitive: string[];
  /** Personal data: dropped before preparation and from the DataFrame users see. */
  pii: string[];
  /** Computed in order before preparation; each adds a categorical column. */
  derived: DerivedColumn[];
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
  /** L2 penalty on the layer's weights (0: none). */
  l2: number;
  batchNorm: boolean;
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
  /** Early stopping on the validation loss, restoring the best weights; absent: train every epoch. */
  patience?: number;
  seed: number;
}

export type Step =
  | { op: "defineNeeds"; needs: NeedSetSpec }
  | { op: "defineDataset"; dataset: DatasetSpec }
  | { op: "defineModel"; model: ModelSpec }
  | { op: "train"; models: string[]; dataset: string }
  | { op: "evaluate"; models: string[]; dataset: string; needs: string }
  | { op: "show"; views: ShowView[]; models: string[] }
  | { op: "explain"; models: string[] }
  | { op: "later"; verb: "tune" | "mitigate" | "export" | "monitor" };

/** What `show` can draw, for models already evaluated. */
export const SHOW_VIEWS = ["verdicts", "metrics", "roc", "pr", "calibration", "confusion", "thresholds", "loss", "groups", "scorecard", "code"] as const;
export type ShowView = (typeof SHOW_VIEWS)[number];

export interface Plan {
  steps: Step[];
}

/** The names a plan declares (needs, datasets, models): each becomes a TypeScript variable. */
export function declaredNames(plan: Plan): string[] {
  return plan.steps.flatMap((s) => (s.op === "defineNeeds" ? [s.needs.name] : s.op === "defineDataset" ? [s.dataset.name] : s.op === "defineModel" ? [s.model.name] : []));
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
  /** Groups smaller than this are reported but left out of disparities (as Fairlearn users commonly choose). */
  minGroupSize: 30,
  bootstrapSamples: 1000,
};
