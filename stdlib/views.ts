/**
 * Tables people read: the verdict table, the metrics table and the dataset
 * summary, each as HTML (inline styles, so it looks the same in JupyterLab,
 * the classic Notebook and an exported report) and as plain text.
 */
import escapeHtml from "escape-html";
import type { Evaluation, Verdict } from "./evaluate";
import type { VerdictStatus } from "./needs";
import { TABLED_METRICS } from "../plan/catalogue";

/** The metrics shown in the metrics table (all are in Evaluation.metrics): the catalogue says which. */
const SHOWN_METRICS = TABLED_METRICS;
const ci = (v: Verdict) =>
  v.interval && Number.isFinite(v.interval.low) ? ` [${fmt(v.interval.low)}, ${fmt(v.interval.high)}]` : "";

export interface View {
  html: string;
  text: string;
}

export const fmt = (v: number, digits = 3): string => (Number.isFinite(v) ? v.toFixed(digits) : "undefined");

/** A measured value in the need's own unit: milliseconds, bytes, or a plain number. */
export function fmtMeasured(v: number, unit?: "duration" | "size"): string {
  if (!Number.isFinite(v) || !unit) return fmt(v);
  if (unit === "duration") return v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(2)} ms`;
  return v >= 1024 ** 2 ? `${(v / 1024 ** 2).toFixed(2)} MB` : v >= 1024 ? `${(v / 1024).toFixed(1)} KB` : `${v} B`;
}

const BADGE: Record<VerdictStatus, { bg: string; fg: string; mark: string }> = {
  pass: { bg: "#e3f4ea", fg: "#0b6b35", mark: "✔ pass" },
  fail: { bg: "#fbe4e2", fg: "#a4161a", mark: "✘ fail" },
  undecided: { bg: "#fff4d6", fg: "#8a5a00", mark: "~ undecided" },
  undefined: { bg: "#f1f1f1", fg: "#555555", mark: "? undefined" },
};

const TABLE =
  'style="border-collapse:collapse;font-family:Inter,Segoe UI,Helvetica,Arial,sans-serif;font-size:13px;margin:6px 0"';
const TH = 'style="text-align:left;padding:6px 10px;border-bottom:2px solid #333;background:#fafafa"';
// Every cell states its alignment: the classic Notebook's stylesheet right-aligns any cell that does not.
const TD = 'style="text-align:left;padding:6px 10px;border-bottom:1px solid #ddd;vertical-align:top"';
const TDNUM =
  'style="padding:6px 10px;border-bottom:1px solid #ddd;text-align:right;font-variant-numeric:tabular-nums"';

/**
 * Text that stays left-aligned where a notebook strips inline styles: the
 * classic Notebook removes the style attributes of untrusted output and
 * right-aligns every table cell, but left-aligns paragraphs.
 */
const leftText = (html: string) => `<p style="margin:0;text-align:left">${html}</p>`;

/** A column header that may break after an underscore (balanced_accuracy), so a wide table can fit a page. */
const headerHtml = (h: string) => leftText(escapeHtml(h).replace(/_/g, "_<wbr>"));

/** A cell of a table whose first `textColumns` columns are text and the rest numbers. */
const cellHtml = (c: string, i: number, textColumns = 1) =>
  i < textColumns ? `<td ${TD}>${leftText(escapeHtml(c))}</td>` : `<td ${TDNUM}>${escapeHtml(c)}</td>`;

function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** One row per need; one column per model with the measured value and pass/fail. */
const SPLIT_WORDS: Record<string, string> = {
  test: "test split",
  validation: "validation part",
  "cross-validation": "out-of-fold predictions",
};

export function verdictView(evals: (Pick<Evaluation, "model" | "rows" | "verdicts"> & { split?: string })[]): View {
  const where = SPLIT_WORDS[evals[0]?.split ?? "test"] ?? "test split";
  const needs = evals[0]?.verdicts.map((v) => v.need) ?? [];
  const header = ["need", "level", ...evals.map((e) => e.model)];
  const cell = (e: Pick<Evaluation, "verdicts">, i: number) => e.verdicts[i];
  const textRows = needs.map((need, i) => [
    need.text,
    need.level,
    ...evals.map(
      (e) => `${fmtMeasured(cell(e, i).measured, need.unit)}${ci(cell(e, i))} ${BADGE[cell(e, i).status].mark}`,
    ),
  ]);
  const summary = evals.map((e) => {
    const musts = e.verdicts.filter((v) => v.need.level === "must");
    const count = (status: string) => musts.filter((v) => v.status === status).length;
    const failed = count("fail") + count("undefined"),
      undecided = count("undecided");
    const verdict = failed
      ? `fails ${failed} must-need${failed === 1 ? "" : "s"}`
      : undecided
        ? `${undecided} must-need${undecided === 1 ? "" : "s"} undecided`
        : "meets every must-need";
    return {
      model: e.model,
      ok: failed === 0 && undecided === 0,
      failed,
      verdict,
      passed: e.verdicts.filter((v) => v.status === "pass").length,
    };
  });
  const summaryText = summary.map((s) => `${s.model}: ${s.verdict} (${s.passed}/${needs.length} needs met)`).join("\n");
  // What more test rows would settle each undecided verdict, under the table.
  const toDecide = evals.flatMap((e) =>
    e.verdicts.flatMap((v) =>
      v.toDecide ? [`${e.model}, ${v.need.text}: ${"whyNot" in v.toDecide ? v.toDecide.whyNot : v.toDecide.text}`] : [],
    ),
  );
  const toDecideText = toDecide.length ? `\n\nUndecided:\n${toDecide.map((t) => `  ${t}`).join("\n")}` : "";

  const htmlRows = needs
    .map((need, i) => {
      const because = need.because
        ? `<br><span style="color:#666;font-size:12px">${escapeHtml(need.because)}</span>`
        : "";
      const cells = evals
        .map((e) => {
          const v = cell(e, i);
          const b = BADGE[v.status];
          const more =
            v.toDecide && "more" in v.toDecide
              ? `<div style="color:${b.fg};font-size:11px" title="${escapeHtml(v.toDecide.text)}">≈ ${v.toDecide.more} more rows would decide</div>`
              : "";
          return `<td ${TDNUM}><span style="margin-right:4px">${fmtMeasured(v.measured, need.unit)}</span><span style="color:#777;font-size:11px;margin-right:8px;white-space:nowrap">${ci(v)}</span><span style="background:${b.bg};color:${b.fg};padding:2px 8px;border-radius:10px;font-weight:600;white-space:nowrap">${b.mark}</span>${more}</td>`;
        })
        .join("");
      return `<tr><td ${TD}>${leftText(`<code>${escapeHtml(need.text)}</code>${because}`)}</td><td ${TD}>${leftText(need.level)}</td>${cells}</tr>`;
    })
    .join("");
  const summaryCells = summary
    .map(
      (s) =>
        `<td ${TDNUM}><b style="color:${s.ok ? "#0b6b35" : s.failed ? "#a4161a" : "#8a5a00"}">${s.verdict}</b></td>`,
    )
    .join("");
  const html =
    `<table class="needlab-verdicts" ${TABLE}><caption style="text-align:left;font-weight:600;padding:4px 0"><p style="margin:0;text-align:left">Needs verdicts (${where}, ${evals[0]?.rows ?? 0} rows; 95% bootstrap intervals; pass or fail only when the whole interval agrees)</p></caption>` +
    `<thead><tr>${header.map((h) => `<th ${TH}>${headerHtml(h)}</th>`).join("")}</tr></thead><tbody>${htmlRows}` +
    `<tr><td ${TD} colspan="2">${leftText("<b>verdict</b>")}</td>${summaryCells}</tr></tbody></table>`;
  return {
    html,
    text: `Needs verdicts (${where}, 95% bootstrap intervals)\n${textTable(header, textRows)}\n\n${summaryText}${toDecideText}`,
  };
}

