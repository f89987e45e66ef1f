/**
 * `monitor ... for MODEL [against NEEDS] [by time COL]`: a model's
 * predictions on the new rows: how each predicted class's share moved from
 * the test part, and the alert needs judged period by period.
 */
import type { NeedSpec } from "../../plan/plan";
import { alertFigure, shareDriftFigure } from "../../stdlib/plots";
import { type AlertVerdict, checkAlert, shareDrift, type ShareDrift } from "../../stdlib/alerts";
import type { RawTable } from "../../stdlib/data/prepare";
import { lineOfRow } from "../../stdlib/data/table";
import { prepareNewRows } from "../../stdlib/data/new-rows";
import { typed } from "../../stdlib/data/rows";
import { readMessages } from "../../stdlib/data/text-column";
import { NeedlabError } from "../../stdlib/errors";
import { argmaxRows } from "../../stdlib/rows";
import { scored } from "../../stdlib/scoring";
import { fmt, tableView } from "../../stdlib/views";
import { viewBundle } from "../display";
import type { StudyContext } from "./context";
import { tfjs } from "./tfjs";
import type { Dataset } from "./types";

export const NEEDLAB_ALERTS_MIME = "application/vnd.needlab.alerts+json";

/** Each row's predicted class index, and the class names, for a classifier's scores. */
function predictedClasses(ds: Dataset, model: string, scores: Float32Array, threshold: number) {
  if (ds.task === "regression")
    throw new NeedlabError(
      `monitor watches the classes a model predicts, but '${model}' predicts a number: drop \`for ${model}\` (the feature drift is still shown).`,
    );
  if (ds.task === "multiclass")
    return { classes: ds.classNames!, predicted: argmaxRows(scores, ds.classNames!.length) };
  return { classes: [ds.negative, ds.positive], predicted: Uint8Array.from(scores, (s) => (s >= threshold ? 1 : 0)) };
}

const pct = (v: number) => `${(100 * v).toFixed(1)}%`;

/** The time text of each new row (null when blank). */
function timesOf(table: RawTable, column: string): (string | null)[] {
  const at = table.columns.indexOf(column);
  if (at < 0)
    throw new NeedlabError(
      `${table.file} has no column '${column}' to date its rows: name the column that does with \`by time COLUMN\`.`,
    );
  return table.values[at].map((v) => (v === null || v === undefined || v === "" ? null : String(v)));
}

export function watchModels(
  cx: StudyContext,
  step: { dataset: string; path: string; models: string[]; needs?: string; time?: string },
  ds: Dataset,
  table: RawTable,
): void {
  if (step.models.length === 0) return;
  const x = prepareNewRows(ds, ds.spec, table);
  const n = table.values[0]?.length ?? 0;
  // A text model reads the new rows' messages, as its dataset's were read.
  const texts = ds.text ? readMessages(typed(table), ds.text, []) : undefined;
  const alerts: NeedSpec[] = step.needs
    ? cx.state.needs.get(step.needs)!.needs.filter((need) => need.metric === "share")
    : [];
  const timeColumn = step.time ?? ds.spec.split.time;
  const dated = alerts.filter((a) => a.period);
  if (dated.length && !timeColumn)
    throw new NeedlabError(
      `alert '${dated[0].text}' is checked per ${dated[0].period}: say which column dates the new rows, as in \`monitor ${step.dataset} with ${JSON.stringify(step.path)} for ${step.models[0]} against ${step.needs} by time COLUMN\`.`,
    );
  const times = dated.length ? timesOf(table, timeColumn!) : [];
  const drifts: ShareDrift[] = [];
  const verdicts: AlertVerdict[] = [];
  for (const m of step.models) {
    const t = cx.state.trained.get(m)!;
    const width = ds.featureNames.length;
    const current = predictedClasses(
      ds,
      m,
      tfjs().predictProba(
        t.model,
        { x, y: new Uint8Array(n), rows: new Int32Array(n), n, ...(texts ? { texts } : {}) },
        width,
      ),
      t.spec.threshold,
    );
    const reference = predictedClasses(ds, m, scored(t, ds, "test", tfjs().predictProba).scores, t.spec.threshold);
    drifts.push(shareDrift(m, current.classes, reference.predicted, current.predicted));
    for (const need of alerts) {
      const where = { column: timeColumn ?? "", file: step.path, line: (r: number) => lineOfRow(table, r) };
      verdicts.push(checkAlert(need, m, current.classes, current.predicted, times, where));
    }
  }
  for (const d of drifts) showShareDrift(cx, d, step.path);
  if (verdicts.length) showAlerts(cx, verdicts, step.path, timeColumn);
}

