/**
 * The lowered plan: what a DSL cell asks the stdlib to do, with every default
 * filled in. It is plain data (JSON-serialisable), the contract between the
 * language and the library.
 */
import type { AlertPeriod, MetricName, Task } from "./catalogue";
import type { NetworkSpec, TextFamily, TextSpec } from "./text";

export * from "./catalogue";
export * from "./text";

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
  /** Fairness needs: groups with fewer actual positives are left out of TPR-based disparities (default 10). */
  minPositives?: number;
  /** expected_cost needs: the price of each kind of decision. */
  costs?: { fn: number; fp: number; tp?: number; tn?: number };
  /** net_benefit needs: the threshold probability it is measured at. */
  thresholdProbability?: number;
  /** top_k_accuracy needs: how many of the most probable classes count. */
  k?: number;
  /** Alert needs (`share of "C" <= 30% per day`): checked by `monitor` on new rows, one verdict per period. */
  period?: AlertPeriod;
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

/** A derived column's expression as plain data. */
export type ExprSpec =
  | { num: number }
  | { col: string }
  | { fn: DeriveFunction; args: ExprSpec[]; list?: number[] }
  | { op: "+" | "-" | "*" | "/"; left: ExprSpec; right: ExprSpec }
  | { neg: ExprSpec };

export interface DerivedColumn {
  name: string;
  expr: ExprSpec;
}

/** Functions `derive` knows, with how many column arguments each takes; `bucket` also takes a list of edges. */
export const DERIVE_FUNCTIONS = {
  bucket: 1,
  log: 1,
  log1p: 1,
  sqrt: 1,
  abs: 1,
  exp: 1,
  round: 1,
  min: 2,
  max: 2,
} as const;
export type DeriveFunction = keyof typeof DERIVE_FUNCTIONS;

export interface SplitSpec {
  train: number;
  validation: number;
  test: number;
  /** Cross-validation folds instead of a holdout. */
  kfold?: number;
  /** Rows sharing a value of this column stay in one part (no customer in both train and test). */
  group?: string;
  /** The latest rows by this column are the test part, the ones before them validation, the earliest train. */
  time?: string;
}

export const FILE_FORMATS = ["csv", "jsonl", "parquet"] as const;
export const COLUMN_TYPES = ["number", "category", "date"] as const;
export const MISSING_STRATEGIES = ["mean", "median", "mode", "constant", "drop"] as const;
export const ENCODINGS = ["onehot", "ordinal", "frequency"] as const;
export const SCALINGS = ["standard", "minmax", "robust", "none"] as const;
export type MissingStrategy = (typeof MISSING_STRATEGIES)[number];
export type EncodingMethod = (typeof ENCODINGS)[number];
export type Scaling = (typeof SCALINGS)[number];

export interface RowFilterSpec {
  column: string;
  op: ">=" | "<=" | ">" | "<" | "==" | "!=" | "in";
  values: (number | string)[];
}