/** Regression metrics for every model. */
export function regressionMetricsView(
  evals: { model: string; rows: number; metrics: Record<"mae" | "mse" | "rmse" | "r2" | "mape", number> }[],
): View {
  const names = ["mae", "rmse", "mse", "r2", "mape"] as const;
  const header = ["model", "rows", ...names];
  const rows = evals.map((e) => [e.model, String(e.rows), ...names.map((m) => fmt(e.metrics[m]))]);
  const html =
    `<table class="needlab-metrics" ${TABLE}><caption style="text-align:left;font-weight:600;padding:4px 0"><p style="margin:0;text-align:left">Test metrics (regression)</p></caption>` +
    `<thead><tr>${header.map((h) => `<th ${TH}>${headerHtml(h)}</th>`).join("")}</tr></thead><tbody>` +
    rows.map((r) => `<tr>${r.map((c, i) => cellHtml(c, i)).join("")}</tr>`).join("") +
    `</tbody></table>`;
  return { html, text: `Test metrics (regression)\n${textTable(header, rows)}` };
}

/** Overall and per-class metrics of classifiers over several classes. */
export function multiclassMetricsView(
  evals: {
    model: string;
    rows: number;
    metrics: Record<"accuracy" | "balanced_accuracy" | "log_loss" | "precision" | "recall" | "f1", number>;
    perClass: { class: string; precision: number; recall: number; f1: number; support: number }[];
  }[],
): View {
  const header = ["model", "class", "support", "precision", "recall", "f1"];
  const rows = evals.flatMap((e) => [
    ...e.perClass.map((c) => [e.model, c.class, String(c.support), fmt(c.precision), fmt(c.recall), fmt(c.f1)]),
    [e.model, "macro average", String(e.rows), fmt(e.metrics.precision), fmt(e.metrics.recall), fmt(e.metrics.f1)],
  ]);
  const overall = evals.map(
    (e) =>
      `${e.model}: accuracy ${fmt(e.metrics.accuracy)}, balanced accuracy ${fmt(e.metrics.balanced_accuracy)}, log loss ${fmt(e.metrics.log_loss)}`,
  );
  const html =
    `<table class="needlab-metrics" ${TABLE}><caption style="text-align:left;font-weight:600;padding:4px 0"><p style="margin:0;text-align:left">Test metrics by class</p></caption>` +
    `<thead><tr>${header.map((h) => `<th ${TH}>${headerHtml(h)}</th>`).join("")}</tr></thead><tbody>` +
    rows.map((r) => `<tr>${r.map((c, i) => cellHtml(c, i, 2)).join("")}</tr>`).join("") +
    `</tbody></table><div style="font-size:12px;color:#555">${overall.map(escapeHtml).join("<br>")}</div>`;
  return { html, text: `Test metrics by class\n${textTable(header, rows)}\n${overall.join("\n")}` };
}

