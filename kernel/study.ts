/**
 * The study: everything DSL cells have declared in this session (needs,
 * datasets, models, trained models, evaluations), and the runner that carries
 * out a lowered plan against it, sending what it shows to an output sink.
 */
import type { DataFrame } from "danfojs-node";
import type { CheckEnv } from "../dsl/check";
import type { DatasetSpec, ModelSpec, NeedSetSpec, Plan, ShowView, Step, Task, TuneSpec } from "../plan/plan";
import { Rankable, rankModels, recommendation } from "../stdlib/compare";
import { evaluateRegression, RegressionEvaluation } from "../stdlib/evaluate-regression";
import { evaluateMulticlass, MulticlassEvaluation } from "../stdlib/evaluate-multiclass";
import { regressionMetrics, rocAuc } from "../stdlib/metrics";
import { categoricalDrift, ColumnDrift, numericDrift } from "../stdlib/drift";
import { deriveColumns, exprColumnsOf } from "../stdlib/data/derive";
import { applySettings, settingsText, tuneTrials } from "../stdlib/tune";
import { GroupThresholds, groupThresholds, reweigh, shiftScores, ThresholdTarget } from "../stdlib/mitigate";
import { endWithSuggestion } from "../dsl/diagnostics";
import path from "node:path";
import { loadCsv, readHeader, resolveSource } from "../stdlib/data/load";
import { prepare, PreparedData, Matrix } from "../stdlib/data/prepare";
import type { BackendInfo } from "../stdlib/backend";
import type { TrainingRun } from "../stdlib/train";
import { checkNeedClasses, evaluate, Evaluation } from "../stdlib/evaluate";
import { modelCode } from "../stdlib/codegen";
import { Importance, permutationImportance } from "../stdlib/explain";
import {
  driftFigure,
  multiclassConfusionFigure,
  predictedActualFigure,
  importanceFigure,
  byGroupFigure,
  calibrationFigure,
  confusionFigure,
  lossFigure,
  needsIntervalFigure,
  prFigure,
  rocFigure,
  thresholdFigure,
} from "../stdlib/plots";
import {
  fairnessView,
  keyValueView,
  metricsView,
  multiclassMetricsView,
  regressionMetricsView,
  verdictView,
  fmt,
  fmtMeasured,
} from "../stdlib/views";
import { datasetView, finite, finiteOrNull, machineEvaluation, progressBundle } from "./study-views";
import {
  MimeBundle,
  NEEDLAB_COMPARISON_MIME,
  NEEDLAB_DRIFT_MIME,
  NEEDLAB_EVALUATION_MIME,
  PlotlyEmbedder,
  viewBundle,
} from "./display";
import { NeedlabError } from "../stdlib/errors";

/**
 * TensorFlow.js loads with the first training, not at kernel start (it costs
 * a tenth of a second). Anything that predicts has a trained model, so it
 * has been loaded by then.
 */
let tfjsModules: (typeof import("../stdlib/train") & typeof import("../stdlib/backend")) | undefined;
async function loadTfjs(): Promise<NonNullable<typeof tfjsModules>> {
  tfjsModules ??= { ...(await import("../stdlib/train")), ...(await import("../stdlib/backend")) };
  return tfjsModules;
}
function tfjs(): NonNullable<typeof tfjsModules> {
  if (!tfjsModules) throw new Error("TensorFlow.js is not loaded: nothing has been trained yet");
  return tfjsModules;
}

export interface OutputSink {
  stream(name: "stdout" | "stderr", text: string): void;
  display(bundle: MimeBundle, options?: { displayId?: string; update?: boolean }): void;
}

/** A dataset as loaded and prepared: the danfojs DataFrame users see, and the typed arrays models train on. */
export interface Dataset extends PreparedData {
  name: string;
  spec: DatasetSpec;
  /** Absolute path of the source file. */
  path: string;
  frame: DataFrame;
  rows: number;
}

/** A training run (see stdlib/train) with what it was a run of. */
export interface TrainedModel extends TrainingRun {
  name: string;
  spec: ModelSpec;
  dataset: string;
  backend: string;
  /** Set by `mitigate`: how the model was made fairer, by which sensitive column(s). */
  mitigation?: Mitigation;
  /** `split kfold K`: the out-of-fold predictions every evaluation uses. */
  crossValidation?: CrossValidation;
}

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
  models?: import("@tensorflow/tfjs").LayersModel[];
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

/** Each row's group for mitigation: its values of the sensitive columns, joined as "female & <25". */
function groupsOf(ds: Dataset, by: string[], rows: ArrayLike<number>): string[] {
  return Array.from(rows, (r) => by.map((c) => ds.sensitive[c][r]).join(" & "));
}

/**
 * The rows a model is judged on and its scores for them: the part asked for,
 * or, for a cross-validated model's test part, the out-of-fold predictions.
 */
function scored(
  t: TrainingRun & { spec: ModelSpec; mitigation?: Mitigation; crossValidation?: CrossValidation },
  ds: Dataset,
  part: "train" | "validation" | "test",
): { matrix: Matrix; scores: Float32Array } {
  const cv = part === "test" ? t.crossValidation : undefined;
  const matrix = cv ? cv.matrix : ds[part];
  const raw = cv ? cv.scores : tfjs().predictProba(t.model, matrix, ds.featureNames.length);
  // Per-group cut-offs (mitigate ... using thresholds) are folded into the scores, whichever rows they are.
  const m = t.mitigation;
  return {
    matrix,
    scores: m?.thresholds
      ? shiftScores(raw, groupsOf(ds, m.by, matrix.rows), m.thresholds.thresholds, t.spec.threshold)
      : raw,
  };
}

/** The score that breaks ties between models equally good on the needs (compare, tune). */
const RANKING_SCORE = { binary: "ROC AUC", regression: "r2", multiclass: "balanced accuracy" } as const;

/** What an evaluation's scores are of: the part asked for, or out-of-fold predictions for a cross-validated model's test part. */
const evaluatedOn = (t: object & { crossValidation?: CrossValidation }, part: "test" | "validation") =>
  part === "test" && t.crossValidation ? "cross-validation" : part;

/** Operational measurements; latency is timed on rows with features (a cross-validated model's are the training rows). */
function operationalOf(t: TrainingRun, ds: Dataset, rows: Matrix) {
  const timed = rows.x.length ? rows : ds.train;
  return {
    p95_latency: tfjs().p95Latency(t.model, timed, ds.featureNames.length),
    model_size: t.parameters * 4,
    training_time: t.trainingMs,
  };
}

/** One number for how well scores fit rows: ROC AUC, r2 or accuracy (a fold's score; what explain's shuffles lower). */
function overallScore(ds: Pick<PreparedData, "task" | "classNames">, m: Matrix, scores: ArrayLike<number>): number {
  if (ds.task === "regression") return regressionMetrics(m.value!, scores).r2;
  if (ds.task === "multiclass")
    return (
      tfjs()
        .argmaxRows(scores, ds.classNames!.length)
        .reduce((a, c, i) => a + (c === m.y[i] ? 1 : 0), 0) / Math.max(1, m.n)
    );
  return rocAuc(m.y, scores);
}

