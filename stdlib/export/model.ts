/**
 * `export`: a trained model as files another program can use without
 * needlab's session: the TensorFlow.js model (model.json + weights.bin, the
 * layout tf.loadLayersModel reads), the preprocessing it expects
 * (preprocessing.json: every fitted fill value, category and scale), and a
 * model card (model-card.md) saying what it is for and how it measured up.
 */
import fs from "node:fs";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import type { DatasetSpec, ModelSpec } from "../../plan/plan";
import type { FeatureColumn, Matrix } from "../data/prepare";
import type { Evaluation } from "../evaluate";
import type { RegressionEvaluation } from "../evaluate-regression";
import type { MulticlassEvaluation } from "../evaluate-multiclass";
import { NeedlabError } from "../errors";
import { mdCode, mdText } from "./markdown";
import { assertWritableTarget, replaceFolderAtomic } from "../fs/atomic";
import { buildModel, Output, outputOf } from "../train";
import { textInputOf } from "../text/text-input";
import { PREDICT_JS } from "./text-predict";

export interface ExportInput {
  name: string;
  trained: {
    model: tf.LayersModel;
    spec: ModelSpec;
    history: { epoch: number; loss: number }[];
    trainingMs: number;
    parameters: number;
    backend: string;
    bestEpoch?: number;
    /** Linear models solved exactly: the method and its iterations. */
    solver?: string;
    mitigation?: {
      method: string;
      by: string[];
      thresholds?: { thresholds: Record<string, number> };
      weights?: Record<string, number>;
    };
  };
  dataset: {
    name: string;
    spec: DatasetSpec;
    featureColumns: FeatureColumn[];
    featureNames: string[];
    positive: string;
    negative: string;
    target: string;
    train: Matrix;
    validation: { n: number };
    test: { n: number };
    targetScale?: { center: number; scale: number };
    classNames?: string[];
  };
  evaluation?: Evaluation;
  /** For a regression model, its evaluation instead. */
  regression?: RegressionEvaluation;
  /** For a classifier over several classes, its evaluation instead. */
  multiclass?: MulticlassEvaluation;
}

export interface WrittenFile {
  path: string;
  what: string;
  bytes: number;
}

/** Everything needed to turn a raw row into the model's input, as plain JSON. */
export function preprocessingOf(input: ExportInput): object {
  const { dataset: ds, trained: t } = input;
  return {
    target: ds.target,
    ...(ds.spec.task === "binary" ? { positive: ds.positive, negative: ds.negative, threshold: t.spec.threshold } : {}),
    // Per-group cut-offs replace `threshold` for the rows of those groups (values of the `by` columns joined with " & ").
    ...(t.mitigation?.thresholds
      ? { groupThresholds: { by: t.mitigation.by, thresholds: t.mitigation.thresholds.thresholds } }
      : {}),
    ...(ds.classNames
      ? { classes: ds.classNames, decision: "the class of the largest output (outputs are in the order of `classes`)" }
      : {}),
    ...(ds.spec.text
      ? {
          text: {
            columns: ds.spec.text.columns,
            joinedBy: "\n",
            vectorizer: "vectorizer.json",
            howTo:
              "Join the text columns' values with a line break into one message; `predict.js` turns messages into the model's input as training did (vectorizer.json) and predicts with plain tfjs.",
          },
        }
      : {}),
    featureNames: ds.featureNames,
    columns: ds.featureColumns,
    derived: ds.spec.derived,
    dropped: [...ds.spec.drop, ...ds.spec.sensitive, ...ds.spec.pii],
    howTo:
      "For each column in order: fill a missing value with `fill`; numbers become (x - center) / scale; categories become one-hot over `categories` (onehot), " +
      "their index in `categories` (ordinal) or `frequencies[value]` (frequency), then (code - center) / scale. " +
      (ds.spec.task === "regression"
        ? "The model outputs the prediction in the target's unit."
        : ds.classNames
          ? "The model outputs one probability per class, in the order of `classes`; predict the largest."
          : "The model outputs the probability of `positive`; predict it when the probability is at least `threshold` (or the row's group cut-off in `groupThresholds`)."),
  };
}

const fmt = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? "undefined" : v.toFixed(3));

