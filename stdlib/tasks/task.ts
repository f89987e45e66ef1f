/**
 * What differs between kinds of target, behind one interface: how a model's
 * scores become an evaluation, which score ranks models and scores folds,
 * what `evaluate`, `compare` and `show` display, and how the target is
 * described. One module per task (binary.ts, multiclass.ts, regression.ts),
 * registered in index.ts; nothing else branches on the task kind.
 */
import type { NeedSetSpec, ShowView, Task } from "../../plan/plan";
import type { Ranked } from "../compare";
import type { AbTestOptions } from "../compare-paired";
import type { Matrix, PreparedData } from "../data/prepare";
import type { EvaluatedOn, Evaluation } from "../evaluate";
import type { MulticlassEvaluation } from "../evaluate-multiclass";
import type { RegressionEvaluation } from "../evaluate-regression";
import type { OperationalMetric } from "../../plan/plan";
import { machineEvaluation } from "../machine";
import { NEEDLAB_EVALUATION_MIME } from "../mime";
import { lossFigure, needsIntervalFigure, type Figure } from "../plots";
import type { EpochLog } from "../train-types";
import { verdictView, type View } from "../views";
import type { ScoringData } from "../scoring";

/** An evaluation of any task, tagged by it. */
export type TaskEvaluation = Evaluation | MulticlassEvaluation | RegressionEvaluation;
export type EvaluationOf<K extends Task> = Extract<TaskEvaluation, { task: K }>;

/** Something to display: a table (with machine-readable extras) or a chart with its text. */
export type Shown = { view: View; mime?: Record<string, unknown> } | { figure: Figure; text: string };

/** What displays need from the study: each model's colour, its training history, the backend. */
export interface DisplayContext {
  style(model: string): number;
  history(model: string): EpochLog[];
  backend?: string;
  /** The needs block and dataset evaluated against (machine-readable output names them). */
  needs: NeedSetSpec;
  dataset: string;
}

/** A model's scores for the rows it is judged on. */
export interface ScoredInput {
  model: string;
  data: ScoringData;
  matrix: Matrix;
  scores: Float32Array;
  threshold: number;
  operational?: Partial<Record<OperationalMetric, number>>;
  split: EvaluatedOn;
}

/** The `show` views a task module draws from evaluations; the rest (code, cutoff, misclassified, ngrams) read trained models and are the kernel's. */
export type TaskView = Exclude<ShowView, "code" | "cutoff" | "misclassified" | "ngrams">;

/** A model's scores on the rows it is judged on, for pairing with another model's. */
export type PairedInput = Pick<ScoredInput, "model" | "data" | "matrix" | "scores" | "threshold">;

/** What `compare` shows of the paired differences: a sentence for the ranking, tables, and their JSON. */
export interface Paired {
  note: string;
  shown: Shown[];
  machine: object;
}

export interface TaskModule<E extends TaskEvaluation = TaskEvaluation> {
  readonly task: Task;
  /** The one number a fold model or a shuffled column is scored by (explain, cross-validation). */
  readonly foldScoreName: string;
  foldScore(data: Pick<PreparedData, "classNames">, rows: Matrix, scores: ArrayLike<number>): number;
  /** The score that breaks ties between models equally good on the needs (compare, tune). */
  readonly rankScoreName: string;
  rankScore(e: E): number;
  /** Whether the model makes yes/no decisions that can be compared between groups (fairness, mitigation). */
  readonly groupDecisions: boolean;
  /** Fails before anything runs when the needs cannot be measured on this target (a class it lacks). */
  checkNeeds(needs: NeedSetSpec, data: ScoringData): void;
  evaluate(input: ScoredInput, needs: NeedSetSpec): E;
  /** What `evaluate` shows: verdicts (with the machine-readable evaluation), metrics, charts. */
  evaluationDisplays(evals: E[], ctx: DisplayContext): Shown[];
  /** What `compare` shows after the ranking. */
  comparisonDisplays(evals: E[], ranked: Ranked[], ctx: DisplayContext): Shown[];
  /**
   * Paired differences between the ranking's leader and the other models on
   * the same rows (compare-paired.ts); absent for tasks that have none yet.
   */
  pairedComparison?(inputs: PairedInput[], ranked: Ranked[], needs: NeedSetSpec, abTest?: AbTestOptions): Paired;
  metricsView(evals: E[]): View;
  /** One `show` view; a view that does not fit the task throws a NeedlabError saying which do. */
  show(view: TaskView, evals: E[], ctx: Omit<DisplayContext, "needs" | "dataset">): Shown[];
  /** The target in words, for the dataset summary. */
  describeTarget(data: PreparedData): string;
  /** A part's size in words ("120 rows, 36 "bad""). */
  describePart(data: PreparedData, rows: Matrix): string;
  /**
   * Each row's decided class and the probability of it, with the class names
   * (monitoring shares, misclassified messages); a regression has no classes
   * and throws a NeedlabError naming `model`.
   */
  decisions(data: PreparedData, scores: ArrayLike<number>, threshold: number, model: string): Decisions;
}

export interface Decisions {
  classes: string[];
  /** Index into `classes` per row. */
  predicted: Uint8Array;
  /** The probability of the predicted class per row. */
  confidence: Float32Array;
}

/** The scorecard: every need's value and interval per model (operational needs have none). */
export function scorecard(evals: TaskEvaluation[], ctx: Pick<DisplayContext, "style">, text: string): Shown {
  return {
    figure: needsIntervalFigure(
      evals,
      "Needs scorecard (95% bootstrap intervals)",
      (t) => !evals[0].verdicts.find((v) => v.need.text === t)?.need.unit,
      ctx.style,
    ),
    text,
  };
}

export function lossCurves(evals: TaskEvaluation[], ctx: Pick<DisplayContext, "style" | "history">): Shown {
  return {
    figure: lossFigure(
      evals.map((e) => ({ model: e.model, history: ctx.history(e.model) })),
      ctx.style,
    ),
    text: `Training loss: ${evals.map((e) => e.model).join(", ")}`,
  };
}

/**
 * The verdict table with the machine-readable evaluation beside it:
 * `perModel` adds fields to each model's entry, `top` to the whole.
 */
export function verdictsWithMachine<E extends TaskEvaluation>(
  evals: E[],
  ctx: DisplayContext,
  perModel: (e: E) => object = () => ({}),
  top: object = {},
): Shown {
  const machine = machineEvaluation(
    ctx.dataset,
    ctx.needs.name,
    ctx.backend,
    evals.map((e) => ({
      model: e.model,
      rows: e.rows,
      metrics: e.metrics as unknown as Record<string, number>,
      verdicts: e.verdicts,
      extra: perModel(e),
    })),
  );
  return { view: verdictView(evals), mime: { [NEEDLAB_EVALUATION_MIME]: { ...machine, ...top } } };
}

/** The views every task shows the same way (verdicts, loss, scorecard); undefined for the others. */
export function sharedView(
  view: string,
  evals: TaskEvaluation[],
  ctx: Pick<DisplayContext, "style" | "history">,
  scorecardText: string,
): Shown[] | undefined {
  if (view === "verdicts") return [{ view: verdictView(evals) }];
  if (view === "loss") return [lossCurves(evals, ctx)];
  if (view === "scorecard") return [scorecard(evals, ctx, scorecardText)];
  return undefined;
}

/** Each sensitive column's group of every row judged. */
export function sensitiveOf(
  data: Pick<ScoringData, "sensitive">,
  matrix: Pick<Matrix, "rows">,
): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(data.sensitive).map(([col, values]) => [col, Array.from(matrix.rows, (r) => values[r])]),
  );
}