/** What a model's name is bound to in TypeScript cells: a live view of the model's state. */
export class ModelHandle {
  constructor(
    private readonly study: Study,
    readonly name: string,
  ) {}
  get spec(): ModelSpec {
    return this.study.models.get(this.name)!;
  }
  get trained(): TrainedModel | undefined {
    return this.study.trained.get(this.name);
  }
  /** The latest evaluation of a classifier (undefined for a regression: see `regression`). */
  get evaluation(): Evaluation | undefined {
    return this.study.evaluations.get(this.name);
  }
  /** The latest evaluation of a regression model. */
  get regression(): RegressionEvaluation | undefined {
    return this.study.regressionEvaluations.get(this.name);
  }
  /** The latest evaluation of a classifier over several classes. */
  get multiclass(): MulticlassEvaluation | undefined {
    return this.study.multiclassEvaluations.get(this.name);
  }
  /**
   * Probability of the positive class for a split of the dataset the model was trained on
   * (after `mitigate ... using thresholds`: shifted by the row's group offset, so the model's cut-off gives the group's decision;
   * for a cross-validated model, "test" gives the out-of-fold predictions of every row, as its evaluations use).
   */
  predictProba(split: "train" | "validation" | "test" = "test"): Float32Array {
    const t = this.trained;
    if (!t)
      throw new NeedlabError(`model '${this.name}' is not trained yet: run \`train ${this.name} on <dataset>\` first.`);
    const ds = this.study.datasets.get(t.dataset)!;
    return scored(t, ds, split).scores;
  }
}

export class Study {
  readonly needs = new Map<string, NeedSetSpec>();
  readonly datasets = new Map<string, Dataset>();
  readonly models = new Map<string, ModelSpec>();
  readonly trained = new Map<string, TrainedModel>();
  readonly evaluations = new Map<string, Evaluation>();
  readonly regressionEvaluations = new Map<string, RegressionEvaluation>();
  readonly multiclassEvaluations = new Map<string, MulticlassEvaluation>();
  /** The needs each model was last evaluated against, so `mitigate` can show the effect on the same needs. */
  private readonly evaluatedAgainst = new Map<string, string>();
  /** Models in order of first declaration: each keeps its colour in every chart. */
  private readonly modelOrder: string[] = [];
  backend?: BackendInfo;

  constructor(
    readonly baseDir: string,
    private readonly plots: PlotlyEmbedder,
  ) {}

  checkEnv(): CheckEnv {
    return {
      datasets: new Set(this.datasets.keys()),
      models: new Set(this.models.keys()),
      needs: new Set(this.needs.keys()),
      trained: new Map([...this.trained].map(([m, t]) => [m, t.dataset])),
      sensitive: new Map([...this.datasets].map(([n, d]) => [n, d.spec.sensitive])),
      tasks: new Map([...this.datasets].map(([n, d]) => [n, d.spec.task as Task])),
      layers: new Map([...this.models].map(([n, m]) => [n, m.layers.length])),
      readHeader: (source, options) => readHeader(source, this.baseDir, options),
    };
  }

  /** The object a declared name is bound to in TypeScript cells. */
  binding(name: string): unknown {
    if (this.datasets.has(name)) return this.datasets.get(name);
    if (this.models.has(name)) return new ModelHandle(this, name);
    if (this.needs.has(name)) return this.needs.get(name);
    return undefined;
  }

  bindingType(name: string): string {
    if (this.datasets.has(name)) return "Dataset";
    if (this.models.has(name)) return "ModelHandle";
    return "NeedSetSpec";
  }

  /** Runs a plan. Definitions go first: they depend on nothing. */
  async run(plan: Plan, sink: OutputSink, signal: { aborted: boolean }): Promise<void> {
    const defines = plan.steps.filter((s) => s.op.startsWith("define"));
    const actions = plan.steps.filter((s) => !s.op.startsWith("define"));
    for (const step of defines) await this.define(step, sink);
    for (const step of actions) {
      const ds = "dataset" in step ? this.datasets.get(step.dataset as string) : undefined;
      if (step.op === "evaluate" && ds?.task === "binary")
        checkNeedClasses(this.needs.get(step.needs)!, ds.classes, step.dataset);
    }
    for (const step of actions) {
      if (signal.aborted) throw new NeedlabError("interrupted: the rest of this cell did not run.");
      if (step.op === "train") await this.train(step.models, step.dataset, sink, signal);
      if (step.op === "evaluate") this.evaluate(step.models, step.dataset, step.needs, sink);
      if (step.op === "show") this.show(step.views, step.models, sink);
      if (step.op === "explain") this.explain(step.models, sink);
      if (step.op === "compare") this.compare(step.models, step.dataset, step.needs, sink);
      if (step.op === "export") await this.export(step.models, step.path, sink);
      if (step.op === "monitor") await this.monitor(step.dataset, step.path, sink);
      if (step.op === "tune") await this.tune(step.tune, sink, signal);
      if (step.op === "mitigate") await this.mitigate(step.models, step.by, step.method, sink, signal);
    }
  }

  private async define(step: Step, sink: OutputSink): Promise<void> {
    switch (step.op) {
      case "defineNeeds":
        this.needs.set(step.needs.name, step.needs);
        return;
      case "defineModel":
        this.models.set(step.model.name, step.model);
        this.trained.delete(step.model.name);
        this.evaluations.delete(step.model.name);
        if (!this.modelOrder.includes(step.model.name)) this.modelOrder.push(step.model.name);
        return;
      case "defineDataset": {
        const ds = await this.loadDataset(step.dataset);
        // Models trained on an older version of this dataset no longer match it.
        for (const [m, t] of this.trained) if (t.dataset === ds.name) this.trained.delete(m);
        this.datasets.set(ds.name, ds);
        sink.display(viewBundle(datasetView(ds)));
        return;
      }
      default:
        throw new Error(`not a definition: ${step.op}`);
    }
  }

  private async loadDataset(spec: DatasetSpec): Promise<Dataset> {
    const { frame, table } = await loadCsv(spec.source, this.baseDir, spec);
    const prepared = prepare(table, spec);
    // Derived columns join the DataFrame people see, next to the columns they come from.
    if (spec.derived.length) {
      const derived = deriveColumns(table, spec.derived);
      for (const d of spec.derived)
        frame.addColumn(d.name, derived.values[derived.columns.indexOf(d.name)] as never, { inplace: true });
    }
    // Personal data never reaches what a cell can show: it leaves the DataFrame here.
    if (spec.pii.length) frame.drop({ columns: spec.pii, inplace: true });
    return {
      ...prepared,
      name: spec.name,
      spec,
      path: resolveSource(spec.source, this.baseDir),
      frame,
      rows: frame.shape[0],
    };
  }

