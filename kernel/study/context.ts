/**
 * What every statement handler works with: the state, the output sink, the
 * interrupt signal, and the few operations several handlers share (showing
 * task displays, evaluating a model on a part of its dataset, sample weights).
 */
import type { NeedSetSpec } from "../../plan/plan";
import { endWithSuggestion } from "../../plan/suggest";
import type { PreparedData } from "../../stdlib/data/prepare";
import { NeedlabError } from "../../stdlib/errors";
import { evaluatedOn, scored } from "../../stdlib/scoring";
import { taskModule, type DisplayContext, type Shown, type TaskEvaluation } from "../../stdlib/tasks";
import { type PlotlyEmbedder, viewBundle } from "../display";
import type { StudyState } from "./state";
import { tfjs } from "./tfjs";
import type { Dataset, OutputSink, TrainedModel } from "./types";

export interface StudyContext {
  state: StudyState;
  sink: OutputSink;
  signal: { aborted: boolean };
  plots: PlotlyEmbedder;
  /** The notebook's folder: relative paths in cells resolve against it. */
  baseDir: string;
}

/** Sends task displays to the sink: tables as view bundles, charts through the Plotly embedder. */
export function display(cx: StudyContext, shown: Shown[]): void {
  for (const s of shown) cx.sink.display("view" in s ? viewBundle(s.view, s.mime) : cx.plots.bundle(s.figure, s.text));
}

export function displayContext(cx: StudyContext, needs: NeedSetSpec, dataset: string): DisplayContext {
  const { state } = cx;
  return {
    style: state.style,
    history: (m) => state.trained.get(m)?.history ?? [],
    backend: state.backend?.name,
    needs,
    dataset,
  };
}

/** Operational measurements; latency is timed on rows with features (a cross-validated model's are the training rows). */
function operationalOf(t: TrainedModel | Omit<TrainedModel, "name">, ds: Dataset, rows: PreparedData["test"]) {
  const timed = rows.x.length ? rows : ds.train;
  return {
    p95_latency: tfjs().p95Latency(t.model, timed, ds.featureNames.length),
    model_size: t.parameters * 4,
    training_time: t.trainingMs,
  };
}

/** One model's evaluation on a part of its dataset (the test part, or validation while tuning), by its task. */
export function evaluateOn(
  cx: StudyContext,
  m: string,
  t: Omit<TrainedModel, "name" | "dataset" | "backend">,
  ds: Dataset,
  needs: NeedSetSpec,
  part: "test" | "validation" = "test",
): TaskEvaluation {
  const { matrix, scores } = scored(t, ds, part, tfjs().predictProba);
  if (part === "test") cx.state.evaluatedAgainst.set(m, needs.name);
  // Alerts (`per day`) are about new, unlabelled rows: `monitor` checks them, not the test rows.
  const judged = { ...needs, needs: needs.needs.filter((n) => !n.period) };
  const operational = judged.needs.some((n) => n.unit) ? operationalOf(t as TrainedModel, ds, matrix) : undefined;
  return taskModule(ds.task).evaluate(
    { model: m, data: ds, matrix, scores, threshold: t.spec.threshold, operational, split: evaluatedOn(t, part) },
    judged,
  );
}

/** Evaluates a trained model on its test rows and keeps the evaluation. */
export function keepEvaluation(cx: StudyContext, m: string, ds: Dataset, needs: NeedSetSpec): TaskEvaluation {
  const e = evaluateOn(cx, m, cx.state.trained.get(m)!, ds, needs);
  cx.state.keepEvaluation(m, e);
  return e;
}

/** The sample-weight column of a dataset, for its training rows: numbers, none negative, not a feature. */
export function sampleWeights(
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
