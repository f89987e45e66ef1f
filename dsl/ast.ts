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
  /** Fairness needs: the sensitive column(s) the disparity is measured between. */
  by: Name[];
  privileged?: StringLit;
  minGroupSize?: NumberLit;
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

export interface DatasetDecl {
  kind: "dataset";
  name: Name;
  source?: Setting<StringLit>;
  target?: Setting<{ column: Name; positive?: StringLit }>;
  drop: Name[];
  /** Sensitive attributes: kept out of the features, used for fairness. */
  sensitive: Name[];
  /** Personal data: never features, never sensitive attributes, removed from what is shown. */
  pii: Name[];
  /** Derived columns, computed before anything else: `derive age_band = bucket(age, [25, 40, 60])`. */
  derived: { name: Name; fn: Name; column: Name; edges: NumberLit[]; span: Span }[];
  split?: Setting<SplitPart[]>;
  stratify?: Setting<true>;
  seed?: Setting<NumberLit>;
  /** Settings given twice: the checker reports them. */
  repeated: Name[];
  span: Span;
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
  learningRate?: Setting<NumberLit>;
  epochs?: Setting<NumberLit>;
  batchSize?: Setting<NumberLit>;
  threshold?: Setting<NumberLit>;
  /** Stop when the validation loss has not improved for this many epochs; keep the best weights. */
  patience?: Setting<NumberLit>;
  seed?: Setting<NumberLit>;
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

/** tune, mitigate, export, monitor: checked now, run in a later version. */
export interface LaterStmt {
  kind: "later";
  verb: "tune" | "mitigate" | "export" | "monitor";
  models: Name[];
  dataset?: Name;
  needs?: Name;
  columns: Name[];
  path?: StringLit;
  span: Span;
}

/** Runs a .needs file's declarations before the rest of the cell. */
export interface IncludeStmt {
  kind: "include";
  path: StringLit;
  span: Span;
}

export type Statement = IncludeStmt | NeedsDecl | DatasetDecl | ModelDecl | TrainStmt | EvaluateStmt | ShowStmt | ExplainStmt | LaterStmt;

export interface Program {
  statements: Statement[];
}
