/**
 * `monitor`: drift of a new file's feature columns against the dataset's
 * training rows; with `for MODEL`, the model's predicted classes on the new
 * rows and the alert needs (watch.ts).
 */
import { deriveColumns, exprColumnsOf } from "../../stdlib/data/derive";
import { loadCsv } from "../../stdlib/data/load";
import { categoricalDrift, type ColumnDrift, numericDrift } from "../../stdlib/drift";
import { NeedlabError } from "../../stdlib/errors";
import { finiteOrNull } from "../../stdlib/machine";
import { NEEDLAB_DRIFT_MIME } from "../../stdlib/mime";
import { driftFigure } from "../../stdlib/plots";
import { fmt, keyValueView } from "../../stdlib/views";
import { viewBundle } from "../display";
import type { Handler } from "./handler";
import { watchModels } from "./watch";

export const monitor: Handler<"monitor"> = async (step, cx) => {
  const { dataset: datasetName, path: file } = step;
  const ds = cx.state.datasets.get(datasetName)!;
  // The new file is read like the dataset (delimiter, encoding), its format judged by its own extension.
  const { table } = await loadCsv(file, cx.baseDir, { delimiter: ds.spec.delimiter, encoding: ds.spec.encoding });
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
  cx.sink.display(
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
  cx.sink.display(
    cx.plots.bundle(
      driftFigure(drift),
      `Drift (PSI): ${drift
        .slice(0, 3)
        .map((d) => `${d.column} ${fmt(d.psi)}`)
        .join(", ")}`,
    ),
  );
  watchModels(cx, step, ds, table);
};