/** The model card, in the spirit of Mitchell et al. (2019): details, intended use, data, evaluation, caveats. */
export function modelCard(input: ExportInput, now = new Date()): string {
  const { name, dataset: ds, trained: t } = input;
  const spec = t.spec;
  const task = ds.spec.task;
  const e = input.evaluation ?? input.regression ?? input.multiclass;
  const classes = input.multiclass?.classNames ?? ds.classNames;
  const output = task === "regression" ? "linear output" : task === "multiclass" ? "softmax output" : "sigmoid output";
  const arch = ds.spec.text
    ? `${spec.family === "logistic_regression" ? "TF-IDF + logistic regression" : `${spec.family} network over token ids`} reading ${ds.spec.text.columns.map(mdCode).join(" + ")}, ${output}${spec.family === "transformer" ? " (its attention layers are needlab's: register them by importing needlab's stdlib/text/attention before loading)" : ""}`
    : spec.family === "dense"
      ? `dense network, hidden layers ${spec.layers.map((l) => `${l.units} ${l.activation}${l.dropout ? ` (dropout ${l.dropout})` : ""}`).join(" → ")}, ${output}`
      : task === "multiclass"
        ? "multinomial logistic regression (softmax)"
        : `${spec.family} (one ${task === "regression" ? "linear" : "sigmoid"} unit)`;
  const decision =
    task === "regression"
      ? `- Decision: predicts ${mdCode(ds.target)} in its own unit.`
      : task === "multiclass"
        ? `- Decision: predicts the most probable of ${classes?.map(mdText).join(", ")}.`
        : t.mitigation?.thresholds
          ? `- Decision: predicts "${mdText(ds.positive)}" when its probability is at least its group's cut-off (by ${t.mitigation.by.map(mdText).join(" &amp; ")}: ${Object.entries(
              t.mitigation.thresholds.thresholds,
            )
              .map(([g, c]) => `${mdText(g)} ${c.toFixed(3)}`)
              .join(", ")}); the group must be known when deciding.`
          : `- Decision: predicts "${mdText(ds.positive)}" when its probability is at least ${spec.threshold}.`;
  const purpose =
    task === "regression"
      ? `- Predicts ${mdCode(ds.target)} (a number) for data like ${mdText(ds.spec.source)}.`
      : task === "multiclass"
        ? `- Predicts ${mdCode(ds.target)} as one of ${classes?.map(mdText).join(", ") ?? "its classes"} (the most probable), for data like ${mdText(ds.spec.source)}.`
        : `- Detects "${mdText(ds.positive)}" (vs "${mdText(ds.negative)}") in ${mdCode(ds.target)}, for data like ${mdText(ds.spec.source)}.`;
  const metricsLine = input.regression
    ? `Metrics: mae ${fmt(input.regression.metrics.mae)}, rmse ${fmt(input.regression.metrics.rmse)}, r2 ${fmt(input.regression.metrics.r2)}, mape ${fmt(input.regression.metrics.mape)}`
    : input.multiclass
      ? `Metrics: accuracy ${fmt(input.multiclass.metrics.accuracy)}, balanced accuracy ${fmt(input.multiclass.metrics.balanced_accuracy)}, macro f1 ${fmt(input.multiclass.metrics.f1)}, log loss ${fmt(input.multiclass.metrics.log_loss)}`
      : input.evaluation
        ? `Metrics: accuracy ${fmt(input.evaluation.metrics.accuracy)}, precision ${fmt(input.evaluation.metrics.precision)}, recall ${fmt(input.evaluation.metrics.recall)}, f1 ${fmt(input.evaluation.metrics.f1)}, ROC AUC ${fmt(input.evaluation.metrics.roc_auc)}, average precision ${fmt(input.evaluation.metrics.average_precision)}`
        : "";
  const lines = [
    `# Model card: ${mdText(name)}`,
    "",
    `Exported by needlab on ${now.toISOString().slice(0, 10)}.`,
    "",
    "## Model details",
    `- Architecture: ${arch}; ${t.parameters} parameters.`,
    t.solver
      ? `- Training: ${t.solver}; seed ${spec.seed}, backend ${t.backend}, ${(t.trainingMs / 1000).toFixed(1)} s; ${task === "regression" ? "least squares" : "cross-entropy"}.`
      : `- Training: ${spec.optimizer}, learning rate ${spec.learningRate}${spec.schedule ? ` (${spec.schedule.kind} schedule)` : ""}, ${t.history.length} of ${spec.epochs} epochs${t.bestEpoch ? ` (weights of epoch ${t.bestEpoch} kept by early stopping on ${spec.stopMetric})` : ""}, batch size ${spec.batchSize}, seed ${spec.seed}, backend ${t.backend}, ${(t.trainingMs / 1000).toFixed(1)} s; ${task === "regression" ? "mean squared error" : "cross-entropy"}.`,
    decision,
    t.mitigation?.method === "reweigh"
      ? `- Fairness mitigation: trained on rows reweighed by ${t.mitigation.by.map(mdText).join(" &amp; ")} (Kamiran &amp; Calders).`
      : "",
    spec.layers.some((l) => l.dropout > 0)
      ? "- Dropout acts only in training, so the exported model leaves it out: it is plain TensorFlow.js layers."
      : "",
    "",
    "## Intended use",
    purpose,
    ...(e
      ? [
          "- The needs it was accepted against:",
          ...e.verdicts.map(
            (v) => `  - ${v.need.level} ${mdCode(v.need.text)}${v.need.because ? `: ${mdText(v.need.because)}` : ""}`,
          ),
        ]
      : ["- No needs were evaluated before export."]),
    "",
    "## Data",
    `- Source: ${mdText(ds.spec.source)}; ${ds.train.n} training, ${ds.validation.n} validation and ${ds.test.n} test rows (seed ${ds.spec.seed}${ds.spec.stratify ? ", stratified" : ""}).`,
    `- Features: ${ds.featureColumns.map((f) => mdText(f.column)).join(", ")} (${ds.featureNames.length} inputs).`,
    ...(ds.spec.sensitive.length
      ? [`- Sensitive attributes (never features, used for fairness): ${ds.spec.sensitive.map(mdText).join(", ")}.`]
      : []),
    ...(ds.spec.pii.length ? [`- Personal data (never used): ${ds.spec.pii.map(mdText).join(", ")}.`] : []),
    "",
    "## Evaluation (test split)",
  ];
  if (e) {
    lines.push(
      "",
      "| need | level | measured | 95% interval | verdict |",
      "|---|---|---|---|---|",
      ...e.verdicts.map(
        (v) =>
          `| ${mdCode(v.need.text)} | ${v.need.level} | ${fmt(v.measured)} | ${v.interval ? `${fmt(v.interval.low)} to ${fmt(v.interval.high)}` : "-"} | ${v.status} |`,
      ),
      "",
      `${metricsLine} on ${e.rows} rows.`,
      "",
      "## Caveats",
      ...(e.verdicts.some((v) => v.status === "undecided")
        ? [
            "- Some verdicts are undecided: their interval straddles the threshold, so more test data is needed to call them.",
          ]
        : []),
      ...(e.verdicts.some((v) => v.status === "fail" && v.need.level === "must")
        ? ["- The model FAILS at least one must-need above; it should not be deployed for this use as is."]
        : []),
      "- Measured on one held-out split of historical data; monitor drift (`monitor`) and re-check the needs on recent labelled data.",
    );
  } else {
    lines.push("", "Not evaluated before export: run `evaluate` first to include verdicts.");
  }
  return lines.filter((l, i, all) => !(l === "" && all[i - 1] === "")).join("\n") + "\n";
}