  private async train(
    models: string[],
    datasetName: string,
    sink: OutputSink,
    signal: { aborted: boolean },
  ): Promise<void> {
    const { selectBackend, train } = await loadTfjs();
    const ds = this.datasets.get(datasetName)!;
    for (const name of models) {
      const spec = this.models.get(name)!;
      const previous = this.backend?.name;
      this.backend = await selectBackend(spec.backend);
      if (previous !== this.backend.name) {
        const tried = this.backend.skipped.length ? ` (not used: ${this.backend.skipped.join("; ")})` : "";
        sink.stream(
          "stdout",
          `needlab: TensorFlow.js backend ${this.backend.name}: ${this.backend.label}${spec.backend !== "auto" ? ` (model ${name} asks for \`backend ${spec.backend}\`)` : tried}\n`,
        );
      }
      const sampleWeights = spec.sampleWeight ? this.sampleWeights(ds, spec.sampleWeight, name) : undefined;
      if (spec.patience !== undefined && ds.validation.n === 0)
        throw new NeedlabError(
          `model '${name}' stops early on the validation loss, but dataset '${datasetName}' has no validation part: add one to its split, e.g. \`split train 70%, validation 10%, test 20%\`${ds.folds ? " (k-fold datasets have none: remove early_stopping, or use a holdout split)" : ""}`,
        );
      this.trained.get(name)?.crossValidation?.models?.forEach((fm) => fm.dispose());
      const crossValidation = ds.folds ? await this.crossValidate(name, spec, ds, sink, signal) : undefined;
      const displayId = `train-${name}-${Date.now()}`;
      sink.display(progressBundle(name, 0, spec.epochs), { displayId });
      const run = await train(
        spec,
        { ...ds, sampleWeights },
        {
          signal,
          onEpoch: (log, total) =>
            sink.display(progressBundle(name, log.epoch, total, log), { displayId, update: true }),
        },
      );
      this.trained.set(name, {
        ...run,
        name,
        spec,
        dataset: datasetName,
        backend: this.backend.name,
        ...(crossValidation ? { crossValidation } : {}),
      });
      this.evaluations.delete(name);
      this.regressionEvaluations.delete(name);
      this.multiclassEvaluations.delete(name);
      const last = run.history[run.history.length - 1];
      sink.display(progressBundle(name, run.epochsRun, spec.epochs, last, run.interrupted, run.trainingMs), {
        displayId,
        update: true,
      });
      if (run.bestEpoch !== undefined) {
        const best = run.history[run.bestEpoch - 1];
        const watched =
          spec.stopMetric === "loss"
            ? `lowest validation loss ${best.valLoss!.toFixed(4)}`
            : `best validation ${spec.stopMetric} ${best.valMetric!.toFixed(4)}`;
        sink.stream(
          "stdout",
          `${name}: ${run.stoppedEarly ? `stopped early after epoch ${run.epochsRun}; ` : ""}kept the weights of epoch ${run.bestEpoch} (${watched})\n`,
        );
      }
      if (run.classWeights)
        sink.stream(
          "stdout",
          `${name}: class weights ${Object.entries(run.classWeights)
            .map(([c, w]) => `"${c}" ${+w.toFixed(4)}`)
            .join(", ")}\n`,
        );
      if (run.interrupted)
        throw new NeedlabError(
          `interrupted while training '${name}' after ${run.epochsRun} of ${spec.epochs} epochs; it keeps the weights it reached.`,
        );
    }
  }

  /**
   * `split kfold K`: one model per fold, trained on the other folds (with
   * their own fitted preparation) and scoring its fold; the model bound to
   * the name is then trained on every row.
   */
  private async crossValidate(
    name: string,
    spec: ModelSpec,
    ds: Dataset,
    sink: OutputSink,
    signal: { aborted: boolean },
    quiet = false,
    weightsFor?: (fold: PreparedData) => Float32Array,
  ): Promise<CrossValidation> {
    const { train, predictProba } = await loadTfjs();
    const folds = ds.folds!;
    const displayId = `cv-${name}-${Date.now()}`;
    const parts: { matrix: Matrix; scores: Float32Array; score: number }[] = [];
    const models: import("@tensorflow/tfjs").LayersModel[] = [];
    for (const [f, fold] of folds.entries()) {
      if (signal.aborted)
        throw new NeedlabError(`interrupted while cross-validating '${name}' (fold ${f + 1} of ${folds.length}).`);
      if (!quiet)
        sink.display(progressBundle(`${name}, fold ${f + 1}/${folds.length}`, 0, spec.epochs), {
          displayId,
          update: f > 0,
        });
      const columnWeights = spec.sampleWeight ? this.sampleWeights(ds, spec.sampleWeight, name, fold) : undefined;
      const extra = weightsFor?.(fold);
      const sampleWeights =
        extra && columnWeights ? extra.map((w, i) => w * columnWeights[i]) : (extra ?? columnWeights);
      const run = await train(spec, { ...fold, sampleWeights }, { signal });
      const scores = predictProba(run.model, fold.test, fold.featureNames.length);
      if (quiet) run.model.dispose();
      else models.push(run.model);
      parts.push({ matrix: fold.test, scores, score: overallScore(ds, fold.test, scores) });
    }
    const n = parts.reduce((a, p) => a + p.matrix.n, 0);
    const concat = <T extends Float32Array | Uint8Array | Int32Array>(
      make: (n: number) => T,
      pick: (m: Matrix) => T | undefined,
    ) => {
      const out = make(n);
      let at = 0;
      for (const p of parts) {
        out.set(pick(p.matrix)!, at);
        at += p.matrix.n;
      }
      return out;
    };
    const width = parts[0].scores.length / Math.max(1, parts[0].matrix.n);
    const matrix: Matrix = {
      x: new Float32Array(0),
      y: concat(
        (k) => new Uint8Array(k),
        (m) => m.y,
      ),
      ...(ds.task === "regression"
        ? {
            value: concat(
              (k) => new Float32Array(k),
              (m) => m.value,
            ),
          }
        : {}),
      rows: concat(
        (k) => new Int32Array(k),
        (m) => m.rows,
      ),
      n,
    };
    const scores = new Float32Array(n * width);
    let at = 0;
    for (const p of parts) {
      scores.set(p.scores, at);
      at += p.scores.length;
    }
    const perFold = parts.map((p) => ({ rows: p.matrix.n, score: p.score }));
    const scoreName = ds.task === "regression" ? "r2" : ds.task === "multiclass" ? "accuracy" : "ROC AUC";
    const mean = perFold.reduce((a, p) => a + p.score, 0) / perFold.length;
    const sd = Math.sqrt(perFold.reduce((a, p) => a + (p.score - mean) ** 2, 0) / perFold.length);
    if (!quiet)
      sink.display(
        {
          "text/plain": `${name}: ${folds.length}-fold cross-validation, ${scoreName} per fold ${perFold.map((p) => fmt(p.score)).join(", ")} (mean ${fmt(mean)} ± ${fmt(sd)}); evaluations use the out-of-fold predictions of all ${n} rows`,
        },
        { displayId, update: true },
      );
    return { folds: folds.length, matrix, scores, perFold, ...(quiet ? {} : { models }) };
  }

  /** `explain`: permutation importance of each source column, on the test rows. */
  private explain(models: string[], sink: OutputSink): void {
    for (const m of models) {
      const t = this.trained.get(m)!;
      const ds = this.datasets.get(t.dataset)!;
      const scoreName = ds.task === "regression" ? "r2" : ds.task === "multiclass" ? "accuracy" : "ROC AUC";
      let rows: Importance[];
      if (ds.folds) {
        // k-fold: each fold model on its own (held-out) fold, averaged over the folds.
        const fm = t.crossValidation?.models;
        if (!fm)
          throw new NeedlabError(
            `model '${m}' was tuned, so its fold models were not kept: run \`train ${m} on ${t.dataset}\` to explain it.`,
          );
        const perFold = ds.folds.map((fold, f) => this.importanceOn(fm[f], fold, ds.spec.seed));
        rows = perFold[0]
          .map((r) => {
            const same = perFold.map((p) => p.find((x) => x.column === r.column)!);
            const mean = same.reduce((a, x) => a + x.importance, 0) / same.length;
            return {
              column: r.column,
              importance: mean,
              spread: Math.sqrt(same.reduce((a, x) => a + (x.importance - mean) ** 2, 0) / same.length),
            };
          })
          .sort((a, b) => b.importance - a.importance);
      } else rows = this.importanceOn(t.model, ds, ds.spec.seed);
      sink.display(
        this.plots.bundle(
          importanceFigure(m, rows, scoreName),
          `${m} relies most on: ${rows
            .slice(0, 3)
            .map((r) => `${r.column} (${scoreName} −${fmt(r.importance)})`)
            .join(", ")}`,
        ),
      );
    }
  }

  /** Permutation importance of each source column on a dataset's test rows: the drop in ROC AUC, r2 or accuracy. */
  private importanceOn(model: import("@tensorflow/tfjs").LayersModel, data: PreparedData, seed: number): Importance[] {
    const width = data.featureNames.length;
    const score = (p: ArrayLike<number>) => overallScore(data, data.test, p);
    return permutationImportance(
      (x, n) => tfjs().predictProba(model, { x, y: data.test.y, rows: data.test.rows, n }, width),
      data.test,
      data.featureColumns,
      { seed, score },
    );
  }

  /** `show` for regressions or classifiers over several classes: the views that fit them, and why the others do not. */
  private showTask(views: ShowView[], evals: (RegressionEvaluation | MulticlassEvaluation)[], sink: OutputSink): void {
    const names = evals.map((e) => e.model);
    const style = (m: string) => Math.max(0, this.modelOrder.indexOf(m));
    const multiclass = evals[0].task === "multiclass";
    for (const view of views) {
      if (view === "verdicts") sink.display(viewBundle(verdictView(evals)));
      else if (view === "metrics")
        sink.display(
          viewBundle(
            multiclass
              ? multiclassMetricsView(evals as MulticlassEvaluation[])
              : regressionMetricsView(evals as RegressionEvaluation[]),
          ),
        );
      else if (view === "confusion" && multiclass)
        for (const e of evals as MulticlassEvaluation[])
          sink.display(
            this.plots.bundle(
              multiclassConfusionFigure(e),
              `Confusion matrix: ${e.model}, accuracy ${fmt(e.metrics.accuracy)}`,
            ),
          );
      else if (view === "loss")
        sink.display(
          this.plots.bundle(
            lossFigure(
              evals.map((e) => ({ model: e.model, history: this.trained.get(e.model)?.history ?? [] })),
              style,
            ),
            `Training loss: ${names.join(", ")}`,
          ),
        );
      else if (view === "scorecard")
        sink.display(
          this.plots.bundle(
            needsIntervalFigure(
              evals,
              "Needs scorecard (95% bootstrap intervals)",
              (text) => !evals[0].verdicts.find((v) => v.need.text === text)?.need.unit,
              style,
            ),
            `Needs scorecard: ${names.join(", ")}`,
          ),
        );
      else if (multiclass)
        throw new NeedlabError(
          `\`show ${view}\` draws a binary classifier's ${view === "groups" ? "rates by group" : "curves"}; ${names.join(", ")} ${names.length === 1 ? "chooses" : "choose"} among several classes: show verdicts, metrics, confusion, loss or scorecard.`,
        );
      else
        throw new NeedlabError(
          `\`show ${view}\` draws a classifier's ${view === "groups" ? "rates by group" : "curves"}; ${names.join(", ")} ${names.length === 1 ? "predicts" : "predict"} a number: show verdicts, metrics, loss or scorecard.`,
        );
    }
  }

  /** `show`: charts and tables for models already evaluated (all of them when none is named). */
  private show(views: ShowView[], models: string[], sink: OutputSink): void {
    if (views.includes("code")) {
      // The code view needs only a declared model (and its dataset's width when trained).
      for (const m of models.length ? models : [...this.models.keys()]) {
        const spec = this.models.get(m)!;
        const t = this.trained.get(m);
        const ds = t ? this.datasets.get(t.dataset) : undefined;
        const code = modelCode(spec, ds?.featureNames.length ?? 0, ds?.targetScale, ds?.classNames);
        sink.display({ "text/plain": code, "text/markdown": "```typescript\n" + code + "\n```" });
      }
      views = views.filter((v) => v !== "code");
      if (views.length === 0) return;
    }
    // Regressions and classifiers over several classes have views of their own.
    let shown = 0;
    for (const map of [this.multiclassEvaluations, this.regressionEvaluations] as Map<
      string,
      RegressionEvaluation | MulticlassEvaluation
    >[]) {
      const named = (models.length ? models : [...map.keys()]).filter((m) => map.has(m));
      if (named.length)
        this.showTask(
          views,
          named.map((m) => map.get(m)!),
          sink,
        );
      shown += named.length;
    }
    const binary = models.filter((m) => !this.multiclassEvaluations.has(m) && !this.regressionEvaluations.has(m));
    if (shown && (models.length ? binary.length === 0 : this.evaluations.size === 0)) return;
    models = binary;
    const names = models.length ? models : [...this.evaluations.keys()];
    const evals = names.map((m) => {
      const e = this.evaluations.get(m);
      if (!e)
        throw new NeedlabError(
          `model '${m}' has not been evaluated yet: add \`evaluate ${m} against NEEDS\` before \`show\``,
        );
      return e;
    });
    if (evals.length === 0)
      throw new NeedlabError("nothing to show yet: evaluate a model first (`evaluate MODEL against NEEDS`)");
    const style = (m: string) => Math.max(0, this.modelOrder.indexOf(m));
    const names2 = evals.map((e) => e.model).join(", ");
    for (const view of views) {
      switch (view) {
        case "verdicts":
          sink.display(viewBundle(verdictView(evals)));
          break;
        case "metrics":
          sink.display(viewBundle(metricsView(evals)));
          break;
        case "roc":
          sink.display(this.plots.bundle(rocFigure(evals, style), `ROC curves: ${names2}`));
          break;
        case "pr":
          sink.display(
            this.plots.bundle(
              prFigure(evals, style),
              `Precision-recall curves: ${evals.map((e) => `${e.model} AP ${fmt(e.metrics.average_precision)}`).join(", ")}`,
            ),
          );
          break;
        case "calibration":
          sink.display(
            this.plots.bundle(
              calibrationFigure(evals, style),
              `Calibration: ${evals.map((e) => `${e.model} ECE ${fmt(e.calibration.ece)}`).join(", ")}`,
            ),
          );
          break;
        case "confusion":
          sink.display(this.plots.bundle(confusionFigure(evals), `Confusion matrices: ${names2}`));
          break;
        case "thresholds":
          for (const e of evals)
            sink.display(this.plots.bundle(thresholdFigure(e), `Threshold sweep: ${e.model}, cut-off ${e.threshold}`));
          break;
        case "loss":
          sink.display(
            this.plots.bundle(
              lossFigure(
                evals.map((e) => ({ model: e.model, history: this.trained.get(e.model)?.history ?? [] })),
                style,
              ),
              `Training loss: ${names2}`,
            ),
          );
          break;
        case "groups":
          for (const e of evals)
            for (const [key, report] of Object.entries(e.fairness).filter(([k]) => !k.includes("("))) {
              const fig = byGroupFigure(report as never);
              sink.display(
                this.plots.bundle(
                  { ...fig, layout: { ...fig.layout, title: { text: `${e.model}: rates by ${key}` } } },
                  `${e.model}: rates by ${key}`,
                ),
              );
            }
          break;
        case "scorecard":
          sink.display(
            this.plots.bundle(
              needsIntervalFigure(
                evals,
                "Needs scorecard (95% bootstrap intervals)",
                (text) => !evals[0].verdicts.find((v) => v.need.text === text)?.need.unit,
                style,
              ),
              `Needs scorecard: ${evals.map((e) => `${e.model} ${e.verdicts.filter((v) => v.status === "pass").length}/${e.verdicts.length} met`).join(", ")}`,
            ),
          );
          break;
      }
    }
  }

  /** One model's evaluation on a part of its dataset (the test part, or validation while tuning). */
  private evaluateModel(
    m: string,
    t: TrainingRun & { spec: ModelSpec; mitigation?: Mitigation },
    ds: Dataset,
    needs: NeedSetSpec,
    part: "test" | "validation" = "test",
  ): Evaluation {
    const { matrix: rows, scores: yScore } = scored(t, ds, part);
    const sensitive = Object.fromEntries(
      Object.entries(ds.sensitive).map(([col, values]) => [col, Array.from(rows.rows, (r) => values[r])]),
    );
    if (part === "test") this.evaluatedAgainst.set(m, needs.name);
    // Each model's intervals are seeded from the dataset seed, so reruns give the same verdicts.
    const operational = needs.needs.some((n) => n.unit) ? operationalOf(t, ds, rows) : undefined;
    const e = evaluate(
      {
        model: m,
        dataset: ds.name,
        positive: ds.positive,
        negative: ds.negative,
        yTrue: rows.y,
        yScore,
        sensitive,
        operational,
      },
      needs,
      { threshold: t.spec.threshold, seed: ds.spec.seed },
    );
    return { ...e, split: evaluatedOn(t, part) };
  }

  /** The sample-weight column of a dataset, for its training rows: numbers, none negative, not a feature. */
  private sampleWeights(
    ds: Dataset,
    column: string,
    model: string,
    data: Pick<PreparedData, "featureColumns" | "train"> = ds,
  ): Float32Array {
    if (!ds.frame.columns.includes(column))
      throw new NeedlabError(
        `model '${model}' weighs rows by '${column}', which is not a column of dataset '${ds.name}'${endWithSuggestion(column, ds.frame.columns.map(String))}Name a numeric column of the file.`,
      );
    if (data.featureColumns.some((f) => f.column === column))
      throw new NeedlabError(
        `'${column}' weighs the rows of model '${model}', so it must not also be a feature: add \`drop ${column}\` to dataset '${ds.name}'.`,
      );
    const values = ds.frame.column(column).values as unknown[];
    return Float32Array.from(data.train.rows, (r) => {
      const w = Number(values[r]);
      if (!Number.isFinite(w) || w < 0)
        throw new NeedlabError(
          `sample weights must be numbers of at least 0, but '${column}' has '${String(values[r])}' on line ${r + 2} of ${ds.spec.source}.`,
        );
      return w;
    });
  }

  /** A regression model's evaluation on a part of its dataset. */
  private evaluateRegressionModel(
    m: string,
    t: TrainingRun & { spec: ModelSpec },
    ds: Dataset,
    needs: NeedSetSpec,
    part: "test" | "validation" = "test",
  ): RegressionEvaluation {
    const { matrix: rows, scores: yPred } = scored(t, ds, part);
    const operational = needs.needs.some((n) => n.unit) ? operationalOf(t, ds, rows) : undefined;
    if (part === "test") this.evaluatedAgainst.set(m, needs.name);
    return evaluateRegression({ model: m, dataset: ds.name, yTrue: rows.value!, yPred, operational }, needs, {
      seed: ds.spec.seed,
      split: evaluatedOn(t, part),
    });
  }

  /** Either kind of evaluation, for ranking (compare, tune). */
  private judge(
    m: string,
    t: TrainingRun & { spec: ModelSpec; mitigation?: Mitigation },
    ds: Dataset,
    needs: NeedSetSpec,
    part: "test" | "validation" = "test",
  ): Rankable & { rows: number } {
    if (ds.task === "regression") return this.evaluateRegressionModel(m, t, ds, needs, part);
    if (ds.task === "multiclass") return this.evaluateMulticlassModel(m, t, ds, needs, part);
    return this.evaluateModel(m, t, ds, needs, part);
  }

  /** A multiclass model's evaluation on a part of its dataset. */
  private evaluateMulticlassModel(
    m: string,
    t: TrainingRun & { spec: ModelSpec },
    ds: Dataset,
    needs: NeedSetSpec,
    part: "test" | "validation" = "test",
  ): MulticlassEvaluation {
    const { matrix: rows, scores: probs } = scored(t, ds, part);
    const operational = needs.needs.some((n) => n.unit) ? operationalOf(t, ds, rows) : undefined;
    if (part === "test") this.evaluatedAgainst.set(m, needs.name);
    return evaluateMulticlass(
      { model: m, dataset: ds.name, classNames: ds.classNames!, yTrue: rows.y, probs, operational },
      needs,
      { seed: ds.spec.seed, split: evaluatedOn(t, part) },
    );
  }

  /** Evaluates a trained model on its test rows and keeps the evaluation where its kind of target keeps them. */
  private keepEvaluation(
    m: string,
    ds: Dataset,
    needs: NeedSetSpec,
  ): Evaluation | RegressionEvaluation | MulticlassEvaluation {
    const t = this.trained.get(m)!;
    if (ds.task === "regression") {
      const e = this.evaluateRegressionModel(m, t, ds, needs);
      this.regressionEvaluations.set(m, e);
      return e;
    }
    if (ds.task === "multiclass") {
      const e = this.evaluateMulticlassModel(m, t, ds, needs);
      this.multiclassEvaluations.set(m, e);
      return e;
    }
    const e = this.evaluateModel(m, t, ds, needs);
    this.evaluations.set(m, e);
    return e;
  }

  /** The metrics table for evaluations of one kind of target. */
  private metricsTable(evals: (Evaluation | RegressionEvaluation | MulticlassEvaluation)[]) {
    const first = evals[0] as { task?: string };
    if (first.task === "regression") return regressionMetricsView(evals as RegressionEvaluation[]);
    if (first.task === "multiclass") return multiclassMetricsView(evals as MulticlassEvaluation[]);
    return metricsView(evals as Evaluation[]);
  }

  private evaluateMulticlassModels(models: string[], ds: Dataset, needs: NeedSetSpec, sink: OutputSink): void {
    const evals = models.map((m) => this.keepEvaluation(m, ds, needs) as MulticlassEvaluation);
    const machine = {
      ...machineEvaluation(
        ds.name,
        needs.name,
        this.backend?.name,
        evals.map((e) => ({
          ...e,
          metrics: e.metrics as unknown as Record<string, number>,
          extra: { confusion: e.confusion },
        })),
      ),
      task: "multiclass",
      classes: ds.classNames,
    };
    sink.display(viewBundle(verdictView(evals), { [NEEDLAB_EVALUATION_MIME]: machine }));
    sink.display(viewBundle(multiclassMetricsView(evals)));
    for (const e of evals)
      sink.display(
        this.plots.bundle(
          multiclassConfusionFigure(e),
          `Confusion matrix: ${e.model}, accuracy ${fmt(e.metrics.accuracy)}`,
        ),
      );
  }

  private evaluateRegressions(models: string[], ds: Dataset, needs: NeedSetSpec, sink: OutputSink): void {
    const evals = models.map((m) => this.keepEvaluation(m, ds, needs) as RegressionEvaluation);
    const machine = {
      ...machineEvaluation(
        ds.name,
        needs.name,
        this.backend?.name,
        evals.map((e) => ({ ...e, metrics: e.metrics as unknown as Record<string, number> })),
      ),
      task: "regression",
    };
    sink.display(viewBundle(verdictView(evals), { [NEEDLAB_EVALUATION_MIME]: machine }));
    sink.display(viewBundle(regressionMetricsView(evals)));
    const style = (m: string) => Math.max(0, this.modelOrder.indexOf(m));
    sink.display(
      this.plots.bundle(
        predictedActualFigure(evals, style),
        `Predicted against actual: ${evals.map((e) => `${e.model} r2 ${fmt(e.metrics.r2)}, mae ${fmt(e.metrics.mae)}`).join("; ")}`,
      ),
    );
  }

  /** `compare`: evaluates the models against the needs and ranks them. */
  private compare(models: string[], datasetName: string, needsName: string, sink: OutputSink): void {
    const ds = this.datasets.get(datasetName)!;
    const needs = this.needs.get(needsName)!;
    const evals = models.map((m) => this.keepEvaluation(m, ds, needs));
    const ranked = rankModels(evals);
    const scoreName = RANKING_SCORE[ds.task];
    sink.display(viewBundle(verdictView(evals)));
    sink.display(viewBundle(this.metricsTable(evals)));
    const rows = ranked.map((r, i) => ({
      key: `${i + 1}. ${r.model}`,
      value: `${r.acceptable ? "meets every must-need" : `${r.mustFailed} must-need(s) failed, ${r.mustUndecided} undecided`}; ${r.shouldMet} should-need(s) met; ${scoreName} ${fmt(r.rocAuc)}`,
    }));
    sink.display(
      viewBundle(
        keyValueView(`Comparison against ${needsName} (test split of ${datasetName})`, rows, [
          recommendation(ranked, scoreName),
        ]),
        {
          [NEEDLAB_COMPARISON_MIME]: {
            needs: needsName,
            dataset: datasetName,
            ranking: ranked.map((r) => ({ ...r, rocAuc: finiteOrNull(r.rocAuc) })),
          },
        },
      ),
    );
    if (ds.task !== "binary") return;
    const style = (m: string) => Math.max(0, this.modelOrder.indexOf(m));
    sink.display(
      this.plots.bundle(
        needsIntervalFigure(
          evals,
          "Needs scorecard (95% bootstrap intervals)",
          (text) => !evals[0].verdicts.find((v) => v.need.text === text)?.need.unit,
          style,
        ),
        `Needs scorecard: ${recommendation(ranked)}`,
      ),
    );
  }

  /** `export`: each model as a TensorFlow.js model folder with its preprocessing and a model card. */
  private async export(models: string[], target: string, sink: OutputSink): Promise<void> {
    const { exportModel } = await import("../stdlib/export/model");
    for (const m of models) {
      const t = this.trained.get(m)!;
      const ds = this.datasets.get(t.dataset)!;
      const dir = path.resolve(this.baseDir, models.length > 1 ? path.join(target, m) : target);
      const written = await exportModel(dir, {
        name: m,
        trained: t,
        dataset: ds,
        evaluation: this.evaluations.get(m),
        regression: this.regressionEvaluations.get(m),
        multiclass: this.multiclassEvaluations.get(m),
      });
      sink.display(
        viewBundle(
          keyValueView(
            `Exported ${m}`,
            written.map((f) => ({ key: path.basename(f.path), value: `${f.what} (${fmtMeasured(f.bytes, "size")})` })),
            [
              `Folder: ${dir}`,
              ...(this.evaluations.has(m) || this.regressionEvaluations.has(m) || this.multiclassEvaluations.has(m)
                ? []
                : [
                    `${m} has not been evaluated, so its model card has no verdicts: run \`evaluate ${m} against NEEDS\` before exporting.`,
                  ]),
            ],
          ),
        ),
      );
    }
  }

  /** `monitor`: drift of a new file's feature columns against the dataset's training rows. */
  private async monitor(datasetName: string, file: string, sink: OutputSink): Promise<void> {
    const ds = this.datasets.get(datasetName)!;
    // The new file is read like the dataset (delimiter, encoding), its format judged by its own extension.
    const { table } = await loadCsv(file, this.baseDir, { delimiter: ds.spec.delimiter, encoding: ds.spec.encoding });
    const current = deriveColumns(
      table,
      ds.spec.derived.filter((d) => exprColumnsOf(d.expr).every((c) => table.columns.includes(c))),
    );
    const missing = ds.featureColumns.map((f) => f.column).filter((c) => !current.columns.includes(c));
    if (missing.length)
      throw new NeedlabError(
        `${file} lacks ${missing.length === 1 ? "the feature column" : "feature columns"} ${missing.map((c) => `'${c}'`).join(", ")} of dataset '${datasetName}': monitoring compares the same columns. Check that it is the same kind of file.`,
      );
    const drift: ColumnDrift[] = ds.featureColumns.map((f) => {
      const values = ds.frame.column(f.column).values as unknown[]; // once per column: danfojs builds a Series each call
      const trainValues = Array.from(ds.train.rows, (r) => values[r]);
      const newValues = current.values[current.columns.indexOf(f.column)];
      return f.kind === "numeric"
        ? numericDrift(f.column, trainValues, newValues)
        : categoricalDrift(f.column, trainValues, newValues);
    });
    drift.sort((a, b) => b.psi - a.psi);
    const rows = drift.map((d) => ({
      key: d.column,
      value: `PSI ${fmt(d.psi)} (${d.status})${d.ks !== undefined ? `, KS ${fmt(d.ks)}` : ""}${d.missingNew ? `, ${(100 * d.missingNew).toFixed(1)}% missing` : ""}${d.unseenNew ? `, ${(100 * d.unseenNew).toFixed(1)}% unseen categories` : ""}`,
    }));
    const shifted = drift.filter((d) => d.status !== "stable");
    const note = shifted.length
      ? `${shifted.length} of ${drift.length} columns have shifted (PSI ≥ 0.1): ${shifted.map((d) => d.column).join(", ")}. Re-check the needs on recent labelled data before relying on the model.`
      : `All ${drift.length} feature columns are stable (PSI < 0.1).`;
    sink.display(
      viewBundle(
        keyValueView(
          `Drift of ${file} (${table.values[0]?.length ?? 0} rows) against the training rows of ${datasetName}`,
          rows,
          [note, "PSI over training deciles or categories: < 0.1 stable, 0.1-0.25 moderate, > 0.25 major."],
        ),
        {
          [NEEDLAB_DRIFT_MIME]: {
            dataset: datasetName,
            file,
            columns: drift.map((d) => ({ ...d, ks: d.ks === undefined ? undefined : finiteOrNull(d.ks) })),
          },
        },
      ),
    );
    sink.display(
      this.plots.bundle(
        driftFigure(drift),
        `Drift (PSI): ${drift
          .slice(0, 3)
          .map((d) => `${d.column} ${fmt(d.psi)}`)
          .join(", ")}`,
      ),
    );
  }

  /**
   * `mitigate`: reweighs the training rows and retrains (reweigh), or gives
   * each group its own cut-off (thresholds). When the model was evaluated,
   * it is evaluated again against the same needs and shown before and after.
   */
  private async mitigate(
    models: string[],
    by: string[],
    method: "reweigh" | "thresholds",
    sink: OutputSink,
    signal: { aborted: boolean },
  ): Promise<void> {
    for (const m of models) {
      const t = this.trained.get(m)!;
      const ds = this.datasets.get(t.dataset)!;
      if (ds.task !== "binary")
        throw new NeedlabError(
          `mitigate works on classifiers: '${m}' predicts a number (${ds.task}), and fairness needs compare the groups' decisions.`,
        );
      const before = this.evaluations.get(m);
      const needsName = this.evaluatedAgainst.get(m);
      let mitigated: TrainedModel;
      if (method === "reweigh") {
        const r = reweigh(groupsOf(ds, by, ds.train.rows), ds.train.y);
        const { train } = await loadTfjs();
        const sampleWeights = t.spec.sampleWeight ? this.sampleWeights(ds, t.spec.sampleWeight, m) : undefined;
        const rowWeights = sampleWeights ? r.rowWeights.map((w, i) => w * sampleWeights[i]) : r.rowWeights;
        // k-fold: every fold model is retrained on its own training rows, reweighed the same way.
        t.crossValidation?.models?.forEach((fm) => fm.dispose());
        const crossValidation = ds.folds
          ? await this.crossValidate(
              m,
              t.spec,
              ds,
              sink,
              signal,
              false,
              (fold) => reweigh(groupsOf(ds, by, fold.train.rows), fold.train.y).rowWeights,
            )
          : undefined;
        const run = await train(t.spec, { ...ds, sampleWeights: rowWeights }, { signal });
        if (run.interrupted)
          throw new NeedlabError(`interrupted while retraining '${m}' with reweighing; '${m}' is unchanged.`);
        const weights = Object.fromEntries(
          Object.entries(r.weights).map(([cell, w]) => [
            cell.replace(/\|1$/, ` & ${ds.positive}`).replace(/\|0$/, ` & ${ds.negative}`),
            w,
          ]),
        );
        mitigated = {
          ...run,
          name: m,
          spec: t.spec,
          dataset: t.dataset,
          backend: t.backend,
          mitigation: { method, by, weights },
          ...(crossValidation ? { crossValidation } : {}),
        };
        sink.stream(
          "stdout",
          `${m}: retrained on the training rows reweighed by ${by.join(" & ")}: ${Object.entries(weights)
            .map(([c, w]) => `${c} ${w.toFixed(3)}`)
            .join(", ")}\n`,
        );
      } else {
        // Cut-offs are chosen on rows the model did not learn from when there are some
        // (k-fold: the out-of-fold predictions).
        const cv = t.crossValidation;
        const part = cv ? "out-of-fold" : ds.validation.n > 0 ? "validation" : "train";
        const needs = needsName ? this.needs.get(needsName) : undefined;
        const target = thresholdTarget(needs, by);
        const rows = cv ? cv.matrix : ds[part as "validation" | "train"];
        const raw = cv ? cv.scores : tfjs().predictProba(t.model, rows, ds.featureNames.length);
        const thresholds = groupThresholds(groupsOf(ds, by, rows.rows), rows.y, raw, t.spec.threshold, target);
        mitigated = { ...t, mitigation: { method, by, thresholds, fittedOn: part } };
        const rateName = target === "tpr" ? "true positive rate" : "selection rate";
        const caveat =
          part === "train"
            ? " (the dataset has no validation part; add one to choose them on unseen rows)"
            : part === "out-of-fold"
              ? " (the verdicts after are measured on the same predictions, so they are optimistic)"
              : "";
        sink.stream(
          "stdout",
          `${m}: cut-offs by ${by.join(" & ")} matching the overall ${rateName} (${thresholds.rate.toFixed(3)}) on the ${part} rows${caveat}: ${Object.entries(
            thresholds.thresholds,
          )
            .map(([g, c]) => `${g} ${c.toFixed(3)}`)
            .join(", ")}\n`,
        );
      }
      this.trained.set(m, mitigated);
      this.evaluations.delete(m);
      if (before && needsName) {
        const after = this.evaluateModel(m, mitigated, ds, this.needs.get(needsName)!);
        this.evaluations.set(m, after);
        sink.display(
          viewBundle(
            verdictView([
              { ...before, model: `${m} before` },
              { ...after, model: `${m} after ${method}` },
            ]),
          ),
        );
      } else {
        sink.stream(
          "stdout",
          `${m} was not evaluated before, so there is nothing to compare with: run \`evaluate ${m} against NEEDS\` to see its verdicts.\n`,
        );
      }
    }
  }

  /**
   * `tune`: trains the model once per setting combination (every one for a
   * grid, `trials` seeded draws for random), judges each against the needs on
   * the validation part (the test part stays unseen), and keeps the best.
   */
  private async tune(spec: TuneSpec, sink: OutputSink, signal: { aborted: boolean }): Promise<void> {
    const ds = this.datasets.get(spec.dataset)!;
    const needs = this.needs.get(spec.needs)!;
    const base = this.models.get(spec.model)!;
    if (!ds.folds && ds.validation.n === 0)
      throw new NeedlabError(
        `tune judges settings on the validation part, and dataset '${spec.dataset}' has none: add one, e.g. \`split train 60%, validation 20%, test 20%\`. (Tuning on the test part would make its verdicts optimistic.)`,
      );
    const { selectBackend, train } = await loadTfjs();
    this.backend = await selectBackend(base.backend);
    const trials = tuneTrials(spec);
    const results: {
      settings: Record<string, number>;
      spec: ModelSpec;
      run: Awaited<ReturnType<typeof train>> & { crossValidation?: CrossValidation };
      evaluation: Rankable;
    }[] = [];
    const displayId = `tune-${spec.model}-${Date.now()}`;
    for (const [i, settings] of trials.entries()) {
      if (signal.aborted)
        throw new NeedlabError(
          `interrupted while tuning '${spec.model}' after ${i} of ${trials.length} trials; the model is unchanged.`,
        );
      sink.display(
        { "text/plain": `tuning ${spec.model}: trial ${i + 1}/${trials.length} ${settingsText(settings)}` },
        { displayId, update: i > 0 },
      );
      const variant = applySettings(base, settings);
      // k-fold: each trial is judged on its out-of-fold predictions; holdout: on the validation part.
      const crossValidation = ds.folds
        ? await this.crossValidate(spec.model, variant, ds, sink, signal, true)
        : undefined;
      const run = await train(variant, ds, { signal });
      const evaluation = this.judge(
        spec.model,
        { ...run, spec: variant, ...(crossValidation ? { crossValidation } : {}) },
        ds,
        needs,
        crossValidation ? "test" : "validation",
      );
      results.push({
        settings,
        spec: variant,
        run: { ...run, ...(crossValidation ? { crossValidation } : {}) },
        evaluation,
      });
    }
    const ranked = rankModels(results.map((r, i) => ({ ...r.evaluation, model: String(i) })));
    const best = results[Number(ranked[0].model)];
    for (const r of results) if (r !== best) r.run.model.dispose();
    this.models.set(spec.model, best.spec);
    this.trained.set(spec.model, {
      ...best.run,
      name: spec.model,
      spec: best.spec,
      dataset: spec.dataset,
      backend: this.backend.name,
    });
    this.evaluations.delete(spec.model);
    this.regressionEvaluations.delete(spec.model);
    this.multiclassEvaluations.delete(spec.model);
    const scoreName = RANKING_SCORE[ds.task];
    const judgedOn = ds.folds ? `out-of-fold ${scoreName}` : `validation ${scoreName}`;
    const rows = ranked.map((r, k) => {
      const res = results[Number(r.model)];
      return {
        key: `${k + 1}. ${settingsText(res.settings)}`,
        value: `${r.acceptable ? "meets every must-need" : `${r.mustFailed} must failed, ${r.mustUndecided} undecided`}; ${r.shouldMet} should met; ${judgedOn} ${fmt(r.rocAuc)}`,
      };
    });
    const next = ds.folds
      ? `${spec.model} now uses ${settingsText(best.settings)}, cross-validated and trained on every row. Its cross-validated verdicts are optimistic, since the settings were chosen on the same folds: confirm them on data kept aside.`
      : `${spec.model} now uses ${settingsText(best.settings)} and is trained with it: evaluate it on the test part with \`evaluate ${spec.model} against ${spec.needs}\`.`;
    sink.display(
      viewBundle(
        keyValueView(
          `Tuning ${spec.model} (${spec.search}, ${trials.length} trials, judged ${ds.folds ? `by ${ds.folds.length}-fold cross-validation` : "on the validation part"} of ${spec.dataset})`,
          rows,
          [next],
        ),
      ),
    );
  }
  private evaluate(models: string[], datasetName: string, needsName: string, sink: OutputSink): void {
    const ds = this.datasets.get(datasetName)!;
    const needs = this.needs.get(needsName)!;
    if (ds.task === "regression") return this.evaluateRegressions(models, ds, needs, sink);
    if (ds.task === "multiclass") return this.evaluateMulticlassModels(models, ds, needs, sink);
    const evals = models.map((m) => this.keepEvaluation(m, ds, needs) as Evaluation);
    const machine = machineEvaluation(
      datasetName,
      needsName,
      this.backend?.name,
      evals.map((e) => ({
        ...e,
        extra: {
          confusion: e.confusion,
          fairness: Object.fromEntries(Object.entries(e.fairness).map(([k, f]) => [k, finite(f.disparities)])),
        },
      })),
    );
    sink.display(viewBundle(verdictView(evals), { [NEEDLAB_EVALUATION_MIME]: machine }));
    sink.display(viewBundle(metricsView(evals)));
    if (Object.keys(evals[0]?.fairness ?? {}).length) sink.display(viewBundle(fairnessView(evals)));
    const style = (m: string) => Math.max(0, this.modelOrder.indexOf(m));
    sink.display(
      this.plots.bundle(
        rocFigure(evals, style),
        `ROC curves: ${evals.map((e) => `${e.model} AUC ${fmt(e.metrics.roc_auc)}`).join(", ")}`,
      ),
    );
    sink.display(
      this.plots.bundle(
        confusionFigure(evals),
        `Confusion matrices: ${evals.map((e) => `${e.model} tn=${e.confusion.tn} fp=${e.confusion.fp} fn=${e.confusion.fn} tp=${e.confusion.tp}`).join("; ")}`,
      ),
    );
    const fairnessNeeds = new Set(needs.needs.filter((n) => n.by?.length).map((n) => n.text));
    if (fairnessNeeds.size) {
      const fig = needsIntervalFigure(
        evals,
        "Fairness needs: disparities with 95% bootstrap intervals",
        (t) => fairnessNeeds.has(t),
        style,
      );
      sink.display(
        this.plots.bundle(
          fig,
          `Fairness needs: ${evals
            .map((e) =>
              e.verdicts
                .filter((v) => fairnessNeeds.has(v.need.text))
                .map((v) => `${e.model} ${v.need.metric} ${fmt(v.measured)} ${v.status}`)
                .join(", "),
            )
            .join("; ")}`,
        ),
      );
    }
  }
}

/** Per-group cut-offs match true positive rates when the needs on these columns are about them (equal opportunity), selection rates otherwise. */
function thresholdTarget(needs: NeedSetSpec | undefined, by: string[]): ThresholdTarget {
  const onThese = needs?.needs.filter((n) => n.by && n.by.join(",") === by.join(",")) ?? [];
  return onThese.length > 0 && onThese.every((n) => n.metric === "equal_opportunity_difference")
    ? "tpr"
    : "selection_rate";
}