/** All metrics for every model, for the dataset's positive class. */
export function metricsView(evals: Evaluation[]): View {
  const header = ["model", "cut-off", ...SHOWN_METRICS, "tn", "fp", "fn", "tp"];
  const rows = evals.map((e) => [
    e.model,
    String(e.threshold),
    ...SHOWN_METRICS.map((m) => fmt(e.metrics[m])),
    ...[e.confusion.tn, e.confusion.fp, e.confusion.fn, e.confusion.tp].map(String),
  ]);
  const positive = evals[0]?.positive ?? "";
  const html =
    `<table class="needlab-metrics" ${TABLE}><caption style="text-align:left;font-weight:600;padding:4px 0"><p style="margin:0;text-align:left">Test metrics, positive class "${escapeHtml(positive)}"</p></caption>` +
    `<thead><tr>${header.map((h) => `<th ${TH}>${headerHtml(h)}</th>`).join("")}</tr></thead><tbody>` +
    rows.map((r) => `<tr>${r.map((c, i) => cellHtml(c, i)).join("")}</tr>`).join("") +
    `</tbody></table>`;
  return { html, text: `Test metrics, positive class "${positive}"\n${textTable(header, rows)}` };
}

/** A plain table: a title, a header, rows of text (the first `textColumns` columns left-aligned), notes under it. */
export function tableView(
  title: string,
  header: string[],
  rows: string[][],
  textColumns = 1,
  notes: string[] = [],
): View {
  const html =
    `<table ${TABLE}><caption style="text-align:left;font-weight:600;padding:4px 0">${leftText(escapeHtml(title))}</caption>` +
    `<thead><tr>${header.map((h) => `<th ${TH}>${headerHtml(h)}</th>`).join("")}</tr></thead><tbody>` +
    rows.map((r) => `<tr>${r.map((c, i) => cellHtml(c, i, textColumns)).join("")}</tr>`).join("") +
    `</tbody></table>` +
    (notes.length ? `<div style="font-size:12px;color:#555">${notes.map(escapeHtml).join("<br>")}</div>` : "");
  return { html, text: [title, textTable(header, rows), ...notes].join("\n") };
}

