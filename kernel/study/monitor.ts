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
import type { StudyContext } from "./context";
import type { Dataset } from "./types";
import type { RawTable } from "../../stdlib/data/prepare";
import { typed } from "../../stdlib/data/rows";
import { readMessages } from "../../stdlib/data/text-column";
import { vocabularyDrift } from "../../stdlib/text/insight";

export const NEEDLAB_VOCABULARY_MIME = "application/vnd.needlab.vocabulary+json";

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
  if (ds.text) showVocabularyDrift(cx, ds, table, file);
  if (ds.featureColumns.length) {
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
  }
  watchModels(cx, step, ds, table);
};

/** The words of the new messages against the training messages', beside the test messages' as the usual level. */
function showVocabularyDrift(cx: StudyContext, ds: Dataset, table: RawTable, file: string): void {
  const fresh = readMessages(typed(table), ds.text!, []);
  const d = vocabularyDrift(ds.train.texts ?? [], ds.test.texts ?? [], fresh, ds.text!);
  const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
  cx.sink.display(
    viewBundle(
      keyValueView(
        `Vocabulary of ${file} (${fresh.length} messages) against the training messages of ${ds.name}`,
        [
          {
            key: "out-of-vocabulary tokens",
            value: `${pct(d.newOov)} of ${d.newTokens} (test split: ${pct(d.testOov)})`,
          },
          {
            key: "new frequent tokens",
            value: d.unseen.length ? d.unseen.map((u) => `${u.token} (${u.count})`).join(", ") : "none seen twice",
          },
        ],
        [
          d.newOov > 2 * d.testOov + 0.02
            ? "The new messages use many more words the models never saw than the test messages did: re-check the needs on recent labelled messages."
            : "The new messages use about as many unseen words as the test messages did.",
          "Tokens as the vectoriser cuts them (the dataset's text settings); a token is out of vocabulary when no training message has it.",
        ],
      ),
      { [NEEDLAB_VOCABULARY_MIME]: { dataset: ds.name, file, ...d } },
    ),
  );
}