/**
 * The model as it predicts: dropout is the identity at inference, and
 * needlab's seeded dropout is a custom layer class other programs would not
 * know, so the exported copy has no dropout layers (same weights, same outputs).
 */
function inferenceModel(model: tf.LayersModel, spec: ModelSpec, output: Output): tf.LayersModel {
  if (!spec.layers.some((l) => l.dropout > 0)) return model;
  const inputs = (model.inputs[0].shape[1] ?? 0) as number;
  const plain = buildModel(
    { ...spec, layers: spec.layers.map((l) => ({ ...l, dropout: 0 })) },
    inputs,
    undefined,
    output,
  );
  plain.setWeights(model.getWeights());
  return plain;
}

/** The files an export writes; an existing folder holding anything else is not replaced. */
export const EXPORT_FILES = [
  "model.json",
  "weights.bin",
  "preprocessing.json",
  "evaluation.json",
  "model-card.md",
  "vectorizer.json",
  "predict.js",
];

/**
 * Refuses an export folder that is (or holds) the notebook's own folder, a
 * symbolic link, a system folder, or a folder with files the export did not write.
 */
export function assertExportTarget(dir: string, notebookDir = process.cwd()): void {
  const target = path.resolve(dir);
  const cwd = path.resolve(notebookDir);
  if (target === cwd || cwd.startsWith(target + path.sep))
    throw new NeedlabError(
      `cannot export to ${target}: it is the notebook's folder${target === cwd ? "" : " or holds it"}; export to a folder of its own, such as "models/NAME".`,
    );
  assertWritableTarget(target);
  const stat = fs.lstatSync(target, { throwIfNoEntry: false });
  if (!stat) return;
  if (stat.isSymbolicLink())
    throw new NeedlabError(`cannot export to ${target}: it is a symbolic link; export to a real folder instead.`);
  if (!stat.isDirectory()) throw new NeedlabError(`cannot export to ${target}: it is a file, not a folder.`);
  for (const entry of fs.readdirSync(target, { withFileTypes: true })) {
    if (entry.isFile() && EXPORT_FILES.includes(entry.name)) continue;
    throw new NeedlabError(
      `cannot export to ${target}: it holds ${entry.name}, which an export did not write; export to an empty or new folder.`,
    );
  }
}