export interface KeyValueRow {
  key: string;
  value: string;
}

/** A small two-column summary (dataset, training run). */
export function keyValueView(title: string, rows: KeyValueRow[], notes: string[] = []): View {
  const html =
    `<table ${TABLE}><caption style="text-align:left;font-weight:600;padding:4px 0"><p style="margin:0;text-align:left">${escapeHtml(title)}</p></caption><tbody>` +
    rows
      .map(
        (r) =>
          `<tr><th ${TH.replace("border-bottom:2px solid #333", "border-bottom:1px solid #ddd")}>${leftText(escapeHtml(r.key))}</th><td ${TD}>${leftText(escapeHtml(r.value))}</td></tr>`,
      )
      .join("") +
    `</tbody></table>` +
    (notes.length
      ? `<ul style="margin:4px 0 8px 18px;color:#555;font-size:12px">${notes.map((n) => `<li>${escapeHtml(n)}</li>`).join("")}</ul>`
      : "");
  const width = Math.max(...rows.map((r) => r.key.length));
  const text = [
    title,
    ...rows.map((r) => `  ${r.key.padEnd(width)}  ${r.value}`),
    ...notes.map((n) => `  note: ${n}`),
  ].join("\n");
  return { html, text };
}

/** By-group rates for each model, one table per sensitive column. */
export function fairnessView(evals: Evaluation[]): View {
  const keys = [...new Set(evals.flatMap((e) => Object.keys(e.fairness)))].filter((k) => !k.includes("("));
  const metrics = ["selection_rate", "recall", "fpr"] as const;
  const parts = keys.map((key) => {
    const groups = [...new Set(evals.flatMap((e) => e.fairness[key].groups.map((g) => g.group)))];
    const header = ["group", "count", ...evals.flatMap((e) => metrics.map((m) => `${e.model} ${m}`))];
    const rows = groups.map((g) => {
      const first = evals[0].fairness[key].groups.find((r) => r.group === g);
      return [
        g + (first?.small ? " *" : ""),
        String(first?.count ?? 0),
        ...evals.flatMap((e) => metrics.map((m) => fmt(e.fairness[key].groups.find((r) => r.group === g)?.[m] ?? NaN))),
      ];
    });
    const html =
      `<table class="needlab-fairness" ${TABLE}><caption style="text-align:left;font-weight:600;padding:4px 0"><p style="margin:0;text-align:left">Rates by ${escapeHtml(key)} (test split; * below the minimum group size)</p></caption>` +
      `<thead><tr>${header.map((h) => `<th ${TH}>${headerHtml(h)}</th>`).join("")}</tr></thead><tbody>` +
      rows.map((r) => `<tr>${r.map((c, i) => cellHtml(c, i)).join("")}</tr>`).join("") +
      `</tbody></table>`;
    return { html, text: `Rates by ${key} (test split)\n${textTable(header, rows)}` };
  });
  return { html: parts.map((p) => p.html).join(""), text: parts.map((p) => p.text).join("\n\n") };
}