function showShareDrift(cx: StudyContext, d: ShareDrift, file: string): void {
  const rows = d.classes.map((c) => [
    c.class,
    pct(c.reference),
    pct(c.current),
    `${c.change >= 0 ? "+" : "−"}${pct(Math.abs(c.change))}`,
  ]);
  cx.sink.display(
    viewBundle(
      tableView(
        `Predicted classes of ${d.model}: test split (${d.referenceRows} rows) against ${file} (${d.currentRows} rows)`,
        ["class", "test split", "new rows", "change"],
        rows,
        1,
        [
          `PSI over the predicted classes ${fmt(d.psi)} (${d.status}; < 0.1 stable, 0.1-0.25 moderate, > 0.25 major). Largest change first.`,
        ],
      ),
    ),
  );
  cx.sink.display(
    cx.plots.bundle(shareDriftFigure(d), `Predicted class shares of ${d.model}: PSI ${fmt(d.psi)} (${d.status})`),
  );
}

/** One verdict line per alert and model, then per alert its periods as a table and a chart. */
function showAlerts(cx: StudyContext, verdicts: AlertVerdict[], file: string, timeColumn?: string): void {
  const summary = verdicts.map((v) => [
    v.need.text,
    v.need.level,
    v.model,
    v.status === "pass"
      ? `✔ pass: held in all ${v.periods.length} ${v.need.period ? `${v.need.period}s` : "rows"}`
      : `✘ fail: broken in ${v.broken.length} of ${v.periods.length}: ${v.broken.join(", ")}`,
  ]);
  const undated = verdicts
    .filter((v) => v.undated > 0)
    .map((v) => `${v.model}: ${v.undated} rows without a time were left out.`);
  cx.sink.display(
    viewBundle(
      tableView(
        `Alerts on ${file}${timeColumn ? ` by ${timeColumn}` : ""}`,
        ["alert", "level", "model", "verdict"],
        summary,
        4,
        [
          "A period's share is what the model predicted for the rows in it: an observation, so no interval.",
          ...undated,
        ],
      ),
      {
        [NEEDLAB_ALERTS_MIME]: {
          file,
          time: timeColumn,
          alerts: verdicts.map((v) => ({
            need: v.need.text,
            level: v.need.level,
            model: v.model,
            status: v.status,
            broken: v.broken,
            periods: v.periods,
          })),
        },
      },
    ),
  );
  for (const v of verdicts.filter((x) => x.need.period)) {
    cx.sink.display(
      viewBundle(
        tableView(
          `${v.model}: ${v.need.text}`,
          [v.need.period!, "rows", `predicted "${v.need.onClass}"`, "share", "verdict"],
          v.periods.map((p) => [
            p.period,
            String(p.rows),
            String(p.count),
            pct(p.share),
            p.status === "pass" ? "✔ pass" : "✘ fail",
          ]),
        ),
      ),
    );
    cx.sink.display(
      cx.plots.bundle(
        alertFigure(v),
        `${v.model}: ${v.need.text}: ${v.broken.length ? `broken on ${v.broken.join(", ")}` : "held every period"}`,
      ),
    );
  }
}
