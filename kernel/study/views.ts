/**
 * What the study shows that is not a chart: the dataset summary and training
 * progress, as plain view data.
 */
import type { DatasetSpec } from "../../plan/plan";
import type { TextSpec } from "../../plan/text";
import type { Matrix } from "../../stdlib/data/prepare";
import type { EpochLog } from "../../stdlib/train-types";
import { taskModule } from "../../stdlib/tasks";
import { keyValueView } from "../../stdlib/views";
import type { MimeBundle } from "../display";
import type { Dataset } from "./types";

export function datasetView(ds: Dataset) {
  const task = taskModule(ds.task);
  const count = (m: Matrix) => task.describePart(ds, m);
  return keyValueView(
    `Dataset ${ds.name}`,
    [
      { key: "source", value: ds.spec.source },
      { key: "rows × columns", value: `${ds.rows} × ${ds.frame.shape[1] + ds.spec.pii.length}` },
      { key: "target", value: task.describeTarget(ds) },
      ...(ds.spec.text ? [{ key: "text", value: textText(ds.spec.text) }] : []),
      // A text-only dataset has no tabular features: "0 columns → 0 model inputs" would read as a mistake.
      ...(ds.featureColumns.length || !ds.spec.text
        ? [
            {
              key: "features",
              value: `${ds.featureColumns.length} columns → ${ds.featureNames.length} model inputs (${preparationText(ds.spec)}, fitted on train)`,
            },
          ]
        : []),
      ...(ds.folds
        ? [
            {
              key: "folds",
              value:
                ds.folds.map((f) => f.test.n).join(" + ") +
                ` rows; each fold is scored by a model trained on the others, the final model on all ${ds.train.n}`,
            },
          ]
        : [{ key: "train", value: count(ds.train) }]),
      ...(ds.validation.n ? [{ key: "validation", value: count(ds.validation) }] : []),
      ...(ds.folds ? [] : [{ key: "test", value: count(ds.test) }]),
      {
        key: "split",
        value: `${ds.folds ? `${ds.folds.length}-fold cross-validation, ` : ""}${ds.spec.split.group ? `groups of ${ds.spec.split.group} kept together, ` : ""}${ds.spec.split.time ? `by time (${ds.spec.split.time}), ` : ""}${ds.spec.stratify ? "stratified, " : ""}seed ${ds.spec.seed}`,
      },
      ...(ds.spec.sensitive.length
        ? [{ key: "sensitive", value: `${ds.spec.sensitive.join(", ")} (not features; used for fairness)` }]
        : []),
      ...(ds.spec.pii.length
        ? [{ key: "personal data", value: `${ds.spec.pii.join(", ")} (never features; removed from the DataFrame)` }]
        : []),
    ],
    ds.notes,
  );
}

/** Which columns hold the messages and how each kind of text model reads them. */
function textText(t: TextSpec): string {
  const [n, m] = t.ngrams;
  const grams = `${t.analyzer === "word" ? "word" : "character"} ${n === m ? n : `${n}- to ${m}`}-grams`;
  return `${t.columns.join(" + ")}: one message per row; each model fits its own vectoriser on the training messages (TF-IDF of ${grams}; networks: up to ${t.maxLength} tokens)`;
}

/** How categories are encoded and numbers scaled, in words: "one-hot, standard-scaled" unless the dataset chose otherwise. */
function preparationText(spec: DatasetSpec): string {
  const encodings = Object.entries(spec.encode).map(([c, e]) => `${c} ${e.method}`);
  const scalings = Object.entries(spec.scale.columns).map(([c, m]) => `${c} ${m}`);
  const scale = spec.scale.default === "none" ? "unscaled" : `${spec.scale.default}-scaled`;
  return [
    `one-hot${encodings.length ? ` (${encodings.join(", ")})` : ""}`,
    `${scale}${scalings.length ? ` (${scalings.join(", ")})` : ""}`,
  ].join(", ");
}

export interface Progress {
  log?: EpochLog;
  interrupted?: boolean;
  /** Training time, once it has ended. */
  ms?: number;
  /** Which code trained it (TrainingRun.path): fused-wasm or tfjs-layers. */
  path?: string;
  /** A linear model solved exactly: the method, iterations and convergence (TrainingRun.solver), instead of epochs. */
  solver?: string;
}

export function progressBundle(model: string, epoch: number, total: number, p: Progress = {}): MimeBundle {
  const { log, interrupted = false, ms, path, solver } = p;
  const pct = ms !== undefined && solver ? 100 : Math.round((100 * epoch) / Math.max(1, total));
  const loss = log
    ? `, loss ${log.loss.toFixed(4)}${log.valLoss !== undefined ? `, validation loss ${log.valLoss.toFixed(4)}` : ""}`
    : "";
  const done =
    ms !== undefined
      ? ` in ${(ms / 1000).toFixed(1)} s${path ? ` on ${path}` : ""}${interrupted ? " (interrupted)" : ""}`
      : "";
  const text = `training ${model}: ${solver ?? `epoch ${epoch}/${total}`}${loss}${done}`;
  const bar = `<div style="display:inline-block;width:160px;height:10px;background:#eee;border-radius:5px;vertical-align:middle;margin-right:8px"><div style="width:${pct}%;height:10px;background:${interrupted ? "#D55E00" : "#0072B2"};border-radius:5px"></div></div>`;
  return {
    "text/plain": text,
    "text/html": `<div style="font-family:Inter,Segoe UI,Helvetica,Arial,sans-serif;font-size:13px">${bar}${text.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</div>`,
  };
}