export interface DatasetSpec {
  name: string;
  /** Path as written; resolved against the session's folder when loaded. */
  source: string;
  format: "csv" | "jsonl" | "parquet";
  /** CSV field separator; detected when absent. */
  delimiter?: string;
  /** Text encoding of the file (a WHATWG label such as utf-8 or latin1). */
  encoding: string;
  /** Column types forced instead of inferred. */
  types: Record<string, "number" | "category" | "date">;
  /** How the file is read, beyond format/delimiter/encoding (all optional). */
  missingValues?: string[];
  missingByColumn?: Record<string, string[]>;
  thousands?: string;
  decimal?: string;
  /** `source sql "..."`: a query DuckDB runs instead of reading `source`. */
  sql?: string;
  /** Data checks kept quiet: "leak", "constant", "duplicates". */
  quiet?: string[];
  target: string;
  task: Task;
  /** The positive class; when absent the loader picks the minority class and says so. */
  positive?: string;
  drop: string[];
  /** When not empty, only these columns are features. */
  keep: string[];
  /** Rows kept: those where every filter holds (applied before the split). */
  filters: RowFilterSpec[];
  /** Per column; the rest use the training median (numbers) or mode (categories). */
  missing: Record<string, { strategy: MissingStrategy; value?: number | string }>;
  /** Per column; the rest are one-hot encoded. */
  encode: Record<string, { method: EncodingMethod; order?: string[] }>;
  /** How numeric features are scaled: a default and per-column choices, fitted on train. */
  scale: { default: Scaling; columns: Record<string, Scaling> };
  sensitive: string[];
  /** Personal data: dropped before preparation and from the DataFrame users see. */
  pii: string[];
  /** Computed in order before preparation; each adds a categorical column. */
  derived: DerivedColumn[];
  split: SplitSpec;
  stratify: boolean;
  seed: number;
  /** `text COL`: the columns holding messages, and how they are read (plan/text.ts). */
  text?: TextSpec;
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
  family: "logistic_regression" | "linear_regression" | "dense" | TextFamily;
  /** Text networks (embedding, conv1d, gru, transformer): their shape. */
  network?: NetworkSpec;
  layers: LayerSpec[];
  optimizer: OptimizerName;
  /** The optimizer's own settings (momentum, beta1, ...), by their DSL names. */
  optimizerOptions: Record<string, number>;
  learningRate: number;
  /** Learning rate per epoch: multiplied by `rate` each epoch (exponential), every `every` epochs (step), or cosine-decayed to 0. */
  schedule?: { kind: ScheduleKind; rate?: number; every?: number };
  epochs: number;
  batchSize: number;
  /** Decision threshold: predict the positive class when its probability is at least this. */
  threshold: number;
  /** Early stopping on the validation loss, restoring the best weights; absent: train every epoch. */
  patience?: number;
  /** What early stopping watches on the validation part: the loss, or a metric such as roc_auc. */
  stopMetric: string;
  /** Loss weight per class: "balanced" (n / (classes × count)), or by class name. */
  classWeight?: "balanced" | Record<string, number>;
  /** A numeric column of the dataset that weighs each training row's loss. */
  sampleWeight?: string;
  /** Where it should train; `auto` takes the fastest that loads. */
  backend: BackendPreference;
  /** The output the model was declared with; the dataset's task when absent. */
  output?: Task;
  seed: number;
  /** Linear models: `exact` (solved to convergence, scikit-learn's objective) unless an optimizer is named (`gradient`). */
  solver?: "exact" | "gradient";
  /** Exact linear models: the L2 penalty, scikit-learn's 1 / C (LogisticRegression) or alpha (Ridge); 0: none. */
  l2?: number;
  /** Exact logistic regression: at most this many Newton steps. */
  maxIter?: number;
  /** Exact logistic regression: stop when every gradient entry of the objective per unit of row weight is at most this. */
  tol?: number;
}

export const SCHEDULES = ["exponential", "step", "cosine"] as const;
export type ScheduleKind = (typeof SCHEDULES)[number];
export const BACKENDS = ["auto", "gpu", "native", "wasm", "cpu"] as const;
export type BackendPreference = (typeof BACKENDS)[number];
/** Settings each optimizer takes besides the learning rate (tfjs names them the same). */
export const OPTIMIZER_OPTIONS: Record<OptimizerName, readonly string[]> = {
  adam: ["beta1", "beta2", "epsilon"],
  sgd: ["momentum"],
  rmsprop: ["decay", "momentum", "epsilon"],
  adagrad: ["initial_accumulator"],
};
export const MITIGATIONS = ["reweigh", "thresholds"] as const;
export const SEARCHES = ["grid", "random"] as const;
/** What `tune` can search over; `units` is per layer (`layer 1 units in [8, 16]`). */
export const TUNABLE = ["learning_rate", "epochs", "batch_size", "threshold", "dropout", "l2", "units"] as const;
export type Tunable = (typeof TUNABLE)[number];

export interface TuneSpec {
  model: string;
  dataset: string;
  needs: string;
  search: "grid" | "random";
  trials: number;
  seed: number;
  params: { name: Tunable; layer?: number; values: number[] }[];
}

export type Step =
  | { op: "defineNeeds"; needs: NeedSetSpec }
  | { op: "defineDataset"; dataset: DatasetSpec }
  | { op: "defineModel"; model: ModelSpec }
  | { op: "train"; models: string[]; dataset: string }
  | { op: "evaluate"; models: string[]; dataset: string; needs: string }
  | { op: "show"; views: ShowView[]; models: string[] }
  | { op: "explain"; models: string[] }
  | { op: "compare"; models: string[]; dataset: string; needs: string }
  | { op: "tune"; tune: TuneSpec }
  | { op: "mitigate"; models: string[]; by: string[]; method: "reweigh" | "thresholds" }
  | { op: "export"; models: string[]; path: string }
  | { op: "monitor"; dataset: string; path: string; models: string[]; needs?: string; time?: string };

