/**
 * The typed syntax tree of a DSL cell. Every node keeps its span so that
 * checks can point at the exact place of a problem.
 */
import type { Span } from "./diagnostics";

export interface Name {
  text: string;
  span: Span;
}

export interface NumberLit {
  /** The value, with percent literals already divided by 100 (`80%` is 0.8). */
  value: number;
  /** The literal as written, e.g. `80%`. */
  raw: string;
  isInteger: boolean;
  /** Durations are in milliseconds and sizes in bytes once a unit is given. */
  unit?: "duration" | "size";
  span: Span;
}

export interface StringLit {
  value: string;
  span: Span;
}

export type Comparator = ">=" | "<=" | ">" | "<";

export interface MetricNeed {
  kind: "metric";
  level: "must" | "should";
  metric: Name;
  comparator: Comparator;
  threshold: NumberLit;
  onClass?: StringLit;
  /** `share of "C"`: the class (the same as `on class "C"`). */
  ofClass?: StringLit;
  /** Alert needs: checked on new data per hour, day, week or month (`per day`). */
  per?: Name;
  /** Fairness needs: the sensitive column(s) the disparity is measured between. */
  by: Name[];
  privileged?: StringLit;
  minGroupSize?: NumberLit;
  minPositives?: NumberLit;
  /** net_benefit: the threshold probability it is measured at. */
  at?: NumberLit;
  /** expected_cost: the price of each kind of decision (fn, fp, tp, tn). */
  costs?: { name: Name; value: NumberLit }[];
  because?: StringLit;
  span: Span;
}

export interface NeedsDecl {
  kind: "needs";
  name: Name;
  items: MetricNeed[];
  span: Span;
}

export type SplitPartName = "train" | "test" | "validation";

export interface SplitPart {
  part: SplitPartName;
  fraction: NumberLit;
  span: Span;
}

/** A setting that may appear once per block; `span` points at its keyword line. */
export interface Setting<T> {
  value: T;
  span: Span;
}

/** `column: choice argument?`, as in `missing income: median` or `encode grade: ordinal ["low", "high"]`. */
export interface ColumnChoice {
  column: Name;
  choice: Name;
  /** `constant 0`, `constant "unknown"`. */
  value?: NumberLit | StringLit;
  /** `ordinal ["low", "mid", "high"]`. */
  list?: (NumberLit | StringLit)[];
  span: Span;
}

export type FilterOp = ">=" | "<=" | ">" | "<" | "==" | "!=" | "in";

/** Keeps the rows where the comparison holds: `filter age >= 18`, `filter status in ["a", "b"]`. */
export interface RowFilter {
  column: Name;
  op: FilterOp;
  values: (NumberLit | StringLit)[];
  span: Span;
}

/** A derived column's expression: arithmetic on columns and numbers, and a few functions. */
export type Expr =
  | { kind: "number"; value: NumberLit; span: Span }
  | { kind: "column"; name: Name; span: Span }
  | { kind: "call"; fn: Name; args: Expr[]; list?: NumberLit[]; span: Span }
  | { kind: "binary"; op: "+" | "-" | "*" | "/"; left: Expr; right: Expr; span: Span }
  | { kind: "negate"; arg: Expr; span: Span };

export interface DerivedDecl {
  name: Name;
  expr: Expr;
  span: Span;
}

/** How rows are divided: holdout fractions, optionally keeping groups together or ordered by time; or k folds. */
export interface SplitDecl {
  parts: SplitPart[];
  kfold?: NumberLit;
  /** `by group customer_id` / `by time signup_date`. */
  by?: { kind: Name; column: Name };
}

export interface DatasetDecl {
  kind: "dataset";
  name: Name;
  source?: Setting<StringLit>;
  /** csv or jsonl; from the file's extension when absent. */
  format?: Setting<Name>;
  delimiter?: Setting<StringLit>;
  encoding?: Setting<StringLit>;
  /** Column types when inference is not wanted: `types zip: category`. */
  types: ColumnChoice[];
  /** Binary (the default, with `positive`), `regression` or `multiclass`. */
  target?: Setting<{ column: Name; positive?: StringLit; task?: Name }>;
  drop: Name[];
  /** Only these columns (and the target, sensitive and weight columns) are features. */
  keep: Name[];
  filters: RowFilter[];
  missing: ColumnChoice[];
  encode: ColumnChoice[];
  /** `scale minmax` for every numeric column, or per column. */
  scale?: Setting<Name>;
  scaleColumns: ColumnChoice[];
  /** Sensitive attributes: kept out of the features, used for fairness. */
  sensitive: Name[];
  /** Personal data: never features, never sensitive attributes, removed from what is shown. */
  pii: Name[];
  /** Derived columns, computed before anything else: `derive age_band = bucket(age, [25, 40, 60])`. */
  derived: DerivedDecl[];
  split?: Setting<SplitDecl>;
  stratify?: Setting<true>;
  seed?: Setting<NumberLit>;
  /** `source sql "..."`: the source is a query (the word before the string). */
  sourceKind?: Name;
  /** Reading settings named by a word: missing_values, thousands, decimal, quiet. */
  reading: ReadingSetting[];
  /** `text COL, COL ngrams 1 to 2 ...`: the message columns and how they are read. */
  text?: Setting<TextDecl>;
  /** Settings given twice: the checker reports them. */
  repeated: Name[];
  span: Span;
}