/** Writes the export into a new sibling folder and swaps it in whole: a kill leaves the old export or the new one. */
export async function exportModel(dir: string, input: ExportInput, notebookDir?: string): Promise<WrittenFile[]> {
  assertExportTarget(dir, notebookDir);
  const target = path.resolve(dir);
  let written: WrittenFile[] = [];
  try {
    await replaceFolderAtomic(target, async (temp) => {
      written = await writeExport(temp, input);
    });
  } catch (err) {
    if (err instanceof NeedlabError) throw err;
    throw new NeedlabError(
      `cannot write the export folder ${target}: ${(err as Error).message}. Choose a folder you can write to.`,
    );
  }
  return written.map((f) => ({ ...f, path: path.join(target, path.basename(f.path)) }));
}

async function writeExport(dir: string, input: ExportInput): Promise<WrittenFile[]> {
  const written: WrittenFile[] = [];
  const write = (file: string, data: string | Uint8Array, what: string) => {
    const p = path.join(dir, file);
    fs.writeFileSync(p, data);
    written.push({ path: p, what, bytes: typeof data === "string" ? Buffer.byteLength(data) : data.byteLength });
  };
  await inferenceModel(input.trained.model, input.trained.spec, outputOf(input.dataset)).save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weights =
        artifacts.weightData instanceof ArrayBuffer
          ? new Uint8Array(artifacts.weightData)
          : new Uint8Array(await new Blob(artifacts.weightData as ArrayBuffer[]).arrayBuffer());
      write("weights.bin", weights, "weights (float32)");
      const modelJson = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: null,
        weightsManifest: [{ paths: ["weights.bin"], weights: artifacts.weightSpecs }],
      };
      write("model.json", JSON.stringify(modelJson), "TensorFlow.js layers model (tf.loadLayersModel)");
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
    }),
  );
  const text = textInputOf(input.trained.model);
  if (text) {
    write(
      "vectorizer.json",
      JSON.stringify(text.kind === "tfidf" ? text.vectorizer : text.vocabulary),
      text.kind === "tfidf"
        ? "TF-IDF vectoriser fitted on the training messages"
        : "token vocabulary of the training messages",
    );
    write("predict.js", PREDICT_JS, "plain-JavaScript vectoriser and predictor (Node, tfjs)");
  }
  write(
    "preprocessing.json",
    JSON.stringify(preprocessingOf(input), null, 2),
    "preprocessing fitted on the training rows",
  );
  const other = input.regression ?? input.multiclass;
  if (other)
    write(
      "evaluation.json",
      JSON.stringify(
        {
          metrics: other.metrics,
          verdicts: other.verdicts.map((v) => ({
            need: v.need.text,
            level: v.need.level,
            measured: v.measured,
            interval: v.interval,
            status: v.status,
          })),
        },
        null,
        2,
      ),
      "test metrics and verdicts",
    );
  if (input.evaluation)
    write(
      "evaluation.json",
      JSON.stringify(
        {
          metrics: input.evaluation.metrics,
          confusion: input.evaluation.confusion,
          verdicts: input.evaluation.verdicts.map((v) => ({
            need: v.need.text,
            level: v.need.level,
            measured: v.measured,
            interval: v.interval,
            status: v.status,
          })),
        },
        null,
        2,
      ),
      "test metrics and verdicts",
    );
  write("model-card.md", modelCard(input), "model card");
  return written;
}