/** What `show` can draw, for models already evaluated. */
export const SHOW_VIEWS = [
  "verdicts",
  "metrics",
  "roc",
  "pr",
  "calibration",
  "confusion",
  "classes",
  "confused",
  "misclassified",
  "ngrams",
  "thresholds",
  "loss",
  "groups",
  "scorecard",
  "code",
] as const;
export type ShowView = (typeof SHOW_VIEWS)[number];

export interface Plan {
  steps: Step[];
}

/** The names a plan declares (needs, datasets, models): each becomes a TypeScript variable. */
export function declaredNames(plan: Plan): string[] {
  return plan.steps.flatMap((s) =>
    s.op === "defineNeeds"
      ? [s.needs.name]
      : s.op === "defineDataset"
        ? [s.dataset.name]
        : s.op === "defineModel"
          ? [s.model.name]
          : [],
  );
}

export const ACTIVATIONS: readonly Activation[] = ["relu", "sigmoid", "tanh", "elu", "selu", "linear", "softplus"];
export const OPTIMIZERS: readonly OptimizerName[] = ["adam", "sgd", "rmsprop", "adagrad"];
export const MODEL_FAMILIES = [
  "logistic_regression",
  "linear_regression",
  "dense",
  "embedding",
  "conv1d",
  "gru",
  "transformer",
] as const;

export const DEFAULTS = {
  split: { train: 0.8, validation: 0, test: 0.2 } as SplitSpec,
  seed: 42,
  optimizer: "adam" as OptimizerName,
  /** Higher than Keras' 0.001: tabular studies train for tens of epochs, not thousands. */
  learningRate: 0.01,
  epochs: 20,
  batchSize: 32,
  threshold: 0.5,
  encoding: "utf-8",
  scale: "standard" as Scaling,
  backend: "auto" as BackendPreference,
  stopMetric: "loss",
  tuneTrials: 10,
  activation: "relu" as Activation,
  /** Groups smaller than this are reported but left out of disparities (as Fairlearn users commonly choose). */
  minGroupSize: 30,
  bootstrapSamples: 1000,
  /** Exact logistic regression: scikit-learn's C = 1.0. */
  logisticL2: 1,
  /** Exact linear regression: none (scikit-learn's LinearRegression; `l2 X` makes it Ridge(alpha = X)). */
  linearL2: 0,
  /** scikit-learn's default; Newton needs far fewer. */
  maxIter: 100,
  /** Tighter than scikit-learn's 1e-4: Newton reaches it in a step or two more, and then the coefficients agree to 1e-6. */
  tol: 1e-8,
};

/** A dataset spec with every option at its default: for TypeScript cells and tests that build specs by hand. */
export function datasetSpec(
  given: Pick<DatasetSpec, "name" | "source" | "target"> & Partial<DatasetSpec>,
): DatasetSpec {
  return {
    format: /\.(jsonl|ndjson)$/i.test(given.source) ? "jsonl" : "csv",
    encoding: DEFAULTS.encoding,
    types: {},
    task: "binary",
    drop: [],
    keep: [],
    filters: [],
    missing: {},
    encode: {},
    scale: { default: DEFAULTS.scale, columns: {} },
    sensitive: [],
    pii: [],
    derived: [],
    split: { ...DEFAULTS.split },
    stratify: false,
    seed: DEFAULTS.seed,
    ...given,
  };
}

/** A model spec with every option at its default. */
export function modelSpec(given: Pick<ModelSpec, "name" | "family"> & Partial<ModelSpec>): ModelSpec {
  return {
    layers: [],
    optimizer: DEFAULTS.optimizer,
    optimizerOptions: {},
    learningRate: DEFAULTS.learningRate,
    epochs: DEFAULTS.epochs,
    batchSize: DEFAULTS.batchSize,
    threshold: DEFAULTS.threshold,
    stopMetric: DEFAULTS.stopMetric,
    backend: DEFAULTS.backend,
    seed: DEFAULTS.seed,
    ...given,
  };
}