/** One value of a text setting: `2`, `1 to 2`, `char_wb`, `"..."`. */
export type TextValue =
  | { kind: "number"; value: NumberLit; upTo?: NumberLit; span: Span }
  | { kind: "word"; value: Name; span: Span }
  | { kind: "string"; value: StringLit; span: Span };

export interface TextDecl {
  columns: Name[];
  options: { key: Name; values: TextValue[] }[];
}

export interface ReadingSetting {
  key: Name;
  column?: Name;
  values: StringLit[];
  words: Name[];
}

export interface LayerSpecNode {
  units: NumberLit;
  activation?: Name;
  dropout?: NumberLit;
  l2?: NumberLit;
  batchNorm: boolean;
  span: Span;
}

export interface ModelDecl {
  kind: "model";
  name: Name;
  family: Name;
  layers: LayerSpecNode[];
  optimizer?: Setting<Name>;
  /** `optimizer sgd momentum 0.9`: the optimizer's own settings. */
  optimizerOptions: { name: Name; value: NumberLit }[];
  learningRate?: Setting<NumberLit>;
  /** `schedule exponential 0.95`, `schedule step 0.5 every 10`, `schedule cosine`. */
  schedule?: Setting<{ kind: Name; rate?: NumberLit; every?: NumberLit }>;
  epochs?: Setting<NumberLit>;
  batchSize?: Setting<NumberLit>;
  threshold?: Setting<NumberLit>;
  /** Linear models solved exactly: the L2 penalty, at most this many Newton steps, the gradient tolerance. */
  l2?: Setting<NumberLit>;
  maxIter?: Setting<NumberLit>;
  tol?: Setting<NumberLit>;
  /** Stop when the validation loss has not improved for this many epochs; keep the best weights. */
  patience?: Setting<NumberLit>;
  /** The validation metric early stopping watches; the loss when absent. */
  stopMetric?: Name;
  /** `class_weight balanced` or `class_weight "bad": 3, "good": 1`. */
  classWeight?: Setting<{ balanced?: Name; weights: { cls: StringLit; weight: NumberLit }[] }>;
  sampleWeight?: Setting<Name>;
  backend?: Setting<Name>;
  output?: Setting<Name>;
  seed?: Setting<NumberLit>;
  /** Text networks: `embedding_dim 64`, `pretrained "vectors.txt"` (checked against NETWORK_SETTINGS). */
  network: { key: Name; value: NumberLit | StringLit }[];
  repeated: Name[];
  span: Span;
}

export interface TrainStmt {
  kind: "train";
  models: Name[];
  dataset: Name;
  span: Span;
}

export interface EvaluateStmt {
  kind: "evaluate";
  models: Name[];
  dataset?: Name;
  needs: Name;
  span: Span;
}

export interface ShowStmt {
  kind: "show";
  views: Name[];
  /** Empty: every evaluated model. */
  models: Name[];
  span: Span;
}

export interface ExplainStmt {
  kind: "explain";
  models: Name[];
  span: Span;
}

/** `compare a, b (on DS)? against NEEDS`: evaluates and sets the models side by side. */
export interface CompareStmt {
  kind: "compare";
  models: Name[];
  dataset?: Name;
  needs: Name;
  span: Span;
}

/** One searched setting: `learning_rate in [0.001, 0.01]`, `layer 1 units in [8, 16]`. */
export interface TuneParam {
  name: Name;
  layer?: NumberLit;
  values: NumberLit[];
  span: Span;
}

export interface TuneStmt {
  kind: "tune";
  model: Name;
  dataset: Name;
  needs: Name;
  search?: Name;
  trials?: NumberLit;
  seed?: NumberLit;
  params: TuneParam[];
  span: Span;
}

export interface MitigateStmt {
  kind: "mitigate";
  models: Name[];
  by: Name[];
  method?: Name;
  span: Span;
}

export interface ExportStmt {
  kind: "export";
  models: Name[];
  path: StringLit;
  span: Span;
}

export interface MonitorStmt {
  kind: "monitor";
  dataset: Name;
  path: StringLit;
  /** Models whose predictions on the new rows are watched (class shares, alerts). */
  models: Name[];
  /** Alert needs checked on the new rows. */
  needs?: Name;
  /** `by time COL`: the column that dates each new row (alerts per day, week...). */
  byKind?: Name;
  time?: Name;
  span: Span;
}

/** Runs a .needs file's declarations before the rest of the cell. */
export interface IncludeStmt {
  kind: "include";
  path: StringLit;
  span: Span;
}

export type Statement =
  | IncludeStmt
  | NeedsDecl
  | DatasetDecl
  | ModelDecl
  | TrainStmt
  | EvaluateStmt
  | CompareStmt
  | ShowStmt
  | ExplainStmt
  | TuneStmt
  | MitigateStmt
  | ExportStmt
  | MonitorStmt;

export interface Program {
  statements: Statement[];
}
